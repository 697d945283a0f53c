import Taro from '@tarojs/taro';

/**
 * Phone features behind one caught call each. WeChat refuses a privacy API the guide does
 * not declare (errno 112) or the user has not agreed to (104), and the album needs a scope
 * the user can refuse once and then only grant again in 设置: each gets its own message.
 */
type WxError = { errMsg?: string; errno?: number };
const msgOf = (err: unknown) => String((err as WxError | undefined)?.errMsg ?? (err as Error | undefined)?.message ?? '');
const errnoOf = (err: unknown) => (err as WxError | undefined)?.errno;

const cancelled = (err: unknown) => /cancel/i.test(msgOf(err));
const privacyRefused = (err: unknown) => errnoOf(err) === 112 || errnoOf(err) === 104 || /privacy/i.test(msgOf(err));
const scopeDenied = (err: unknown) => /auth den|authorize|auth deny|permission/i.test(msgOf(err)) || errnoOf(err) === 103;

const toast = (title: string) => void Taro.showToast({ title, icon: 'none', duration: 2500 });

/** Numbers as printed ("0931-8765 4301") dial once the spaces are gone. */
export const dialable = (phone: string) => phone.replace(/[^\d-]/g, '');

/** Dials a number; a refusal says so and shows the number to dial by hand. */
export async function callPhone(phone: string | null | undefined): Promise<void> {
  if (!phone) return;
  try {
    await Taro.makePhoneCall({ phoneNumber: dialable(phone) });
  } catch (err) {
    if (cancelled(err)) return;
    toast(`没能打开拨号，请手动拨打 ${phone}`);
  }
}

/** Copies text (declared in the privacy guide as 剪切板); returns whether it worked. */
export async function copyText(data: string, done = '已复制'): Promise<boolean> {
  try {
    await Taro.setClipboardData({ data });
    void Taro.showToast({ title: done, icon: 'success' });
    return true;
  } catch (err) {
    if (privacyRefused(err)) toast('需要您同意《隐私保护指引》后才能复制');
    else toast('复制失败，请稍后再试');
    return false;
  }
}

async function saveOnce(filePath: string) {
  await Taro.saveImageToPhotosAlbum({ filePath });
  void Taro.showToast({ title: '已保存到相册', icon: 'success' });
}

/**
 * Saves an image to the album (declared as 相册（仅写入）). After a refused permission WeChat
 * never asks again, so a modal offers 设置 (openSetting) and, once allowed there, retries.
 */
export async function saveImageToAlbum(filePath: string): Promise<boolean> {
  try {
    await saveOnce(filePath);
    return true;
  } catch (err) {
    if (cancelled(err)) return false;
    if (privacyRefused(err)) {
      toast('需要您同意《隐私保护指引》后才能保存');
      return false;
    }
    if (!scopeDenied(err)) {
      toast('保存失败，请稍后再试');
      return false;
    }
  }
  const { confirm } = await Taro.showModal({
    title: '需要保存到相册的权限',
    content: '您之前没有允许保存到相册。请在设置中打开「保存到相册」，我们只会写入这张图片，不读取您的相册。',
    confirmText: '去设置',
    cancelText: '暂不',
    confirmColor: '#c8102e',
  });
  if (!confirm) return false;
  try {
    const { authSetting } = await Taro.openSetting();
    if (!authSetting['scope.writePhotosAlbum']) {
      toast('未开启保存到相册，图片没有保存');
      return false;
    }
    await saveOnce(filePath);
    return true;
  } catch {
    toast('保存失败，请稍后再试');
    return false;
  }
}
