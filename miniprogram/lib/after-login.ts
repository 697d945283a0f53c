import { getSession } from './session';
import { replace } from './navigate';
import { readStorage, removeStorage, STORAGE_KEYS } from './storage';
import { PAGES } from '../../shared/pages';

/** Where to go once logged in: the page that asked, else home. */
export function continueAfterLogin(redirect?: string): void {
  const stored = readStorage<string>(STORAGE_KEYS.afterLogin);
  removeStorage(STORAGE_KEYS.afterLogin);
  const target = redirect || stored || PAGES.tabs.home;
  if (target.startsWith(PAGES.account.login)) {
    replace(PAGES.tabs.home);
    return;
  }
  // The page asked may itself need consent (it calls requireConsent on show), so no check here.
  if (!getSession()) return;
  const [path, query] = target.split('?');
  const params: Record<string, string> = {};
  for (const pair of (query ?? '').split('&').filter(Boolean)) {
    const [k, v = ''] = pair.split('=');
    params[decodeURIComponent(k)] = decodeURIComponent(v);
  }
  replace(path, params);
}
