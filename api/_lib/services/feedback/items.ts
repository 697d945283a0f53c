import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, ne, notInArray, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import {
  FEEDBACK_RATING_NAMES,
  type FeedbackDetail,
  type FeedbackRating,
  type FeedbackStatus,
  FEEDBACK_CODE,
} from '../../../../shared/feedback';
import { toStreetIso } from '../../../../shared/time';
import { schema, type DbOrTx } from '../../db';
import { reusable, reusableIn } from '../../db/reuse';
import { forbidden, invalidField, notFound } from '../../errors';
import { decodeCursor, encodeCursor, isOffset, isTimeIdCursor, pageOf } from '../cursor';
import type { Ctx } from '../context';
import { attachPhotos, loadPhotos, photosOf, syncPublishedPhotos } from './photos';
import { supportFeedback, supportedBy, supportersOf, withdrawSupport } from './supports';
import { isStaff, requireStaff, requireUser, staffMaySee, staffScope } from '../access';
import { writeAudit } from '../audit';
import { nextCode } from '../codes';
import { assertContentAllowed } from '../content-check';
import { enqueueNotifications, type NotificationKind } from '../notifications';
import { maskPhone } from '../privacy';
import { isPubliclyVisible, shownReporterName, toPublicItem, toReply, type FeedbackJoined, type FeedbackRow } from './present';
import { ECHO_STATUSES, FEEDBACK_TRANSITIONS, OPEN_STATUSES, allowedFeedbackActions, assertTransition, mayTake } from './transitions';
import { isUuid } from '../../../../shared/ids';
import { PAGES, deepLink } from '../../../../shared/pages';
import { sentence } from '../../../../shared/text';

const f = schema.feedbackItems;
const r = schema.feedbackReplies;

const joinedColumns = {
  item: f,
  communityName: schema.communities.name,
  reporterDeletedAt: schema.users.deletedAt,
  replyCount: sql<number>`(select count(*)::int from feedback_replies fr where fr.feedback_id = ${f.id} and fr.author_role <> 'system')`,
};

function selectJoined(db: DbOrTx) {
  return db
    .select(joinedColumns)
    .from(f)
    .leftJoin(schema.communities, eq(schema.communities.id, f.communityId))
    .leftJoin(schema.users, eq(schema.users.id, f.reporterId));
}

/** Items are addressed by id or by their WT code; anything else cannot exist. */
export function idCondition(idOrCode: string): SQL | null {
  if (isUuid(idOrCode)) return eq(f.id, idOrCode);
  if (FEEDBACK_CODE.test(idOrCode)) return eq(f.code, idOrCode);
  return null;
}

/** What the public may see: public items that were not refused nor taken down after a 举报. */
export const publiclyVisible = and(eq(f.isPublic, true), ne(f.status, 'rejected'), isNull(f.hiddenAt))!;

export { isPubliclyVisible };

// ---- create --------------------------------------------------------------

export async function createFeedback({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: {
    category: string;
    title: string;
    body: string;
    location?: string | null;
    latitude?: number | null;
    longitude?: number | null;
    public: boolean;
    anonymous: boolean;
    communityId?: string | null;
    photoIds?: string[];
  };
}) {
  const user = requireUser(ctx);
  const location = input.location?.trim() || null;
  let communityId = input.communityId ?? user.communityId ?? null;
  if (input.communityId) {
    const [c] = await ctx.db.select({ id: schema.communities.id }).from(schema.communities).where(eq(schema.communities.id, input.communityId));
    if (!c) throw invalidField('communityId', '所选社区不存在');
    communityId = c.id;
  }
  // WeChat requires user text to pass content security before it is kept anywhere.
  await assertContentAllowed(ctx, [input.title, input.body, location]);
  return ctx.db.transaction(async (tx) => {
    // The counter's row lock is held until commit and every create of the day queues on it: take it last.
    const code = await nextCode(tx, 'WT', ctx.now);
    const [row] = await reusableIn(tx, ctx.runtime.db, 'feedback-insert', () => insertFeedback(ctx.runtime.db)).execute({
      code,
      reporterId: user.id,
      reporterName: input.anonymous ? null : user.displayName,
      communityId,
      category: input.category,
      title: input.title,
      body: input.body,
      location,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      isPublic: input.public,
      anonymous: input.anonymous,
      now: ctx.now,
    });
    if (input.photoIds?.length) {
      await attachPhotos(tx, ctx, input.photoIds, { feedbackId: row.id, purpose: 'report' });
      await syncPublishedPhotos(ctx, tx, row.id);
    }
    return { id: row.id, code: row.code, status: 'submitted' as const };
  });
}

