import Taro from '@tarojs/taro';
import { isTabRoute, withQuery } from './routes';

/** Opens a page whether it is a tab (switchTab) or not (navigateTo), which WeChat keeps apart. */
export function go(path: string, query?: Record<string, string | number | undefined>): void {
  if (isTabRoute(path)) {
    void Taro.switchTab({ url: path.split('?')[0] });
    return;
  }
  // WeChat caps the page stack at 10; past that navigateTo fails silently.
  if (Taro.getCurrentPages().length >= 9) {
    void Taro.redirectTo({ url: withQuery(path, query) });
    return;
  }
  void Taro.navigateTo({ url: withQuery(path, query) });
}

/** Replaces the current page (e.g. after log-in) so "back" does not return to it. */
export function replace(path: string, query?: Record<string, string | number | undefined>): void {
  if (isTabRoute(path)) {
    void Taro.switchTab({ url: path.split('?')[0] });
    return;
  }
  void Taro.redirectTo({ url: withQuery(path, query) });
}

export function back(fallback: string): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else replace(fallback);
}

/** The current page as a URL that log-in or consent can return to. */
export function currentPageUrl(): string | undefined {
  const pages = Taro.getCurrentPages();
  const page = pages[pages.length - 1];
  if (!page?.route) return undefined;
  const route = page.route.startsWith('/') ? page.route : `/${page.route}`;
  const options = (page as unknown as { options?: Record<string, string> }).options;
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(options ?? {})) if (!k.startsWith('$taro')) params[k] = v;
  return withQuery(route.split('?')[0], params);
}
