import { and, desc, eq, isNull } from 'drizzle-orm';
import type { RequestAction } from '../../../../shared/requests';
import { streetYear } from '../../../../shared/time';
import { schema, type Tx } from '../../db';
import { forbidden, invalidField, invalidState, notFound } from '../../errors';
import type { Ctx, CurrentUser } from '../context';
import { isStaff, isVolunteer, requireUser } from '../access';
import { writeAudit } from '../audit';
import { enqueueNotifications, type NewNotification } from '../notifications';
import { inVolunteerPool, requireApprovedVolunteer, standingOrNull } from '../volunteer-standing';
import { loadDetail, servesCommunity } from './orders';
import { TRANSITIONS, maySee, needsStanding, roleAllows, servesSelf, stateAllows } from './state';
import type { OrderRow } from './view';
import { PAGES, deepLink } from '../../../../shared/pages';

const r = schema.serviceRequests;
const detailPage = (id: string) => deepLink(PAGES.requests.detail, { id });

interface Step {
  /** Extra columns to set with the new status. */
  set?: Partial<typeof r.$inferInsert>;
  note?: string | null;
  /** Runs inside the transaction after the row changed (hours, notifications). */
  after?: (tx: Tx, before: OrderRow, after: OrderRow) => Promise<void>;
}

/**
 * Every transition goes through here: lock the row, ask the state table, update on the
 * condition that the status is still the one we read, write the timeline event. The
 * row lock makes simultaneous 接单 queue up: the first commits, every later one re-reads
 * `accepted` and gets 409 — exactly one volunteer wins.
 */
async function transition(
  ctx: Ctx,
  id: string,
  action: RequestAction,
  prepare: (tx: Tx, user: CurrentUser, row: OrderRow) => Promise<Step> | Step,
) {
  const user = requireUser(ctx);
  return ctx.db.transaction(async (tx) => {
    // Taking an order is for a volunteer the community confirmed (403 that says so otherwise).
    const standing = action === 'accept' && isVolunteer(user) ? await requireApprovedVolunteer(tx, user.id) : null;
    const [row] = await tx.select().from(r).where(eq(r.id, id)).for('update');
    // A volunteer may try to take any order of their pool's communities; a taken one answers 409,
    // not 404, so the volunteer who lost the race learns it was taken rather than that it vanished.
    const mayTry = standing !== null && row !== undefined && (inVolunteerPool(standing, row.communityId) || row.assigneeId === user.id);
    const visible = row && maySee(user, row, standing ?? (needsStanding(user, row) ? await standingOrNull(tx, user.id) : null));
    if (!row || !(visible || mayTry)) throw notFound('找不到该订单');
    if (!roleAllows(action, user, row)) {
      throw forbidden(servesSelf(action, user, row) ? '不能为自己下的订单接单、完成或评价，请由其他志愿者服务' : undefined, servesSelf(action, user, row) ? 'SELF_SERVICE' : undefined);
    }
    if (!stateAllows(action, user, row)) {
      throw invalidState(
        action === 'accept' && row.assigneeId && row.assigneeId !== user.id
          ? '该订单已被其他志愿者接单'
          : action === 'cancel' && !isStaff(user) && TRANSITIONS.cancel.from.includes(row.status)
            ? '志愿者已接单，如需取消请联系社区'
            : undefined,
      );
    }
    const step = await prepare(tx, user, row);
    const t = TRANSITIONS[action];
    const [updated] = await tx
      .update(r)
      .set({ ...step.set, status: t.to, updatedAt: ctx.now })
      .where(and(eq(r.id, id), eq(r.status, row.status), row.assigneeId ? eq(r.assigneeId, row.assigneeId) : isNull(r.assigneeId)))
      .returning();
    if (!updated) throw invalidState();
    await tx.insert(schema.requestEvents).values({
      requestId: id,
      type: t.event,
      fromStatus: row.status,
      toStatus: t.to,
      actorId: user.id,
      actorRole: user.role,
      note: step.note ?? null,
      createdAt: ctx.now,
    });
    await step.after?.(tx, row, updated);
    return loadDetail(tx, user, updated.id, ctx.now);
  });
}