/** The create's insert, built once: the builder walks all 29 columns of the table on every build (docs/performance.md). */
function insertFeedback(db: DbOrTx) {
  const p = sql.placeholder;
  return db
    .insert(f)
    .values({
      code: p('code'),
      reporterId: p('reporterId'),
      reporterName: p('reporterName'),
      communityId: p('communityId'),
      category: p('category'),
      title: p('title'),
      body: p('body'),
      location: p('location'),
      latitude: p('latitude'),
      longitude: p('longitude'),
      isPublic: p('isPublic'),
      anonymous: p('anonymous'),
      status: 'submitted',
      createdAt: p('now'),
      updatedAt: p('now'),
    })
    .returning({ id: f.id, code: f.code });
}

// ---- reading ---------------------------------------------------------------

async function loadReplies(db: DbOrTx, feedbackId: string) {
  return db
    .select({
      id: r.id,
      authorRole: r.authorRole,
      authorId: r.authorId,
      authorName: schema.users.displayName,
      body: r.body,
      createdAt: r.createdAt,
    })
    .from(r)
    .leftJoin(schema.users, eq(schema.users.id, r.authorId))
    .where(eq(r.feedbackId, feedbackId))
    .orderBy(asc(r.createdAt), asc(r.id));
}

type Viewer = 'staff' | 'reporter' | 'public';

function viewerOf(ctx: Ctx, item: FeedbackRow): Viewer | null {
  const user = ctx.user;
  if (user && isStaff(user) && staffMaySee(user, item.communityId)) return 'staff';
  if (user && item.reporterId === user.id) return 'reporter';
  if (isPubliclyVisible(item)) return 'public';
  return null;
}

export async function getFeedback({ ctx, id }: { ctx: Ctx; id: string }): Promise<FeedbackDetail> {
  const cond = idCondition(id);
  if (!cond) throw notFound('找不到该问题');
  const [j] = await selectJoined(ctx.db).where(cond).limit(1);
  if (!j) throw notFound('找不到该问题');
  const viewer = viewerOf(ctx, j.item);
  // Another resident's private item answers exactly as a missing one does.
  if (!viewer) throw notFound('找不到该问题');
  const actor = viewer === 'public' ? null : viewer;
  const [replies, photoMap, supported] = await Promise.all([
    loadReplies(ctx.db, j.item.id),
    loadPhotos(ctx, [j.item.id], viewer === 'public' ? 'public' : 'involved'),
    supportedBy(ctx.db, j.item.id, ctx.user?.id),
  ]);
  const photos = photosOf(photoMap, j.item.id);
  const name = shownReporterName(j);
  const detail: FeedbackDetail = {
    ...toPublicItem(j, ctx.now, photos),
    replies: replies.map((x) => toReply(x, name, photos.byReply.get(x.id))),
    mine: viewer === 'reporter',
    supported,
    anonymous: viewer === 'public' ? null : j.item.anonymous,
    rejectReason: j.item.rejectReason,
    canRate: mayTake('rate', actor, j.item.status),
    canReply: mayTake('reply', actor, j.item.status),
    allowedActions: allowedFeedbackActions(actor, j.item.status),
  };
  if (viewer === 'staff') {
    let reporter: FeedbackDetail['reporter'] = null;
    if (j.item.reporterId && !j.reporterDeletedAt) {
      const [u] = await ctx.db
        .select({ id: schema.users.id, displayName: schema.users.displayName, phone: schema.users.phone })
        .from(schema.users)
        .where(eq(schema.users.id, j.item.reporterId));
      if (u) reporter = { id: u.id, displayName: u.displayName, phoneMasked: maskPhone(u.phone) };
    }
    detail.reporter = reporter;
  }
  return detail;
}

/** A page of items with their photos, loaded in one query for the page. */
async function withPhotos(ctx: Ctx, rows: FeedbackJoined[], view: 'public' | 'involved') {
  const photos = await loadPhotos(ctx, rows.map((j) => j.item.id), view);
  return rows.map((j) => toPublicItem(j, ctx.now, photosOf(photos, j.item.id)));
}

