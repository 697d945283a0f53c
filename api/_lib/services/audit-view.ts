import { eq, inArray } from 'drizzle-orm';
import { AUDIT_ACTION_NAMES } from '../../../shared/admin';
import { FEEDBACK_STATUS_NAMES, feedbackReportReasonName, type FeedbackStatus } from '../../../shared/feedback';
import { isUuid } from '../../../shared/ids';
import { ATTENDANCE_NAMES, POST_TYPE_INFO, type Attendance, type PostType } from '../../../shared/redpost';
import { REQUEST_STATUS_NAMES, type RequestStatus } from '../../../shared/requests';
import { ROLE_NAMES, type Role } from '../../../shared/roles';
import { streetDateTimeText } from '../../../shared/time';
import { schema, type DbOrTx } from '../db';

/**
 * The audit log as people read it: the action in Chinese, people and communities by name,
 * the object by its title or code, times as 12月7日 16:30 — never a code, a uuid or a field
 * name. Shared by the audit page and its CSV export.
 */
export interface AuditRow {
  id: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  subjectUserId: string | null;
  detail: Record<string, unknown>;
  createdAt: Date;
  actorName: string | null;
}

export interface AuditDetail {
  label: string;
  value: string;
}

type Names = Map<string, string>;
interface Lookups {
  users: Names;
  communities: Names;
  targets: Map<string, Names>;
}

const roleName = (r: unknown) => (typeof r === 'string' ? (ROLE_NAMES[r as Role] ?? null) : null);
const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
const statusName = (action: string, s: unknown) => {
  if (typeof s !== 'string') return null;
  if (action.startsWith('feedback.')) return FEEDBACK_STATUS_NAMES[s as FeedbackStatus] ?? null;
  if (action.startsWith('request.')) return REQUEST_STATUS_NAMES[s as RequestStatus] ?? null;
  return null;
};
const when = (v: unknown, now: Date) => {
  if (typeof v !== 'string') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : streetDateTimeText(d, now);
};
const minutesText = (m: unknown) => (typeof m === 'number' ? `${Math.round((m / 60) * 10) / 10} 小时` : null);

/** The ids each row names, gathered so one query per table resolves a whole page. */
function idsOf(rows: AuditRow[]) {
  const users = new Set<string>();
  const communities = new Set<string>();
  const targets = new Map<string, Set<string>>();
  for (const r of rows) {
    if (r.subjectUserId) users.add(r.subjectUserId);
    const d = r.detail ?? {};
    for (const k of ['assigneeId', 'previousAssigneeId']) if (typeof d[k] === 'string' && isUuid(d[k] as string)) users.add(d[k] as string);
    for (const k of ['communityId', 'staffCommunityId']) if (typeof d[k] === 'string' && isUuid(d[k] as string)) communities.add(d[k] as string);
    if (r.targetId && isUuid(r.targetId)) {
      const type = r.targetType === 'volunteer' ? 'user' : r.targetType;
      if (type === 'user') users.add(r.targetId);
      else {
        if (!targets.has(type)) targets.set(type, new Set());
        targets.get(type)!.add(r.targetId);
      }
    }
  }
  return { users, communities, targets };
}

async function lookUp(db: DbOrTx, rows: AuditRow[], now: Date): Promise<Lookups> {
  const ids = idsOf(rows);
  const list = (s: Set<string> | undefined) => [...(s ?? [])];
  const u = schema.users;
  const c = schema.communities;
  const f = schema.feedbackItems;
  const o = schema.serviceRequests;
  const h = schema.handbookEntries;
  const l = schema.officialLinks;
  const sh = schema.shifts;
  const card = schema.cards;
  const none = Promise.resolve([] as { id: string; label: string }[]);
  const t = ids.targets;
  const [users, communities, feedback, orders, handbook, links, shifts, cards] = await Promise.all([
    ids.users.size ? db.select({ id: u.id, name: u.displayName, deletedAt: u.deletedAt }).from(u).where(inArray(u.id, list(ids.users))) : Promise.resolve([]),
    ids.communities.size ? db.select({ id: c.id, label: c.name }).from(c).where(inArray(c.id, list(ids.communities))) : none,
    t.get('feedback')?.size ? db.select({ id: f.id, code: f.code, title: f.title }).from(f).where(inArray(f.id, list(t.get('feedback')))) : Promise.resolve([]),
    t.get('service_request')?.size
      ? db.select({ id: o.id, code: o.code, title: h.title }).from(o).leftJoin(h, eq(h.id, o.serviceId)).where(inArray(o.id, list(t.get('service_request'))))
      : Promise.resolve([]),
    t.get('handbook_entry')?.size ? db.select({ id: h.id, label: h.title }).from(h).where(inArray(h.id, list(t.get('handbook_entry')))) : none,
    t.get('official_link')?.size ? db.select({ id: l.id, label: l.title }).from(l).where(inArray(l.id, list(t.get('official_link')))) : none,
    t.get('shift')?.size ? db.select({ id: sh.id, title: sh.title, startsAt: sh.startsAt }).from(sh).where(inArray(sh.id, list(t.get('shift')))) : Promise.resolve([]),
    t.get('card')?.size ? db.select({ id: card.id, label: card.number }).from(card).where(inArray(card.id, list(t.get('card')))) : none,
  ]);
  const map = (xs: { id: string; label: string }[]) => new Map(xs.map((x) => [x.id, x.label]));
  return {
    users: new Map(users.map((x) => [x.id, x.deletedAt ? '已注销用户' : x.name])),
    communities: map(communities),
    targets: new Map([
      ['feedback', map(feedback.map((x) => ({ id: x.id, label: `${x.code} ${x.title}` })))],
      ['service_request', map(orders.map((x) => ({ id: x.id, label: x.title ? `${x.code} ${x.title}` : x.code })))],
      ['handbook_entry', map(handbook)],
      ['official_link', map(links)],
      ['shift', map(shifts.map((x) => ({ id: x.id, label: `${x.title}（${streetDateTimeText(x.startsAt, now)}）` })))],
      ['card', map(cards.map((x) => ({ id: x.id, label: `亲情卡 ${x.label}` })))],
    ]),
  };
}

