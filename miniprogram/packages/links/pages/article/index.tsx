import { Text, View, WebView } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { OFFICIAL_ARTICLE_PREFIX } from '../../../../../shared/links';
import { PageRoot } from '../../../../components/page-root';
import { decodeParam } from '../../../../lib/format';

/**
 * The article in WeChat's web-view. Only the official account's own article host is ever
 * opened (the API accepts nothing else; checked again here against a forged link).
 */
export default function ArticlePage() {
  const url = decodeParam(useRouter().params.url) ?? '';
  if (!url.startsWith(OFFICIAL_ARTICLE_PREFIX)) {
    return (
      <PageRoot>
        <View className="sn-body">
          <View className="sn-card">
            <Text className="sn-title">这篇文章打不开</Text>
            <Text className="sn-muted">只能打开石楠街道公众号的文章。</Text>
          </View>
        </View>
      </PageRoot>
    );
  }
  return <WebView src={url} />;
}
