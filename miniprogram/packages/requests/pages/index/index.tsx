import { Text, View } from '@tarojs/components';
import { Button, Empty, Tabs } from '@nutui/nutui-react-taro';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { REQUEST_STATUS_NAMES, type RequestScope, type RequestStatus } from '../../../../../shared/requests';
import { communitiesApi } from '../../../../api/content';
import { ErrorState } from '../../../../components/error-state';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageHeader } from '../../../../components/page-header';
import { PageRoot } from '../../../../components/page-root';
import { usePagedList } from '../../../../hooks/use-paged-list';
import { useQuery } from '../../../../hooks/use-query';
import { useSession } from '../../../../hooks/use-session';
import { requireLogin } from '../../../../lib/guards';
import { go } from '../../../../lib/navigate';
import { isStaffRole } from '../../../../lib/session';
import { requestsApi } from '../../api';
import { OrderCard } from '../../components/order-card';
import './index.scss';
import { PAGES } from '../../../../../shared/pages';

type TabKey = 'menu' | RequestScope;

const EMPTY_TEXT: Record<RequestScope, string> = {
  mine: '您还没有下过单。在“服务菜单”里选一项服务就能预约。',
  available: '现在没有等待接单的服务，谢谢您的热心！',
  assigned: '暂时没有派给您的任务。',
  all: '这里暂时没有订单。',
};

function ServiceMenu() {
  const { data, error, loading, reload } = useQuery('requests/menu', requestsApi.menu);
  if (loading) return <LoadingSkeleton />;
  if (error) return <ErrorState error={error} onRetry={reload} />;
  if (!data?.items.length) return <Empty description="服务菜单正在整理中，请稍后再来" />;
  return (
    <View>
      {data.items.map((s) => (
        <View className="rq-menu-item" key={s.id} data-testid="menu-item">
          <View className="rq-menu-item__text">
            <Text className="rq-menu-item__title">{s.title}</Text>
            <Text className="rq-menu-item__summary">{s.summary}</Text>
          </View>
          <Button
            type="primary"
            className="rq-menu-item__btn"
            data-testid={`order-${s.title}`}
            onClick={() => requireLogin(`${PAGES.requests.create}?serviceId=${s.id}`) && go(PAGES.requests.create, { serviceId: s.id })}
          >
            我要预约
          </Button>
        </View>
      ))}
    </View>
  );
}

const BOARD_FILTERS: (RequestStatus | 'any')[] = ['submitted', 'dispatched', 'accepted', 'in_progress', 'completed', 'any'];

function OrderList({ scope }: { scope: RequestScope }) {
  const [status, setStatus] = useState<RequestStatus | 'any'>(scope === 'all' ? 'submitted' : 'any');
  const filter = status === 'any' ? undefined : status;
  const { data, error, loading, reload, items, hasMore, loadMore, loadingMore } = usePagedList(
    `requests/${scope}/${status}`,
    (cursor) => requestsApi.list(scope, filter, cursor),
    { reloadOnShow: true },
  );
  // Pool cards name the community; the list gives only its id.
  const communities = useQuery(scope === 'available' ? 'communities' : null, () => communitiesApi.list());
  const communityName = (id: string | null) => communities.data?.items.find((c) => c.id === id)?.name;
  return (
    <View>
      {scope === 'all' ? (
        <View className="rq-filters" data-testid="board-filters">
          {BOARD_FILTERS.map((s) => (
            <Text
              key={s}
              className={`rq-filter ${s === status ? 'rq-filter--on' : ''}`}
              onClick={() => setStatus(s)}
            >
              {s === 'any' ? '全部' : REQUEST_STATUS_NAMES[s]}
            </Text>
          ))}
        </View>
      ) : null}
      {loading ? <LoadingSkeleton /> : null}
      {error ? <ErrorState error={error} onRetry={reload} /> : null}
      {data && !items.length ? <Empty description={EMPTY_TEXT[scope]} /> : null}
      {items.map((o) => (
        <OrderCard key={o.id} order={o} showPeople={scope !== 'mine'} pool={scope === 'available'} communityName={communityName(o.communityId)} />
      ))}
      {hasMore ? (
        <Button block fill="outline" className="rq-more" loading={loadingMore} onClick={loadMore}>
          加载更多
        </Button>
      ) : null}
    </View>
  );
}

export default function RequestsHubPage() {
  const router = useRouter();
  const session = useSession();
  const role = session?.user.role;
  const tabs: { key: TabKey; title: string }[] = [{ key: 'menu', title: '服务菜单' }];
  if (session) tabs.push({ key: 'mine', title: '我的订单' });
  if (role === 'volunteer') tabs.push({ key: 'available', title: '待接订单' }, { key: 'assigned', title: '我的任务' });
  if (isStaffRole(role)) tabs.push({ key: 'all', title: '派单台' });
  const wanted = router.params.scope as TabKey | undefined;
  const [tab, setTab] = useState<TabKey>(tabs.some((t) => t.key === wanted) ? wanted! : 'menu');
  const active = tabs.some((t) => t.key === tab) ? tab : 'menu';

  return (
    <PageRoot className="rq-hub">
      <PageHeader eyebrow="菜单式服务" title="群众下单 · 社区派单 · 党员接单" subtitle="选好服务就能下单，志愿者会上门为您服务" />
      <Tabs value={active} onChange={(v) => setTab(v as TabKey)} className="rq-tabs" activeType="smile">
        {tabs.map((t) => (
          <Tabs.TabPane key={t.key} title={t.title} value={t.key} />
        ))}
      </Tabs>
      <View className="sn-body" data-testid={`tab-${active}`}>
        {active === 'menu' ? <ServiceMenu /> : <OrderList key={active} scope={active} />}
      </View>
    </PageRoot>
  );
}
