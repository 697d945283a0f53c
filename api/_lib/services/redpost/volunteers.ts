import { and, desc, eq, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import {
  POST_TYPE_INFO,
  minutesToHours,
  type PostType,
  type VolunteerProfile,
  type VolunteerProfileBody,
  type YearlyRecord,
} from '../../../../shared/redpost';
import { streetYear, toStreetIso } from '../../../../shared/time';
import { schema, type DbOrTx, type Tx } from '../../db';
import { invalidField, invalidState, notFound } from '../../errors';
import { decodeCursor, isTimeIdCursor, pageOf } from '../cursor';
import type { Ctx } from '../context';
import { requireStaff, requireUser, staffScope } from '../access';
import { writeAudit } from '../audit';
import { enqueueNotifications } from '../notifications';
import { maskPhone } from '../privacy';
import { sentence } from '../../../../shared/text';
import { PAGES, deepLink } from '../../../../shared/pages';

const vp = schema.volunteerProfiles;
const vh = schema.volunteerHours;
const vs = schema.volunteerStars;
const u = schema.users;

async function minutesByUser(db: DbOrTx, userIds: string[], year: number) {
  const out = new Map<string, { total: number; inYear: number }>();
  if (!userIds.length) return out;
  const rows = await db
    .select({
      userId: vh.userId,
      total: sql<number>`coalesce(sum(${vh.minutes}), 0)::int`,
      inYear: sql<number>`coalesce(sum(${vh.minutes}) filter (where ${vh.year} = ${year}), 0)::int`,
    })
    .from(vh)
    .where(inArray(vh.userId, userIds))
    .groupBy(vh.userId);
  for (const r of rows) out.set(r.userId, { total: Number(r.total), inYear: Number(r.inYear) });
  return out;
}

async function loadProfile(db: DbOrTx, userId: string, now: Date): Promise<VolunteerProfile> {
  const [p] = await db.select().from(vp).where(eq(vp.userId, userId)).limit(1);
  if (!p) throw notFound('您还没有登记红岗志愿者信息', 'VOLUNTEER_PROFILE_NOT_FOUND');
  const year = streetYear(now);
  const mins = (await minutesByUser(db, [userId], year)).get(userId) ?? { total: 0, inYear: 0 };
  const stars = await db.select({ year: vs.year, stars: vs.stars }).from(vs).where(eq(vs.userId, userId)).orderBy(desc(vs.year));
  return {
    userId,
    realName: p.realName,
    isPartyMember: p.isPartyMember,
    workUnit: p.workUnit,
    skills: p.skills,
    phoneMasked: maskPhone(p.phone),
    hoursTotal: minutesToHours(mins.total),
    hoursThisYear: minutesToHours(mins.inYear),
    minutesTotal: mins.total,
    minutesThisYear: mins.inYear,
    stars: stars.find((s) => s.year === year)?.stars ?? null,
    starsByYear: stars,
    registeredAt: toStreetIso(p.createdAt),
    status: p.status,
    communityId: p.communityId,
    reviewedAt: p.reviewedAt ? toStreetIso(p.reviewedAt) : null,
    rejectReason: p.rejectReason,
  };
}

/**
 * 在职党员报到: registering reports to the caller's community and waits there (pending) until
 * its staff confirm; nothing about the role changes yet. Updating keeps a confirmed profile
 * confirmed, unless the caller now lives in another community (that community has not
 * confirmed them). A rejected report sent again goes back to pending.
 */
export async function registerVolunteer({ ctx, input }: { ctx: Ctx; input: VolunteerProfileBody }) {
  const user = requireUser(ctx);
  const fields = {
    realName: input.realName,
    isPartyMember: input.isPartyMember,
    workUnit: input.workUnit || null,
    skills: [...new Set(input.skills)],
    ...(input.phone !== undefined ? { phone: input.phone } : {}),
  };
  const again = { status: 'pending' as const, communityId: user.communityId, reviewedAt: null, reviewedById: null, rejectReason: null };
  return ctx.db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ userId: vp.userId, status: vp.status, communityId: vp.communityId })
      .from(vp)
      .where(eq(vp.userId, user.id))
      .for('update');
    if (existing) {
      const resubmit = existing.status === 'rejected' || existing.communityId !== user.communityId;
      await tx
        .update(vp)
        .set({ ...fields, ...(resubmit ? again : {}), updatedAt: ctx.now })
        .where(eq(vp.userId, user.id));
      if (resubmit && existing.status === 'approved') {
        // Moved to another community: they serve again once that community confirms.
        await tx.update(u).set({ role: 'resident', updatedAt: ctx.now }).where(and(eq(u.id, user.id), eq(u.role, 'volunteer')));
      }
    } else {
      await tx.insert(vp).values({ userId: user.id, ...fields, ...again, createdAt: ctx.now, updatedAt: ctx.now }).onConflictDoNothing();
    }
    // The route answers 201 for a first registration and 200 for an update.
    return { created: !existing, profile: await loadProfile(tx, user.id, ctx.now) };
  });
}

