import { Text, View } from '@tarojs/components';
import { SearchBar } from '@nutui/nutui-react-taro';
import { ArrowRight, HeartF } from '@nutui/icons-react-taro';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { cardApi, linksApi } from '../../api/content';
import { Section } from '../../components/section';
import { useQuery } from '../../hooks/use-query';
import { useSession } from '../../hooks/use-session';
import { PENDING_HANDBOOK_QUERY_KEY } from '../../lib/content-routes';
import { formatDate } from '../../lib/format';
import { go } from '../../lib/navigate';
import { openArticle } from '../../lib/open-article';
import './home-widgets.scss';
import { PAGES } from '../../../shared/pages';

/** 一本书、一张卡、一个号 on the home page: handbook search, my card, the latest articles. */
export function HomeNeighbourWidgets() {
  const session = useSession();
  const [q, setQ] = useState('');
  const consented = Boolean(session?.user.privacyConsentAt);
  const card = useQuery(consented ? `home/card/${session!.user.id}` : null, () => cardApi.mine(), { reloadOnShow: true });
  const links = useQuery('home/links', () => linksApi.list(3), { reloadOnShow: true });

  const search = (value: string) => {
    const words = value.trim();
    if (words) Taro.setStorageSync(PENDING_HANDBOOK_QUERY_KEY, words);
    setQ('');
    go(PAGES.tabs.handbook);
  };

  return (
    <View className="home-nb">
      <View className="home-nb__search" data-testid="home-handbook-search">
        <SearchBar value={q} placeholder="查办事指南：养老、低保、体检…" onChange={(v: string) => setQ(v)} onSearch={search} shape="round" rightIn={<Text className="home-nb__search-go" onClick={() => search(q)}>查</Text>} />
      </View>

      <View className="home-nb__card" hoverClass="home-nb__card--pressed" onClick={() => go(PAGES.card.index)} data-testid="home-card-shortcut" role="button">
        <View className="home-nb__card-icon">
          <HeartF />
        </View>
        <View className="home-nb__card-text">
          <Text className="home-nb__card-title">我的邻里亲情卡</Text>
          <Text className="home-nb__card-desc">
            {card.data ? `${card.data.number} · 出示二维码、一键呼叫网格员` : '还没填写？填好后急事时网格员和家人第一时间找到您'}
          </Text>
        </View>
        <ArrowRight />
      </View>

      <Section title="街道公众号 · 最新文章" action="全部" onAction={() => go(PAGES.links.index)}>
        <View className="home-nb__articles">
          {links.data?.items.map((a) => (
            <View key={a.id} className="home-nb__article" hoverClass="home-nb__card--pressed" onClick={() => openArticle(a.url)} data-testid="home-article" role="link">
              <Text className="home-nb__article-title">
                {a.pinned ? <Text className="home-nb__pin">置顶</Text> : null}
                {a.title}
              </Text>
              <Text className="home-nb__article-date">{formatDate(a.publishedAt)}</Text>
            </View>
          ))}
          {links.error ? <Text className="sn-muted">文章暂时没能加载，稍后再看。</Text> : null}
        </View>
      </Section>
    </View>
  );
}
