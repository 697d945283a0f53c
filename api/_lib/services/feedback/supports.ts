import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { SUPPORT_FLAG_THRESHOLD, type SupportResult } from '../../../../shared/feedback';
import { schema, type DbOrTx } from '../../db';
import { conflict, invalidState, notFound } from '../../errors';
import type { Ctx } from '../context';
import { requireUser } from '../access';
import { enqueueNotifications } from '../notifications';
import { isPubliclyVisible } from './present';
import { OPEN_STATUSES } from './transitions';
import { PAGES, deepLink } from '../../../../shared/pages';

const f = schema.feedbackItems;
const s = schema.feedbackSupports;

async function lockVisible(tx: DbOrTx, cond: ReturnType<typeof eq>) {
  const [row] = await tx.select().from(f).where(cond).for('update');
  // Only public items can be seen by neighbours, so only they can be supported.
  if (!row || !isPubliclyVisible(row)) throw notFound('找不到该问题');
  return row;
}

/**
 * 我也遇到. Once per person: a repeat is a no-op answering the same. The reporter already
 * counts; a closed item takes no more. Reaching the threshold tells street staff, once.
 */
export async function supportFeedback({ ctx, cond }: { ctx: Ctx; cond: ReturnType<typeof eq> }): Promise<SupportResult> {
  const user = requireUser(ctx);
  return ctx.db.transaction(async (tx) => {
    const row = await lockVisible(tx, cond);
    if (row.reporterId === user.id) throw conflict('OWN_ITEM', '这是您自己反映的问题，社区已经知道了');
    const [existing] = await tx.select({ u: s.userId }).from(s).where(and(eq(s.feedbackId, row.id), eq(s.userId, user.id)));
    if (existing) return { supportCount: row.supportCount, supported: true };
    if (!(OPEN_STATUSES as readonly string[]).includes(row.status)) throw invalidState('问题已经办结，不能再点“我也遇到”');
    await tx.insert(s).values({ feedbackId: row.id, userId: user.id, createdAt: ctx.now });
    const [after] = await tx
      .update(f)
      .set({ supportCount: sql`${f.supportCount} + 1` })
      .where(eq(f.id, row.id))
      .returning({ supportCount: f.supportCount, supportFlaggedAt: f.supportFlaggedAt });
    if (after.supportCount >= SUPPORT_FLAG_THRESHOLD && !after.supportFlaggedAt) await flagToStreet(tx, ctx, row, after.supportCount);
    return { supportCount: after.supportCount, supported: true };
  });
}

/** Withdraws the caller's 我也遇到; withdrawing what was never given is a no-op. */
export async function withdrawSupport({ ctx, cond }: { ctx: Ctx; cond: ReturnType<typeof eq> }): Promise<SupportResult> {
  const user = requireUser(ctx);
  return ctx.db.transaction(async (tx) => {
    const row = await lockVisible(tx, cond);
    const gone = await tx.delete(s).where(and(eq(s.feedbackId, row.id), eq(s.userId, user.id))).returning({ u: s.userId });
    if (!gone.length) return { supportCount: row.supportCount, supported: false };
    const [after] = await tx
      .update(f)
      .set({ supportCount: sql`greatest(${f.supportCount} - 1, 0)` })
      .where(eq(f.id, row.id))
      .returning({ supportCount: f.supportCount });
    return { supportCount: after.supportCount, supported: false };
  });
}

/** Street staff (no community limit) and admins hear that many neighbours share the problem. */
async function flagToStreet(tx: DbOrTx, ctx: Ctx, row: typeof f.$inferSelect, count: number) {
  await tx.update(f).set({ supportFlaggedAt: ctx.now }).where(eq(f.id, row.id));
  const u = schema.users;
  const street = await tx
    .select({ id: u.id })
    .from(u)
    .where(and(inArray(u.role, ['staff', 'admin']), isNull(u.staffCommunityId), isNull(u.deletedAt)));
  await enqueueNotifications(
    tx,
    street.map((p) => ({
      userId: p.id,
      kind: 'feedback_supported' as const,
      title: '多位居民反映同一问题',
      body: `${row.code}「${row.title}」已有 ${count} 位居民点了“我也遇到”，请关注督办`,
      page: deepLink(PAGES.feedback.detail, { id: row.id }),
      data: { code: row.code, title: row.title, status: `${count} 人遇到` },
      dedupeKey: `feedback_supported:${row.id}:${p.id}`,
    })),
    ctx.now,
  );
}

/** Who supports these items (to tell them of progress) and whether the caller does. */
export async function supportersOf(db: DbOrTx, feedbackId: string): Promise<string[]> {
  const rows = await db.select({ userId: s.userId }).from(s).where(eq(s.feedbackId, feedbackId));
  return rows.map((r) => r.userId);
}

export async function supportedBy(db: DbOrTx, feedbackId: string, userId: string | undefined): Promise<boolean> {
  if (!userId) return false;
  const [row] = await db.select({ u: s.userId }).from(s).where(and(eq(s.feedbackId, feedbackId), eq(s.userId, userId)));
  return Boolean(row);
}
