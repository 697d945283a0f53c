import { and, eq, inArray, isNull, lt, lte } from 'drizzle-orm';
import { toStreetIso } from '../../../../shared/time';
import { schema, type Db, type DbOrTx } from '../../db';
import { FEEDBACK_TRANSITIONS, OPEN_STATUSES } from './transitions';

const f = schema.feedbackItems;
const AUTO_CLOSE_DAYS = 7;
/** Rows one cron statement touches at most (PostgreSQL binds at most 65,535 parameters). */
const CRON_BATCH = 500;

/**
 * For the cron: items resolved and left unrated for AUTO_CLOSE_DAYS close as `unrated` (the
 * table's `autoClose` row says from which states, and to which). One
 * conditional UPDATE, so two overlapping cron runs cannot close (or note) an item twice.
 */
export async function closeStaleResolved(db: Db, now: Date): Promise<{ closed: { id: string; code: string }[] }> {
  const cutoff = new Date(now.getTime() - AUTO_CLOSE_DAYS * 86_400_000);
  const closed: { id: string; code: string }[] = [];
  // In batches, each its own transaction: after the cron was down (or data was imported) the
  // backlog can be thousands of items, more than one statement may carry parameters for.
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const stale = tx
        .select({ id: f.id })
        .from(f)
        .where(and(inArray(f.status, [...FEEDBACK_TRANSITIONS.autoClose.from]), isNull(f.rating), lte(f.resolvedAt, cutoff)))
        .limit(CRON_BATCH)
        .for('update', { skipLocked: true });
      const rows = await tx
        .update(f)
        .set({ status: FEEDBACK_TRANSITIONS.autoClose.to, closedAt: now, closeReason: 'unrated', updatedAt: now })
        .where(inArray(f.id, stale))
        .returning({ id: f.id, code: f.code });
      if (rows.length) {
        await tx.insert(schema.feedbackReplies).values(
          rows.map((c) => ({ feedbackId: c.id, authorId: null, authorRole: 'system', body: `办结 ${AUTO_CLOSE_DAYS} 天未评价，自动结案`, createdAt: now })),
        );
      }
      return rows;
    });
    closed.push(...batch);
    if (batch.length < CRON_BATCH) return { closed };
  }
}

export interface OverdueItem {
  id: string;
  code: string;
  title: string;
  communityId: string | null;
  responsibleParty: string | null;
  deadline: string;
  reporterId: string | null;
}

/**
 * For the cron: open items past their deadline that have not been flagged yet. Marks
 * them in the same statement that finds them, so each item is returned once per deadline
 * (a new deadline on re-assignment clears the mark).
 */
export async function markOverdue(db: DbOrTx, now: Date): Promise<OverdueItem[]> {
  const rows = await db
    .update(f)
    .set({ overdueNotifiedAt: now })
    .where(and(inArray(f.status, [...OPEN_STATUSES]), lt(f.deadline, now), isNull(f.overdueNotifiedAt)))
    .returning({
      id: f.id,
      code: f.code,
      title: f.title,
      communityId: f.communityId,
      responsibleParty: f.responsibleParty,
      deadline: f.deadline,
      reporterId: f.reporterId,
    });
  return rows.map((r) => ({ ...r, deadline: toStreetIso(r.deadline!) }));
}

/**
 * For account deletion (PIPL): the items stay on the walls — they are the street's public
 * record — but nothing links them to the person any more.
 */
export async function anonymiseFeedbackReporter(db: DbOrTx, userId: string) {
  await db.update(f).set({ reporterId: null, reporterName: null, anonymous: true }).where(eq(f.reporterId, userId));
  await db.update(schema.feedbackReplies).set({ authorId: null }).where(eq(schema.feedbackReplies.authorId, userId));
}