const notifyOwner = (row: OrderRow) => row.ownerId ?? row.createdById;

/** A message to the order's resident (or whoever placed it for someone without an account), if any. */
function ownerNote(row: OrderRow, n: Pick<NewNotification, 'kind' | 'title' | 'body' | 'dedupeKey'>): NewNotification[] {
  const to = notifyOwner(row);
  return to ? [{ userId: to, page: detailPage(row.id), data: { code: row.code }, ...n }] : [];
}

/**
 * Credit for an order is the time between 开始服务 and 完成, never more than the service's
 * length (a forgotten 完成 button must not bank a day) and never less than 15 minutes
 * (a real visit that was tapped through quickly still took the walk there).
 */
export const MIN_ORDER_MINUTES = 15;
export function orderMinutes(startedAt: Date | null, completedAt: Date, serviceMinutes: number): number {
  const served = startedAt ? Math.floor((completedAt.getTime() - startedAt.getTime()) / 60_000) : 0;
  return Math.min(serviceMinutes, Math.max(MIN_ORDER_MINUTES, served));
}

export function dispatchServiceRequest({ ctx, id, input }: { ctx: Ctx; id: string; input: { assigneeId: string; note?: string } }) {
  return transition(ctx, id, 'dispatch', async (tx, _user, row) => {
    const [v] = await tx
      .select({ id: schema.users.id, displayName: schema.users.displayName })
      .from(schema.users)
      .innerJoin(schema.volunteerProfiles, eq(schema.volunteerProfiles.userId, schema.users.id))
      .where(
        and(
          eq(schema.users.id, input.assigneeId),
          eq(schema.users.role, 'volunteer'),
          isNull(schema.users.deletedAt),
          servesCommunity(row.communityId),
        ),
      )
      .limit(1);
    if (!v) throw invalidField('assigneeId', '所选志愿者不存在或不属于该订单所在社区');
    if (v.id === row.ownerId || v.id === row.createdById) throw invalidField('assigneeId', '不能把订单派给下单人本人，请选择其他志愿者');
    return {
      set: { assigneeId: v.id },
      note: [`派给${v.displayName}`, input.note].filter(Boolean).join('：'),
      after: async (tx2, before, after) => {
        await enqueueNotifications(
          tx2,
          [
            {
              userId: v.id,
              kind: 'order_dispatched',
              title: '您有一张新的服务订单',
              body: `社区派给您订单 ${after.code}，请尽快查看并接单。`,
              page: detailPage(after.id),
              data: { code: after.code },
              dedupeKey: `request:${after.id}:dispatched:${v.id}`,
            },
            // The resident hears who is coming: once per volunteer (a 改派 names the new one).
            ...ownerNote(after, {
              kind: 'order_dispatched',
              title: '订单已派单',
              body: `您的订单 ${after.code} 已派给志愿者${v.displayName}，接单后会与您联系。`,
              dedupeKey: `request:${after.id}:dispatched-owner:${v.id}`,
            }),
          ],
          ctx.now,
        );
        await writeAudit(tx2, ctx, {
          action: 'request.dispatched',
          targetType: 'service_request',
          targetId: after.id,
          subjectUserId: after.ownerId,
          detail: { code: after.code, assigneeId: v.id, previousAssigneeId: before.assigneeId },
        });
      },
    };
  });
}

