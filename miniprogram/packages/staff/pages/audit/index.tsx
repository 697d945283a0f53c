import { Picker, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import type { z } from 'zod';
import { AUDIT_ACTION_NAMES, type AuditEntrySchema } from '../../../../../shared/admin';
import { streetDateIn, streetDateTimeText, streetDayAfter } from '../../../../../shared/time';
import { ErrorState } from '../../../../components/error-state';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageHeader } from '../../../../components/page-header';
import { PageRoot } from '../../../../components/page-root';
import { usePagedList } from '../../../../hooks/use-paged-list';
import { useQuery } from '../../../../hooks/use-query';
import { useSession } from '../../../../hooks/use-session';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { adminApi, type AuditFilter } from '../../api';
import './index.scss';

type Entry = z.infer<typeof AuditEntrySchema>;

const ACTIONS = Object.entries(AUDIT_ACTION_NAMES).map(([key, name]) => ({ key, name }));
const ACTION_OPTIONS = ['全部操作', ...ACTIONS.map((a) => a.name)];
const FILE_NAME = '操作记录.csv';
/** Quick groups by what was touched; the pickers below narrow further. */
const GROUPS: { key: string; label: string; targetType?: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'card', label: '查看亲情卡', targetType: 'card' },
  { key: 'request', label: '订单', targetType: 'service_request' },
  { key: 'feedback', label: '问题', targetType: 'feedback' },
  { key: 'shift', label: '班次', targetType: 'shift' },
  { key: 'user', label: '账号与角色', targetType: 'user' },
];

const dayText = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

function Row({ e }: { e: Entry }) {
  return (
    <View className="audit-row" data-testid="audit-row">
      <View className="audit-row__head">
        <Text className="audit-row__action">{e.actionName}</Text>
        <Text className="audit-row__time">{streetDateTimeText(new Date(e.createdAt), new Date())}</Text>
      </View>
      <Text className="audit-row__who">
        {e.actorName ?? '系统'}
        {e.actorRoleName ? `（${e.actorRoleName}）` : ''}
        {e.targetLabel ? ` · ${e.targetLabel}` : ''}
      </Text>
      {e.subjectName && e.subjectName !== e.targetLabel ? <Text className="audit-row__detail">涉及：{e.subjectName}</Text> : null}
      {e.details.length ? <Text className="audit-row__detail">{e.details.map((d) => `${d.label}：${d.value}`).join('；')}</Text> : null}
    </View>
  );
}

/** Saves the CSV: H5 downloads it; WeChat sends the file to a chat (the way a phone shares a file). */
async function exportCsv(filter: AuditFilter) {
  const { url, header } = adminApi.auditExport(filter);
  try {
    if (process.env.TARO_ENV === 'h5') {
      const res = await fetch(url, { headers: header });
      if (!res.ok) throw new Error(String(res.status));
      const href = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = href;
      a.download = FILE_NAME;
      a.click();
      setTimeout(() => URL.revokeObjectURL(href), 10_000);
      return;
    }
    const file = await Taro.downloadFile({ url, header });
    if (file.statusCode !== 200) throw new Error(String(file.statusCode));
    await Taro.shareFileMessage({ filePath: file.tempFilePath, fileName: FILE_NAME });
  } catch {
    void Taro.showToast({ title: '导出没有成功，请稍后再试', icon: 'none' });
  }
}

