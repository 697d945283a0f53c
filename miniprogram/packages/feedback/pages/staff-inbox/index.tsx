import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { FEEDBACK_CATEGORIES, type FeedbackStatus } from '../../../../../shared/feedback';
import { CommunityListSchema } from '../../../../../shared/communities';
import { api } from '../../../../api/client';
import { ErrorState } from '../../../../components/error-state';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageHeader } from '../../../../components/page-header';
import { PageRoot } from '../../../../components/page-root';
import { useQuery } from '../../../../hooks/use-query';
import { useSession } from '../../../../hooks/use-session';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { FEEDBACK_ROUTES, feedbackApi } from '../../api';
import { NoticeCard } from '../../components/notice-card';
import '../board.scss';
import './index.scss';

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

/** 工作台 · 问题受理: the queue, filtered by state, category, community and overdue. */
export default function StaffInboxPage() {
  const session = useSession();
  const gate = usePageGuard('staff');
  const [status, setStatus] = useState<FeedbackStatus | 'open' | ''>('open');
  const [category, setCategory] = useState('');
  const [communityId, setCommunityId] = useState('');
  const [overdue, setOverdue] = useState(false);
  const communities = useQuery('communities', () => api.get('/api/communities', CommunityListSchema, { silent: true }));
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
        <View className="sn-card fb-inbox__filters">
          <Chips options={STATUS_FILTERS} value={status} onChange={setStatus} testPrefix="status" />
          <View className="fb-inbox__chips">
            <Text className={`fb-inbox__chip fb-inbox__chip--red ${overdue ? 'fb-inbox__chip--on-red' : ''}`} data-testid="filter-overdue" onClick={() => setOverdue(!overdue)}>
              {overdue ? '✓ ' : ''}只看超期
            </Text>
          </View>
          <Chips options={[{ key: '', label: '全部类别' }, ...FEEDBACK_CATEGORIES.map((c) => ({ key: c.key as string, label: c.name }))]} value={category} onChange={setCategory} testPrefix="cat" />
          {!scoped && communities.data ? (
            <Chips options={[{ key: '', label: '全部社区' }, ...communities.data.items.map((c) => ({ key: c.id, label: c.name }))]} value={communityId} onChange={setCommunityId} testPrefix="community" />
          ) : null}
        </View>
        {inbox.loading ? <LoadingSkeleton /> : null}
        {inbox.error ? <ErrorState error={inbox.error} onRetry={inbox.reload} /> : null}
        {inbox.data && inbox.data.items.length === 0 ? <View className="fb-empty">没有符合条件的问题</View> : null}
        {inbox.data?.items.map((item) => (
          <NoticeCard key={item.id} item={item} mode="list" detailRoute={FEEDBACK_ROUTES.handle} />
        ))}
      </View>
    </PageRoot>
  );
}
