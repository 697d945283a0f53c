import { Text, View } from '@tarojs/components';
import { Articles, Comment, Link, Location, Order, Scan, Setting, ShieldCheck, Star, User, UserAdd } from '@nutui/icons-react-taro';
import type { Dashboard } from '../../../../../shared/dashboard';
import { ROLE_NAMES } from '../../../../../shared/auth';
import { POST_TYPE_INFO, type PostType } from '../../../../../shared/redpost';
import { deskApi } from '../../../../api/desk';
import { EntryGrid, EntryTile } from '../../../../components/entry-grid';
import { ErrorState } from '../../../../components/error-state';
import { LoadingSkeleton } from '../../../../components/loading-skeleton';
import { PageHeader } from '../../../../components/page-header';
import { PageRoot } from '../../../../components/page-root';
import { Section } from '../../../../components/section';
import { useQuery } from '../../../../hooks/use-query';
import { useSession } from '../../../../hooks/use-session';
import { usePageGuard } from '../../../../hooks/use-page-guard';
import { go } from '../../../../lib/navigate';
import { formatDateTime, formatDay } from '../../../../lib/format';
import { BarList, ColumnChart, formatNumber } from '../../components/charts';
import './index.scss';
import { PAGES } from '../../../../../shared/pages';

/** 12月7日 16:30 (docs/copy-guide.md); chart axes, short of room, read 12/7. */
const md = (iso: string) => formatDay(iso);
const axis = (iso: string) => `${Number(iso.slice(5, 7))}/${Number(iso.slice(8, 10))}`;
const hm = (iso: string) => iso.slice(11, 16);
const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const weekday = (iso: string) => WEEKDAYS[new Date(`${iso.slice(0, 10)}T12:00:00+08:00`).getUTCDay()];
const monthLabel = (m: string) => `${Number(m.slice(5, 7))}月`;
const TOP_PARTIES = 6;

function Stat({ label, value, hint, tone, testId, onClick }: { label: string; value: string | number; hint?: string; tone?: 'warn' | 'ok' | 'plain'; testId: string; onClick?: () => void }) {
  return (
    <View className={`desk-stat desk-stat--${tone ?? 'plain'} ${onClick ? 'desk-stat--tap' : ''}`} data-testid={testId} onClick={onClick} hoverClass={onClick ? 'desk-stat--pressed' : undefined}>
      <Text className="desk-stat__value">{value}</Text>
      <Text className="desk-stat__label">{label}</Text>
      {hint ? <Text className="desk-stat__hint">{hint}</Text> : null}
    </View>
  );
}

function QueueRow({ title, meta, badge, warn, onClick, testId }: { title: string; meta: string; badge?: string; warn?: boolean; onClick: () => void; testId?: string }) {
  return (
    <View className="desk-row" hoverClass="desk-row--pressed" onClick={onClick} data-testid={testId}>
      <View className="desk-row__text">
        <Text className="desk-row__title">{title}</Text>
        <Text className="desk-row__meta">{meta}</Text>
      </View>
      {badge ? <Text className={`desk-row__badge ${warn ? 'desk-row__badge--warn' : ''}`}>{badge}</Text> : null}
      <Text className="desk-row__go">›</Text>
    </View>
  );
}