/** Loads a report a staff member may decide on (their community's; street staff and admins: any), locked. */
async function lockReport(tx: Tx, ctx: Ctx, userId: string) {
  const staff = requireStaff(ctx);
  const [row] = await tx
    .select({ p: vp, role: u.role })
    .from(vp)
    .innerJoin(u, eq(u.id, vp.userId))
    .where(and(eq(vp.userId, userId), sql`${u.deletedAt} is null`))
    .for('update', { of: vp });
  const scope = staffScope(staff);
  if (!row || (scope && row.p.communityId !== scope)) throw notFound('找不到该志愿者');
  if (row.p.status !== 'pending') throw invalidState(row.p.status === 'approved' ? '该志愿者已通过确认' : '该志愿者报到已不通过，待本人重新提交');
  return row;
}

const reviewOf = (p: typeof vp.$inferSelect) => ({
  userId: p.userId,
  status: p.status,
  reviewedAt: p.reviewedAt ? toStreetIso(p.reviewedAt) : null,
  rejectReason: p.rejectReason,
});

export type VolunteerDecision = { decision: 'approved' } | { decision: 'rejected'; reason: string };

/**
 * Community staff decide on a report: approved, the resident becomes a red-post volunteer
 * (staff and admins who volunteer keep their role); rejected, with a reason the volunteer
 * reads. Audited and notified either way.
 */
export async function reviewVolunteer({ ctx, userId, review }: { ctx: Ctx; userId: string; review: VolunteerDecision }) {
  return ctx.db.transaction(async (tx) => {
    const row = await lockReport(tx, ctx, userId);
    const approved = review.decision === 'approved';
    const reason = approved ? null : review.reason;
    const [p] = await tx
      .update(vp)
      .set({ status: review.decision, reviewedAt: ctx.now, reviewedById: ctx.user!.id, rejectReason: reason, updatedAt: ctx.now })
      .where(eq(vp.userId, userId))
      .returning();
    if (approved && row.role === 'resident') await tx.update(u).set({ role: 'volunteer', updatedAt: ctx.now }).where(eq(u.id, userId));
    await writeAudit(tx, ctx, {
      action: `volunteer.${review.decision}`,
      targetType: 'volunteer',
      targetId: userId,
      subjectUserId: userId,
      detail: approved ? { communityId: p.communityId, realName: p.realName } : { communityId: p.communityId, reason },
    });
    await enqueueNotifications(
      tx,
      [
        {
          userId,
          kind: 'volunteer_reviewed',
          title: approved ? '志愿者报到已确认' : '志愿者报到未通过',
          body: approved
            ? '社区已确认您的红岗志愿者报到，现在可以接单和报名值班了。'
            : `社区未通过您的红岗志愿者报到：${sentence(reason ?? '')}可修改信息后重新提交。`,
          page: deepLink(PAGES.redpost.register),
          data: { status: review.decision },
          dedupeKey: `volunteer:${userId}:${review.decision}:${ctx.now.getTime()}`,
        },
      ],
      ctx.now,
    );
    return reviewOf(p);
  });
}

export async function getMyVolunteerProfile({ ctx }: { ctx: Ctx }) {
  return loadProfile(ctx.db, requireUser(ctx).id, ctx.now);
}

/** 年度档案: every shift and order that earned time in the year, with the year's stars. */
export async function getYearlyRecord({ ctx, year }: { ctx: Ctx; year?: number }): Promise<YearlyRecord> {
  const userId = requireUser(ctx).id;
  const y = year ?? streetYear(ctx.now);
  const [p] = await ctx.db.select().from(vp).where(eq(vp.userId, userId)).limit(1);
  if (!p) throw notFound('您还没有登记红岗志愿者信息', 'VOLUNTEER_PROFILE_NOT_FOUND');
  const sh = schema.shifts;
  const sr = schema.serviceRequests;
  const he = schema.handbookEntries;
  const rows = await ctx.db
    .select({
      h: vh,
      shiftTitle: sh.title,
      postType: sh.postType,
      requestCode: sr.code,
      serviceTitle: he.title,
    })
    .from(vh)
    .leftJoin(sh, and(eq(vh.sourceType, 'shift'), eq(sh.id, vh.sourceId)))
    .leftJoin(sr, and(eq(vh.sourceType, 'request'), eq(sr.id, vh.sourceId)))
    .leftJoin(he, eq(he.id, sr.serviceId))
    .where(and(eq(vh.userId, userId), eq(vh.year, y)))
    .orderBy(desc(vh.servedAt));
  const [star] = await ctx.db.select({ stars: vs.stars }).from(vs).where(and(eq(vs.userId, userId), eq(vs.year, y)));
  const items = rows.map((r) => {
    const { h } = r;
    let title = h.note ?? '志愿服务';
    let category = '志愿服务';
    if (h.sourceType === 'shift') {
      title = r.shiftTitle ?? title;
      category = POST_TYPE_INFO[r.postType as PostType]?.name ?? '红岗';
    } else if (h.sourceType === 'request') {
      title = r.serviceTitle ? `${r.serviceTitle}${r.requestCode ? `（${r.requestCode}）` : ''}` : title;
      category = '菜单式服务';
    }
    return { sourceType: h.sourceType, sourceId: h.sourceId, title, category, servedAt: toStreetIso(h.servedAt), minutes: h.minutes, hours: minutesToHours(h.minutes) };
  });
  const minutes = items.reduce((a, i) => a + i.minutes, 0);
  return {
    year: y,
    userId,
    realName: p.realName,
    isPartyMember: p.isPartyMember,
    workUnit: p.workUnit,
    stars: star?.stars ?? null,
    minutes,
    hours: minutesToHours(minutes),
    shiftCount: items.filter((i) => i.sourceType === 'shift').length,
    orderCount: items.filter((i) => i.sourceType === 'request').length,
    items,
  };
}

