import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { ErrorState } from '../../../../components/error-state';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageHeader } from '../../../../components/page-header';
import { PageRoot } from '../../../../components/page-root';
import { usePagedList } from '../../../../hooks/use-paged-list';
import { go, replace } from '../../../../lib/navigate';
import { feedbackApi } from '../../api';
import { BoardTabs } from '../../components/board-tabs';
import { NoticeCard } from '../../components/notice-card';
import { ReportSheet, startReport, type ReportTarget } from '../../components/report-sheet';
import '../board.scss';
import { PAGES } from '../../../../../shared/pages';

/** 问题墙: every open public problem with who must fix it, how, and by when. */
export default function ProblemWallPage() {
  // The home tile, 我的 and the staff desk all open this page, with ?scope= saying which view they mean.
  const scope = useRouter().params.scope;
  useEffect(() => {
    if (scope === 'inbox') replace(PAGES.feedback.inbox);
    if (scope === 'mine') replace(PAGES.feedback.mine);
  }, [scope]);
  const wall = usePagedList('feedback/wall', feedbackApi.wall, { reloadOnShow: true });
  const [reporting, setReporting] = useState<ReportTarget>(null);
  const items = wall.items;
  const overdue = items.filter((i) => i.overdue).length;
  return (
    <PageRoot>
      <PageHeader eyebrow="石楠街道 · 问题墙" title="问题墙" subtitle="每个问题都公开责任主体、整改措施和完成期限，请您监督" />
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
            {items.map((item) => (
              <NoticeCard key={item.id} item={item} mode="wall" onReport={(i) => startReport(i, setReporting)} />
            ))}
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
