import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { ErrorState } from '../../../../components/error-state';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageHeader } from '../../../../components/page-header';
import { useStreetSettings } from '../../../../hooks/use-street-settings';
import { PageRoot } from '../../../../components/page-root';
import { usePagedList } from '../../../../hooks/use-paged-list';
import { useQuery } from '../../../../hooks/use-query';
import { go, replace } from '../../../../lib/navigate';
import { feedbackApi } from '../../api';
import { BoardTabs } from '../../components/board-tabs';
import { NoticeCard } from '../../components/notice-card';
import { ReportSheet, startReport, type ReportTarget } from '../../components/report-sheet';
import { Chip } from '../../../../components/form';
import { useSession } from '../../../../hooks/use-session';
import { communitiesApi } from '../../../../api/content';
import type { WallFilter } from '../../api';
import { HAS_MAP, WallMap } from '../../components/wall-map';
import type { FeedbackPublicItem } from '../../../../../shared/feedback';
import '../board.scss';
import { PAGES } from '../../../../../shared/pages';

/** Items grouped under their grid's name, in the order the wall has them; those with none last. */
function byGrid(items: FeedbackPublicItem[]): [string, FeedbackPublicItem[]][] {
  const groups = new Map<string, FeedbackPublicItem[]>();
  for (const i of items) {
    const key = i.gridName ?? '未分网格';
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
  return [...groups.entries()].sort(([a], [b]) => (a === '未分网格' ? 1 : b === '未分网格' ? -1 : 0));
}

/** 问题墙: every open public problem with who must fix it, how, and by when. */
export default function ProblemWallPage() {
  const { streetName } = useStreetSettings();
  // The home tile, 我的 and the staff desk all open this page, with ?scope= saying which view they mean.
  const scope = useRouter().params.scope;
  useEffect(() => {
    if (scope === 'inbox') replace(PAGES.feedback.inbox);
    if (scope === 'mine') replace(PAGES.feedback.mine);
  }, [scope]);
  const session = useSession();
  const [filter, setFilter] = useState<WallFilter>({});
  const [view, setView] = useState<'list' | 'map'>('list');
  const communities = useQuery('feedback/wall/communities', () => communitiesApi.list());
  const wall = usePagedList(`feedback/wall/${filter.communityId ?? ''}/${filter.gridId ?? ''}`, (cursor?: string) => feedbackApi.wall(filter, cursor), { reloadOnShow: true });
  const community = communities.data?.items.find((c) => c.id === filter.communityId);
  const [reporting, setReporting] = useState<ReportTarget>(null);
  const items = wall.items;
  const overdue = items.filter((i) => i.overdue).length;
  return (
    <PageRoot>
      <PageHeader eyebrow={`${streetName} · 问题墙`} title="问题墙" subtitle="每个问题都公开责任主体、整改措施和完成期限，请您监督" />
      <View className="sn-body">
        <View className="fb-actions">
          <Button className="fb-actions__main" type="primary" size="large" onClick={() => go(PAGES.feedback.create)} data-testid="report-button">
            我要反映问题
          </Button>
          <Button className="fb-actions__side" size="large" onClick={() => go(PAGES.feedback.mine)} data-testid="mine-button">
            我的反映
          </Button>
        </View>
        <BoardTabs active="wall" />
        {communities.data ? (
          <View className="sn-form__chips fb-filter" data-testid="wall-communities">
            <Chip on={!filter.communityId} testId="wall-community-all" onClick={() => setFilter({})}>
              全街道
            </Chip>
            {communities.data.items.map((c) => (
              <Chip key={c.id} on={filter.communityId === c.id} testId={`wall-community-${c.name}`} onClick={() => setFilter({ communityId: c.id })}>
                {c.name}
                {c.id === session?.user.communityId ? '（我的）' : ''}
              </Chip>
            ))}
          </View>
        ) : null}
        {community?.grids.length ? (
          <View className="sn-form__chips fb-filter" data-testid="wall-grids">
            <Chip on={!filter.gridId} testId="wall-grid-all" onClick={() => setFilter({ communityId: community.id })}>
              全部网格
            </Chip>
            {community.grids.map((g) => (
              <Chip key={g.id} on={filter.gridId === g.id} testId={`wall-grid-${g.name}`} onClick={() => setFilter({ communityId: community.id, gridId: g.id })}>
                {g.name}
              </Chip>
            ))}
          </View>
        ) : null}
        {HAS_MAP ? (
          <View className="sn-form__chips fb-filter">
            <Chip on={view === 'list'} testId="wall-view-list" onClick={() => setView('list')}>
              列表
            </Chip>
            <Chip on={view === 'map'} testId="wall-view-map" onClick={() => setView('map')}>
              地图
            </Chip>
          </View>
        ) : null}
        {wall.loading ? <LoadingSkeleton /> : null}
        {wall.error ? <ErrorState error={wall.error} onRetry={wall.reload} /> : null}
        {wall.data ? (
          <>
            <View className="fb-summary">
              <View className="fb-summary__cell">
                <Text className="fb-summary__num" data-testid="wall-count">{items.length}{wall.hasMore ? '+' : ''}</Text>
                <Text className="fb-summary__label">正在整改</Text>
              </View>
              <View className="fb-summary__cell">
                <Text className={`fb-summary__num ${overdue ? 'fb-summary__num--red' : ''}`} data-testid="wall-overdue">{overdue}</Text>
                <Text className="fb-summary__label">已超期</Text>
              </View>
            </View>
            <Text className="fb-board-note">超期未完成的问题排在最前，用红色标出。点开可看办理过程。</Text>
            {items.length === 0 ? <View className="fb-empty">目前没有待整改的问题</View> : null}
            {view === 'map' ? (
              <WallMap items={items} />
            ) : filter.communityId && !filter.gridId ? (
              // One community: the list by grid, the way its 网格员 work it.
              byGrid(items).map(([grid, list]) => (
                <View key={grid} data-testid="wall-grid-group">
                  <Text className="fb-grid-head">{grid}（{list.length}）</Text>
                  {list.map((item) => (
                    <NoticeCard key={item.id} item={item} mode="wall" onReport={(i) => startReport(i, setReporting)} />
                  ))}
                </View>
              ))
            ) : (
              items.map((item) => <NoticeCard key={item.id} item={item} mode="wall" onReport={(i) => startReport(i, setReporting)} />)
            )}
            {wall.hasMore ? (
              <Button className="fb-more" block loading={wall.loadingMore} onClick={wall.loadMore}>
                查看更多
              </Button>
            ) : null}
          </>
        ) : null}
      </View>
      <ReportSheet target={reporting} onClose={() => setReporting(null)} />
    </PageRoot>
  );
}