function targetLabel(r: AuditRow, k: Lookups): string | null {
  if (r.targetType === 'street_settings') return '街道设置';
  if (r.targetType === 'handbook_synonym') return `搜索同义词 ${str(r.detail?.term) ?? ''} → ${str(r.detail?.target) ?? ''}`;
  if (!r.targetId) return null;
  if (r.targetType === 'user' || r.targetType === 'volunteer') return k.users.get(r.targetId) ?? null;
  const label = k.targets.get(r.targetType)?.get(r.targetId);
  if (label) return label;
  // The object is gone (or was never a row): the title or code the action recorded still says what it was.
  const d = r.detail ?? {};
  return str(d.title) ?? str(d.code) ?? (typeof d.number === 'string' ? `亲情卡 ${d.number}` : null);
}

/** The detail, key by key, in words; anything not named here is left out rather than shown raw. */
function detailsOf(r: AuditRow, k: Lookups, now: Date): AuditDetail[] {
  const d = r.detail ?? {};
  const out: AuditDetail[] = [];
  const add = (label: string, value: string | null | undefined) => {
    if (value !== null && value !== undefined && value !== '') out.push({ label, value });
  };
  const person = (v: unknown) => (typeof v === 'string' ? (k.users.get(v) ?? '已注销用户') : null);
  if (r.action === 'user.role_granted') {
    add('原角色', roleName(d.from));
    add('新角色', roleName(d.to));
    if (d.to === 'staff') add('负责范围', typeof d.staffCommunityId === 'string' ? (k.communities.get(d.staffCommunityId) ?? '某社区') : '全街道');
    if (d.via === 'cli') add('方式', '命令行');
    return out;
  }
  if (r.action === 'settings.updated' && Array.isArray(d.changed)) {
    for (const c of d.changed as { field?: unknown; from?: unknown; to?: unknown }[]) add(str(c.field) ?? '设置', `${str(c.from) || '（空）'} → ${str(c.to) || '（空）'}`);
    return out;
  }
  if (r.action === 'shift.updated' || r.action === 'shift.attendance_corrected') {
    const b = (d.before ?? {}) as Record<string, unknown>;
    const a = (d.after ?? {}) as Record<string, unknown>;
    if (b.title !== a.title) add('标题', `${str(b.title) ?? ''} → ${str(a.title) ?? ''}`);
    if (b.capacity !== a.capacity) add('名额', `${str(b.capacity) ?? ''} → ${str(a.capacity) ?? ''}`);
    if (b.startsAt !== a.startsAt) add('开始时间', `${when(b.startsAt, now) ?? ''} → ${when(a.startsAt, now) ?? ''}`);
    if (b.attendance !== a.attendance) add('考勤', `${ATTENDANCE_NAMES[b.attendance as Attendance] ?? ''} → ${ATTENDANCE_NAMES[a.attendance as Attendance] ?? ''}`);
    if (b.minutes !== a.minutes && (typeof b.minutes === 'number' || typeof a.minutes === 'number')) add('时长', `${minutesText(b.minutes) ?? '无'} → ${minutesText(a.minutes) ?? '无'}`);
    if (typeof d.promoted === 'number' && d.promoted > 0) add('候补转正', `${d.promoted} 人`);
    add('备注', str(d.note));
    return out;
  }
  if (r.action.startsWith('feedback.report_')) add('举报原因', typeof d.reason === 'string' ? feedbackReportReasonName(d.reason) : null);
  else add('原因', str(d.reason));
  add('责任主体', str(d.responsibleParty));
  add('完成期限', when(d.deadline, now));
  add('原状态', statusName(r.action, d.from));
  add('派给', person(d.assigneeId));
  if (d.previousAssigneeId) add('原接单人', person(d.previousAssigneeId));
  add('代谁下单', str(d.onBehalfOf));
  add('红岗', typeof d.postType === 'string' ? (POST_TYPE_INFO[d.postType as PostType]?.name ?? null) : null);
  add('名额', typeof d.capacity === 'number' ? `${d.capacity} 人` : null);
  add('开始时间', when(d.startsAt, now));
  add('已通知', typeof d.notified === 'number' ? `${d.notified} 人` : null);
  add('社区', typeof d.communityId === 'string' ? (k.communities.get(d.communityId) ?? null) : null);
  add('姓名', str(d.realName));
  add('年度', typeof d.year === 'number' ? `${d.year} 年` : null);
  if (typeof d.stars === 'number') add('星级', `${typeof d.before === 'number' ? `${d.before} 星 → ` : ''}${d.stars} 星`);
  if (r.action === 'resident.searched') {
    add('查找方式', d.by === 'phone' ? '手机号' : '姓名');
    add('查找内容', str(d.query));
    add('找到', typeof d.found === 'number' ? `${d.found} 人` : null);
  }
  if (r.action === 'card.looked_up' || r.action === 'card.lookup_missed') {
    add('查找方式', d.by === 'number' ? '卡号' : '楼栋房号');
    if (r.action === 'card.lookup_missed') {
      add('查找内容', d.by === 'number' ? str(d.number) : [d.building, d.unit, d.room, d.name].map(str).filter(Boolean).join(' '));
      add('找到', typeof d.matches === 'number' ? (d.matches ? `${d.matches} 张以上，未显示` : '没有') : null);
    }
  }
  if (typeof d.reportsSettled === 'number' && d.reportsSettled > 0) add('一并处理的举报', `${d.reportsSettled} 条`);
  if (d.republished === true) add('重新上架', '是');
  if (typeof d.pinned === 'boolean' && r.action === 'link.updated') add('置顶', d.pinned ? '是' : '否');
  if (r.action === 'user.deleted') {
    add('取消的订单', typeof d.ordersCancelled === 'number' ? `${d.ordersCancelled} 单` : null);
    add('退回的订单', typeof d.ordersReleased === 'number' ? `${d.ordersReleased} 单` : null);
    add('撤回的报名', typeof d.signupsWithdrawn === 'number' ? `${d.signupsWithdrawn} 个` : null);
  }
  return out;
}

