import { Text, View } from '@tarojs/components';
import { Button, Rate, TextArea } from '@nutui/nutui-react-taro';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import type { ServiceRequestDetail } from '../../../../../shared/requests';
import { ErrorState } from '../../../../components/error-state';
import { ActionBar, Chip, FieldError } from '../../../../components/form';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageRoot } from '../../../../components/page-root';
import { Section } from '../../../../components/section';
import { useMutation } from '../../../../hooks/use-mutation';
import { useQuery } from '../../../../hooks/use-query';
import { useSession } from '../../../../hooks/use-session';
import { confirmStep } from '../../../../lib/confirm';
import { decodeParam } from '../../../../lib/format';
import { callPhone } from '../../../../lib/device';
import { go } from '../../../../lib/navigate';
import { requestsApi } from '../../api';
import { StatusTag } from '../../components/status-tag';
import { Timeline } from '../../components/timeline';
import { formatDateTime } from '../../format';
import './index.scss';
import { PAGES } from '../../../../../shared/pages';

type Panel = 'complete' | 'cancel' | null;
/** One named step of the order (requestsApi.accept, .start, ...), run through the shared mutation state. */
type Step = () => Promise<ServiceRequestDetail>;

const CANCEL_REASONS = ['已经不需要了', '家人已经帮忙解决', '时间不合适，想重新预约'];
const SCORE_WORDS = ['', '很不满意', '不太满意', '一般', '满意', '非常满意'];

function Row({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <View className="rq-row" data-testid={testId}>
      <Text className="rq-row__label">{label}</Text>
      <View className="rq-row__value">{children}</View>
    </View>
  );
}

function Phone({ phone, visible, mine }: { phone: string | null; visible: boolean; mine: boolean }) {
  if (!phone) return <Text className="sn-muted">未留电话</Text>;
  if (!visible) return <Text>{phone}（接单后可见）</Text>;
  if (mine) return <Text>{phone}</Text>;
  return (
    <Text className="rq-phone" onClick={() => void callPhone(phone)}>
      {phone} 拨打
    </Text>
  );
}