const offsetCursor = (v: unknown): v is { o: number } =>
  typeof v === 'object' && v !== null && isOffset((v as { o: unknown }).o);

/** 问题墙: public open items, most urgent first (overdue, then nearest deadline, then waiting to be taken up). */
export async function listWall({ ctx, query }: { ctx: Ctx; query: { cursor?: string; limit: number; category?: string; communityId?: string } }) {
  const cursor = decodeCursor(query.cursor, offsetCursor);
  const offset = cursor?.o ?? 0;
  const conds: SQL[] = [publiclyVisible, inArray(f.status, [...OPEN_STATUSES])];
  if (query.category) conds.push(eq(f.category, query.category));
  if (query.communityId) conds.push(eq(f.communityId, query.communityId));
  const wall = (db: DbOrTx, where: SQL[], limit: number | Placeholder, skip: number | Placeholder) =>
    selectJoined(db)
      .where(and(...where))
      .orderBy(sql`${f.deadline} asc nulls last`, desc(f.createdAt), desc(f.id))
      .limit(limit)
      .offset(skip);
  // The unfiltered wall (the common case) builds its SQL once per database handle; docs/performance.md.
  const rows =
    conds.length === 2
      ? await reusable(ctx.db, 'feedback-wall', () => wall(ctx.db, conds, sql.placeholder('limit'), sql.placeholder('offset'))).execute({ limit: query.limit + 1, offset })
      : await wall(ctx.db, conds, query.limit + 1, offset);
  const shown = rows.slice(0, query.limit) as FeedbackJoined[];
  const items = await withPhotos(ctx, shown, 'public');
  return { items, nextCursor: rows.length > query.limit ? encodeCursor({ o: offset + query.limit }) : null };
}

function timeIdAfter(col: typeof f.createdAt | typeof f.resolvedAt, cursor: { t: string; id: string } | null): SQL[] {
  if (!cursor) return [];
  const t = new Date(cursor.t);
  return [or(lt(col, t), and(eq(col, t), lt(f.id, cursor.id)))!];
}

/** 回音壁: public items with a published result, newest result first. */
export async function listEcho({ ctx, query }: { ctx: Ctx; query: { cursor?: string; limit: number; category?: string; communityId?: string } }) {
  const cursor = decodeCursor(query.cursor, isTimeIdCursor);
  const conds: SQL[] = [publiclyVisible, inArray(f.status, [...ECHO_STATUSES]), isNotNull(f.resolvedAt), isNotNull(f.result)];
  if (query.category) conds.push(eq(f.category, query.category));
  if (query.communityId) conds.push(eq(f.communityId, query.communityId));
  conds.push(...timeIdAfter(f.resolvedAt, cursor));
  const rows = await selectJoined(ctx.db)
    .where(and(...conds))
    .orderBy(desc(f.resolvedAt), desc(f.id))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, (j) => ({ t: j.item.resolvedAt!.toISOString(), id: j.item.id }));
  return { items: await withPhotos(ctx, page.items as FeedbackJoined[], 'public'), nextCursor: page.nextCursor };
}

export async function listMine({ ctx, query }: { ctx: Ctx; query: { cursor?: string; limit: number } }) {
  const user = requireUser(ctx);
  const cursor = decodeCursor(query.cursor, isTimeIdCursor);
  const rows = await selectJoined(ctx.db)
    .where(and(eq(f.reporterId, user.id), ...timeIdAfter(f.createdAt, cursor)))
    .orderBy(desc(f.createdAt), desc(f.id))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, (j) => ({ t: j.item.createdAt.toISOString(), id: j.item.id }));
  return { items: await withPhotos(ctx, page.items as FeedbackJoined[], 'involved'), nextCursor: page.nextCursor };
}

