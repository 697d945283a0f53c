import { Text, View } from '@tarojs/components';
import { Button, Empty } from '@nutui/nutui-react-taro';
import type { Message } from '../../../../../shared/notifications';
import { DELIVERY_STATUS_NAMES } from '../../../../../shared/notifications';
import { deskApi } from '../../../../api/desk';
import { ErrorState } from '../../../../components/error-state';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageRoot } from '../../../../components/page-root';
import { usePagedList } from '../../../../hooks/use-paged-list';
import { useSession } from '../../../../hooks/use-session';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { refreshBadges } from '../../../../lib/badges';
import { go } from '../../../../lib/navigate';
import { askSubscription } from '../../../../lib/subscribe';
import './index.scss';
import { streetDate, streetDayAfter } from '../../../../../shared/time';

const KIND_TONE: Record<string, string> = {
  order_dispatched: 'teal',
  order_accepted: 'teal',
  order_completed: 'teal',
  feedback_replied: 'blue',
  feedback_resolved: 'blue',
  feedback_overdue: 'red',
  feedback_accepted: 'blue',
  rate_reminder: 'gold',
  shift_reminder: 'red',
  waitlist_promoted: 'gold',
  shift_cancelled: 'gold',
};

/** "今天 09:30", "昨天 18:02" or "11月3日 08:15", in Shanghai time. */
function when(iso: string, now = new Date()): string {
  const day = iso.slice(0, 10);
  const today = streetDate(now);
  const yesterday = streetDayAfter(today, -1);
  const time = iso.slice(11, 16);
  if (day === today) return `今天 ${time}`;
  if (day === yesterday) return `昨天 ${time}`;
  return `${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日 ${time}`;
}

function MessageCard({ m, onOpen }: { m: Message; onOpen: (m: Message) => void }) {
  const unread = !m.readAt;
  return (
    <View className={`msg ${unread ? 'msg--unread' : ''}`} hoverClass="msg--pressed" onClick={() => onOpen(m)} data-testid="message" data-unread={unread ? '1' : '0'}>
      <View className="msg__head">
        <Text className={`msg__kind msg__kind--${KIND_TONE[m.kind] ?? 'teal'}`}>{m.kindName}</Text>
        <Text className="msg__time">{when(m.createdAt)}</Text>
      </View>
      <View className="msg__title-row">
        {unread ? <View className="msg__dot" aria-label="未读" /> : null}
        <Text className="msg__title">{m.title}</Text>
      </View>
      <Text className="msg__body">{m.body}</Text>
      <View className="msg__foot">
        {/* Only a delivered WeChat reminder is worth a word; everything else simply lives here. */}
        <Text className="msg__delivery">{m.delivery === 'sent' ? DELIVERY_STATUS_NAMES.sent : ''}</Text>
        {m.page ? <Text className="msg__open">查看详情 ›</Text> : null}
      </View>
    </View>
  );
}

/** 消息: every notification the street sent you, whether or not WeChat delivered it. */
export default function MessagesPage() {
  const gate = usePageGuard('login');
  const session = useSession();
  const list = usePagedList(session ? `messages/${session.user.id}` : null, deskApi.messages, { reloadOnShow: true });
  const page = list.data;
  const items = list.items;

  const patch = (m: Message) => {
    list.setData((prev) => (prev ? { ...prev, items: prev.items.map((x) => (x.id === m.id ? m : x)), unreadCount: Math.max(0, prev.unreadCount - 1) } : prev!));
  };

  const open = async (m: Message) => {
    if (!m.readAt) {
      const read = await deskApi.markRead(m.id).catch(() => null);
      if (read) patch(read);
      void refreshBadges();
    }
    if (m.page) go(m.page.startsWith('/') ? m.page : `/${m.page}`);
  };

  const readAll = async () => {
    await deskApi.markAllRead();
    await list.reload();
    void refreshBadges();
  };

  if (gate) return gate;
  return (
    <PageRoot className="messages">
      <View className="sn-body">
        {page ? (
          <View className="messages__bar">
            <Text className="messages__count" data-testid="unread-count">
              {page.unreadCount ? `${page.unreadCount} 条未读` : '全部已读'}
            </Text>
            {page.unreadCount ? (
              <Button size="small" fill="outline" type="primary" onClick={readAll} data-testid="read-all">
                全部标为已读
              </Button>
            ) : null}
          </View>
        ) : null}
        {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
        {list.loading ? <LoadingSkeleton blocks={3} rows={2} /> : null}
        {page && !items.length ? (
          <View className="sn-card">
            <Empty title="暂无消息" description="订单派出、问题有回复、值班前一天，都会在这里提醒您" />
          </View>
        ) : null}
        {items.map((m) => (
          <MessageCard key={m.id} m={m} onOpen={open} />
        ))}
        {list.hasMore ? (
          <Button className="messages__more" block fill="outline" loading={list.loadingMore} onClick={list.loadMore} data-testid="load-more">
            查看更早的消息
          </Button>
        ) : null}
        {process.env.TARO_ENV === 'weapp' && session ? (
          // WeChat asks at most three kinds per tap; these two have no tap of their own elsewhere.
          <Button className="messages__more" block fill="outline" onClick={() => void askSubscription(['rate_reminder', 'feedback_overdue'])} data-testid="subscribe-more">
            开启评价提醒和问题超期提醒
          </Button>
        ) : null}
        {items.length ? <Text className="messages__note">微信提醒需要您在办事时点“允许”；没有收到微信提醒的消息，也都保存在这里。</Text> : null}
      </View>
    </PageRoot>
  );
}
