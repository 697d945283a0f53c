import Taro from '@tarojs/taro';
import { createStore } from './store';

type Resolve = (result: { event: 'agree' | 'disagree'; buttonId?: string }) => void;

/** The pending WeChat privacy request (base library ≥ 2.32.3), answered by PrivacyPopup. */
export const privacyRequestStore = createStore<{ resolve: Resolve; referrer: string } | null>(null);

export const PRIVACY_AGREE_BUTTON_ID = 'sn-privacy-agree';

/**
 * WeChat blocks privacy APIs (getLocation, chooseImage, phone number, …) until the user
 * agrees in a prompt the mini-program draws itself; it asks through this callback.
 */
export function installWechatPrivacyHandler(): void {
  if (process.env.TARO_ENV !== 'weapp') return;
  const wxApi = (globalThis as unknown as { wx?: { onNeedPrivacyAuthorization?: (cb: (resolve: Resolve, ev: { referrer: string }) => void) => void } }).wx;
  if (!wxApi?.onNeedPrivacyAuthorization) return; // older base library: nothing to show
  wxApi.onNeedPrivacyAuthorization((resolve, ev) => {
    privacyRequestStore.set({ resolve, referrer: ev?.referrer ?? '' });
  });
}

export function answerPrivacyRequest(agree: boolean): void {
  const pending = privacyRequestStore.get();
  if (!pending) return;
  privacyRequestStore.set(null);
  if (agree) pending.resolve({ event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID });
  else pending.resolve({ event: 'disagree' });
}

export function openWechatPrivacyContract(): void {
  const wxApi = (globalThis as unknown as { wx?: { openPrivacyContract?: (o: object) => void } }).wx;
  if (wxApi?.openPrivacyContract) wxApi.openPrivacyContract({});
  else void Taro.showToast({ title: '请升级微信后查看', icon: 'none' });
}
