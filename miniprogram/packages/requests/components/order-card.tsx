import { Text, View } from '@tarojs/components';
import type { ServiceRequest } from '../../../../shared/requests';
import { go } from '../../../lib/navigate';
import { REQUEST_ROUTES } from '../api';
import { formatDateTime } from '../format';
import { StatusTag } from './status-tag';
import './order-card.scss';

/** One order in a list: what, for whom, its state, and a big tap area to open it. */
export function OrderCard({ order, showPeople }: { order: ServiceRequest; showPeople?: boolean }) {
  return (
    <View
      className="rq-card"
      hoverClass="rq-card--pressed"
      data-testid="order-card"
      data-code={order.code}
      onClick={() => go(REQUEST_ROUTES.detail, { id: order.id })}
    >
      <View className="rq-card__head">
        <Text className="rq-card__title">{order.service.title}</Text>
        <StatusTag status={order.status} />
      </View>
      <Text className="rq-card__desc">{order.description}</Text>
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
      ) : order.assignee ? (
        <View className="rq-card__meta">
          <Text>志愿者：{order.assignee.displayName}</Text>
        </View>
      ) : null}
    </View>
  );
}
