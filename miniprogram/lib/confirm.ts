import Taro from '@tarojs/taro';

/**
 * One confirmation before a step that cannot be undone (不予受理, 办结, 改派, 不通过, 撤销角色 …):
 * the title names the step, the content says what follows, the confirm button repeats the verb.
 * Resolves true only when the user confirms.
 */
export async function confirmStep({ title, content, confirmText }: { title: string; content: string; confirmText: string }): Promise<boolean> {
  const { confirm } = await Taro.showModal({ title, content, confirmText, cancelText: '再想想', confirmColor: '#c8102e' });
  return confirm;
}
