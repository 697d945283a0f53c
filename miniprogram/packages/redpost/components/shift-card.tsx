import { Text, View } from '@tarojs/components';
import type { Shift } from '../../../../shared/redpost';
import { SIGNUP_STATUS_NAMES } from '../../../../shared/redpost-names';
import { shiftTime } from '../format';
import './shift-card.scss';

/** What a volunteer needs to decide at a glance: what, when, where, how full, and where they stand. */
export function ShiftCard({ shift, onClick }: { shift: Shift; onClick?: () => void }) {
  const full = shift.confirmedCount >= shift.capacity;
  const left = shift.capacity - shift.confirmedCount;
  return (
    <View className="rp-shift" onClick={onClick} data-testid="shift-card" data-shift-id={shift.id}>
      <View className="rp-shift__head">
        <Text className={`rp-shift__post rp-shift__post--${shift.postType}`}>{shift.postName}</Text>
        {shift.status === 'cancelled' ? <Text className="rp-shift__mine rp-shift__mine--cancelled">已取消</Text> : null}
        {shift.status === 'published' && shift.myStatus && shift.myStatus !== 'cancelled' ? (
          <Text className={`rp-shift__mine rp-shift__mine--${shift.myStatus}`} data-testid="my-status">
            {shift.myStatus === 'waitlisted' && shift.myWaitlistPosition ? `候补第 ${shift.myWaitlistPosition} 位` : SIGNUP_STATUS_NAMES[shift.myStatus]}
          </Text>
        ) : null}
      </View>
      <Text className="rp-shift__title">{shift.title}</Text>
      <Text className="rp-shift__line">时间：{shiftTime(shift.startsAt, shift.endsAt)}</Text>
      <Text className="rp-shift__line">地点：{shift.location}</Text>
      <View className="rp-shift__foot">
        <Text className={`rp-shift__count ${full ? 'rp-shift__count--full' : ''}`} data-testid="shift-counts">
          {full ? `已满员 ${shift.confirmedCount}/${shift.capacity}` : `已报名 ${shift.confirmedCount}/${shift.capacity}，还差 ${left} 人`}
        </Text>
        {shift.waitlistCount ? <Text className="rp-shift__wait">候补 {shift.waitlistCount} 人</Text> : null}
      </View>
    </View>
  );
}
