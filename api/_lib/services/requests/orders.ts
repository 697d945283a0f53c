import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { CreateRequestBody, ListRequestsQuery } from '../../../../shared/requests';
import { schema, type DbOrTx } from '../../db';
import { reusable } from '../../db/reuse';
import { forbidden, invalidField, notFound } from '../../errors';
import { decodeCursor, isTimeIdCursor, pageOf } from '../cursor';
import type { Ctx, CurrentUser } from '../context';
import { isStaff, isVolunteer, requireStaff, requireUser, staffScope } from '../access';
import { writeAudit } from '../audit';
import { nextCode } from '../codes';
import { requireApprovedVolunteer, standingOrNull, volunteerPending, volunteerRejected, type Standing } from '../volunteer-standing';
import { maySee, needsStanding } from './state';
import { RECENT_DAYS, rankCandidates } from './suggest';
import { presentDetail, presentOrders, type EventWithActor, type OrderRow } from './view';

const r = schema.serviceRequests;
const h = schema.handbookEntries;
const e = schema.requestEvents;
const owner = alias(schema.users, 'owner');
const creator = alias(schema.users, 'creator');
const assignee = alias(schema.users, 'assignee');

/** The service menu: handbook entries the street has opened for ordering. */
export async function listServiceMenu({ ctx }: { ctx: Ctx }) {
  const rows = await ctx.db
    .select({ id: h.id, category: h.category, title: h.title, summary: h.summary, serviceMinutes: h.serviceMinutes })
    .from(h)
    .where(and(eq(h.requestable, true), eq(h.published, true)))
    .orderBy(asc(h.sortOrder), asc(h.title));
  return { items: rows, nextCursor: null };
}

function formatAddress(card: { building: string; unit: string; room: string }) {
  const part = (v: string, suffix: string) => (/^\d+$/.test(v) ? `${v}${suffix}` : v);
  return [part(card.building, '栋'), part(card.unit, '单元'), part(card.room, '室')].filter(Boolean).join('');
}

/** The order form's starting values: the caller's own phone and the address from their neighbour card. */
export async function getRequestPrefill({ ctx }: { ctx: Ctx }) {
  const user = requireUser(ctx);
  const [row] = await ctx.db
    .select({ phone: schema.users.phone, card: schema.cards })
    .from(schema.users)
    .leftJoin(schema.cards, eq(schema.cards.userId, schema.users.id))
    .where(eq(schema.users.id, user.id))
    .limit(1);
  return {
    contactPhone: row?.phone ?? null,
    address: row?.card ? formatAddress(row.card) : null,
    displayName: user.displayName,
  };
}

/** Loads an order the caller may see, or 404 (also for orders that exist but are not theirs). */
export async function loadVisibleOrder(db: DbOrTx, user: CurrentUser, id: string): Promise<OrderRow> {
  const [row] = await reusable(db, 'request-by-id', () => db.select().from(r).where(eq(r.id, sql.placeholder('id'))).limit(1)).execute({ id });
  if (!row || !maySee(user, row, needsStanding(user, row) ? await standingOrNull(db, user.id) : null)) throw notFound('找不到该订单');
  return row;
}

/** An event as the detail query returns it: JSON, so its time comes as epoch milliseconds. */
type EventJson = Omit<EventWithActor, 'createdAt'> & { createdAt: number };

/**
 * The order page in one statement, built once per database handle: the order joined with
 * its service and the three people's names, and its events (each with its actor's name)
 * gathered as JSON. Separate look-ups of events, names and service cost three more round
 * trips and per-request query builds (docs/performance.md).
 */
