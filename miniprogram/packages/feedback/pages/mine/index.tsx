import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { ErrorState } from '../../../../components/error-state';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageHeader } from '../../../../components/page-header';
import { PageRoot } from '../../../../components/page-root';
import { useQuery } from '../../../../hooks/use-query';
import { useSession } from '../../../../hooks/use-session';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { go } from '../../../../lib/navigate';
import { feedbackApi } from '../../api';
import { NoticeCard } from '../../components/notice-card';
import '../board.scss';
import { PAGES } from '../../../../../shared/pages';

export default function MyFeedbackPage() {
  const session = useSession();
  const gate = usePageGuard('login');
  const mine = useQuery(session ? 'feedback/mine' : null, feedbackApi.mine, { reloadOnShow: true });
  if (gate) return gate;
  return (
    <PageRoot>
      <PageHeader title="我的反映" subtitle="您反映过的问题和办理进度，办结后请评价" />
      <View className="sn-body">
        {mine.loading ? <LoadingSkeleton /> : null}
        {mine.error ? <ErrorState error={mine.error} onRetry={mine.reload} /> : null}
        {mine.data && mine.data.items.length === 0 ? <View className="fb-empty">您还没有反映过问题</View> : null}
        {mine.data?.items.map((item) => (
          <NoticeCard key={item.id} item={item} mode="list" />
        ))}
        <Button type="primary" size="large" block onClick={() => go(PAGES.feedback.create)}>
          我要反映问题
        </Button>
      </View>
    </PageRoot>
  );
}