/** 操作记录 (admin): who did what to whom, and when — every staff action and every card scan. */
export default function AuditPage() {
  const gate = usePageGuard('staff');
  const user = useSession()?.user;
  const isAdmin = user?.role === 'admin';
  const [group, setGroup] = useState(GROUPS[0]);
  const [action, setAction] = useState(0);
  const [actor, setActor] = useState(0);
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const staff = useQuery(isAdmin ? 'audit/actors' : null, async () => {
    const [admins, workers] = await Promise.all([adminApi.users({ role: 'admin' }), adminApi.users({ role: 'staff' })]);
    return [...admins.items, ...workers.items];
  });
  const actors = staff.data ?? [];
  const filter: AuditFilter = {
    targetType: group.targetType,
    action: action ? ACTIONS[action - 1].key : undefined,
    actorId: actor ? actors[actor - 1]?.id : undefined,
    from: fromDay ? `${fromDay}T00:00:00+08:00` : undefined,
    to: toDay ? `${streetDayAfter(toDay, 1)}T00:00:00+08:00` : undefined,
  };
  const key = `audit/${group.key}/${filter.action ?? ''}/${filter.actorId ?? ''}/${fromDay}/${toDay}`;
  const list = usePagedList(isAdmin ? key : null, (cursor) => adminApi.audit(filter, cursor));
  const items = list.items;
  const filtered = Boolean(group.targetType || action || actor || fromDay || toDay);

  const clear = () => {
    setGroup(GROUPS[0]);
    setAction(0);
    setActor(0);
    setFromDay('');
    setToDay('');
  };

  if (gate) return gate;
  return (
    <PageRoot>
      <PageHeader eyebrow="工作台 · 管理员" title="操作记录" subtitle="工作人员的每一次操作和每一次查看亲情卡都留有记录" />
      <View className="sn-body">
        {user && !isAdmin ? <Text className="audit-empty">操作记录仅管理员可以查看</Text> : null}
        <View className="sn-card audit-filters" data-testid="audit-filters">
          <View className="audit-groups">
            {GROUPS.map((g) => (
              <Text key={g.key} className={`audit-chip ${g.key === group.key ? 'audit-chip--on' : ''}`} onClick={() => setGroup(g)} data-testid={`audit-filter-${g.key}`}>
                {g.label}
              </Text>
            ))}
          </View>
          <Picker mode="selector" range={ACTION_OPTIONS} value={action} onChange={(e) => setAction(Number(e.detail.value))}>
            <Text className={`audit-chip ${action ? 'audit-chip--on' : ''}`} data-testid="audit-filter-action">{ACTION_OPTIONS[action]}</Text>
          </Picker>
          <Picker mode="selector" range={['全部人员', ...actors.map((a) => a.displayName)]} value={actor} onChange={(e) => setActor(Number(e.detail.value))}>
            <Text className={`audit-chip ${actor ? 'audit-chip--on' : ''}`} data-testid="audit-filter-actor">{actor ? actors[actor - 1]?.displayName : '全部人员'}</Text>
          </Picker>
          <Picker mode="date" value={fromDay || streetDateIn(-7)} end={toDay || streetDateIn(0)} onChange={(e) => setFromDay(String(e.detail.value))}>
            <Text className={`audit-chip ${fromDay ? 'audit-chip--on' : ''}`} data-testid="audit-filter-from">{fromDay ? `${dayText(fromDay)}起` : '开始日期'}</Text>
          </Picker>
          <Picker mode="date" value={toDay || streetDateIn(0)} start={fromDay || undefined} end={streetDateIn(0)} onChange={(e) => setToDay(String(e.detail.value))}>
            <Text className={`audit-chip ${toDay ? 'audit-chip--on' : ''}`} data-testid="audit-filter-to">{toDay ? `至${dayText(toDay)}` : '结束日期'}</Text>
          </Picker>
          {filtered ? (
            <Text className="audit-chip" onClick={clear} data-testid="audit-filter-clear">清除筛选</Text>
          ) : null}
        </View>
        {isAdmin ? (
          <Button className="audit-export" fill="outline" block onClick={() => void exportCsv(filter)} data-testid="audit-export">
            {filtered ? '导出筛选结果（Excel 可打开的 CSV）' : '导出全部记录（Excel 可打开的 CSV）'}
          </Button>
        ) : null}
        {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
        {list.loading ? <LoadingSkeleton blocks={2} /> : null}
        {list.data && !items.length ? <Text className="audit-empty">暂无记录</Text> : null}
        {items.length ? (
          <View className="sn-card audit-list">
            {items.map((e) => (
              <Row key={e.id} e={e} />
            ))}
          </View>
        ) : null}
        {list.hasMore ? (
          <Button className="audit-more" block fill="outline" loading={list.loadingMore} onClick={list.loadMore}>
            查看更早的记录
          </Button>
        ) : null}
      </View>
    </PageRoot>
  );
}