/** The staff queue, limited to the staff member's community unless they work for the street. */
export async function listInbox({
  ctx,
  query,
}: {
  ctx: Ctx;
  query: { cursor?: string; limit: number; status?: FeedbackStatus | 'open'; category?: string; communityId?: string; overdue?: boolean };
}) {
  const user = requireStaff(ctx);
  const cursor = decodeCursor(query.cursor, isTimeIdCursor);
  const conds: SQL[] = [];
  const scope = staffScope(user);
  if (scope) conds.push(eq(f.communityId, scope));
  if (query.communityId) conds.push(eq(f.communityId, query.communityId));
  if (query.status === 'open') conds.push(inArray(f.status, [...OPEN_STATUSES]));
  else if (query.status) conds.push(eq(f.status, query.status));
  if (query.category) conds.push(eq(f.category, query.category));
  if (query.overdue === true) conds.push(inArray(f.status, [...OPEN_STATUSES]), lt(f.deadline, ctx.now));
  if (query.overdue === false) conds.push(or(sql`${f.deadline} is null`, sql`${f.deadline} >= ${ctx.now}`, notInArray(f.status, [...OPEN_STATUSES]))!);
  conds.push(...timeIdAfter(f.createdAt, cursor));
  const rows = await selectJoined(ctx.db)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(f.createdAt), desc(f.id))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, (j) => ({ t: j.item.createdAt.toISOString(), id: j.item.id }));
  return { items: await withPhotos(ctx, page.items as FeedbackJoined[], 'involved'), nextCursor: page.nextCursor };
}

// ---- actions ---------------------------------------------------------------

type Tx = Parameters<Parameters<Ctx['db']['transaction']>[0]>[0];

/** Locks the row; answers 404 for what the caller may not see. */
async function lockItem(tx: Tx, id: string): Promise<FeedbackRow> {
  const cond = idCondition(id);
  if (!cond) throw notFound('找不到该问题');
  const [row] = await tx.select().from(f).where(cond).for('update');
  if (!row) throw notFound('找不到该问题');
  return row;
}

async function lockForStaff(tx: Tx, ctx: Ctx, id: string) {
  const user = requireStaff(ctx);
  const row = await lockItem(tx, id);
  if (!staffMaySee(user, row.communityId)) throw notFound('找不到该问题');
  return row;
}

async function addReply(tx: Tx, ctx: Ctx, feedbackId: string, authorRole: 'staff' | 'reporter' | 'system', body: string) {
  const [row] = await tx
    .insert(r)
    .values({ feedbackId, authorId: authorRole === 'system' ? (ctx.user?.id ?? null) : ctx.user!.id, authorRole, body, createdAt: ctx.now })
    .returning({ id: r.id });
  return row.id;
}

const dateText = (d: Date) => toStreetIso(d).slice(0, 10);

export async function replyToFeedback({ ctx, id, input }: { ctx: Ctx; id: string; input: { body: string; photoIds?: string[] } }) {
  const user = requireUser(ctx);
  const asStaff = isStaff(user);
  // The reporter's words appear on the wall for public items, so they pass the same check.
  if (!asStaff) await assertContentAllowed(ctx, [input.body]);
  await ctx.db.transaction(async (tx) => {
    const row = await lockItem(tx, id);
    const role = asStaff && staffMaySee(user, row.communityId) ? 'staff' : row.reporterId === user.id ? 'reporter' : null;
    if (!role) {
      // A resident may read a public item but not speak in its thread; staff outside their community never see it.
      if (!asStaff && isPubliclyVisible(row)) throw forbidden('只有反映人和工作人员可以回复');
      throw notFound('找不到该问题');
    }
    assertTransition('reply', row.status);
    const replyId = await addReply(tx, ctx, row.id, role, input.body);
    if (input.photoIds?.length) {
      await attachPhotos(tx, ctx, input.photoIds, { feedbackId: row.id, replyId, purpose: 'reply' });
      await syncPublishedPhotos(ctx, tx, row.id);
    }
    await tx.update(f).set({ updatedAt: ctx.now }).where(eq(f.id, row.id));
    if (role === 'staff') {
      await writeAudit(tx, ctx, { action: 'feedback.replied', targetType: 'feedback', targetId: row.id, subjectUserId: row.reporterId });
      await notifyReporter(tx, ctx, row, { kind: 'feedback_replied', title: '您反映的问题有了回复', body: `${row.code}「${row.title}」：${input.body.slice(0, 40)}`, status: '已回复', dedupeKey: `feedback_replied:${replyId}` });
    }
  });
  return getFeedback({ ctx, id });
}

