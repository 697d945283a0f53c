import Taro from '@tarojs/taro';

/**
 * Storage keys live here so a rename cannot orphan a user's saved session or drafts.
 * Sync APIs are fine: values are tiny and WeChat storage is local.
 */
export const STORAGE_KEYS = {
  session: 'sn:session',
  elder: 'sn:pref:elder',
  draftPrefix: 'sn:draft:',
  afterLogin: 'sn:after-login',
} as const;

export function readStorage<T>(key: string): T | undefined {
  try {
    const v = Taro.getStorageSync(key) as T | '' | undefined;
    return v === '' || v === undefined || v === null ? undefined : (v as T);
  } catch {
    return undefined;
  }
}

export function writeStorage(key: string, value: unknown): void {
  try {
    Taro.setStorageSync(key, value);
  } catch {
    // Storage full or unavailable (private mode): the app keeps working for this session.
  }
}

export function removeStorage(key: string): void {
  try {
    Taro.removeStorageSync(key);
  } catch {
    /* see writeStorage */
  }
}
