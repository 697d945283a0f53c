import Taro from '@tarojs/taro';
import type { MessageKind } from '../../shared/notifications';
import { deskApi } from '../api/desk';
import { getSession } from './session';

let templateIds: Partial<Record<MessageKind, string>> | null = null;

/**
 * Fetches the template ids ahead of the tap: WeChat only shows the subscribe prompt when
 * requestSubscribeMessage runs straight from a tap, not after a network round trip.
 */
export function prefetchSubscriptionTemplates(): void {
  // Only for a logged-in user: a 401 here would send them to the log-in page unasked.
  if (process.env.TARO_ENV !== 'weapp' || templateIds || !getSession()) return;
  deskApi
    .subscriptions()
    .then((r) => {
      templateIds = r.templateIds;
    })
    .catch(() => undefined);
}

/**
 * WeChat's one-time subscribe messages: each "允许" lets us send one message of that kind.
 * Call this first thing in the tap that makes the message relevant (提交订单, 报名值班,
 * 提交问题). Never throws: a refusal or an old client means the message shows only in 消息.
 */
export async function askSubscription(kinds: MessageKind[]): Promise<MessageKind[]> {
  if (process.env.TARO_ENV !== 'weapp' || !kinds.length) return [];
  const ids = templateIds;
  if (!ids) {
    prefetchSubscriptionTemplates();
    return [];
  }
  try {
    const wanted = kinds.filter((k) => ids[k]).slice(0, 3); // WeChat asks for at most 3 at once
    if (!wanted.length) return [];
    const answer = (await Taro.requestSubscribeMessage({ tmplIds: wanted.map((k) => ids[k]!), entityIds: [] } as never)) as unknown as Record<string, string>;
    const accepted = wanted.filter((k) => answer[ids[k]!] === 'accept');
    if (accepted.length) await deskApi.recordSubscriptions(accepted);
    return accepted;
  } catch {
    return [];
  }
}