const STAFF_ROLES = new Set(['staff', 'admin']);

/** A role change that takes staff or admin away reads as 撤销角色 (the route and the action code are one for both). */
function actionName(r: AuditRow): string {
  if (r.action === 'user.role_granted' && STAFF_ROLES.has(String(r.detail?.from)) && !STAFF_ROLES.has(String(r.detail?.to))) return '撤销角色';
  return AUDIT_ACTION_NAMES[r.action] ?? '其他操作';
}

export async function presentAudit(db: DbOrTx, rows: AuditRow[], now: Date) {
  const k = await lookUp(db, rows, now);
  return rows.map((r) => ({
    id: r.id,
    actorId: r.actorId,
    actorRole: r.actorRole,
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    detail: r.detail,
    subjectUserId: r.subjectUserId,
    actorName: r.actorName,
    actionName: actionName(r),
    actorRoleName: r.actorRole === 'cli' ? '命令行' : roleName(r.actorRole),
    targetLabel: targetLabel(r, k),
    subjectName: r.subjectUserId ? (k.users.get(r.subjectUserId) ?? '已注销用户') : null,
    details: detailsOf(r, k, now),
    createdAt: r.createdAt,
  }));
}

const CSV_HEADER = ['时间', '操作', '操作人', '身份', '对象', '涉及居民', '详情'];
const cell = (v: string | null) => {
  const s = v ?? '';
  // Quote every cell; a leading = + - @ would be read as a formula by Excel, so it gets a quote mark.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
};

/** UTF-8 with a byte-order mark, so Excel opens the Chinese as Chinese; CRLF rows as RFC 4180 asks. */
export function auditCsv(items: Awaited<ReturnType<typeof presentAudit>>, now: Date): string {
  const lines = [CSV_HEADER.map(cell).join(',')];
  for (const e of items) {
    lines.push(
      [
        streetDateTimeText(e.createdAt, now),
        e.actionName,
        e.actorName ?? '系统',
        e.actorRoleName,
        e.targetLabel,
        e.subjectName,
        e.details.map((x) => `${x.label}：${x.value}`).join('；'),
      ]
        .map(cell)
        .join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