function Queues({ d }: { d: Dashboard }) {
  const q = d.queues;
  return (
    <View className="desk-col">
      <Section title={`超期问题 ${d.overdueFeedback}`} action="全部" onAction={() => go(PAGES.feedback.inbox, { overdue: 1 })}>
        <View className="sn-card desk-list" data-testid="queue-overdue">
          {q.overdueFeedback.length ? (
            q.overdueFeedback.map((f) => (
              <QueueRow key={f.id} title={f.title} meta={`${f.code} · ${f.responsibleParty ?? '未定责任主体'}`} badge={`${md(f.deadline)} 到期`} warn onClick={() => go(PAGES.feedback.handle, { id: f.id })} />
            ))
          ) : (
            <Text className="desk-empty">没有超期的问题，很好</Text>
          )}
        </View>
      </Section>
      <Section title={`新问题 ${d.newFeedback}`} action="全部" onAction={() => go(PAGES.feedback.inbox)}>
        <View className="sn-card desk-list" data-testid="queue-new-feedback">
          {q.newFeedback.length ? (
            q.newFeedback.map((f) => <QueueRow key={f.id} title={f.title} meta={`${f.code} · ${formatDateTime(f.createdAt)} 反映`} badge="待受理" onClick={() => go(PAGES.feedback.handle, { id: f.id })} />)
          ) : (
            <Text className="desk-empty">新问题都已受理</Text>
          )}
        </View>
      </Section>
      <Section title={`待派单 ${d.ordersAwaitingDispatch}`} action="全部" onAction={() => go(PAGES.requests.hub, { scope: 'all' })}>
        <View className="sn-card desk-list" data-testid="queue-dispatch">
          {q.awaitingDispatch.length ? (
            q.awaitingDispatch.map((o) => <QueueRow key={o.id} title={o.serviceTitle} meta={`${o.code} · ${o.description}`} badge="去派单" onClick={() => go(PAGES.requests.dispatch, { id: o.id })} />)
          ) : (
            <Text className="desk-empty">没有等待派单的订单</Text>
          )}
        </View>
      </Section>
      <Section title={`本周还有 ${q.shifts.length} 个班次`} action="发布班次" onAction={() => go(PAGES.redpost.staffEdit)}>
        <View className="sn-card desk-list" data-testid="queue-shifts">
          {q.shifts.length ? (
            q.shifts.map((s) => {
              const gap = s.capacity - s.confirmedCount;
              return (
                <QueueRow
                  key={s.id}
                  title={`${s.today ? '今天' : weekday(s.startsAt)} ${hm(s.startsAt)}–${hm(s.endsAt)} ${s.title}`}
                  meta={`${POST_TYPE_INFO[s.postType as PostType]?.name ?? '红岗'} · ${s.location} · 已报 ${s.confirmedCount}/${s.capacity}`}
                  badge={gap > 0 ? `缺 ${gap} 人` : '已满员'}
                  warn={gap > 0}
                  onClick={() => go(PAGES.redpost.staffRoster, { id: s.id })}
                />
              );
            })
          ) : (
            <Text className="desk-empty">本周剩下的日子没有班次</Text>
          )}
        </View>
      </Section>
    </View>
  );
}

function Charts({ d }: { d: Dashboard }) {
  const s = d.series;
  const maxCategory = Math.max(1, ...s.feedbackByCategory.map((c) => c.count));
  // Who needs chasing first: lowest on-time rate, parties with nothing due yet last.
  const parties = [...s.onTimeRateByParty]
    .sort((a, b) => (a.onTimeRate ?? 2) - (b.onTimeRate ?? 2) || b.due - a.due)
    .slice(0, TOP_PARTIES);
  return (
    <View className="desk-col">
      <Section title="近 12 周服务订单">
        <View className="sn-card">
          <ColumnChart testId="chart-orders" unit="单" latest="本周" tone="teal" data={s.ordersPerWeek.map((w) => ({ label: axis(w.weekStart), value: w.count }))} />
        </View>
      </Section>
      <Section title="近 12 周居民反映问题">
        <View className="sn-card">
          <ColumnChart testId="chart-feedback" unit="件" latest="本周" data={s.feedbackPerWeek.map((w) => ({ label: axis(w.weekStart), value: w.count }))} />
        </View>
      </Section>
      <Section title="问题类别（近 12 周）">
        <View className="sn-card">
          <BarList
            testId="chart-categories"
            empty="近 12 周没有居民反映问题"
            data={s.feedbackByCategory.map((c) => ({ label: c.name, ratio: c.count / maxCategory, text: `${c.count} 件` }))}
          />
        </View>
      </Section>
      <Section title="责任主体按期办结率">
        <View className="sn-card">
          <BarList
            testId="chart-ontime"
            empty="还没有定了期限的问题"
            data={parties.map((p) => ({
              label: p.responsibleParty,
              ratio: p.onTimeRate ?? 0,
              text: p.onTimeRate === null ? '未到期' : `${Math.round(p.onTimeRate * 100)}%`,
              note: `共 ${p.count} 件，已到期 ${p.due} 件，按期办结 ${p.onTime} 件`,
              warn: p.onTimeRate !== null && p.onTimeRate < 0.8,
            }))}
          />
          {s.onTimeRateByParty.length > parties.length ? (
            <Text className="desk-empty">共 {s.onTimeRateByParty.length} 个责任主体，这里列出按期率最低的 {parties.length} 个</Text>
          ) : null}
        </View>
      </Section>
      <Section title="志愿服务时长（近 12 个月）">
        <View className="sn-card">
          <ColumnChart testId="chart-hours" unit="小时" latest="本月" tone="gold" every={2} total={s.volunteerHoursTotal} data={s.volunteerHoursPerMonth.map((m) => ({ label: monthLabel(m.month), value: m.hours }))} />
        </View>
      </Section>
    </View>
  );
}

