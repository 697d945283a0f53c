import { OfficialAccount, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { ArrowRight, Edit, Weixin } from '@nutui/icons-react-taro';
import { linksApi } from '../../../../api/content';
import { ErrorState } from '../../../../components/error-state';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageHeader } from '../../../../components/page-header';
import { PageRoot } from '../../../../components/page-root';
import { useQuery } from '../../../../hooks/use-query';
import { useIsStaff } from '../../../../hooks/use-session';
import { useStreetSettings } from '../../../../hooks/use-street-settings';
import { formatDate } from '../../../../lib/format';
import { go } from '../../../../lib/navigate';
import { openArticle } from '../../../../lib/open-article';
import './index.scss';
import { PAGES } from '../../../../../shared/pages';

export default function LinksPage() {
  const isStaff = useIsStaff();
  const links = useQuery('links/list', () => linksApi.list(100), { reloadOnShow: true });
  const account = links.data?.account;
  const street = useStreetSettings();
  return (
    <PageRoot className="links-page">
      <PageHeader eyebrow="一个号" title={`${account?.name ?? street.accountName}公众号`} subtitle={account?.description ?? street.accountDescription} />
      <View className="sn-body">
        {/* WeChat shows the follow card only in scenes it allows (e.g. opened from a scan); elsewhere it renders nothing. */}
        {process.env.TARO_ENV === 'weapp' ? <OfficialAccount /> : null}
        <View className="sn-card links-follow">
          <View className="links-follow__icon">
            <Weixin />
          </View>
          <View className="links-follow__text">
            <Text className="links-follow__title">关注“{account?.name ?? street.accountName}”</Text>
            <Text className="sn-muted">在微信里搜索公众号“{account?.name ?? street.accountName}”，点“关注”。</Text>
          </View>
        </View>
        {isStaff ? (
          <Button className="links-staff" fill="outline" type="default" block icon={<Edit />} onClick={() => go(PAGES.staff.linksAdmin)} data-testid="links-staff-edit">
            管理文章列表（工作人员）
          </Button>
        ) : null}
        {links.loading ? <LoadingSkeleton blocks={3} rows={2} /> : null}
        {links.error ? <ErrorState error={links.error} onRetry={links.reload} /> : null}
        {links.data && links.data.items.length === 0 ? (
          <View className="sn-card">
            <Text className="sn-title">暂时还没有文章</Text>
          </View>
        ) : null}
        <View className="links-list">
          {links.data?.items.map((a) => (
            <View className="links-item" key={a.id} hoverClass="links-item--pressed" onClick={() => openArticle(a.url)} data-testid="article-item" role="link">
              <View className="links-item__text">
                <Text className="links-item__title">
                  {a.pinned ? <Text className="links-item__pin">置顶</Text> : null}
                  {a.title}
                </Text>
                <Text className="links-item__date">{formatDate(a.publishedAt)}</Text>
              </View>
              <ArrowRight className="links-item__arrow" />
            </View>
          ))}
        </View>
      </View>
    </PageRoot>
  );
}
