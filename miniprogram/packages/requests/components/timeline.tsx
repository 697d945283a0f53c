import { Text, View } from '@tarojs/components';
import { ROLE_NAMES, type Role } from '../../../../shared/auth';
import type { RequestEvent } from '../../../../shared/requests';
import { formatDateTime } from '../format';
import './timeline.scss';

/** Every step of the order, oldest first: who did what, when, and what they wrote. */
export function Timeline({ events }: { events: RequestEvent[] }) {
  return (
    <View className="rq-timeline" data-testid="timeline">
      {events.map((e, i) => (
        <View className={`rq-timeline__item ${i === events.length - 1 ? 'rq-timeline__item--last' : ''}`} key={e.id}>
          <View className="rq-timeline__dot" />
          <View className="rq-timeline__body">
            <View className="rq-timeline__head">
              <Text className="rq-timeline__type">{e.typeName}</Text>
              <Text className="rq-timeline__time">{formatDateTime(e.createdAt)}</Text>
            </View>
            {e.actor ? (
              <Text className="rq-timeline__actor">
                {e.actor.displayName}
                {e.actor.role && e.actor.role in ROLE_NAMES ? `（${ROLE_NAMES[e.actor.role as Role]}）` : ''}
              </Text>
            ) : null}
            {e.note ? <Text className="rq-timeline__note">{e.note}</Text> : null}
          </View>
        </View>
      ))}
    </View>
  );
}
