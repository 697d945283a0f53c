import { Text, View } from '@tarojs/components';
import { Button, TextArea } from '@nutui/nutui-react-taro';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { FEEDBACK_LIMITS, FEEDBACK_RATINGS, FEEDBACK_RATING_NAMES, type FeedbackRating } from '../../../../../shared/feedback';
import { ErrorState } from '../../../../components/error-state';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageRoot } from '../../../../components/page-root';
import { Section } from '../../../../components/section';
import { useMutation } from '../../../../hooks/use-mutation';
import { useQuery } from '../../../../hooks/use-query';
import { useIsStaff } from '../../../../hooks/use-session';
import { decodeParam } from '../../../../lib/format';
import { go } from '../../../../lib/navigate';
import { feedbackApi } from '../../api';
import { ItemSummary } from '../../components/item-summary';
import { Thread } from '../../components/thread';
import { ReportSheet, startReport, type ReportTarget } from '../../components/report-sheet';
import { PhotoPicker, usePhotoUploads } from '../../components/photo-picker';
import { SupportButton } from '../../components/support-button';
import './index.scss';
import { PAGES } from '../../../../../shared/pages';

export default function FeedbackDetailPage() {
  const params = useRouter().params;
  const id = decodeParam(params.id) ?? '';
  const isStaff = useIsStaff();
  const item = useQuery(id ? `feedback/${id}` : null, () => feedbackApi.get(id), { reloadOnShow: true });
  const [reply, setReply] = useState('');
  const [rating, setRating] = useState<FeedbackRating | null>(null);
  const [comment, setComment] = useState('');
  const [reporting, setReporting] = useState<ReportTarget>(null);
  const photos = usePhotoUploads();
  const send = useMutation((body: string, key: string) => feedbackApi.reply(id, body, key, photos.ids));
  const rate = useMutation((r: { rating: FeedbackRating; comment?: string }) => feedbackApi.rate(id, r.rating, r.comment));

  const onReply = async () => {
    if (photos.busy || photos.failed) {
      void Taro.showToast({ title: photos.busy ? '照片还在上传，请稍等' : '有照片上传失败，请重试或删除', icon: 'none' });
      return;
    }
    const next = await send.run(reply);
    if (!next) return;
    item.setData(next);
    setReply('');
    photos.reset();
    void Taro.showToast({ title: '已发送', icon: 'success' });
  };
  const onRate = async () => {
    if (!rating) return;
    const done = await rate.run({ rating, comment: comment.trim() || undefined });
    if (!done) return;
    setRating(null);
    setComment('');
    void Taro.showToast({ title: done.reopened ? '已退回重新办理' : '感谢您的评价', icon: 'none' });
    await item.reload();
  };

  if (item.loading) return <PageRoot><LoadingSkeleton /></PageRoot>;
  if (item.error || !item.data) return <PageRoot>{item.error ? <ErrorState error={item.error} onRetry={item.reload} /> : null}</PageRoot>;
  const d = item.data;

  return (
    <PageRoot>
      {params.created ? (
        <View className="fb-detail__created" data-testid="created-banner">
          <Text>已收到您反映的问题，编号 {d.code}。社区会尽快受理，办理进度会通知您。</Text>
        </View>
      ) : null}
      <ItemSummary item={d} />
      <View className="sn-body">
        {d.isPublic && !d.mine && (d.status === 'submitted' || d.status === 'in_progress') ? (
          <View className="sn-card fb-detail__support">
            <Text className="sn-muted">您也遇到了这个问题？点一下，办理进度也会通知您。</Text>
            <SupportButton id={d.id} count={d.supportCount} supported={d.supported} />
          </View>
        ) : d.supportCount ? (
          <Text className="sn-muted">{d.supportCount} 位居民也遇到了这个问题</Text>
        ) : null}
        {d.canRate ? (
          <View className="sn-card fb-detail__rate" data-testid="rate-panel">
            <Text className="fb-detail__rate-title">问题办好了吗？请您评价</Text>
            {d.reopenCount === 0 ? <Text className="sn-muted">选“不满意”，社区会重新办理一次。</Text> : <Text className="sn-muted">这是重新办理后的结果，评价后结案。</Text>}
            <View className="fb-detail__choices">
              {FEEDBACK_RATINGS.map((r) => (
                <Text key={r} className={`fb-detail__choice fb-detail__choice--${r} ${rating === r ? 'fb-detail__choice--on' : ''}`} data-testid={`rate-${r}`} onClick={() => setRating(r)}>
                  {FEEDBACK_RATING_NAMES[r]}
                </Text>
              ))}
            </View>
            {rating ? (
              <>
                <TextArea className="sn-form__textarea" value={comment} maxLength={FEEDBACK_LIMITS.comment} placeholder={rating === 'unsatisfied' ? '哪里还没解决？（可不填）' : '想说的话（可不填）'} onChange={setComment} data-testid="rate-comment" />
                {rate.error ? <Text className="fb-detail__error">{rate.error.detail}</Text> : null}
                <Button type="primary" size="large" block loading={rate.pending} onClick={onRate} data-testid="rate-submit">
                  提交评价：{FEEDBACK_RATING_NAMES[rating]}
                </Button>
              </>
            ) : null}
          </View>
        ) : null}

        {isStaff && d.reporter !== undefined ? (
          <Button className="fb-detail__handle" type="primary" size="large" block onClick={() => go(PAGES.feedback.handle, { id: d.id })} data-testid="handle-button">
            办理这个问题
          </Button>
        ) : null}

        <Section title="办理过程与回复">
          <View className="sn-card">
            <Thread replies={d.replies} />
          </View>
        </Section>

        {d.canReply && !isStaff ? (
          <View className="sn-card fb-detail__reply">
            <Text className="fb-detail__rate-title">补充情况或回复</Text>
            {d.isPublic ? <Text className="sn-muted">您的回复会和问题一起公开显示。</Text> : null}
            <TextArea className="sn-form__textarea" value={reply} maxLength={FEEDBACK_LIMITS.body} placeholder="请输入" onChange={setReply} data-testid="reply-input" />
            <PhotoPicker uploads={photos} />
            {send.error ? <Text className="fb-detail__error">{send.error.detail}</Text> : null}
            <Button type="primary" size="large" block loading={send.pending} disabled={!reply.trim()} onClick={onReply} data-testid="reply-submit">
              发送
            </Button>
          </View>
        ) : null}
        <Button block size="large" onClick={() => go(d.result ? PAGES.feedback.echo : PAGES.feedback.wall)}>
          {d.result ? '去回音壁看看' : '去问题墙看看'}
        </Button>
        {/* Anyone seeing it as the public does may report it; its reporter and the staff handling it have other ways. */}
        {d.isPublic && !d.mine && d.reporter === undefined ? (
          <View className="fb-detail__report">
            <Text className="fb-detail__report-link" onClick={() => startReport(d, setReporting)} data-testid="detail-report">
              内容有问题？举报
            </Text>
          </View>
        ) : null}
      </View>
      <ReportSheet target={reporting} onClose={() => setReporting(null)} />
    </PageRoot>
  );
}
