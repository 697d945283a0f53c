import { Text, View } from '@tarojs/components';
import type { FeedbackReply } from '../../../../shared/feedback';
import { formatDayTime } from '../api';
import { PhotoStrip } from './photo-strip';
import './thread.scss';

const WHO: Record<FeedbackReply['authorRole'], string> = { staff: '工作人员', reporter: '反映人', system: '办理记录' };

/** The reply thread and the item's steps, oldest first. */
export function Thread({ replies }: { replies: FeedbackReply[] }) {
  if (!replies.length) return <Text className="sn-muted">还没有回复</Text>;
  return (
    <View className="fb-thread">
      {replies.map((r) => (
        <View key={r.id} className={`fb-thread__item fb-thread__item--${r.authorRole}`} data-testid={`reply-${r.authorRole}`}>
          <View className="fb-thread__head">
            <Text className="fb-thread__who">
              {WHO[r.authorRole]}
              {r.authorName ? ` · ${r.authorName}` : ''}
            </Text>
            <Text className="fb-thread__time">{formatDayTime(r.createdAt)}</Text>
          </View>
          <Text className="fb-thread__body">{r.body}</Text>
          <PhotoStrip photos={r.photos} small testId="reply-photos" />
        </View>
      ))}
    </View>
  );
}
