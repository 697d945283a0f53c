import { Text, View } from '@tarojs/components';
import { Eye } from '@nutui/icons-react-taro';
import { cardApi } from '../../../../api/content';
import { ErrorState } from '../../../../components/error-state';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { Banner } from '../../../../components/banner';
import { PageRoot } from '../../../../components/page-root';
import { useQuery } from '../../../../hooks/use-query';
import { useSession } from '../../../../hooks/use-session';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { formatDateTime } from '../../lib';
import './index.scss';

export default function CardScansPage() {
  const gate = usePageGuard('login');
  const session = useSession();
  const scans = useQuery(session ? `card/scans/${session.user.id}` : null, () => cardApi.scans(), { reloadOnShow: true });
  if (gate) return gate;
  return (
    <PageRoot className="card-scans">
      <Banner title="谁查看过我的卡" text="社区工作人员只有在扫您的亲情卡二维码，或在紧急情况下凭卡号、住址并写明原因查找时，才能看到您的信息，每一次都记在这里。若有不认识的查看记录，请拨打社区热线。" />
      <View className="sn-body">
        {scans.loading ? <LoadingSkeleton blocks={2} rows={2} /> : null}
        {scans.error ? <ErrorState error={scans.error} onRetry={scans.reload} /> : null}
        {scans.data && scans.data.items.length === 0 ? (
          <View className="sn-card" data-testid="scans-empty">
            <Text className="sn-title">还没有人查看过您的亲情卡</Text>
          </View>
        ) : null}
        {scans.data?.items.map((s) => (
          <View className="sn-card card-scan" key={s.id} data-testid="scan-item">
            <View className="card-scan__icon">
              <Eye />
            </View>
            <View className="card-scan__text">
              <Text className="card-scan__who">
                {s.staffName}（{s.unit} · {s.staffRole}）
              </Text>
              <Text className="card-scan__when">
                {formatDateTime(s.scannedAt)} {s.kind === 'lookup' ? '按卡号或住址查找' : '扫码查看'}
              </Text>
              {s.reason ? (
                <Text className="card-scan__reason" data-testid="scan-reason">
                  原因：{s.reason}
                </Text>
              ) : null}
            </View>
          </View>
        ))}
      </View>
    </PageRoot>
  );
}
