import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { FEEDBACK_CATEGORIES, FEEDBACK_REPORT_STATUS_NAMES, type FeedbackCategoryKey, type FeedbackReport, type FeedbackReportStatus, type FeedbackStatus } from '../../../../../shared/feedback';
import { communitiesApi } from '../../../../api/content';
import { ErrorState } from '../../../../components/error-state';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageHeader } from '../../../../components/page-header';
import { PageRoot } from '../../../../components/page-root';
import { useQuery } from '../../../../hooks/use-query';
import { useSession } from '../../../../hooks/use-session';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { go } from '../../../../lib/navigate';
import { feedbackApi, formatDayTime } from '../../api';
import { NoticeCard } from '../../components/notice-card';
import '../board.scss';
import './index.scss';
import { PAGES } from '../../../../../shared/pages';

const STATUS_FILTERS: { key: FeedbackStatus | 'open' | ''; label: string }[] = [
  { key: 'open', label: '未办结' },
  { key: 'submitted', label: '待受理' },
  { key: 'in_progress', label: '整改中' },
  { key: 'resolved', label: '待评价' },
  { key: 'closed', label: '已结案' },
  { key: '', label: '全部' },
];

function Chips<T extends string>({ options, value, onChange, testPrefix }: { options: { key: T; label: string }[]; value: T; onChange: (v: T) => void; testPrefix: string }) {
  return (
    <View className="fb-inbox__chips">
      {options.map((o) => (
        <Text key={o.key || 'all'} className={`fb-inbox__chip ${o.key === value ? 'fb-inbox__chip--on' : ''}`} data-testid={`${testPrefix}-${o.key || 'all'}`} onClick={() => onChange(o.key)}>
          {o.label}
        </Text>
      ))}
    </View>
  );
}

function ReportCard({ report, onDone }: { report: FeedbackReport; onDone: () => void }) {
  const act = async (kind: 'confirm' | 'dismiss') => {
    const { confirm } = await Taro.showModal({
      title: kind === 'confirm' ? '核实属实，撤下这条问题？' : '未发现违规，驳回举报？',
      content: kind === 'confirm' ? '撤下后问题墙和回音壁不再显示它，办理照常进行；举报人和反映人会收到通知。' : '问题继续公开显示，举报人会收到通知。',
      confirmText: kind === 'confirm' ? '撤下' : '驳回',
      confirmColor: kind === 'confirm' ? '#c8102e' : '#333333',
    });
    if (!confirm) return;
    try {
      await (kind === 'confirm' ? feedbackApi.confirmReport(report.id) : feedbackApi.dismissReport(report.id));
      void Taro.showToast({ title: kind === 'confirm' ? '已撤下' : '已驳回', icon: 'success' });
      onDone();
    } catch {
      /* shown by the client */
    }
  };
  return (
    <View className="sn-card fb-inbox__report" data-testid="staff-report">
      <View className="fb-inbox__report-top">
        <Text className="fb-inbox__report-reason">{report.reasonName}</Text>
        <Text className="sn-muted">{formatDayTime(report.createdAt)}</Text>
      </View>
      <Text className="fb-inbox__report-item" onClick={() => go(PAGES.feedback.handle, { id: report.feedbackId })}>
        {report.feedbackCode}「{report.feedbackTitle}」{report.communityName ? ` · ${report.communityName}` : ''}
      </Text>
      {report.detail ? <Text className="fb-inbox__report-detail">{report.detail}</Text> : null}
      {report.status === 'open' ? (
        <View className="fb-inbox__report-actions">
          <Button className="fb-inbox__report-btn" fill="outline" onClick={() => act('dismiss')} data-testid="report-dismiss">
            驳回
          </Button>
          <Button className="fb-inbox__report-btn" type="primary" onClick={() => act('confirm')} data-testid="report-confirm">
            属实，撤下
          </Button>
        </View>
      ) : (
        <Text className="sn-muted">{FEEDBACK_REPORT_STATUS_NAMES[report.status]}</Text>
      )}
    </View>
  );
}

const REPORT_FILTERS: { key: FeedbackReportStatus; label: string }[] = [
  { key: 'open', label: '待核实' },
  { key: 'confirmed', label: '已撤下' },
  { key: 'dismissed', label: '已驳回' },
];

