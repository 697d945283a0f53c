import { useDidShow } from '@tarojs/taro';
import { useEffect, useSyncExternalStore } from 'react';
import type { Badges } from '../../shared/notifications';
import { badgesStore, refreshBadges } from '../lib/badges';
import { useSession } from './use-session';

/** The tab-bar counts, asked again each time the page is shown and when the user logs in or out. */
export function useBadges(): Badges | null {
  const token = useSession()?.token;
  useEffect(() => void refreshBadges(), [token]);
  useDidShow(() => void refreshBadges());
  return useSyncExternalStore(badgesStore.subscribe, badgesStore.get, badgesStore.get);
}
