import { Text, View } from '@tarojs/components';
import type { FeedbackDetail } from '../../../../shared/feedback';
import { countdownText, formatDay, formatDayTime } from '../api';
import { useStreetSettings } from '../../../hooks/use-street-settings';
import { PhotoStrip } from './photo-strip';
import './item-summary.scss';

/** The top of a detail page: the problem as reported, the plan, and the result. */
export function ItemSummary({ item }: { item: FeedbackDetail }) {
  const { streetName } = useStreetSettings();
  return (
    <View className="fb-sum">
      <View className={`fb-sum__head ${item.overdue ? 'fb-sum__head--overdue' : ''}`}>
        <View className="fb-sum__meta">
          <Text className="fb-sum__code" data-testid="item-code">{item.code}</Text>
          <Text className="fb-sum__status" data-testid="item-status">{item.overdue ? '已超期' : item.statusName}</Text>
        </View>
        <Text className="fb-sum__title" data-testid="item-title">{item.title}</Text>
        <Text className="fb-sum__sub">
          {item.categoryName} · {item.communityName ?? streetName}
          {item.gridName ? ` · ${item.gridName}` : ''}
          {item.building ? ` · ${item.building}` : ''}
          {item.location ? ` · ${item.location}` : ''}
          {item.mergedInto ? ` · 已合并到 ${item.mergedInto.code}` : ''}
        </Text>
        <Text className="fb-sum__sub">
          {formatDayTime(item.createdAt)} 反映 · {item.reporterName ? `反映人：${item.reporterName}` : '匿名'}
          {item.isPublic ? '' : ' · 不公开'}
        </Text>
      </View>
      <View className="sn-card fb-sum__block">
        <Text className="fb-sum__label">问题描述</Text>
        <Text className="fb-sum__text">{item.body}</Text>
        <PhotoStrip photos={item.photos} testId="item-photos" />
      </View>
      {item.responsibleParty ? (
        <View className="sn-card fb-sum__block" data-testid="item-plan">
          <View className="fb-sum__row">
            <Text className="fb-sum__label">责任主体</Text>
            <Text className="fb-sum__text">{item.responsibleParty}</Text>
          </View>
          <View className="fb-sum__row">
            <Text className="fb-sum__label">整改措施</Text>
            <Text className="fb-sum__text">{item.measures}</Text>
          </View>
          <View className="fb-sum__row">
            <Text className="fb-sum__label">完成期限</Text>
            <Text className="fb-sum__text">
              {formatDay(item.deadline)}
              {item.daysLeft !== null ? (
                <Text className={`fb-sum__count ${item.overdue ? 'fb-sum__count--overdue' : ''}`}> {countdownText(item.daysLeft, item.overdue)}</Text>
              ) : null}
            </Text>
          </View>
        </View>
      ) : null}
      {item.result ? (
        <View className="sn-card fb-sum__block fb-sum__block--result" data-testid="item-result">
          <Text className="fb-sum__label">处理结果（{formatDay(item.resolvedAt)}办结）</Text>
          <Text className="fb-sum__text">{item.result}</Text>
          <PhotoStrip photos={item.resultPhotos} testId="result-photos" />
          {item.ratingName ? (
            <Text className="fb-sum__rating">
              居民评价：{item.ratingName}
              {item.ratingComment ? ` —— ${item.ratingComment}` : ''}
            </Text>
          ) : null}
        </View>
      ) : null}
      {item.rejectReason && item.status === 'rejected' ? (
        <View className="sn-card fb-sum__block">
          <Text className="fb-sum__label">不予受理的原因</Text>
          <Text className="fb-sum__text">{item.rejectReason}</Text>
        </View>
      ) : null}
    </View>
  );
}
