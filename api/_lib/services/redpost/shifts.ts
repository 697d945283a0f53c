import { and, asc, count, desc, eq, gt, inArray, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import {
  POST_TYPES,
  POST_TYPE_INFO,
  type CreateShiftBody,
  type Post,
  type PostType,
} from '../../../../shared/redpost';
import { toStreetIso } from '../../../../shared/time';
import { schema, type Tx } from '../../db';
import { conflict, forbidden, invalidField, invalidState, notFound } from '../../errors';
import { decodeCursor, isTimeIdCursor, pageOf } from '../cursor';
import type { Ctx } from '../context';
import { requireStaff, staffMaySee, staffScope } from '../access';
import { writeAudit } from '../audit';
import { enqueueNotifications, type NewNotification } from '../notifications';
import { loadShiftView, shiftViews, type ShiftRow } from './views';
import { ACTIVE_SIGNUP_STATUSES, SIGNUP_TRANSITIONS } from './signup-state';
import { PAGES, deepLink } from '../../../../shared/pages';
import { sentence } from '../../../../shared/text';

const sh = schema.shifts;
const su = schema.shiftSignups;

export async function listPosts({ ctx }: { ctx: Ctx }): Promise<Post[]> {
  const rows = await ctx.db
    .select({ postType: sh.postType, n: count() })
    .from(sh)
    .where(and(eq(sh.status, 'published'), gt(sh.endsAt, ctx.now)))
    .groupBy(sh.postType);
  const counts = new Map(rows.map((r) => [r.postType, Number(r.n)]));
  return POST_TYPES.map((type) => {
    const info = POST_TYPE_INFO[type];
    return {
      type,
      name: info.name,
      duty: info.duty,
      description: info.description,
      services: info.services,
      upcomingShifts: counts.get(type) ?? 0,
    };
  });
}

export async function listShifts({
  ctx,
  query,
}: {
  ctx: Ctx;
  query: { postType?: PostType; from?: string; to?: string; communityId?: string; cursor?: string; limit: number };
}) {
  const cursor = decodeCursor(query.cursor, isTimeIdCursor);
  const from = query.from ? new Date(query.from) : ctx.now;
  const conds: SQL[] = [eq(sh.status, 'published'), gt(sh.endsAt, from)];
  if (query.to) conds.push(lt(sh.startsAt, new Date(query.to)));
  if (query.postType) conds.push(eq(sh.postType, query.postType));
  if (query.communityId) conds.push(eq(sh.communityId, query.communityId));
  if (cursor) {
    const t = new Date(cursor.t);
    conds.push(or(gt(sh.startsAt, t), and(eq(sh.startsAt, t), gt(sh.id, cursor.id)))!);
  }
  const rows = await ctx.db
    .select()
    .from(sh)
    .where(and(...conds))
    .orderBy(asc(sh.startsAt), asc(sh.id))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, (r) => ({ t: r.startsAt.toISOString(), id: r.id }));
  return { items: await shiftViews(ctx.db, page.items, ctx.user?.id ?? null, ctx.now), nextCursor: page.nextCursor };
}

/** 我的班次: upcoming ones soonest first, past ones latest first; cancelled sign-ups left out. */
export async function listMyShifts({
  ctx,
  query,
}: {
  ctx: Ctx;
  query: { when: 'upcoming' | 'past'; cursor?: string; limit: number };
}) {
  const userId = ctx.user!.id;
  const cursor = decodeCursor(query.cursor, isTimeIdCursor);
  const upcoming = query.when === 'upcoming';
  const conds: SQL[] = [eq(su.userId, userId), ne(su.status, 'cancelled'), upcoming ? gt(sh.endsAt, ctx.now) : lte(sh.endsAt, ctx.now)];
  if (cursor) {
    const t = new Date(cursor.t);
    conds.push(
      upcoming
        ? or(gt(sh.startsAt, t), and(eq(sh.startsAt, t), gt(sh.id, cursor.id)))!
        : or(lt(sh.startsAt, t), and(eq(sh.startsAt, t), lt(sh.id, cursor.id)))!,
    );
  }
  const rows = await ctx.db
    .select({ shift: sh })
    .from(su)
    .innerJoin(sh, eq(sh.id, su.shiftId))
    .where(and(...conds))
    .orderBy(upcoming ? asc(sh.startsAt) : desc(sh.startsAt), upcoming ? asc(sh.id) : desc(sh.id))
    .limit(query.limit + 1);
  const page = pageOf(
    rows.map((r) => r.shift),
    query.limit,
    (r) => ({ t: r.startsAt.toISOString(), id: r.id }),
  );
  return { items: await shiftViews(ctx.db, page.items, userId, ctx.now), nextCursor: page.nextCursor };
}

