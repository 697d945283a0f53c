import { Text, View } from '@tarojs/components';
import { SearchBar } from '@nutui/nutui-react-taro';
import { ArrowRight, Close, Edit, Message, Phone } from '@nutui/icons-react-taro';
import { EntryRow } from './entry-row';
import Taro, { useDidShow } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { HANDBOOK_CATEGORIES, handbookCategoryName, type HandbookCategoryKey } from '../../../shared/handbook-categories';
import { handbookApi } from '../../api/content';
import { ErrorState } from '../../components/error-state';
import { LoadingSkeleton } from '../../components/loading-skeleton';
import { PageHeader } from '../../components/page-header';
import { PageRoot } from '../../components/page-root';
import { Section } from '../../components/section';
import { useQuery } from '../../hooks/use-query';
import { useIsStaff } from '../../hooks/use-session';
import { useStreetSettings } from '../../hooks/use-street-settings';
import { PENDING_HANDBOOK_QUERY_KEY } from '../../lib/content-routes';
import { callPhone } from '../../lib/device';
import { go } from '../../lib/navigate';
import { useBadges } from '../../hooks/use-badges';
import './index.scss';
import { PAGES } from '../../../shared/pages';

/** Waits until the user pauses typing, so every keystroke is not a request. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export default function HandbookPage() {
  // Keeps the 我的 tab's unread count current whichever tab the user opens.
  useBadges();
  const isStaff = useIsStaff();
  const { hotline } = useStreetSettings();
  const [input, setInput] = useState('');
  const [category, setCategory] = useState<HandbookCategoryKey | null>(null);
  const q = useDebounced(input.trim(), 350);

  // The home page's search box hands over its words (a tab switch carries no query).
  useDidShow(() => {
    const pending = Taro.getStorageSync(PENDING_HANDBOOK_QUERY_KEY) as string | undefined;
    if (pending) {
      Taro.removeStorageSync(PENDING_HANDBOOK_QUERY_KEY);
      setCategory(null);
      setInput(pending);
    }
  });

  const categories = useQuery('handbook/categories', () => handbookApi.categories(), { reloadOnShow: true });
  const listKey = q || category ? `handbook/list?q=${q}&c=${category ?? ''}` : null;
  const list = useQuery(listKey, () => handbookApi.list({ q: q || undefined, category: category ?? undefined }));

  const counts = new Map((categories.data?.items ?? []).map((c) => [c.key, c.count]));
  const open = (id: string) => go(PAGES.handbook.entry, { id });
  const heading = q ? `“${q}”的搜索结果` : category ? `${handbookCategoryName(category)}类事项` : '';
  // A chosen category keeps narrowing a search, so it stays in sight as a chip with ×
  // while the category grid is hidden (a hidden filter made 民政 → 养老 find nothing).
  const scoped = Boolean(q && category);

  return (
    <PageRoot className="handbook">
      <PageHeader eyebrow="一本书" title="人民服务手册" subtitle="要办什么事、带什么材料、去哪里办，一查就知道" />
      <View className="sn-body">
        <View className="handbook__search" data-testid="handbook-search">
          <SearchBar
            value={input}
            placeholder="搜索事项，如：养老、低保、体检"
            onChange={(v: string) => setInput(v)}
            onSearch={(v: string) => setInput(v)}
            onClear={() => setInput('')}
            shape="round"
          />
        </View>

        {isStaff ? (
          <View className="hb-staffbar" hoverClass="hb-row--pressed" onClick={() => go(PAGES.staff.handbookAdmin)} data-testid="handbook-staff-edit">
            <Edit />
            <Text className="hb-staffbar__text">维护手册事项（工作人员）</Text>
            <ArrowRight />
          </View>
        ) : null}

        {listKey ? (
          <Section title={heading} action={category && !q ? '看全部类别' : undefined} onAction={() => setCategory(null)}>
            {list.loading ? <LoadingSkeleton blocks={2} /> : null}
            {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
            {scoped && category ? (
              <View className="hb-filter" data-testid="handbook-filter">
                <Text className="hb-filter__label">只在</Text>
                <View className="hb-filter__chip" hoverClass="handbook__chapter--pressed" onClick={() => setCategory(null)} data-testid="handbook-filter-clear">
                  <Text>{handbookCategoryName(category)}</Text>
                  <Close size={14} />
                </View>
                <Text className="hb-filter__label">类中搜索，点 × 搜全部</Text>
              </View>
            ) : null}
            {list.data && list.data.items.length === 0 ? (
              <View className="sn-card hb-empty" data-testid="handbook-empty">
                <Text className="sn-title">{scoped && category ? `“${handbookCategoryName(category)}”类里没有找到相关事项` : '没有找到相关事项'}</Text>
                <Text className="sn-muted">换个说法试试，比如“养老”“医保”“残疾”；也可以留言问社区，或直接打电话问。</Text>
                {scoped ? (
                  <View className="hb-empty__action hb-empty__action--plain" hoverClass="hb-row--pressed" onClick={() => setCategory(null)} data-testid="handbook-empty-all">
                    <Text>在全部类别中搜索“{q}”</Text>
                    <ArrowRight />
                  </View>
                ) : null}
                <View className="hb-empty__actions">
                  <View className="hb-empty__action" hoverClass="hb-row--pressed" onClick={() => go(PAGES.feedback.create)} data-testid="handbook-empty-ask">
                    <Message />
                    <Text>留言问社区</Text>
                  </View>
                  <View className="hb-empty__action" hoverClass="hb-row--pressed" onClick={() => void callPhone(hotline)} data-testid="handbook-empty-call">
                    <Phone />
                    <Text>一键拨打 {hotline}</Text>
                  </View>
                </View>
              </View>
            ) : null}
            <View className="hb-list">
              {list.data?.items.map((item) => <EntryRow key={item.id} item={item} onClick={() => open(item.id)} showCategory={Boolean(q)} />)}
            </View>
          </Section>
        ) : null}

        {!q ? (
          <Section title="按类别查找">
            {categories.error ? <ErrorState error={categories.error} onRetry={categories.reload} /> : null}
            <View className="handbook__grid">
              {HANDBOOK_CATEGORIES.map((c) => (
                <View
                  key={c.key}
                  className={`handbook__chapter ${category === c.key ? 'handbook__chapter--on' : ''}`}
                  hoverClass="handbook__chapter--pressed"
                  onClick={() => setCategory(category === c.key ? null : c.key)}
                  data-testid={`chapter-${c.key}`}
                >
                  <Text className="handbook__chapter-name">
                    {c.name}
                    {counts.has(c.key) ? <Text className="handbook__chapter-count"> {counts.get(c.key)}项</Text> : null}
                  </Text>
                  <Text className="handbook__chapter-eg">{c.examples}</Text>
                </View>
              ))}
            </View>
          </Section>
        ) : null}

        <View className="sn-card handbook__tips">
          <Text className="sn-title">办事小贴士</Text>
          <Text className="handbook__tip">· 办理大多数事项请带好本人身份证和户口簿。</Text>
          <Text className="handbook__tip">· 标有“可预约”的事项，可以在事项页直接预约上门或陪同服务。</Text>
          <Text className="handbook__tip">· 不清楚找谁办，可联系您所在网格的网格员。</Text>
        </View>
      </View>
    </PageRoot>
  );
}