export function acceptServiceRequest({ ctx, id, input }: { ctx: Ctx; id: string; input: { note?: string } }) {
  return transition(ctx, id, 'accept', (_tx, user, row) => ({
    set: { assigneeId: user.id },
    note: input.note ?? (row.status === 'submitted' ? '从待接订单中接单' : null),
    after: async (tx, before, after) => {
      // Accepting opens the resident's phone and address to this volunteer: on the record.
      await writeAudit(tx, ctx, {
        action: 'request.accepted',
        targetType: 'service_request',
        targetId: after.id,
        subjectUserId: after.ownerId,
        detail: { code: after.code, communityId: after.communityId, from: before.status },
      });
      const to = notifyOwner(after);
      if (!to) return;
      await enqueueNotifications(
        tx,
        [
          {
            userId: to,
            kind: 'order_accepted',
            title: '志愿者已接单',
            body: `您的订单 ${after.code} 已由${user.displayName}接单，志愿者会与您联系。`,
            page: detailPage(after.id),
            data: { code: after.code },
            dedupeKey: `request:${after.id}:accepted`,
          },
        ],
        ctx.now,
      );
    },
  }));
}

export function startServiceRequest({ ctx, id, input }: { ctx: Ctx; id: string; input: { note?: string } }) {
  return transition(ctx, id, 'start', () => ({ note: input.note ?? null }));
}

export function completeServiceRequest({ ctx, id, input }: { ctx: Ctx; id: string; input: { note: string } }) {
  return transition(ctx, id, 'complete', () => ({
    set: { completedAt: ctx.now },
    note: input.note,
    after: async (tx, _before, after) => {
      const [service] = await tx
        .select({ minutes: schema.handbookEntries.serviceMinutes, title: schema.handbookEntries.title })
        .from(schema.handbookEntries)
        .where(eq(schema.handbookEntries.id, after.serviceId));
      const e = schema.requestEvents;
      const [started] = await tx
        .select({ at: e.createdAt })
        .from(e)
        .where(and(eq(e.requestId, after.id), eq(e.type, 'started')))
        .orderBy(desc(e.createdAt))
        .limit(1);
      // The 志愿服务记录: one row per completed order, keyed by the order so it is never counted twice.
      await tx
        .insert(schema.volunteerHours)
        .values({
          userId: after.assigneeId!,
          sourceType: 'request',
          sourceId: after.id,
          minutes: orderMinutes(started?.at ?? null, ctx.now, service?.minutes ?? 60),
          servedAt: ctx.now,
          year: streetYear(ctx.now),
          note: `${after.code} ${service?.title ?? ''}`.trim(),
          createdAt: ctx.now,
          updatedAt: ctx.now,
        })
        .onConflictDoNothing();
      const to = notifyOwner(after);
      const items: NewNotification[] = to
        ? [
            {
              userId: to,
              kind: 'order_completed',
              title: '服务已完成',
              body: `您的订单 ${after.code} 已完成服务，请为志愿者评价。`,
              page: detailPage(after.id),
              data: { code: after.code },
              dedupeKey: `request:${after.id}:completed`,
            },
          ]
        : [];
      await enqueueNotifications(tx, items, ctx.now);
    },
  }));
}

export function cancelServiceRequest({ ctx, id, input }: { ctx: Ctx; id: string; input: { reason: string } }) {
  return transition(ctx, id, 'cancel', (_tx, user, row) => ({
    note: input.reason,
    after: async (tx, before, after) => {
      if (!isStaff(user) || row.ownerId === user.id) return;
      await writeAudit(tx, ctx, {
        action: 'request.cancelled',
        targetType: 'service_request',
        targetId: after.id,
        subjectUserId: after.ownerId,
        detail: { code: after.code, from: before.status, reason: input.reason },
      });
    },
  }));
}

export function rateServiceRequest({ ctx, id, input }: { ctx: Ctx; id: string; input: { score: number; comment?: string } }) {
  return transition(ctx, id, 'rate', () => ({
    set: { ratingScore: input.score, ratingComment: input.comment || null },
    note: `${input.score} 星${input.comment ? `：${input.comment}` : ''}`,
  }));
}
