import Taro from '@tarojs/taro';
import type { authRoutes } from '../../shared/contract/auth';
import { authPaths } from '../../shared/contract/auth.paths';
import type { Badges } from '../../shared/notifications';
import { operations } from '../api/client';
import { getSession } from './session';
import { createStore } from './store';

// Main package: typed from the descriptors, called through the zod-free path table.
const me = operations<typeof authRoutes>(authPaths);

/** The last counts the server gave (null: logged out or not asked yet). */
export const badgesStore = createStore<Badges | null>(null);

/** 我的 is the fourth tab (app.config.ts); its badge is the unread count. */
const MINE_TAB = 3;

function showOnTab(unread: number) {
  // Both fail where the page has no tab bar (weapp before the first tab page, or a call
  // from a sub-page on H5): the next tab page shown sets it again.
  try {
    const done = unread > 0 ? Taro.setTabBarBadge({ index: MINE_TAB, text: unread > 99 ? '99+' : String(unread) }) : Taro.removeTabBarBadge({ index: MINE_TAB });
    void Promise.resolve(done).catch(() => undefined);
  } catch {
    /* no tab bar API here: the count still shows on 我的 → 消息 */
  }
}

let inFlight: Promise<void> | null = null;

/** Asks for the counts and puts the unread one on the 我的 tab; on every tab show and after reading. */
export function refreshBadges(): Promise<void> {
  if (!getSession()) {
    badgesStore.set(null);
    showOnTab(0);
    return Promise.resolve();
  }
  if (inFlight) return inFlight;
  inFlight = me
    .badges({}, { silent: true, stayOn401: true })
    .then((b) => {
      badgesStore.set(b);
      showOnTab(b.unreadMessages);
    })
    .catch(() => undefined)
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}
