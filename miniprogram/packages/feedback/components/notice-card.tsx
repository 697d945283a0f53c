import { Text, View } from '@tarojs/components';
import type { FeedbackPublicItem } from '../../../../shared/feedback';
import { go } from '../../../lib/navigate';
import { countdownText, formatDay } from '../api';
import { useStreetSettings } from '../../../hooks/use-street-settings';
import { PhotoStrip } from './photo-strip';
import { SupportButton } from './support-button';
import './notice-card.scss';
import './report-sheet.scss';
import { PAGES } from '../../../../shared/pages';

const RATING_CLASS: Record<string, string> = { satisfied: 'good', basically_satisfied: 'ok', unsatisfied: 'bad' };

/** One notice on the board: the problem, who must fix it, how, and by when — or what was done and how the resident rated it. */
export function NoticeCard({
  item,
  mode,
  detailRoute = PAGES.feedback.detail,
  onReport,
}: {
  item: FeedbackPublicItem;
  mode: 'wall' | 'echo' | 'list';
  detailRoute?: string;
  /** Public boards pass this: every public item carries a 举报 entry (WeChat requires one for UGC). */
  onReport?: (item: FeedbackPublicItem) => void;
}) {
  const waiting = item.status === 'submitted';
  const { streetName } = useStreetSettings();
  return (
    <View
      className={`fb-notice fb-notice--${mode} ${item.overdue ? 'fb-notice--overdue' : ''} ${item.rating === 'unsatisfied' ? 'fb-notice--unsatisfied' : ''}`}
      data-testid="notice"
      data-code={item.code}
      onClick={() => go(detailRoute, { id: item.id })}
    >
      <View className="fb-notice__top">
        <Text className="fb-notice__code">{item.code}</Text>
        <Text className="fb-notice__cat">{item.categoryName}</Text>
        {mode !== 'wall' ? <Text className={`fb-notice__status fb-notice__status--${item.status}`}>{item.statusName}</Text> : null}
      </View>
      <Text className="fb-notice__title">{item.title}</Text>
      <Text className="fb-notice__place">
        {item.communityName ?? streetName}
        {item.gridName ? ` · ${item.gridName}` : ''}
        {item.building ? ` · ${item.building}` : ''}
        {item.location ? ` · ${item.location}` : ''}
      </Text>
      {mode === 'list' && item.source ? (
        <Text className="fb-notice__source" data-testid="notice-source">
          来源：{item.source}（经 Open311 提交）
        </Text>
      ) : null}
      {mode === 'echo' && item.resultPhotos.length ? null : <PhotoStrip photos={item.photos.slice(0, 3)} small testId="notice-photos" />}
      {mode === 'wall' || (mode === 'list' && item.responsibleParty && !item.result) ? (
        waiting ? (
          <View className="fb-notice__plan fb-notice__plan--waiting">
            <Text>已收到，社区正在核实，将尽快明确责任单位和完成期限。</Text>
          </View>
        ) : (
          <View className="fb-notice__plan">
            <View className="fb-notice__row">
              <Text className="fb-notice__label">责任主体</Text>
              <Text className="fb-notice__value" data-testid="notice-party">{item.responsibleParty}</Text>
            </View>
            <View className="fb-notice__row">
              <Text className="fb-notice__label">整改措施</Text>
              <Text className="fb-notice__value">{item.measures}</Text>
            </View>
            <View className="fb-notice__row">
              <Text className="fb-notice__label">完成期限</Text>
              <Text className="fb-notice__value" data-testid="notice-deadline">{formatDay(item.deadline)}</Text>
            </View>
          </View>
        )
      ) : null}
      {mode !== 'wall' && item.result ? (
        <View className="fb-notice__result">
          <Text className="fb-notice__label">处理结果</Text>
          <Text className="fb-notice__value">{item.result}</Text>
          {mode === 'echo' && item.resultPhotos.length ? (
            <View className="fb-notice__before-after" data-testid="before-after">
              {item.photos.length ? (
                <View className="fb-notice__ba-col">
                  <Text className="fb-notice__label">整改前</Text>
                  <PhotoStrip photos={item.photos.slice(0, 1)} small testId="notice-before" />
                </View>
              ) : null}
              <View className="fb-notice__ba-col">
                <Text className="fb-notice__label">整改后</Text>
                <PhotoStrip photos={item.resultPhotos.slice(0, 2)} small testId="notice-after" />
              </View>
            </View>
          ) : null}
          {item.responsibleParty ? <Text className="fb-notice__by">责任主体：{item.responsibleParty} · {formatDay(item.resolvedAt)}办结</Text> : null}
        </View>
      ) : null}
      <View className="fb-notice__foot">
        {mode === 'wall' && !waiting ? (
          <Text className={`fb-countdown ${item.overdue ? 'fb-countdown--overdue' : item.daysLeft !== null && item.daysLeft <= 1 ? 'fb-countdown--soon' : ''}`} data-testid="countdown">
            {item.overdue ? '⚠ ' : ''}
            {countdownText(item.daysLeft, item.overdue)}
          </Text>
        ) : null}
        {mode === 'wall' && waiting ? <Text className="fb-countdown fb-countdown--waiting">待受理</Text> : null}
        {mode === 'wall' ? <SupportButton id={item.id} count={item.supportCount} /> : null}
        {mode !== 'wall' && item.supportCount ? <Text className="fb-notice__who">{item.supportCount} 位居民也遇到</Text> : null}
        {mode !== 'wall' && item.result ? (
          item.rating ? (
            <Text className={`fb-rating fb-rating--${RATING_CLASS[item.rating]}`} data-testid="rating">
              居民评价：{item.ratingName}
            </Text>
          ) : (
            <Text className="fb-rating fb-rating--none">{item.status === 'resolved' ? '等待居民评价' : '居民未评价'}</Text>
          )
        ) : null}
        {item.reopenCount > 0 ? <Text className="fb-notice__reopen">曾重新办理</Text> : null}
        <Text className="fb-notice__who">{item.reporterName ? `反映人：${item.reporterName}` : '居民匿名反映'}</Text>
        {onReport ? (
          <Text
            className="fb-notice__report"
            data-testid="notice-report"
            onClick={(e) => {
              e.stopPropagation();
              onReport(item);
            }}
          >
            举报
          </Text>
        ) : null}
      </View>
      {mode !== 'wall' && item.ratingComment && item.rating ? <Text className="fb-notice__comment">“{item.ratingComment}”</Text> : null}
    </View>
  );
}
