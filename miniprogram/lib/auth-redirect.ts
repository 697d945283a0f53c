import Taro from '@tarojs/taro';
import { currentPageUrl } from './navigate';
import { STORAGE_KEYS, writeStorage } from './storage';
import { PAGES } from '../../shared/pages';

let redirecting = false;

/**
 * Sends the user to log in and remembers where they were. Several requests failing with
 * 401 at once must navigate only once, or WeChat stacks duplicate log-in pages.
 * Whatever the user typed survives because forms keep drafts in storage (useDraft).
 */
export function redirectToLogin(): void {
  if (redirecting) return;
  const here = currentPageUrl();
  if (here?.startsWith(PAGES.account.login)) return;
  redirecting = true;
  if (here) writeStorage(STORAGE_KEYS.afterLogin, here);
  void Taro.showToast({ title: '登录已失效，请重新登录', icon: 'none', duration: 2000 });
  const url = here ? `${PAGES.account.login}?redirect=${encodeURIComponent(here)}` : PAGES.account.login;
  void Taro.navigateTo({ url }).finally(() => {
    setTimeout(() => {
      redirecting = false;
    }, 800);
  });
}