export async function assignFeedback({
  ctx,
  id,
  input,
}: {
  ctx: Ctx;
  id: string;
  input: { responsibleParty: string; measures: string; deadline: string };
}) {
  requireStaff(ctx);
  const deadline = new Date(input.deadline);
  if (!(deadline.getTime() > ctx.now.getTime())) throw invalidField('deadline', '完成期限不能早于现在');
  await ctx.db.transaction(async (tx) => {
    const row = await lockForStaff(tx, ctx, id);
    assertTransition('assign', row.status);
    await tx
      .update(f)
      .set({
        status: FEEDBACK_TRANSITIONS.assign.to,
        responsibleParty: input.responsibleParty,
        measures: input.measures,
        deadline,
        assignedAt: row.assignedAt ?? ctx.now,
        // A new deadline earns a new overdue warning if it is missed too.
        overdueNotifiedAt: null,
        updatedAt: ctx.now,
      })
      .where(eq(f.id, row.id));
    await addReply(
      tx,
      ctx,
      row.id,
      'system',
      `${row.status === 'submitted' ? '已受理并交办' : '已更新整改安排'}：责任主体 ${input.responsibleParty}；整改措施 ${input.measures}；完成期限 ${dateText(deadline)}`,
    );
    await writeAudit(tx, ctx, {
      action: 'feedback.assigned',
      targetType: 'feedback',
      targetId: row.id,
      subjectUserId: row.reporterId,
      detail: { responsibleParty: input.responsibleParty, deadline: toStreetIso(deadline), from: row.status },
    });
    // 受理 is its own message (and subscribe template), once per item; a later change of plan is a reply.
    const accepted = row.status === 'submitted';
    await notifyReporter(tx, ctx, row, {
      kind: accepted ? 'feedback_accepted' : 'feedback_replied',
      title: accepted ? '您反映的问题已受理' : '您反映的问题有了新的整改安排',
      body: `${row.code}「${row.title}」由${input.responsibleParty}负责，完成期限 ${dateText(deadline)}`,
      status: accepted ? '已受理' : '整改中',
      dedupeKey: accepted ? `feedback_accepted:${row.id}` : `feedback_assigned:${row.id}:${ctx.now.getTime()}`,
    });
  });
  return getFeedback({ ctx, id });
}

export async function resolveFeedback({ ctx, id, input }: { ctx: Ctx; id: string; input: { result: string; photoIds?: string[] } }) {
  requireStaff(ctx);
  await ctx.db.transaction(async (tx) => {
    const row = await lockForStaff(tx, ctx, id);
    assertTransition('resolve', row.status);
    await tx
      .update(f)
      .set({ status: FEEDBACK_TRANSITIONS.resolve.to, result: input.result, resolvedAt: ctx.now, rating: null, ratingComment: null, updatedAt: ctx.now })
      .where(eq(f.id, row.id));
    await addReply(tx, ctx, row.id, 'system', `已办结：${input.result}`);
    if (input.photoIds?.length) {
      await attachPhotos(tx, ctx, input.photoIds, { feedbackId: row.id, purpose: 'result' });
      await syncPublishedPhotos(ctx, tx, row.id);
    }
    await writeAudit(tx, ctx, { action: 'feedback.resolved', targetType: 'feedback', targetId: row.id, subjectUserId: row.reporterId });
    await notifyReporter(tx, ctx, row, { kind: 'feedback_resolved', title: '您反映的问题已办结，请评价', body: `${row.code}「${row.title}」：${input.result.slice(0, 40)}`, status: '已办结', dedupeKey: `feedback_resolved:${row.id}:${row.reopenCount}` });
  });
  return getFeedback({ ctx, id });
}

export async function rejectFeedback({ ctx, id, input }: { ctx: Ctx; id: string; input: { reason: string } }) {
  requireStaff(ctx);
  await ctx.db.transaction(async (tx) => {
    const row = await lockForStaff(tx, ctx, id);
    assertTransition('reject', row.status);
    await tx.update(f).set({ status: FEEDBACK_TRANSITIONS.reject.to, rejectReason: input.reason, closedAt: ctx.now, updatedAt: ctx.now }).where(eq(f.id, row.id));
    await addReply(tx, ctx, row.id, 'system', `不予受理：${input.reason}`);
    // A refused item leaves the walls, and its photos their public address.
    await syncPublishedPhotos(ctx, tx, row.id);
    await writeAudit(tx, ctx, { action: 'feedback.rejected', targetType: 'feedback', targetId: row.id, subjectUserId: row.reporterId, detail: { reason: input.reason } });
    await notifyReporter(tx, ctx, row, { kind: 'feedback_replied', title: '您反映的问题有了答复', body: `${row.code}「${row.title}」不予受理：${input.reason.slice(0, 40)}`, status: '不予受理', dedupeKey: `feedback_rejected:${row.id}` });
  });
  return getFeedback({ ctx, id });
}