export async function getShift({ ctx, id }: { ctx: Ctx; id: string }) {
  return loadShiftView(ctx.db, id, ctx.user?.id ?? null, ctx.now);
}

async function resolveCommunity(tx: Tx, ctx: Ctx, requested: string | null | undefined): Promise<string | null> {
  const user = requireStaff(ctx);
  const scope = staffScope(user);
  if (requested === undefined) return scope;
  if (scope !== null && requested !== scope) throw forbidden('您只能为本社区发布班次');
  if (requested === null) return null;
  const [c] = await tx.select({ id: schema.communities.id }).from(schema.communities).where(eq(schema.communities.id, requested));
  if (!c) throw invalidField('communityId', '所选社区不存在');
  return requested;
}

function checkTimes(ctx: Ctx, input: CreateShiftBody, previousStart?: Date) {
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  // Moving a shift into the past is as wrong as publishing one there; an unchanged start is fine.
  if (startsAt < ctx.now && (!previousStart || previousStart.getTime() !== startsAt.getTime())) {
    throw invalidField('startsAt', '开始时间已经过去');
  }
  return { startsAt, endsAt };
}

/** The columns a create and a replace both write. */
const shiftValues = (input: CreateShiftBody, communityId: string | null, startsAt: Date, endsAt: Date) => ({
  postType: input.postType,
  title: input.title,
  location: input.location,
  communityId,
  startsAt,
  endsAt,
  capacity: input.capacity,
  notes: input.notes ?? null,
});

