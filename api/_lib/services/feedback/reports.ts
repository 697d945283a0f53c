import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import {
  FEEDBACK_REPORT_STATUS_NAMES,
  feedbackReportReasonName,
  type FeedbackReport,
  type FeedbackReportReason,
  type FeedbackReportStatus,
} from '../../../../shared/feedback';
import { toStreetIso } from '../../../../shared/time';
import { isUniqueViolation, schema, type DbOrTx } from '../../db';
import { conflict, forbidden, invalidState, notFound } from '../../errors';
import { decodeCursor, isTimeIdCursor, pageOf } from '../cursor';
import type { Ctx } from '../context';
import { requireStaff, requireUser, staffMaySee, staffScope } from '../access';
import { writeAudit } from '../audit';
import { assertContentAllowed } from '../content-check';
import { enqueueNotifications } from '../notifications';
import { idCondition, isPubliclyVisible } from './items';
import { syncPublishedPhotos } from './photos';
import { PAGES, deepLink } from '../../../../shared/pages';

const f = schema.feedbackItems;
const rp = schema.feedbackReports;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const iso = (d: Date | null) => (d ? toStreetIso(d) : null);

const reportColumns = {
  report: rp,
  code: f.code,
  title: f.title,
  hiddenAt: f.hiddenAt,
  communityId: f.communityId,
  communityName: schema.communities.name,
};
type ReportJoined = { report: typeof rp.$inferSelect; code: string; title: string; hiddenAt: Date | null; communityId: string | null; communityName: string | null };

function selectReports(db: DbOrTx) {
  return db
    .select(reportColumns)
    .from(rp)
    .innerJoin(f, eq(f.id, rp.feedbackId))
    .leftJoin(schema.communities, eq(schema.communities.id, f.communityId));
}

function toReport(j: ReportJoined): FeedbackReport {
  const status = j.report.status as FeedbackReportStatus;
  return {
    id: j.report.id,
    feedbackId: j.report.feedbackId,
    feedbackCode: j.code,
    feedbackTitle: j.title,
    communityName: j.communityName,
    reason: j.report.reason as FeedbackReportReason,
    reasonName: feedbackReportReasonName(j.report.reason),
    detail: j.report.detail,
    status,
    statusName: FEEDBACK_REPORT_STATUS_NAMES[status],
    itemHidden: Boolean(j.hiddenAt),
    handledNote: j.report.handledNote,
    handledAt: iso(j.report.handledAt),
    createdAt: toStreetIso(j.report.createdAt),
  };
}

/**
 * 举报 on a public item. Only what the public can see can be reported (anything else answers
 * 404, as it does on read); the words pass WeChat's content check like every user text; one
 * open report per person per item, so repeating it cannot pile up the staff list.
 */
export async function reportFeedback({ ctx, id, input }: { ctx: Ctx; id: string; input: { reason: FeedbackReportReason; detail?: string } }) {
  const user = requireUser(ctx);
  const detail = input.detail?.trim() || null;
  if (detail) await assertContentAllowed(ctx, [detail]);
  const cond = idCondition(id);
  if (!cond) throw notFound('找不到该问题');
  return ctx.db.transaction(async (tx) => {
    // The item's row lock queues two reports of the same item, so the check below holds.
    const [item] = await tx.select().from(f).where(cond).for('update');
    if (!item || !isPubliclyVisible(item)) throw notFound('找不到该问题');
    if (item.reporterId === user.id) throw forbidden('不能举报自己反映的问题');
    const [open] = await tx
      .select({ id: rp.id })
      .from(rp)
      .where(and(eq(rp.feedbackId, item.id), eq(rp.reporterId, user.id), eq(rp.status, 'open')))
      .limit(1);
    if (open) throw conflict('ALREADY_REPORTED', '您已举报过这条内容，工作人员正在核实');
    let row: typeof rp.$inferSelect;
    try {
      [row] = await tx
        .insert(rp)
        .values({ feedbackId: item.id, reporterId: user.id, reason: input.reason, detail, createdAt: ctx.now, updatedAt: ctx.now })
        .returning();
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('ALREADY_REPORTED', '您已举报过这条内容，工作人员正在核实');
      throw err;
    }
    const [community] = item.communityId
      ? await tx.select({ name: schema.communities.name }).from(schema.communities).where(eq(schema.communities.id, item.communityId))
      : [];
    return toReport({ report: row, code: item.code, title: item.title, hiddenAt: item.hiddenAt, communityId: item.communityId, communityName: community?.name ?? null });
  });
}

/** The staff list of reports, limited to the staff member's community like the feedback inbox. */
export async function listReports({ ctx, query }: { ctx: Ctx; query: { cursor?: string; limit: number; status?: FeedbackReportStatus } }) {
  const user = requireStaff(ctx);
  const cursor = decodeCursor(query.cursor, isTimeIdCursor);
  const conds: SQL[] = [];
  const scope = staffScope(user);
  if (scope) conds.push(eq(f.communityId, scope));
  if (query.status) conds.push(eq(rp.status, query.status));
  if (cursor) {
    const t = new Date(cursor.t);
    conds.push(or(lt(rp.createdAt, t), and(eq(rp.createdAt, t), lt(rp.id, cursor.id)))!);
  }
  const rows = await selectReports(ctx.db)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(rp.createdAt), desc(rp.id))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, (j) => ({ t: j.report.createdAt.toISOString(), id: j.report.id }));
  return { items: page.items.map((j) => toReport(j as ReportJoined)), nextCursor: page.nextCursor };
}

type Tx = Parameters<Parameters<Ctx['db']['transaction']>[0]>[0];