/** 举报: what residents flagged on the public boards, for staff to confirm or dismiss. */
function ReportsPanel() {
  const [status, setStatus] = useState<FeedbackReportStatus>('open');
  const reports = useQuery(`feedback/reports/${status}`, () => feedbackApi.reports(status), { reloadOnShow: true });
  return (
    <>
      <View className="sn-card fb-inbox__filters">
        <Chips options={REPORT_FILTERS} value={status} onChange={setStatus} testPrefix="report-status" />
      </View>
      {reports.loading ? <LoadingSkeleton /> : null}
      {reports.error ? <ErrorState error={reports.error} onRetry={reports.reload} /> : null}
      {reports.data && reports.data.items.length === 0 ? <View className="fb-empty">没有{REPORT_FILTERS.find((f) => f.key === status)!.label}的举报</View> : null}
      {reports.data?.items.map((r) => (
        <ReportCard key={r.id} report={r} onDone={reports.reload} />
      ))}
    </>
  );
}

/** 工作台 · 问题受理: the queue, filtered by state, category, community and overdue. */
export default function StaffInboxPage() {
  const session = useSession();
  const gate = usePageGuard('staff');
  const [view, setView] = useState<'items' | 'reports'>('items');
  const [status, setStatus] = useState<FeedbackStatus | 'open' | ''>('open');
  const [category, setCategory] = useState<FeedbackCategoryKey | ''>('');
  const [communityId, setCommunityId] = useState('');
  const [overdue, setOverdue] = useState(false);
  const communities = useQuery('communities', () => communitiesApi.list());
  const scoped = Boolean(session?.user.staffCommunityId);
  const key = `feedback/inbox/${status}/${category}/${communityId}/${overdue}`;
  const inbox = useQuery(session ? key : null, () =>
    feedbackApi.inbox({ status: status || undefined, category: category || undefined, communityId: communityId || undefined, overdue: overdue || undefined }),
  { reloadOnShow: true });

  if (gate) return gate;
  return (
    <PageRoot>
      <PageHeader eyebrow="工作台" title="问题受理" subtitle={scoped ? '本社区居民反映的问题' : '全街道居民反映的问题'} />
      <View className="sn-body">
        <View className="fb-inbox__views">
          <Text className={`fb-inbox__view ${view === 'items' ? 'fb-inbox__view--on' : ''}`} onClick={() => setView('items')} data-testid="view-items">
            反映的问题
          </Text>
          <Text className={`fb-inbox__view ${view === 'reports' ? 'fb-inbox__view--on' : ''}`} onClick={() => setView('reports')} data-testid="view-reports">
            举报核实
          </Text>
        </View>
        {view === 'reports' ? <ReportsPanel /> : null}
        {view === 'items' ? (
        <>
        <View className="sn-card fb-inbox__filters">
          <Chips options={STATUS_FILTERS} value={status} onChange={setStatus} testPrefix="status" />
          <View className="fb-inbox__chips">
            <Text className={`fb-inbox__chip fb-inbox__chip--red ${overdue ? 'fb-inbox__chip--on-red' : ''}`} data-testid="filter-overdue" onClick={() => setOverdue(!overdue)}>
              {overdue ? '✓ ' : ''}只看超期
            </Text>
          </View>
          <Chips options={[{ key: '', label: '全部类别' }, ...FEEDBACK_CATEGORIES.map((c) => ({ key: c.key, label: c.name }))]} value={category} onChange={setCategory} testPrefix="cat" />
          {!scoped && communities.data ? (
            <Chips options={[{ key: '', label: '全部社区' }, ...communities.data.items.map((c) => ({ key: c.id, label: c.name }))]} value={communityId} onChange={setCommunityId} testPrefix="community" />
          ) : null}
        </View>
        {inbox.loading ? <LoadingSkeleton /> : null}
        {inbox.error ? <ErrorState error={inbox.error} onRetry={inbox.reload} /> : null}
        {inbox.data && inbox.data.items.length === 0 ? <View className="fb-empty">没有符合条件的问题</View> : null}
        {inbox.data?.items.map((item) => (
          <NoticeCard key={item.id} item={item} mode="list" detailRoute={PAGES.feedback.handle} />
        ))}
        </>
        ) : null}
      </View>
    </PageRoot>
  );
}
