import Taro from '@tarojs/taro';
import type { authRoutes } from '../../shared/contract/auth';
import { authPaths } from '../../shared/contract/auth.paths';
import type { Me } from '../../shared/auth';
import { PRIVACY_POLICY_VERSION, type Role } from '../../shared/roles';
import { getSession, setSession, updateUser } from '../lib/session';
import { newIdempotencyKey, operations } from './client';

// Typed from the descriptors, called through the zod-free path table: the main package uses this module.
const auth = operations<typeof authRoutes>(authPaths);

/** H5 / local mode: log in as one of the demo personas. */
export async function demoLogin(persona: Role, handle?: string): Promise<Me> {
  const body = handle ? { persona, handle } : { persona };
  const res = await auth.demoLogin({ body }, { idempotencyKey: newIdempotencyKey() });
  setSession({ token: res.token, user: res.user });
  return res.user;
}

/**
 * weapp: exchanges a wx.login code for our session. A code is single-use: no retry key, and a
 * refusal neither triggers the silent re-login (which would re-send the spent code) nor drops
 * the session already stored.
 */
export async function wechatLogin(options: { silent?: boolean } = {}): Promise<Me> {
  const { code } = await Taro.login();
  const res = await auth.login({ body: { code } }, { silent: options.silent, stayOn401: true, noRelogin: true, anonymous: true });
  setSession({ token: res.token, user: res.user });
  return res.user;
}

/** Refreshes the stored user (role or consent may have changed on the server). */
export async function refreshMe(options: { silent?: boolean } = {}): Promise<Me | null> {
  if (!getSession()) return null;
  const me = await auth.me({}, { silent: options.silent, stayOn401: options.silent });
  updateUser(me);
  return me;
}

export async function recordPrivacyConsent(): Promise<Me | null> {
  await auth.privacyConsent({ body: { version: PRIVACY_POLICY_VERSION } }, { idempotencyKey: newIdempotencyKey() });
  return refreshMe();
}