async function lockReportForStaff(tx: Tx, ctx: Ctx, id: string) {
  const user = requireStaff(ctx);
  if (!UUID_RE.test(id)) throw notFound('找不到该举报');
  const [found] = await tx.select({ feedbackId: rp.feedbackId }).from(rp).where(eq(rp.id, id));
  if (!found) throw notFound('找不到该举报');
  // The item first, then the report: confirming settles every report on the item, so two
  // staff settling two reports of one item would otherwise lock in opposite orders.
  const [item] = await tx.select().from(f).where(eq(f.id, found.feedbackId)).for('update');
  if (!item || !staffMaySee(user, item.communityId)) throw notFound('找不到该举报');
  const [row] = await tx.select().from(rp).where(eq(rp.id, id)).for('update');
  if (!row) throw notFound('找不到该举报');
  if (row.status !== 'open') throw invalidState('这条举报已经处理过了');
  return { row, item };
}

async function notifyReporters(tx: Tx, ctx: Ctx, reports: { id: string; reporterId: string | null }[], item: { id: string; code: string; title: string }, confirmed: boolean) {
  const rows = reports
    .filter((x): x is { id: string; reporterId: string } => Boolean(x.reporterId))
    .map((x) => ({
      userId: x.reporterId,
      kind: 'feedback_replied' as const,
      title: confirmed ? '您的举报已核实' : '您的举报已处理',
      body: confirmed ? `${item.code}「${item.title}」经核实已从问题墙撤下，感谢您的监督。` : `${item.code}「${item.title}」经核实未发现违规，内容继续公开。感谢您的监督。`,
      // A confirmed item is no longer public, so the reporter could not open it.
      page: confirmed ? undefined : deepLink(PAGES.feedback.detail, { id: item.id }),
      data: { code: item.code, title: item.title, status: confirmed ? '已撤下' : '未违规' },
      dedupeKey: `feedback_report:${x.id}`,
    }));
  if (rows.length) await enqueueNotifications(tx, rows, ctx.now);
}

/**
 * Staff confirm a report: the item leaves the public wall, 回音壁 and Open311 (its reporter
 * and staff still see it), every open report on it is settled, each reporter hears back, and
 * the item's thread says why it is no longer public.
 */
export async function confirmReport({ ctx, id, input }: { ctx: Ctx; id: string; input: { note?: string } }) {
  const note = input.note?.trim() || null;
  return ctx.db.transaction(async (tx) => {
    const { row, item } = await lockReportForStaff(tx, ctx, id);
    const reason = feedbackReportReasonName(row.reason);
    await tx.update(f).set({ hiddenAt: item.hiddenAt ?? ctx.now, hiddenReason: item.hiddenReason ?? reason, updatedAt: ctx.now }).where(eq(f.id, item.id));
    // The item's photos lose their public address with it.
    await syncPublishedPhotos(ctx, tx, item.id);
    const settled = await tx
      .update(rp)
      .set({ status: 'confirmed', handledById: ctx.user!.id, handledNote: note, handledAt: ctx.now, updatedAt: ctx.now })
      .where(and(eq(rp.feedbackId, item.id), eq(rp.status, 'open')))
      .returning({ id: rp.id, reporterId: rp.reporterId });
    if (!item.hiddenAt) {
      await tx.insert(schema.feedbackReplies).values({
        feedbackId: item.id,
        authorId: ctx.user!.id,
        authorRole: 'system',
        body: `经核实，该问题因「${reason}」已从问题墙撤下，不再公开显示；办理不受影响。`,
        createdAt: ctx.now,
      });
    }
    await writeAudit(tx, ctx, {
      action: 'feedback.report_confirmed',
      targetType: 'feedback',
      targetId: item.id,
      subjectUserId: item.reporterId,
      detail: { reportId: row.id, reason: row.reason, reportsSettled: settled.length },
    });
    await notifyReporters(tx, ctx, settled, item, true);
    const [j] = await selectReports(tx).where(eq(rp.id, row.id));
    return toReport(j as ReportJoined);
  });
}

/** Staff find nothing wrong: the report is closed, the item stays public, the reporter hears back. */
export async function dismissReport({ ctx, id, input }: { ctx: Ctx; id: string; input: { note?: string } }) {
  const note = input.note?.trim() || null;
  return ctx.db.transaction(async (tx) => {
    const { row, item } = await lockReportForStaff(tx, ctx, id);
    await tx
      .update(rp)
      .set({ status: 'dismissed', handledById: ctx.user!.id, handledNote: note, handledAt: ctx.now, updatedAt: ctx.now })
      .where(eq(rp.id, row.id));
    await writeAudit(tx, ctx, {
      action: 'feedback.report_dismissed',
      targetType: 'feedback',
      targetId: item.id,
      subjectUserId: row.reporterId,
      detail: { reportId: row.id, reason: row.reason },
    });
    await notifyReporters(tx, ctx, [row], item, false);
    const [j] = await selectReports(tx).where(eq(rp.id, row.id));
    return toReport(j as ReportJoined);
  });
}

/** Account deletion: the reports stay as the street's record, but no longer point at a person. */
export async function unlinkReporterFromReports(tx: DbOrTx, userId: string) {
  await tx.update(rp).set({ reporterId: null }).where(eq(rp.reporterId, userId));
}

/** Export: the caller's own reports. */
export async function reportsBy(db: DbOrTx, userId: string) {
  const rows = await selectReports(db).where(eq(rp.reporterId, userId)).orderBy(desc(rp.createdAt));
  return rows.map((j) => {
    const r = toReport(j as ReportJoined);
    return { item: r.feedbackCode, itemTitle: r.feedbackTitle, reason: r.reasonName, detail: r.detail, status: r.statusName, createdAt: r.createdAt, handledAt: r.handledAt };
  });
}