async function detailRow(db: DbOrTx, id: string) {
  const u = schema.users;
  const [row] = await reusable(db, 'request-detail', () =>
    db
      .select({
        order: r,
        service: { id: h.id, category: h.category, title: h.title },
        ownerName: owner.displayName,
        createdByName: creator.displayName,
        assigneeName: assignee.displayName,
        events: sql<EventJson[]>`(
          select coalesce(json_agg(json_build_object(
            'id', ${e.id}, 'type', ${e.type}, 'fromStatus', ${e.fromStatus}, 'toStatus', ${e.toStatus},
            'actorId', ${e.actorId}, 'actorRole', ${e.actorRole}, 'note', ${e.note},
            'createdAt', floor(extract(epoch from ${e.createdAt}) * 1000), 'actorName', ${u.displayName})), '[]'::json)
          from ${e} left join ${u} on ${u.id} = ${e.actorId}
          where ${e.requestId} = ${r.id})`,
      })
      .from(r)
      .leftJoin(h, eq(h.id, r.serviceId))
      .leftJoin(owner, eq(owner.id, r.ownerId))
      .leftJoin(creator, eq(creator.id, r.createdById))
      .leftJoin(assignee, eq(assignee.id, r.assigneeId))
      .where(eq(r.id, sql.placeholder('id')))
      .limit(1),
  ).execute({ id });
  return row;
}

function presentRow(j: NonNullable<Awaited<ReturnType<typeof detailRow>>>, user: CurrentUser, now: Date) {
  const events = j.events.map((x) => ({ ...x, createdAt: new Date(Number(x.createdAt)) }));
  return presentDetail(j.order, j, events, user, now);
}

/** The detail of an order already known to exist and be visible (after a create or a transition, inside its transaction). */
export async function loadDetail(db: DbOrTx, user: CurrentUser, id: string, now: Date) {
  const j = await detailRow(db, id);
  if (!j) throw notFound('找不到该订单');
  return presentRow(j, user, now);
}

