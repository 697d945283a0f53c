import Taro from '@tarojs/taro';
import { PAGES } from '../../shared/pages';
import { deskApi } from '../api/desk';
import { replace } from './navigate';
import { clearSession } from './session';

/**
 * Deletes the caller's account, forgets the session and opens the home tab. A refusal is
 * toasted by the API client and leaves everything as it was; the caller asks first.
 */
export async function deleteMyAccount(): Promise<void> {
  try {
    await deskApi.deleteMyAccount();
  } catch {
    return; // shown by the client
  }
  clearSession();
  void Taro.showToast({ title: '账号已注销', icon: 'none' });
  replace(PAGES.tabs.home);
}
