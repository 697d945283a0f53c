import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { ErrorState } from '../../../../components/error-state';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageHeader } from '../../../../components/page-header';
import { PageRoot } from '../../../../components/page-root';
import { usePagedList } from '../../../../hooks/use-paged-list';
import { useQuery } from '../../../../hooks/use-query';
import { go } from '../../../../lib/navigate';
import { feedbackApi, percent } from '../../api';
import { BoardTabs } from '../../components/board-tabs';
import { NoticeCard } from '../../components/notice-card';
import { ReportSheet, startReport, type ReportTarget } from '../../components/report-sheet';
import '../board.scss';
import { PAGES } from '../../../../../shared/pages';

/** 回音壁: what was done about each public problem, and how the resident who raised it rated it. */
export default function EchoWallPage() {
  const echo = usePagedList('feedback/echo', feedbackApi.echo, { reloadOnShow: true });
  const [reporting, setReporting] = useState<ReportTarget>(null);
  const stats = useQuery('feedback/stats', feedbackApi.stats);
  const items = echo.items;
  const totals = stats.data?.totals;
  return (
    <PageRoot>
      <PageHeader eyebrow="石楠街道 · 回音壁" title="回音壁" subtitle="办结的问题公布处理结果，由反映问题的居民评价" />
      <View className="sn-body">
        <BoardTabs active="echo" />
        {totals ? (
          <View className="fb-summary" onClick={() => go(PAGES.feedback.figures)}>
            <View className="fb-summary__cell">
              <Text className="fb-summary__num">{totals.resolvedCount}</Text>
              <Text className="fb-summary__label">已办结</Text>
            </View>
            <View className="fb-summary__cell">
              <Text className="fb-summary__num">{percent(totals.onTimeRate)}</Text>
              <Text className="fb-summary__label">按期完成率</Text>
            </View>
            <View className="fb-summary__cell">
              <Text className="fb-summary__num">{percent(totals.satisfaction)}</Text>
              <Text className="fb-summary__label">居民满意率</Text>
            </View>
          </View>
        ) : null}
        {echo.loading ? <LoadingSkeleton /> : null}
        {echo.error ? <ErrorState error={echo.error} onRetry={echo.reload} /> : null}
        {echo.data ? (
          <>
            {items.length === 0 ? <View className="fb-empty">还没有办结的问题</View> : null}
            {items.map((item) => (
              <NoticeCard key={item.id} item={item} mode="echo" onReport={(i) => startReport(i, setReporting)} />
            ))}
            {echo.hasMore ? (
              <Button className="fb-more" block loading={echo.loadingMore} onClick={echo.loadMore}>
                查看更多
              </Button>
            ) : null}
          </>
        ) : null}
        <Button block size="large" onClick={() => go(PAGES.feedback.figures)} data-testid="figures-button">
          查看各责任单位办理情况
        </Button>
      </View>
      <ReportSheet target={reporting} onClose={() => setReporting(null)} />
    </PageRoot>
  );
}
