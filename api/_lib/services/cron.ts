import { and, eq, gte, inArray, isNull, lt, lte, notExists, sql } from 'drizzle-orm';
import { streetDayStart, toStreetIso } from '../../../shared/time';
import { schema, type Db, type DbOrTx } from '../db';
import type { Ctx } from './context';
import type { Runtime } from '../runtime';
import { closeStaleResolved, markOverdue, type OverdueItem } from './feedback/jobs';
import { enqueueNotifications, type NewNotification } from './notifications';
import { deliverPending, type DeliveryReport } from './notifications-delivery';
import { deleteStaleUploads } from './uploads';
import { PAGES, deepLink } from '../../../shared/pages';

const DAY_MS = 86_400_000;
const IDEMPOTENCY_TTL_MS = DAY_MS;

/** Tomorrow's confirmed volunteers get one reminder each; the dedupe key makes reruns harmless. */
export async function sendShiftReminders(db: Db, now: Date) {
  const from = new Date(streetDayStart(now).getTime() + DAY_MS);
  const to = new Date(from.getTime() + DAY_MS);
  const s = schema.shifts;
  const su = schema.shiftSignups;
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ signupId: su.id, userId: su.userId, shift: s })
      .from(su)
      .innerJoin(s, eq(su.shiftId, s.id))
      .innerJoin(schema.users, eq(schema.users.id, su.userId))
      .where(and(eq(s.status, 'published'), gte(s.startsAt, from), lt(s.startsAt, to), eq(su.status, 'confirmed'), isNull(schema.users.deletedAt)));
    const items: NewNotification[] = rows.map(({ signupId, userId, shift }) => {
      const start = toStreetIso(shift.startsAt);
      return {
        userId,
        kind: 'shift_reminder',
        title: '明日值班提醒',
        body: `${shift.title}：明天 ${start.slice(11, 16)} 在${shift.location}，请提前到岗扫码签到`,
        page: deepLink(PAGES.redpost.shift, { id: shift.id }),
        data: { shiftId: shift.id },
        dedupeKey: `shift_reminder:${signupId}`,
      };
    });
    const created = await enqueueNotifications(tx, items, now);
    const shiftIds = [...new Set(rows.map((r) => r.shift.id))];
    if (shiftIds.length) {
      await tx.update(s).set({ reminderSentAt: now }).where(and(inArray(s.id, shiftIds), isNull(s.reminderSentAt)));
    }
    return { shifts: shiftIds.length, notifications: created };
  });
}

/** Overdue items are flagged once per deadline and each responsible staff member is told. */
export async function escalateOverdueFeedback(db: Db, now: Date) {
  return db.transaction(async (tx) => {
    const items = await markOverdue(tx, now);
    if (!items.length) return { items: 0, notifications: 0 };
    const created = await enqueueNotifications(tx, [...(await overdueNotesForStaff(tx, items)), ...(await overdueNotesForReporters(tx, items))], now);
    return { items: items.length, notifications: created };
  });
}

/**
 * One message per overdue item to every staff member responsible for it: street staff and
 * admins for all, community staff for their own community. The dedupe key names the
 * deadline, so a new deadline that passes is told again and a rerun is not.
 */
export async function overdueNotesForStaff(db: DbOrTx, items: OverdueItem[]): Promise<NewNotification[]> {
  const u = schema.users;
  const staff = await db
    .select({ id: u.id, staffCommunityId: u.staffCommunityId })
    .from(u)
    .where(and(inArray(u.role, ['staff', 'admin']), isNull(u.deletedAt)));
  return items.flatMap((item) =>
    staff
      .filter((person) => person.staffCommunityId === null || person.staffCommunityId === item.communityId)
      .map((person) => ({
        userId: person.id,
        kind: 'feedback_overdue' as const,
        title: '问题已超期',
        body: `${item.code}「${item.title}」已超过完成期限${item.responsibleParty ? `（责任主体：${item.responsibleParty}）` : ''}，请尽快督办`,
        page: deepLink(PAGES.feedback.detail, { id: item.id }),
        data: { feedbackId: item.id },
        dedupeKey: `feedback_overdue:${item.id}:${item.deadline}:${person.id}`,
      })),
  );
}

/**
 * The resident who reported an overdue item hears that it is late and being chased: once per
 * item (the key names no deadline), whatever new deadlines it is given and misses later.
 */
async function overdueNotesForReporters(db: DbOrTx, items: OverdueItem[]): Promise<NewNotification[]> {
  const ids = [...new Set(items.map((i) => i.reporterId).filter((id): id is string => id !== null))];
  if (!ids.length) return [];
  const u = schema.users;
  const live = new Set((await db.select({ id: u.id }).from(u).where(and(inArray(u.id, ids), isNull(u.deletedAt)))).map((x) => x.id));
  return items
    .filter((item) => item.reporterId !== null && live.has(item.reporterId))
    .map((item) => ({
      userId: item.reporterId!,
      kind: 'feedback_overdue' as const,
      title: '您反映的问题已超期',
      body: `${item.code}「${item.title}」没能在完成期限前办好，街道正在督办，办好后会通知您`,
      page: `packages/feedback/pages/detail/index?id=${item.id}`,
      data: { feedbackId: item.id },
      dedupeKey: `feedback_overdue:${item.id}:reporter`,
    }));
}