export default function RequestDetailPage() {
  const id = decodeParam(useRouter().params.id) ?? '';
  const session = useSession();
  const { data, error, loading, reload, setData } = useQuery(id ? `requests/${id}` : null, () => requestsApi.get(id), { reloadOnShow: true });
  const [panel, setPanel] = useState<Panel>(null);
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [score, setScore] = useState(5);
  const [comment, setComment] = useState('');
  const step = useMutation((call: Step) => call());

  const run = async (s: Step, done: string) => {
    const next = await step.run(s);
    if (!next) return;
    setData(next);
    setPanel(null);
    void Taro.showToast({ title: done, icon: 'success' });
  };

  // Staff cancelling someone's order: the resident is told and it cannot be restored, so ask once more.
  const cancelOrder = async () => {
    const owner = data?.owner?.id ?? data?.createdBy?.id;
    if (owner !== session?.user.id && !(await confirmStep({ title: '确认取消订单', content: '取消后居民会收到通知，订单不能恢复。', confirmText: '取消订单' }))) return;
    await run(() => requestsApi.cancel(id, reason), '订单已取消');
  };

  if (loading) return <PageRoot><LoadingSkeleton blocks={3} /></PageRoot>;
  if (error || !data) return <PageRoot>{error ? <ErrorState error={error} onRetry={reload} /> : null}</PageRoot>;
  const o: ServiceRequestDetail = data;
  const can = (a: string) => o.allowedActions.includes(a as never);
  // Nobody needs a button to ring their own number.
  const mine = !!session && (o.owner?.id === session.user.id || (!o.owner && o.createdBy?.id === session.user.id));

  return (
    <PageRoot padBottom className="rq-detail">
      <View className="rq-detail__top">
        <View className="rq-detail__status">
          <StatusTag status={o.status} />
          <Text className="rq-detail__code" data-testid="order-code">
            {o.code}
          </Text>
        </View>
        <Text className="rq-detail__title">{o.service.title}</Text>
        <Text className="rq-detail__time">下单时间 {formatDateTime(o.createdAt)}</Text>
      </View>

      <View className="sn-body">
        <View className="sn-card">
          <Row label="需求">
            <Text data-testid="order-description">{o.description}</Text>
          </Row>
          {o.preferredTime ? <Row label="期望时间">{o.preferredTime}</Row> : null}
          {o.onBehalfOf ? (
            <>
              <Row label="代办对象">{o.onBehalfOf.name}</Row>
              <Row label="上门地址">{o.onBehalfOf.address ?? (o.contactVisible ? '未填写' : '接单后可见')}</Row>
              {o.onBehalfOf.phone ? (
                <Row label="对方电话">
                  <Phone phone={o.onBehalfOf.phone} visible={o.contactVisible} mine={false} />
                </Row>
              ) : null}
            </>
          ) : null}
          <Row label="联系电话" testId="order-phone">
            <Phone phone={o.contactPhone} visible={o.contactVisible} mine={mine} />
          </Row>
          {!o.onBehalfOf ? (
            <Row label="上门地址" testId="order-address">
              {o.address ?? (o.contactVisible ? '未填写' : '接单后可见')}
            </Row>
          ) : null}
          <Row label="下单人">{o.owner?.displayName ?? o.createdBy?.displayName ?? '—'}</Row>
          {o.owner && o.createdBy && o.createdBy.id !== o.owner.id ? (
            <Row label="代办人" testId="order-placed-by">
              {o.createdBy.displayName}
            </Row>
          ) : null}
          <Row label="志愿者" testId="order-assignee">
            {o.assignee?.displayName ?? '等待派单或接单'}
          </Row>
          {o.rating ? (
            <Row label="评价" testId="order-rating">
              <Text>
                {'★'.repeat(o.rating.score)}
                {'☆'.repeat(5 - o.rating.score)} {o.rating.comment ?? ''}
              </Text>
            </Row>
          ) : null}
        </View>

        {can('rate') ? (
          <View className="sn-card rq-panel" data-testid="rate-panel">
            <Text className="rq-panel__title">请为这次服务打分</Text>
            <View className="rq-rate">
              <Rate value={score} onChange={(v) => setScore(v)} className="sn-form__stars" />
              <Text className="rq-rate__word">{SCORE_WORDS[score]}</Text>
            </View>
            <TextArea value={comment} onChange={setComment} placeholder="想对志愿者说的话（可不填）" maxLength={500} className="sn-form__textarea" />
            <Button type="primary" size="large" block loading={step.pending} data-testid="submit-rating" onClick={() => run(() => requestsApi.rate(id, { score, comment: comment.trim() || undefined }), '感谢您的评价')}>
              提交评价
            </Button>
          </View>
        ) : null}

        {panel === 'complete' ? (
          <View className="sn-card rq-panel" data-testid="complete-panel">
            <Text className="rq-panel__title">服务情况</Text>
            <TextArea value={note} onChange={setNote} placeholder="例如：已买菜并打扫厨房，老人身体状况良好" maxLength={500} className="sn-form__textarea" data-testid="complete-note" />
            <FieldError message={step.error?.fieldMessage('note')} />
            <Button type="primary" size="large" block loading={step.pending} data-testid="confirm-complete" onClick={() => run(() => requestsApi.complete(id, note), '服务已完成')}>
              确认完成
            </Button>
          </View>
        ) : null}

        {panel === 'cancel' ? (
          <View className="sn-card rq-panel" data-testid="cancel-panel">
            <Text className="rq-panel__title">为什么要取消？</Text>
            <View className="sn-form__chips">
              {CANCEL_REASONS.map((r) => (
                <Chip key={r} on={reason === r} onClick={() => setReason(r)}>
                  {r}
                </Chip>
              ))}
            </View>
            <TextArea value={reason} onChange={setReason} placeholder="取消原因" maxLength={200} className="sn-form__textarea" />
            <Button type="danger" size="large" block loading={step.pending} data-testid="confirm-cancel" onClick={() => void cancelOrder()}>
              确认取消订单
            </Button>
          </View>
        ) : null}

        <Section title="办理进度">
          <View className="sn-card">
            <Timeline events={o.events} />
          </View>
        </Section>
      </View>

      <ActionBar>
        {can('dispatch') ? (
          <Button type="primary" size="large" data-testid="action-dispatch" onClick={() => go(PAGES.requests.dispatch, { id: o.id })}>
            {o.status === 'dispatched' ? '改派志愿者' : '派单'}
          </Button>
        ) : null}
        {can('accept') ? (
          <Button type="primary" size="large" loading={step.pending} data-testid="action-accept" onClick={() => run(() => requestsApi.accept(id), '接单成功')}>
            接单
          </Button>
        ) : null}
        {can('start') ? (
          <Button type="primary" size="large" loading={step.pending} data-testid="action-start" onClick={() => run(() => requestsApi.start(id), '已开始服务')}>
            开始服务
          </Button>
        ) : null}
        {can('complete') && panel !== 'complete' ? (
          <Button type="primary" size="large" data-testid="action-complete" onClick={() => setPanel('complete')}>
            完成服务
          </Button>
        ) : null}
        {can('cancel') && panel !== 'cancel' ? (
          <Button fill="outline" size="large" data-testid="action-cancel" onClick={() => setPanel('cancel')}>
            取消订单
          </Button>
        ) : null}
      </ActionBar>
    </PageRoot>
  );
}
