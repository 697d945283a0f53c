import Taro from '@tarojs/taro';
import type { MessageKind } from '../../shared/notifications';
import { deskApi } from '../api/desk';

/**
 * WeChat's one-time subscribe messages: each "允许" lets us send one message of that kind.
 * Call this from the tap that makes the message relevant (提交订单, 报名值班, 提交问题) —
 * WeChat only shows the prompt inside a tap handler. Never throws: a refusal or an
 * old client simply means the message shows only in 消息.
 */
export async function askSubscription(kinds: MessageKind[]): Promise<MessageKind[]> {
  if (process.env.TARO_ENV !== 'weapp' || !kinds.length) return [];
  try {
    const { templateIds } = await deskApi.subscriptions();
    const wanted = kinds.filter((k) => templateIds[k]).slice(0, 3); // WeChat asks for at most 3 at once
    if (!wanted.length) return [];
    const answer = (await Taro.requestSubscribeMessage({ tmplIds: wanted.map((k) => templateIds[k]), entityIds: [] } as never)) as unknown as Record<string, string>;
    const accepted = wanted.filter((k) => answer[templateIds[k]] === 'accept');
    if (accepted.length) await deskApi.recordSubscriptions(accepted);
    return accepted;
  } catch {
    return [];
  }
}