export async function createShift({ ctx, input }: { ctx: Ctx; input: CreateShiftBody }) {
  const user = requireStaff(ctx);
  const { startsAt, endsAt } = checkTimes(ctx, input);
  return ctx.db.transaction(async (tx) => {
    const communityId = await resolveCommunity(tx, ctx, input.communityId);
    const [row] = await tx
      .insert(sh)
      .values({
        ...shiftValues(input, communityId, startsAt, endsAt),
        createdById: user.id,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await writeAudit(tx, ctx, {
      action: 'shift.published',
      targetType: 'shift',
      targetId: row.id,
      detail: { postType: row.postType, title: row.title, capacity: row.capacity, startsAt: toStreetIso(startsAt) },
    });
    return loadShiftView(tx, row.id, user.id, ctx.now);
  });
}

export async function lockShiftForStaff(tx: Tx, ctx: Ctx, id: string): Promise<ShiftRow> {
  const user = requireStaff(ctx);
  const [row] = await tx.select().from(sh).where(eq(sh.id, id)).for('update');
  // Another community's shift is not the caller's to see.
  if (!row || !staffMaySee(user, row.communityId)) throw notFound('找不到该班次，可能已被删除');
  return row;
}

const shiftPage = (id: string) => deepLink(PAGES.redpost.shift, { id });

/**
 * Moves the earliest waitlisted volunteers into free places, under the shift's row lock
 * that the caller holds, and tells each of them in the same transaction.
 */
export async function promoteWaitlisted(tx: Tx, shift: ShiftRow, places: number, now: Date): Promise<string[]> {
  if (places <= 0 || shift.waitlistCount <= 0) return [];
  const next = await tx
    .select({ id: su.id, userId: su.userId, seq: su.seq })
    .from(su)
    .where(and(eq(su.shiftId, shift.id), inArray(su.status, [...SIGNUP_TRANSITIONS.promote.from])))
    .orderBy(asc(su.seq))
    .limit(places);
  if (!next.length) return [];
  await tx
    .update(su)
    .set({ status: SIGNUP_TRANSITIONS.promote.to[0], updatedAt: now })
    .where(inArray(su.id, next.map((n) => n.id)));
  await tx
    .update(sh)
    .set({
      confirmedCount: sql`${sh.confirmedCount} + ${next.length}`,
      waitlistCount: sql`${sh.waitlistCount} - ${next.length}`,
      updatedAt: now,
    })
    .where(eq(sh.id, shift.id));
  const when = toStreetIso(shift.startsAt).slice(5, 16).replace('T', ' ');
  await enqueueNotifications(
    tx,
    next.map(
      (n): NewNotification => ({
        userId: n.userId,
        kind: 'waitlist_promoted',
        title: '候补成功，您已获得岗位',
        body: `您候补的“${shift.title}”（${when}，${shift.location}）有了空位，您已报名成功，请按时到岗。`,
        page: shiftPage(shift.id),
        data: { shiftId: shift.id },
        dedupeKey: `waitlist_promoted:${n.id}:${now.getTime()}`,
      }),
    ),
    now,
  );
  return next.map((n) => n.userId);
}

export async function updateShift({ ctx, id, input }: { ctx: Ctx; id: string; input: CreateShiftBody }) {
  return ctx.db.transaction(async (tx) => {
    const row = await lockShiftForStaff(tx, ctx, id);
    if (row.status !== 'published') throw invalidState('该班次已取消，不能再修改');
    const { startsAt, endsAt } = checkTimes(ctx, input, row.startsAt);
    if (input.capacity < row.confirmedCount) {
      throw conflict('CAPACITY_BELOW_CONFIRMED', `已有 ${row.confirmedCount} 人报名成功，招募人数不能少于 ${row.confirmedCount} 人`);
    }
    const communityId = input.communityId === undefined ? row.communityId : await resolveCommunity(tx, ctx, input.communityId);
    await tx
      .update(sh)
      .set({ ...shiftValues(input, communityId, startsAt, endsAt), updatedAt: ctx.now })
      .where(eq(sh.id, row.id));
    // More places: the waitlist moves up at once, in arrival order.
    const promoted = await promoteWaitlisted(tx, { ...row, title: input.title, location: input.location, startsAt }, input.capacity - row.confirmedCount, ctx.now);
    await writeAudit(tx, ctx, {
      action: 'shift.updated',
      targetType: 'shift',
      targetId: row.id,
      detail: {
        before: { title: row.title, capacity: row.capacity, startsAt: toStreetIso(row.startsAt), endsAt: toStreetIso(row.endsAt) },
        after: { title: input.title, capacity: input.capacity, startsAt: toStreetIso(startsAt), endsAt: toStreetIso(endsAt) },
        promoted,
      },
    });
    return loadShiftView(tx, row.id, ctx.user!.id, ctx.now);
  });
}

export async function cancelShift({ ctx, id, input }: { ctx: Ctx; id: string; input: { reason?: string } }) {
  return ctx.db.transaction(async (tx) => {
    const row = await lockShiftForStaff(tx, ctx, id);
    if (row.status !== 'published') throw invalidState('该班次已经取消');
    if (row.endsAt <= ctx.now) throw invalidState('该班次已经结束，不能取消');
    await tx.update(sh).set({ status: 'cancelled', updatedAt: ctx.now }).where(eq(sh.id, row.id));
    const people = await tx
      .select({ userId: su.userId })
      .from(su)
      .where(and(eq(su.shiftId, row.id), inArray(su.status, [...ACTIVE_SIGNUP_STATUSES])));
    const when = toStreetIso(row.startsAt).slice(5, 16).replace('T', ' ');
    await enqueueNotifications(
      tx,
      people.map((p) => ({
        userId: p.userId,
        kind: 'shift_cancelled' as const,
        title: '红岗班次已取消',
        body: `您报名的“${row.title}”（${when}，${row.location}）已取消${input.reason ? `：${sentence(input.reason)}` : '。'}感谢您的支持！`,
        page: shiftPage(row.id),
        data: { shiftId: row.id },
        dedupeKey: `shift_cancelled:${row.id}:${p.userId}`,
      })),
      ctx.now,
    );
    await writeAudit(tx, ctx, {
      action: 'shift.cancelled',
      targetType: 'shift',
      targetId: row.id,
      detail: { reason: input.reason ?? null, notified: people.length },
    });
    return loadShiftView(tx, row.id, ctx.user!.id, ctx.now);
  });
}

