import { Text, View } from '@tarojs/components';
import { Button, SearchBar } from '@nutui/nutui-react-taro';
import { Plus } from '@nutui/icons-react-taro';
import { useEffect, useState } from 'react';
import { HANDBOOK_CATEGORIES, type HandbookCategoryKey } from '../../../../../shared/handbook';
import { handbookApi } from '../../../../api/content';
import { ErrorState } from '../../../../components/error-state';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { Banner } from '../../../../components/banner';
import { PageRoot } from '../../../../components/page-root';
import { useQuery } from '../../../../hooks/use-query';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { go } from '../../../../lib/navigate';
import { EntryRow } from '../../../../pages/handbook/entry-row';
import { SynonymsSection } from './synonyms';
import './index.scss';
import { PAGES } from '../../../../../shared/pages';

export default function HandbookAdminPage() {
  const gate = usePageGuard('staff');
  const [input, setInput] = useState('');
  const [q, setQ] = useState('');
  const [category, setCategory] = useState<HandbookCategoryKey | ''>('');
  useEffect(() => {
    const t = setTimeout(() => setQ(input.trim()), 350);
    return () => clearTimeout(t);
  }, [input]);
  const list = useQuery(
    `staff/handbook?q=${q}&c=${category}`,
    () => handbookApi.list({ q: q || undefined, category: category || undefined, includeUnpublished: true, limit: 100 }),
    { reloadOnShow: true },
  );

  if (gate) return gate;
  return (
    <PageRoot className="hb-admin">
      <Banner staff title="手册维护" text="新增、修改或下架服务事项。保存后居民马上能看到。标“可预约”的事项会出现在菜单式服务里。" />
      <View className="sn-body">
        <Button className="hb-admin__new" type="primary" size="large" block icon={<Plus />} onClick={() => go(PAGES.staff.handbookEdit)} data-testid="handbook-new">
          新增事项
        </Button>
        <View className="hb-admin__search">
          <SearchBar value={input} placeholder="搜索事项" onChange={(v: string) => setInput(v)} onClear={() => setInput('')} shape="round" />
        </View>
        <View className="hb-admin__chips">
          <Text className={`hb-admin__chip ${category === '' ? 'hb-admin__chip--on' : ''}`} onClick={() => setCategory('')}>
            全部
          </Text>
          {HANDBOOK_CATEGORIES.map((c) => (
            <Text key={c.key} className={`hb-admin__chip ${category === c.key ? 'hb-admin__chip--on' : ''}`} onClick={() => setCategory(c.key)}>
              {c.name}
            </Text>
          ))}
        </View>
        {list.loading ? <LoadingSkeleton blocks={3} rows={2} /> : null}
        {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
        {list.data?.items.map((item) => (
          <EntryRow key={item.id} item={item} showCategory onClick={() => go(PAGES.staff.handbookEdit, { id: item.id })} />
        ))}
        {list.data && list.data.items.length === 0 ? <Text className="sn-muted">没有符合条件的事项。</Text> : null}
        <SynonymsSection />
      </View>
    </PageRoot>
  );
}