export async function createServiceRequest({ ctx, input }: { ctx: Ctx; input: CreateRequestBody }) {
  const user = requireUser(ctx);
  const proxy = input.onBehalfOf !== undefined || input.ownerId !== undefined || input.communityId !== undefined;
  if (proxy && !isStaff(user)) throw forbidden('代办下单需由社区工作人员或网格员办理');
  const scope = isStaff(user) ? staffScope(user) : null;

  return ctx.db.transaction(async (tx) => {
    const [service] = await tx
      .select({ id: h.id, title: h.title })
      .from(h)
      .where(and(eq(h.id, input.serviceId), eq(h.requestable, true), eq(h.published, true)))
      .limit(1);
    if (!service) throw invalidField('serviceId', '所选服务不存在或暂不接受预约');

    let ownerId: string | null = user.id;
    let communityId: string | null = user.communityId;
    let contactPhone = input.contactPhone ?? null;
    if (proxy) {
      ownerId = null;
      communityId = input.communityId ?? scope ?? user.communityId;
      if (input.ownerId) {
        const [owner] = await tx
          .select({ id: schema.users.id, communityId: schema.users.communityId, phone: schema.users.phone })
          .from(schema.users)
          .where(and(eq(schema.users.id, input.ownerId), isNull(schema.users.deletedAt), inArray(schema.users.role, ['resident', 'volunteer'])))
          .limit(1);
        if (!owner) throw invalidField('ownerId', '找不到该居民的账号');
        // Checked on the owner, not on the order's community: a communityId of the caller's own
        // community must not let community staff order for (and so see) another community's resident.
        if (scope !== null && owner.communityId !== scope) throw forbidden('只能为本社区的居民代办');
        ownerId = owner.id;
        communityId = input.communityId ?? owner.communityId ?? communityId;
        contactPhone ??= input.onBehalfOf?.phone ?? owner.phone;
      } else {
        contactPhone ??= input.onBehalfOf?.phone ?? null;
      }
      if (input.communityId) {
        const [c] = await tx
          .select({ id: schema.communities.id })
          .from(schema.communities)
          .where(eq(schema.communities.id, input.communityId))
          .limit(1);
        if (!c) throw invalidField('communityId', '所选社区不存在');
      }
      if (scope !== null && communityId !== scope) {
        throw invalidField(input.ownerId ? 'ownerId' : 'communityId', '只能为本社区的居民代办');
      }
    } else if (contactPhone === null) {
      const [me] = await tx.select({ phone: schema.users.phone }).from(schema.users).where(eq(schema.users.id, user.id));
      contactPhone = me?.phone ?? null;
    }

    const code = await nextCode(tx, 'FW', ctx.now);
    const [row] = await tx
      .insert(r)
      .values({
        code,
        serviceId: service.id,
        ownerId,
        createdById: user.id,
        onBehalfOf: input.onBehalfOf
          ? { name: input.onBehalfOf.name, phone: input.onBehalfOf.phone, address: input.onBehalfOf.address }
          : null,
        communityId,
        description: input.description,
        preferredTime: input.preferredTime || null,
        contactPhone,
        address: input.address || input.onBehalfOf?.address || null,
        status: 'submitted',
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await tx.insert(schema.requestEvents).values({
      requestId: row.id,
      type: 'created',
      fromStatus: null,
      toStatus: 'submitted',
      actorId: user.id,
      actorRole: user.role,
      note: input.onBehalfOf ? `代办：为${input.onBehalfOf.name}下单` : null,
      createdAt: ctx.now,
    });
    if (proxy) {
      await writeAudit(tx, ctx, {
        action: 'request.created_on_behalf',
        targetType: 'service_request',
        targetId: row.id,
        subjectUserId: ownerId,
        detail: { code, onBehalfOf: input.onBehalfOf?.name ?? null },
      });
    }
    return loadDetail(tx, user, row.id, ctx.now);
  });
}

/** The open pool (待接订单) of a confirmed volunteer: waiting, nobody on it, their community's or street-wide. */
function poolOf(standing: Standing): SQL {
  return and(
    eq(r.status, 'submitted'),
    isNull(r.assigneeId),
    standing.communityId ? or(isNull(r.communityId), eq(r.communityId, standing.communityId)) : isNull(r.communityId),
  )!;
}

/** How many orders wait in the caller's pool, or null for anyone who has no pool (not a confirmed volunteer). */
export async function countMyPool(db: DbOrTx, user: CurrentUser): Promise<number | null> {
  if (!isVolunteer(user)) return null;
  const standing = await standingOrNull(db, user.id);
  if (!standing) return null;
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(r).where(poolOf(standing));
  return Number(row?.n ?? 0);
}

export async function listServiceRequests({ ctx, query }: { ctx: Ctx; query: ListRequestsQuery }) {
  const user = requireUser(ctx);
  const conds: SQL[] = [];
  switch (query.scope) {
    case 'mine':
      conds.push(or(eq(r.ownerId, user.id), eq(r.createdById, user.id))!);
      break;
    case 'available': {
      // The pool shows residents' requests: only to a volunteer the community confirmed, and
      // only their community's orders and street-wide ones (issue 15).
      if (!isVolunteer(user)) {
        const [p] = await ctx.db
          .select({ status: schema.volunteerProfiles.status, rejectReason: schema.volunteerProfiles.rejectReason })
          .from(schema.volunteerProfiles)
          .where(eq(schema.volunteerProfiles.userId, user.id))
          .limit(1);
        if (p?.status === 'pending') throw volunteerPending();
        if (p?.status === 'rejected') throw volunteerRejected(p.rejectReason);
        throw forbidden('只有红岗志愿者可以查看待接订单');
      }
      conds.push(poolOf(await requireApprovedVolunteer(ctx.db, user.id)));
      break;
    }
    case 'assigned':
      if (!isVolunteer(user)) throw forbidden('只有红岗志愿者有派给自己的任务');
      conds.push(eq(r.assigneeId, user.id));
      break;
    case 'all': {
      if (!isStaff(user)) throw forbidden();
      const scope = staffScope(user);
      if (scope !== null) conds.push(eq(r.communityId, scope));
      break;
    }
  }
  if (query.status) conds.push(eq(r.status, query.status));
  const cursor = decodeCursor(query.cursor, isTimeIdCursor);
  if (cursor) {
    const t = new Date(cursor.t);
    conds.push(or(lt(r.createdAt, t), and(eq(r.createdAt, t), lt(r.id, cursor.id)))!);
  }
  const rows = await ctx.db
    .select()
    .from(r)
    .where(and(...conds))
    .orderBy(desc(r.createdAt), desc(r.id))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, (x) => ({ t: x.createdAt.toISOString(), id: x.id }));
  return { items: await presentOrders(ctx.db, page.items, user, ctx.now), nextCursor: page.nextCursor };
}

export async function getServiceRequest({ ctx, id }: { ctx: Ctx; id: string }) {
  const user = requireUser(ctx);
  const j = await detailRow(ctx.db, id);
  if (!j || !maySee(user, j.order, needsStanding(user, j.order) ? await standingOrNull(ctx.db, user.id) : null)) throw notFound('找不到该订单');
  return presentRow(j, user, ctx.now);
}

const OPEN_TASK_STATUSES = ['dispatched', 'accepted', 'in_progress'] as const;

/**
 * The volunteers who may serve an order: those of its community and street volunteers with no
 * community. Candidates show names and party membership, so another community's volunteers are
 * neither listed nor dispatchable. A street-wide order (no community) may go to anyone.
 */
export function servesCommunity(communityId: string | null): SQL | undefined {
  if (communityId === null) return undefined;
  return or(eq(schema.users.communityId, communityId), isNull(schema.users.communityId));
}

/**
 * Volunteers a dispatcher can choose from, ranked for this order's service (`rankCandidates`:
 * skill match, community, load, recent hours), each with the reason in words.
 */
export async function listDispatchCandidates({ ctx, id, query }: { ctx: Ctx; id: string; query: { skill?: string } }) {
  const user = requireStaff(ctx);
  const order = await loadVisibleOrder(ctx.db, user, id);
  const u = schema.users;
  const vp = schema.volunteerProfiles;
  const vh = schema.volunteerHours;
  const since = new Date(ctx.now.getTime() - RECENT_DAYS * 86_400_000);
  const [volunteers, open, done, recent, [service]] = await Promise.all([
    ctx.db
      .select({ id: u.id, displayName: u.displayName, communityId: u.communityId, realName: vp.realName, isPartyMember: vp.isPartyMember, skills: vp.skills })
      .from(u)
      .innerJoin(vp, eq(vp.userId, u.id))
      .where(and(eq(u.role, 'volunteer'), isNull(u.deletedAt), servesCommunity(order.communityId))),
    ctx.db
      .select({ id: r.assigneeId, n: sql<number>`count(*)::int` })
      .from(r)
      .where(inArray(r.status, [...OPEN_TASK_STATUSES]))
      .groupBy(r.assigneeId),
    ctx.db
      .select({ id: r.assigneeId, n: sql<number>`count(*)::int`, avg: sql<string | null>`avg(${r.ratingScore})` })
      .from(r)
      .where(inArray(r.status, ['completed', 'closed']))
      .groupBy(r.assigneeId),
    ctx.db
      .select({ id: vh.userId, minutes: sql<number>`sum(${vh.minutes})::int` })
      .from(vh)
      .where(and(gte(vh.servedAt, since), lte(vh.servedAt, ctx.now)))
      .groupBy(vh.userId),
    ctx.db.select({ title: h.title, tags: h.tags }).from(h).where(eq(h.id, order.serviceId)).limit(1),
  ]);
  const openBy = new Map(open.map((x) => [x.id, Number(x.n)]));
  const doneBy = new Map(done.map((x) => [x.id, x]));
  const recentBy = new Map(recent.map((x) => [x.id, Number(x.minutes)]));
  const skill = query.skill;
  const facts = volunteers
    .filter((v) => !skill || v.skills.some((s) => s.includes(skill) || skill.includes(s)))
    .map((v) => {
      const d = doneBy.get(v.id);
      return {
        id: v.id,
        displayName: v.displayName,
        realName: v.realName,
        isPartyMember: v.isPartyMember,
        skills: v.skills,
        communityId: v.communityId,
        sameCommunity: order.communityId !== null && v.communityId === order.communityId,
        openTasks: openBy.get(v.id) ?? 0,
        completedCount: d ? Number(d.n) : 0,
        averageScore: d?.avg != null ? Math.round(Number(d.avg) * 10) / 10 : null,
        recentMinutes: recentBy.get(v.id) ?? 0,
      };
    });
  const items = rankCandidates(facts, { title: service?.title ?? '', tags: service?.tags ?? [] }).slice(0, 100);
  return { items };
}