/** 工作台: a staff member's day on one screen — what needs doing now, then how things are going. */
export default function StaffDeskPage() {
  const gate = usePageGuard('staff');
  const user = useSession()?.user;
  const staff = user?.role === 'staff' || user?.role === 'admin';
  const { data: d, error, loading, reload } = useQuery(staff ? 'staff/dashboard' : null, deskApi.dashboard, { reloadOnShow: true });

  if (gate) return gate;
  return (
    <PageRoot className="desk">
      <PageHeader
        eyebrow={user ? `${user.displayName} · ${ROLE_NAMES[user.role]}` : '工作人员'}
        title="工作台"
        subtitle={user?.staffCommunityId ? '本社区的订单、问题和班次' : '全街道的订单、问题和班次'}
      />
      <View className="sn-body">
        {error ? <ErrorState error={error} onRetry={reload} /> : null}
        {loading ? <LoadingSkeleton blocks={3} /> : null}
        {d ? (
          <>
            <View className="desk-stats" data-testid="desk-stats">
              <Stat testId="stat-dispatch" label="待派单" value={d.ordersAwaitingDispatch} hint={`进行中 ${d.openOrders} 单`} tone={d.ordersAwaitingDispatch ? 'warn' : 'ok'} onClick={() => go(PAGES.requests.hub, { scope: 'all' })} />
              <Stat testId="stat-new-feedback" label="新问题" value={d.newFeedback} hint={`未办结 ${d.openFeedback} 件`} tone={d.newFeedback ? 'warn' : 'ok'} onClick={() => go(PAGES.feedback.inbox)} />
              <Stat testId="stat-overdue" label="超期问题" value={d.overdueFeedback} hint={d.overdueFeedback ? '请尽快督办' : '没有超期'} tone={d.overdueFeedback ? 'warn' : 'ok'} onClick={() => go(PAGES.feedback.inbox, { overdue: 1 })} />
              <Stat testId="stat-gaps" label="本周缺人班次" value={d.shiftGaps} hint={`本周 ${d.shiftsThisWeek} 班 · 今天 ${d.shiftsToday} 班`} tone={d.shiftGaps ? 'warn' : 'ok'} onClick={() => go(PAGES.redpost.shifts)} />
              <Stat testId="stat-hours" label="今年志愿服务" value={`${formatNumber(d.hoursThisYear)}`} hint="小时" />
            </View>
            <View className="desk-columns">
              <Queues d={d} />
              <Charts d={d} />
            </View>
            <Text className="desk-updated">数据更新于 {formatDateTime(d.generatedAt)}，返回本页自动刷新</Text>
          </>
        ) : null}
        <Section title="常用">
          <EntryGrid>
            <EntryTile testId="staff-requests" tone="teal" icon={<Order />} title="服务派单" description="待派单、进行中的订单" onClick={() => go(PAGES.requests.hub, { scope: 'all' })} />
            <EntryTile testId="staff-feedback" tone="blue" icon={<Comment />} title="问题办理" description="回复、定责任、办结" onClick={() => go(PAGES.feedback.inbox)} />
            <EntryTile testId="staff-redpost" tone="red" icon={<Star />} title="红岗排班" description="发布班次、签到码、花名册" onClick={() => go(PAGES.redpost.shifts)} />
            <EntryTile testId="staff-volunteers" tone="red" icon={<User />} title="志愿者" description="服务时长、星级评定" onClick={() => go(PAGES.redpost.staffVolunteers)} />
            <EntryTile testId="staff-handbook" tone="gold" icon={<Articles />} title="手册维护" description="编辑服务事项" onClick={() => go(PAGES.staff.handbookAdmin)} />
            <EntryTile testId="staff-links" tone="green" icon={<Link />} title="公众号文章" description="置顶、添加、下架" onClick={() => go(PAGES.staff.linksAdmin)} />
            <EntryTile testId="staff-grids" tone="teal" icon={<Location />} title="网格与楼栋" description="划分楼栋、指定网格员" onClick={() => go(PAGES.staff.grids)} />
            {user?.role === 'admin' ? (
              <>
                <EntryTile testId="staff-users" tone="red" icon={<UserAdd />} title="用户与角色" description="授予、撤销工作人员和管理员（管理员）" onClick={() => go(PAGES.staff.users)} />
                <EntryTile testId="staff-settings" tone="gold" icon={<Setting />} title="街道设置" description="名称、公众号、热线、服务时间（管理员）" onClick={() => go(PAGES.staff.settings)} />
                <EntryTile testId="staff-audit" tone="blue" icon={<ShieldCheck />} title="操作记录" description="谁在何时做了什么（管理员）" onClick={() => go(PAGES.staff.audit)} />
                <EntryTile testId="staff-open311" tone="teal" icon={<Link />} title="Open311 接入" description="12345 与第三方应用的密钥（管理员）" onClick={() => go(PAGES.staff.open311Keys)} />
              </>
            ) : null}
            <EntryTile testId="staff-card-scan" tone="purple" icon={<Scan />} title="扫亲情卡" description="紧急时查看居民卡片（留痕）" onClick={() => go(PAGES.staff.cardScan)} />
          </EntryGrid>
        </Section>
      </View>
    </PageRoot>
  );
}
