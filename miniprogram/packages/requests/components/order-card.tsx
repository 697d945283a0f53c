import { Text, View } from '@tarojs/components';
import { POOL_STATUS_NAME, type ServiceRequest } from '../../../../shared/requests';
import { go } from '../../../lib/navigate';
import { formatDateTime } from '../format';
import { StatusTag } from './status-tag';
import './order-card.scss';
import { PAGES } from '../../../../shared/pages';

/**
 * One order in a list: what, for whom, its state, and a big tap area to open it. In the
 * volunteers' open pool a waiting order reads 可接单 (待派单 is the resident's and the desk's word).
 */
export function OrderCard({ order, showPeople, pool, communityName }: { order: ServiceRequest; showPeople?: boolean; pool?: boolean; communityName?: string }) {
  return (
    <View
      className="rq-card"
      hoverClass="rq-card--pressed"
      data-testid="order-card"
      data-code={order.code}
      onClick={() => go(PAGES.requests.detail, { id: order.id })}
    >
      <View className="rq-card__head">
        <Text className="rq-card__title">{order.service.title}</Text>
        <StatusTag status={order.status} label={pool && order.status === 'submitted' ? POOL_STATUS_NAME : undefined} />
      </View>
      <Text className="rq-card__desc">{order.description}</Text>
      {pool ? (
        // Where and when, before a volunteer opens it: the two things that decide whether they can go.
        <View className="rq-card__where" data-testid="pool-where">
          <Text>社区：{order.communityId ? (communityName ?? '本社区') : '全街道'}</Text>
          <Text>期望时间：{order.preferredTime || '时间不限'}</Text>
        </View>
      ) : null}
      <View className="rq-card__meta">
        <Text>{order.code}</Text>
        <Text>{formatDateTime(order.createdAt)}</Text>
      </View>
      {showPeople ? (
        <View className="rq-card__meta">
          <Text>
            {order.onBehalfOf ? `代办：${order.onBehalfOf.name}` : `下单人：${order.owner?.displayName ?? order.createdBy?.displayName ?? ''}`}
          </Text>
          <Text>{order.assignee ? `志愿者：${order.assignee.displayName}` : '尚未派单'}</Text>
        </View>
      ) : (
        <>
          {/* Placed for the resident by a grid worker or the desk: say by whom, or the order looks like someone else's. */}
          {order.owner && order.createdBy && order.createdBy.id !== order.owner.id ? (
            <View className="rq-card__meta">
              <Text data-testid="order-placed-by">代办人：{order.createdBy.displayName}</Text>
            </View>
          ) : null}
          {order.assignee ? (
            <View className="rq-card__meta">
              <Text>志愿者：{order.assignee.displayName}</Text>
            </View>
          ) : null}
        </>
      )}
    </View>
  );
}
