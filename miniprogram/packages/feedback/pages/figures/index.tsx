import { Text, View } from '@tarojs/components';
import { ErrorState } from '../../../../components/error-state';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageHeader } from '../../../../components/page-header';
import { useStreetSettings } from '../../../../hooks/use-street-settings';
import { PageRoot } from '../../../../components/page-root';
import { useQuery } from '../../../../hooks/use-query';
import { formatDayTime, feedbackApi, percent } from '../../api';
import { BoardTabs } from '../../components/board-tabs';
import '../board.scss';
import './index.scss';

/** Public accountability figures per responsible party (责任主体). */
export default function FiguresPage() {
  const { streetName } = useStreetSettings();
  const stats = useQuery('feedback/stats', feedbackApi.stats, { reloadOnShow: true });
  return (
    <PageRoot>
      <PageHeader eyebrow={`${streetName} · 公开数据`} title="各责任单位办理情况" subtitle="数据由系统按实际办理记录自动统计，每次打开都是最新" />
      <View className="sn-body">
        <BoardTabs active="figures" />
        {stats.loading ? <LoadingSkeleton /> : null}
        {stats.error ? <ErrorState error={stats.error} onRetry={stats.reload} /> : null}
        {stats.data ? (
          <>
            <View className="fb-fig__legend sn-card">
              <Text>按期完成率：在完成期限内办结的比例（已超期未办结的也计入分母）。</Text>
              <Text>办结用时：从居民反映到办结的天数（取中位数）。</Text>
              <Text>满意率：居民评价为“满意”或“基本满意”的比例。</Text>
            </View>
            {stats.data.items.length === 0 ? <View className="fb-empty">暂无数据</View> : null}
            {stats.data.items.map((row) => (
              <View key={row.responsibleParty} className="fb-fig sn-card" data-testid="figure-row">
                <Text className="fb-fig__name">{row.responsibleParty}</Text>
                <View className="fb-fig__grid">
                  <View className="fb-fig__cell">
                    <Text className="fb-fig__num">{row.count}</Text>
                    <Text className="fb-fig__label">承办问题</Text>
                  </View>
                  <View className="fb-fig__cell">
                    <Text className={`fb-fig__num ${row.onTimeRate !== null && row.onTimeRate < 0.6 ? 'fb-fig__num--red' : ''}`}>{percent(row.onTimeRate)}</Text>
                    <Text className="fb-fig__label">按期完成</Text>
                  </View>
                  <View className="fb-fig__cell">
                    <Text className="fb-fig__num">{row.medianDaysToResolve === null ? '—' : `${row.medianDaysToResolve}天`}</Text>
                    <Text className="fb-fig__label">办结用时</Text>
                  </View>
                  <View className="fb-fig__cell">
                    <Text className="fb-fig__num">{percent(row.satisfaction)}</Text>
                    <Text className="fb-fig__label">居民满意</Text>
                  </View>
                </View>
                <Text className="fb-fig__foot">
                  已办结 {row.resolvedCount} 件 · 办理中 {row.openCount} 件
                  {row.overdueCount ? <Text className="fb-fig__late"> · 超期 {row.overdueCount} 件</Text> : null} · 已评价 {row.ratedCount} 件
                </Text>
              </View>
            ))}
            <Text className="fb-board-note">统计时间：{formatDayTime(stats.data.generatedAt)}</Text>
          </>
        ) : null}
      </View>
    </PageRoot>
  );
}
