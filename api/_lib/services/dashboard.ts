import { and, asc, count, eq, gte, inArray, lt, sql, sum, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Dashboard } from '../../../shared/dashboard';
import { feedbackCategoryName } from '../../../shared/feedback';
import { streetDate, streetDayStart, streetWeekStart, streetYear, toStreetIso } from '../../../shared/time';
import { schema, type Tx } from '../db';
import type { Ctx } from './context';
import { requireStaff, staffScope } from './access';
import { accountability, onTimeCounts } from './feedback/stats';
import { OPEN_STATUSES } from './feedback/transitions';
import { OPEN_ORDER_STATUSES } from './requests/state';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const WEEKS = 12;
const MONTHS = 12;
const QUEUE = 5;

/**
 * Awaits drizzle's lazy queries one after another. They share one connection (the
 * transaction's), and node-postgres must not be handed a query while one is running.
 */
async function inSequence<T extends readonly unknown[]>(queries: readonly [...T]): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const out: unknown[] = [];
  for (const query of queries) out.push(await query);
  return out as { -readonly [K in keyof T]: Awaited<T[K]> };
}

/** The last `MONTHS` street-local months, oldest first, as YYYY-MM. */
function lastMonths(now: Date): string[] {
  const [y, m] = toStreetIso(now).slice(0, 7).split('-').map(Number);
  const out: string[] = [];
  for (let i = MONTHS - 1; i >= 0; i--) {
    const idx = y * 12 + (m - 1) - i;
    out.push(`${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

function weekBuckets(rows: { bucket: number | string | null; c: number | string }[], firstWeek: Date) {
  const counts = new Array<number>(WEEKS).fill(0);
  for (const r of rows) {
    const b = Number(r.bucket);
    if (b >= 0 && b < WEEKS) counts[b] += Number(r.c);
  }
  return counts.map((c, i) => ({ weekStart: streetDate(new Date(firstWeek.getTime() + i * WEEK_MS)), count: c }));
}

/**
 * The staff desk in one read: counts, charts and the head of each queue. Community staff
 * see their community; street staff and admins see every community.
 */
export async function getDashboard({ ctx }: { ctx: Ctx }): Promise<Dashboard> {
  const user = requireStaff(ctx);
  // One read-only snapshot on one connection: the counts, charts and queues agree with each
  // other, and a desk refresh runs its reads on one connection instead of taking ten
  // of the pool's (each a new connection to open on a cold function).
  return ctx.db.transaction((tx) => readDashboard(ctx, user, tx), { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

async function readDashboard(ctx: Ctx, user: ReturnType<typeof requireStaff>, db: Tx): Promise<Dashboard> {
  const scope = staffScope(user);
  const now = ctx.now;
  const r = schema.serviceRequests;
  const f = schema.feedbackItems;
  const s = schema.shifts;
  const h = schema.volunteerHours;
  const u = schema.users;
  const inScope = (col: typeof r.communityId | typeof f.communityId | typeof s.communityId): SQL | undefined =>
    scope === null ? undefined : eq(col, scope);

  const today = streetDayStart(now);
  const week = streetWeekStart(now);
  const firstWeek = new Date(week.getTime() - (WEEKS - 1) * WEEK_MS);
  const firstWeekEpoch = firstWeek.getTime() / 1000;
  const months = lastMonths(now);
  const firstMonthStart = new Date(Date.parse(`${months[0]}-01T00:00:00+08:00`));

  const bucketOf = (col: AnyPgColumn) => sql<number>`floor((extract(epoch from ${col}) - ${sql.raw(String(Math.trunc(firstWeekEpoch)))}) / ${sql.raw(String(WEEK_MS / 1000))})::int`;
  const countOf = (table: PgTable, where: SQL | undefined) => sql`(select count(*)::int from ${table} where ${where ?? sql`true`})`;
  const tomorrow = today.getTime() + DAY_MS;

  // Nine statements on one connection: the single figures come together as sub-selects of
  // one row, and what can be told from another read's rows (today's shifts, feedback per
  // category) is counted here.
  const figures = (await db.execute(sql`select
      ${countOf(r, and(inArray(r.status, [...OPEN_ORDER_STATUSES]), inScope(r.communityId)))} as "openOrders",
      ${countOf(r, and(eq(r.status, 'submitted'), inScope(r.communityId)))} as "awaiting",
      ${countOf(f, and(inArray(f.status, [...OPEN_STATUSES]), inScope(f.communityId)))} as "openFeedback",
      ${countOf(f, and(eq(f.status, 'submitted'), inScope(f.communityId)))} as "newFeedback",
      ${countOf(f, and(inArray(f.status, [...OPEN_STATUSES]), lt(f.deadline, now), inScope(f.communityId)))} as "overdueFeedback",
      (select coalesce(sum(${h.minutes}), 0)::int from ${h} inner join ${u} on ${eq(u.id, h.userId)}
        where ${and(eq(h.year, streetYear(now)), scope === null ? undefined : eq(u.communityId, scope))}) as "minutesThisYear"`)) as unknown as {
    rows: Record<'openOrders' | 'awaiting' | 'openFeedback' | 'newFeedback' | 'overdueFeedback' | 'minutesThisYear', number | string>[];
  };
  const fig = figures.rows[0];

  const [weekShifts, ordersWeekly, feedbackWeekly, hoursMonthly, newQueue, overdueQueue, dispatchQueue] = await inSequence([
    db
      .select()
      .from(s)
      .where(and(eq(s.status, 'published'), gte(s.startsAt, week), lt(s.startsAt, new Date(week.getTime() + WEEK_MS)), inScope(s.communityId)))
      .orderBy(asc(s.startsAt)),
    db
      .select({ bucket: bucketOf(r.createdAt), c: count() })
      .from(r)
      .where(and(gte(r.createdAt, firstWeek), inScope(r.communityId)))
      .groupBy(sql`1`),
    db
      .select({ bucket: bucketOf(f.createdAt), category: f.category, c: count() })
      .from(f)
      .where(and(gte(f.createdAt, firstWeek), inScope(f.communityId)))
      .groupBy(sql`1`, f.category),
    db
      .select({ month: sql<string>`to_char((${h.servedAt} at time zone 'UTC') + interval '8 hours', 'YYYY-MM')`, m: sum(h.minutes) })
      .from(h)
      .innerJoin(u, eq(u.id, h.userId))
      .where(and(gte(h.servedAt, firstMonthStart), scope === null ? undefined : eq(u.communityId, scope)))
      .groupBy(sql`1`),
    db
      .select({ id: f.id, code: f.code, title: f.title, category: f.category, createdAt: f.createdAt })
      .from(f)
      .where(and(eq(f.status, 'submitted'), inScope(f.communityId)))
      .orderBy(asc(f.createdAt))
      .limit(QUEUE),
    db
      .select({ id: f.id, code: f.code, title: f.title, responsibleParty: f.responsibleParty, deadline: f.deadline })
      .from(f)
      .where(and(inArray(f.status, [...OPEN_STATUSES]), lt(f.deadline, now), inScope(f.communityId)))
      .orderBy(asc(f.deadline))
      .limit(QUEUE),
    db
      .select({ id: r.id, code: r.code, serviceTitle: schema.handbookEntries.title, description: r.description, createdAt: r.createdAt })
      .from(r)
      .innerJoin(schema.handbookEntries, eq(schema.handbookEntries.id, r.serviceId))
      .where(and(eq(r.status, 'submitted'), inScope(r.communityId)))
      .orderBy(asc(r.createdAt))
      .limit(QUEUE),
  ]);

  const startsToday = (x: { startsAt: Date }) => x.startsAt.getTime() >= today.getTime() && x.startsAt.getTime() < tomorrow;
  const byCategory = new Map<string, number>();
  for (const row of feedbackWeekly) byCategory.set(row.category, (byCategory.get(row.category) ?? 0) + Number(row.c));

  const { units } = await accountability(db, scope);
  const onTimeRateByParty = units.map(({ responsibleParty, rows }) => ({ responsibleParty, count: rows.length, ...onTimeCounts(rows, now) }));

  const monthMap = new Map(hoursMonthly.map((x) => [x.month, Number(x.m ?? 0)]));

  return {
    communityId: scope,
    generatedAt: toStreetIso(now),
    openOrders: Number(fig.openOrders),
    ordersAwaitingDispatch: Number(fig.awaiting),
    openFeedback: Number(fig.openFeedback),
    newFeedback: Number(fig.newFeedback),
    overdueFeedback: Number(fig.overdueFeedback),
    shiftsToday: weekShifts.filter(startsToday).length,
    shiftsThisWeek: weekShifts.length,
    shiftGaps: weekShifts.filter((x) => x.confirmedCount < x.capacity).length,
    hoursThisYear: Math.round((Number(fig.minutesThisYear) / 60) * 10) / 10,
    series: {
      ordersPerWeek: weekBuckets(ordersWeekly, firstWeek),
      feedbackPerWeek: weekBuckets(feedbackWeekly, firstWeek),
      feedbackByCategory: [...byCategory]
        .map(([category, c]) => ({ category, name: feedbackCategoryName(category), count: c }))
        .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
      onTimeRateByParty,
      volunteerHoursPerMonth: months.map((month) => ({ month, hours: Math.round(((monthMap.get(month) ?? 0) / 60) * 10) / 10 })),
    },
    queues: {
      newFeedback: newQueue.map((x) => ({ ...x, createdAt: toStreetIso(x.createdAt) })),
      overdueFeedback: overdueQueue.map((x) => ({ ...x, deadline: toStreetIso(x.deadline!) })),
      awaitingDispatch: dispatchQueue.map((x) => ({ ...x, createdAt: toStreetIso(x.createdAt) })),
      shifts: weekShifts
        .filter((x) => x.endsAt.getTime() >= today.getTime())
        .slice(0, 20)
        .map((x) => ({
          id: x.id,
          title: x.title,
          postType: x.postType,
          location: x.location,
          startsAt: toStreetIso(x.startsAt),
          endsAt: toStreetIso(x.endsAt),
          capacity: x.capacity,
          confirmedCount: x.confirmedCount,
          today: startsToday(x),
        })),
    },
  };
}