export async function listVolunteers({
  ctx,
  query,
}: {
  ctx: Ctx;
  query: { q?: string; status?: 'pending' | 'approved' | 'rejected'; year?: number; cursor?: string; limit: number };
}) {
  const staff = requireStaff(ctx);
  const year = query.year ?? streetYear(ctx.now);
  const cursor = decodeCursor(query.cursor, isTimeIdCursor);
  const conds: SQL[] = [sql`${u.deletedAt} is null`];
  const scope = staffScope(staff);
  // A report belongs to the community it went to (a pending one may live nowhere else yet).
  if (scope) conds.push(or(eq(u.communityId, scope), eq(vp.communityId, scope))!);
  if (query.status) conds.push(eq(vp.status, query.status));
  if (query.q) {
    const like = `%${query.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conds.push(or(ilike(vp.realName, like), ilike(u.displayName, like), ilike(vp.workUnit, like))!);
  }
  if (cursor) {
    const t = new Date(cursor.t);
    conds.push(or(lt(vp.createdAt, t), and(eq(vp.createdAt, t), lt(vp.userId, cursor.id)))!);
  }
  const rows = await ctx.db
    .select({ p: vp, displayName: u.displayName, communityId: u.communityId, uphone: u.phone })
    .from(vp)
    .innerJoin(u, eq(u.id, vp.userId))
    .where(and(...conds))
    .orderBy(desc(vp.createdAt), desc(vp.userId))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, (r) => ({ t: r.p.createdAt.toISOString(), id: r.p.userId }));
  const ids = page.items.map((r) => r.p.userId);
  const mins = await minutesByUser(ctx.db, ids, year);
  const stars = ids.length
    ? await ctx.db.select({ userId: vs.userId, stars: vs.stars }).from(vs).where(and(inArray(vs.userId, ids), eq(vs.year, year)))
    : [];
  const starOf = new Map(stars.map((s) => [s.userId, s.stars]));
  return {
    items: page.items.map((r) => ({
      userId: r.p.userId,
      realName: r.p.realName,
      displayName: r.displayName,
      isPartyMember: r.p.isPartyMember,
      workUnit: r.p.workUnit,
      skills: r.p.skills,
      phone: r.p.phone ?? r.uphone ?? null,
      communityId: r.communityId,
      hoursTotal: minutesToHours(mins.get(r.p.userId)?.total ?? 0),
      hoursInYear: minutesToHours(mins.get(r.p.userId)?.inYear ?? 0),
      year,
      stars: starOf.get(r.p.userId) ?? null,
      status: r.p.status,
      registeredAt: toStreetIso(r.p.createdAt),
      rejectReason: r.p.rejectReason,
    })),
    nextCursor: page.nextCursor,
  };
}

/** 星级评定: one rating per volunteer and year; a second award replaces the first, both audited. */
export async function awardStars({ ctx, userId, input }: { ctx: Ctx; userId: string; input: { year: number; stars: number } }) {
  const staff = requireStaff(ctx);
  if (input.year > streetYear(ctx.now)) throw invalidField('year', '不能评定未来年份的星级');
  return ctx.db.transaction(async (tx) => {
    const [target] = await tx
      .select({ userId: vp.userId, communityId: u.communityId })
      .from(vp)
      .innerJoin(u, eq(u.id, vp.userId))
      .where(and(eq(vp.userId, userId), sql`${u.deletedAt} is null`))
      .for('update', { of: vp });
    const scope = staffScope(staff);
    if (!target || (scope && target.communityId !== scope)) throw notFound('找不到该志愿者');
    const [before] = await tx.select({ stars: vs.stars }).from(vs).where(and(eq(vs.userId, userId), eq(vs.year, input.year)));
    await tx
      .insert(vs)
      .values({ userId, year: input.year, stars: input.stars, awardedById: staff.id, updatedAt: ctx.now })
      .onConflictDoUpdate({ target: [vs.userId, vs.year], set: { stars: input.stars, awardedById: staff.id, updatedAt: ctx.now } });
    await writeAudit(tx, ctx, {
      action: 'volunteer.stars_awarded',
      targetType: 'volunteer',
      targetId: userId,
      subjectUserId: userId,
      detail: { year: input.year, stars: input.stars, before: before?.stars ?? null },
    });
    return { userId, year: input.year, stars: input.stars };
  });
}