/**
 * The reporter's verdict. The first 不满意 sends the item back to staff (once); a second
 * one closes it as unsatisfied; any other rating closes it.
 */
export async function rateFeedback({ ctx, id, input }: { ctx: Ctx; id: string; input: { rating: FeedbackRating; comment?: string } }) {
  const user = requireUser(ctx);
  const comment = input.comment?.trim() || null;
  if (comment) await assertContentAllowed(ctx, [comment]);
  return ctx.db.transaction(async (tx) => {
    const row = await lockItem(tx, id);
    if (row.reporterId !== user.id) {
      // Others may know the item exists (public); only its reporter may rate it.
      const visible = isPubliclyVisible(row) || (isStaff(user) && staffMaySee(user, row.communityId));
      if (visible) throw forbidden('只有反映人可以评价');
      throw notFound('找不到该问题');
    }
    const reopen = input.rating === 'unsatisfied' && row.reopenCount === 0;
    assertTransition(reopen ? 'reopen' : 'rate', row.status);
    const ratingText = `居民评价：${FEEDBACK_RATING_NAMES[input.rating]}。${comment ? sentence(comment) : ''}`;
    if (reopen) {
      await addReply(tx, ctx, row.id, 'system', `${ratingText}第 ${row.reopenCount + 1} 次办结结果未获认可，问题重新办理（原办结结果：${row.result ?? ''}）`);
      await tx
        .update(f)
        .set({
          status: FEEDBACK_TRANSITIONS.reopen.to,
          reopenCount: row.reopenCount + 1,
          result: null,
          resolvedAt: null,
          rating: null,
          ratingComment: comment,
          overdueNotifiedAt: null,
          updatedAt: ctx.now,
        })
        .where(eq(f.id, row.id));
    } else {
      await addReply(tx, ctx, row.id, 'system', ratingText);
      await tx
        .update(f)
        .set({
          status: FEEDBACK_TRANSITIONS.rate.to,
          rating: input.rating,
          ratingComment: comment,
          closedAt: ctx.now,
          closeReason: input.rating === 'unsatisfied' ? 'unsatisfied' : 'rated',
          updatedAt: ctx.now,
        })
        .where(eq(f.id, row.id));
    }
    return { id: row.id, status: (reopen ? FEEDBACK_TRANSITIONS.reopen.to : FEEDBACK_TRANSITIONS.rate.to) as FeedbackStatus, reopened: reopen };
  });
}

/**
 * The reporter hears of each step on their item, and so does everyone who said 我也遇到 on it
 * (under a title that does not pretend they reported it).
 */
async function notifyReporter(
  tx: DbOrTx,
  ctx: Ctx,
  row: { id: string; code: string; title: string; reporterId: string | null },
  n: { kind: NotificationKind; title: string; body: string; status: string; dedupeKey: string },
) {
  const supporters = (await supportersOf(tx, row.id)).filter((id) => id !== row.reporterId);
  const note = (userId: string, title: string, dedupeKey: string) => ({
    userId,
    kind: n.kind,
    title,
    body: n.body,
    page: deepLink(PAGES.feedback.detail, { id: row.id }),
    data: { code: row.code, title: row.title, status: n.status },
    dedupeKey,
  });
  await enqueueNotifications(
    tx,
    [
      ...(row.reporterId ? [note(row.reporterId, n.title, n.dedupeKey)] : []),
      ...supporters.map((id) => note(id, `您也遇到的问题：${n.status}`, `${n.dedupeKey}:s:${id}`)),
    ],
    ctx.now,
  );
}

/** POST/DELETE /api/feedback/:id/support, by id or WT code. */
export function setSupport({ ctx, id, on }: { ctx: Ctx; id: string; on: boolean }) {
  const cond = idCondition(id);
  if (!cond) throw notFound('找不到该问题');
  return on ? supportFeedback({ ctx, cond: cond as ReturnType<typeof eq> }) : withdrawSupport({ ctx, cond: cond as ReturnType<typeof eq> });
}