/** A day after 完成 / 办结 without a rating, the resident is asked once to rate. */
export const RATE_REMINDER_AFTER_MS = DAY_MS;

/**
 * One reminder per completed order and per 办结 (a reopened and re-resolved item is a new
 * one) still unrated RATE_REMINDER_AFTER_MS later. The outbox's dedupe key is what makes it
 * once: the query skips whatever already has its reminder, so it never re-reads them all.
 */
export async function sendRateReminders(db: Db, now: Date) {
  const cutoff = new Date(now.getTime() - RATE_REMINDER_AFTER_MS);
  const r = schema.serviceRequests;
  const f = schema.feedbackItems;
  const u = schema.users;
  const n = schema.notifications;
  return db.transaction(async (tx) => {
    const ownerId = sql<string>`coalesce(${r.ownerId}, ${r.createdById})`;
    const orderKey = sql`'request:' || ${r.id} || ':rate_reminder'`;
    const orders = await tx
      .select({ id: r.id, code: r.code, userId: ownerId, title: schema.handbookEntries.title })
      .from(r)
      .innerJoin(u, eq(u.id, ownerId))
      .leftJoin(schema.handbookEntries, eq(schema.handbookEntries.id, r.serviceId))
      .where(
        and(
          eq(r.status, 'completed'),
          lte(r.completedAt, cutoff),
          isNull(r.ratingScore),
          isNull(u.deletedAt),
          notExists(tx.select({ one: sql`1` }).from(n).where(eq(n.dedupeKey, orderKey))),
        ),
      )
      .limit(500);
    const feedbackKey = sql`'feedback:' || ${f.id} || ':rate_reminder:' || ${f.reopenCount}`;
    const items = await tx
      .select({ id: f.id, code: f.code, title: f.title, userId: f.reporterId, reopenCount: f.reopenCount })
      .from(f)
      .innerJoin(u, eq(u.id, f.reporterId))
      .where(
        and(
          eq(f.status, 'resolved'),
          lte(f.resolvedAt, cutoff),
          isNull(f.rating),
          isNull(u.deletedAt),
          notExists(tx.select({ one: sql`1` }).from(n).where(eq(n.dedupeKey, feedbackKey))),
        ),
      )
      .limit(500);
    const notes: NewNotification[] = [
      ...orders.map((o) => ({
        userId: o.userId,
        kind: 'rate_reminder' as const,
        title: '请为志愿者的服务评价',
        body: `您的订单 ${o.code}${o.title ? `「${o.title}」` : ''}已完成，请花一分钟为志愿者评价`,
        page: `packages/requests/pages/detail/index?id=${o.id}`,
        data: { code: o.code },
        dedupeKey: `request:${o.id}:rate_reminder`,
      })),
      ...items.map((i) => ({
        userId: i.userId!,
        kind: 'rate_reminder' as const,
        title: '请评价问题的办理结果',
        body: `${i.code}「${i.title}」已办结，满意不满意都请告诉我们`,
        page: `packages/feedback/pages/detail/index?id=${i.id}`,
        data: { code: i.code },
        dedupeKey: `feedback:${i.id}:rate_reminder:${i.reopenCount}`,
      })),
    ];
    return { orders: orders.length, feedback: items.length, notifications: await enqueueNotifications(tx, notes, now) };
  });
}

export async function pruneIdempotencyKeys(db: Db, now: Date) {
  const k = schema.idempotencyKeys;
  const gone = await db
    .delete(k)
    .where(lt(k.createdAt, new Date(now.getTime() - IDEMPOTENCY_TTL_MS)))
    .returning({ key: k.key });
  return gone.length;
}

export interface TickSummary {
  ranAt: string;
  reminders: { shifts: number; notifications: number };
  overdue: { items: number; notifications: number };
  rateReminders: { orders: number; feedback: number; notifications: number };
  closedUnrated: number;
  idempotencyKeysPruned: number;
  staleUploadsDeleted: number;
  delivery: DeliveryReport;
  ms: number;
}

/**
 * The periodic job. Every step is a conditional write or deduplicated insert, so two
 * ticks at once (or a retry of a half-finished one) do each thing once.
 */
/** The router has already checked the cron secret (`auth: 'cron'`). */
export async function runTick({ ctx }: { ctx: Ctx }): Promise<TickSummary> {
  const summary = await runScheduledJobs(ctx.runtime, ctx.now);
  ctx.log.info('cron tick', { ...summary });
  return summary;
}

/** The tick's work, shared by the cron route and the local server's own timer. */
export async function runScheduledJobs(runtime: Runtime, now: Date): Promise<TickSummary> {
  const started = Date.now();
  const db = runtime.db;
  const reminders = await sendShiftReminders(db, now);
  const overdue = await escalateOverdueFeedback(db, now);
  const rateReminders = await sendRateReminders(db, now);
  const { closed } = await closeStaleResolved(db, now);
  const idempotencyKeysPruned = await pruneIdempotencyKeys(db, now);
  const staleUploadsDeleted = await deleteStaleUploads(runtime, db, now);
  // Last, so what this tick just queued goes out in the same run.
  const delivery = await deliverPending(runtime);
  return {
    ranAt: toStreetIso(now),
    reminders,
    overdue,
    rateReminders,
    closedUnrated: closed.length,
    idempotencyKeysPruned,
    staleUploadsDeleted,
    delivery,
    ms: Date.now() - started,
  };
}
