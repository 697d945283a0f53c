import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import * as z from 'zod';
import { AUDIT_ACTION_NAMES, AuditEntrySchema } from '../../../../../shared/admin';
import { ROLE_NAMES, type Role } from '../../../../../shared/auth';
import { ErrorState } from '../../../../components/error-state';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageHeader } from '../../../../components/page-header';
import { PageRoot } from '../../../../components/page-root';
import { useQuery } from '../../../../hooks/use-query';
import { useSession } from '../../../../hooks/use-session';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { staffApi } from '../../api';
import './index.scss';

type Entry = z.infer<typeof AuditEntrySchema>;

const FILTERS: { key: string; label: string; targetType?: string; action?: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'card', label: '查看亲情卡', action: 'card.scanned' },
  { key: 'request', label: '订单', targetType: 'request' },
  { key: 'feedback', label: '问题', targetType: 'feedback' },
  { key: 'shift', label: '班次', targetType: 'shift' },
  { key: 'user', label: '账号与角色', targetType: 'user' },
];

const fetchPage = (f: (typeof FILTERS)[number], cursor?: string) =>
  staffApi.audit({ cursor, action: f.action, targetType: f.targetType });

function Row({ e }: { e: Entry }) {
  const t = e.createdAt;
  const detail = Object.entries(e.detail ?? {})
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
    .slice(0, 3)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join('；');
  return (
    <View className="audit-row" data-testid="audit-row">
      <View className="audit-row__head">
        <Text className="audit-row__action">{AUDIT_ACTION_NAMES[e.action] ?? e.action}</Text>
        <Text className="audit-row__time">{`${t.slice(5, 10)} ${t.slice(11, 16)}`}</Text>
      </View>
      <Text className="audit-row__who">
        {e.actorName ?? '系统'}
        {e.actorRole ? `（${ROLE_NAMES[e.actorRole as Role] ?? e.actorRole}）` : ''}
        {e.targetId ? ` · ${e.targetType} ${e.targetId.slice(0, 8)}` : ''}
      </Text>
      {detail ? <Text className="audit-row__detail">{detail}</Text> : null}
    </View>
  );
}

/** 操作记录 (admin): who did what to whom, and when — every staff action and every card scan. */
export default function AuditPage() {
  const gate = usePageGuard('staff');
  const user = useSession()?.user;
  const [filter, setFilter] = useState(FILTERS[0]);
  const [more, setMore] = useState<{ items: Entry[]; nextCursor: string | null } | null>(null);
  const first = useQuery(user?.role === 'admin' ? `audit/${filter.key}` : null, () => fetchPage(filter));
  const items = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const cursor = more ? more.nextCursor : (first.data?.nextCursor ?? null);

  const choose = (f: (typeof FILTERS)[number]) => {
    setMore(null);
    setFilter(f);
  };
  const loadMore = async () => {
    if (!cursor) return;
    const next = await fetchPage(filter, cursor).catch(() => null);
    if (next) setMore((prev) => ({ items: [...(prev?.items ?? []), ...next.items], nextCursor: next.nextCursor }));
  };

  if (gate) return gate;
  return (
    <PageRoot>
      <PageHeader eyebrow="工作台 · 管理员" title="操作记录" subtitle="工作人员的每一次操作和每一次查看亲情卡都留有记录" />
      <View className="sn-body">
        {user && user.role !== 'admin' ? <Text className="audit-empty">操作记录仅管理员可以查看</Text> : null}
        <View className="audit-filters">
          {FILTERS.map((f) => (
            <Text key={f.key} className={`audit-chip ${f.key === filter.key ? 'audit-chip--on' : ''}`} onClick={() => choose(f)} data-testid={`audit-filter-${f.key}`}>
              {f.label}
            </Text>
          ))}
        </View>
        {first.error ? <ErrorState error={first.error} onRetry={first.reload} /> : null}
        {first.loading ? <LoadingSkeleton blocks={2} /> : null}
        {first.data && !items.length ? <Text className="audit-empty">暂无记录</Text> : null}
        {items.length ? (
          <View className="sn-card audit-list">
            {items.map((e) => (
              <Row key={e.id} e={e} />
            ))}
          </View>
        ) : null}
        {cursor ? (
          <Button className="audit-more" block fill="outline" onClick={loadMore}>
            查看更早的记录
          </Button>
        ) : null}
      </View>
    </PageRoot>
  );
}
