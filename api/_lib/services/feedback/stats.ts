import { and, eq, isNotNull, ne } from 'drizzle-orm';
import type { FeedbackStats, FeedbackStatsRow } from '../../../../shared/feedback';
import { splitResponsibleParty } from '../../../../shared/responsible-units';
import { toStreetIso } from '../../../../shared/time';
import { schema, type DbOrTx } from '../../db';
import type { Ctx } from '../context';
import { isOverdue } from './present';
import { isOpenFeedback } from './transitions';

const DAY_MS = 86_400_000;

type StatRow = Pick<
  typeof schema.feedbackItems.$inferSelect,
  'responsibleParty' | 'status' | 'deadline' | 'createdAt' | 'resolvedAt' | 'rating'
>;

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * On time = resolved no later than the deadline, out of every item that is due: resolved
 * with a deadline, or still open past it — so a party cannot look punctual by leaving its
 * late items open. (A reopen clears `resolvedAt`, so no item counts twice.)
 */
export function onTimeCounts(rows: StatRow[], now: Date): { onTime: number; due: number; onTimeRate: number | null } {
  const judged = rows.filter((r) => r.resolvedAt !== null && r.deadline !== null);
  const onTime = judged.filter((r) => r.resolvedAt!.getTime() <= r.deadline!.getTime()).length;
  const overdue = rows.filter((r) => isOverdue(r, now)).length;
  const due = judged.length + overdue;
  return { onTime, due, onTimeRate: due ? round(onTime / due, 4) : null };
}

/** Figures for one group of items (see `onTimeCounts` for the on-time rate). */
function computeFigures(rows: StatRow[], now: Date): Omit<FeedbackStatsRow, 'responsibleParty'> {
  const resolved = rows.filter((r) => r.resolvedAt !== null);
  const open = rows.filter((r) => isOpenFeedback(r.status));
  const overdue = open.filter((r) => isOverdue(r, now));
  const { onTimeRate } = onTimeCounts(rows, now);
  const rated = rows.filter((r) => r.rating !== null);
  const happy = rated.filter((r) => r.rating === 'satisfied' || r.rating === 'basically_satisfied').length;
  const days = median(resolved.map((r) => (r.resolvedAt!.getTime() - r.createdAt.getTime()) / DAY_MS));
  return {
    count: rows.length,
    resolvedCount: resolved.length,
    openCount: open.length,
    overdueCount: overdue.length,
    onTimeRate,
    medianDaysToResolve: days === null ? null : round(days, 1),
    ratedCount: rated.length,
    satisfaction: rated.length ? round(happy / rated.length, 4) : null,
  };
}

/**
 * The accountability query: every item given to a responsible unit (责任主体), rejected ones
 * left out, in one community or (`communityId` null) all of them, grouped per unit — an item
 * given to "桂香社区居委会、石楠派出所" counts for each of the two. Units are ordered by how
 * many items they carry. The public figures and the staff desk both read it.
 */
export async function accountability(db: DbOrTx, communityId: string | null): Promise<{ rows: StatRow[]; units: { responsibleParty: string; rows: StatRow[] }[] }> {
  const f = schema.feedbackItems;
  const rows = await db
    .select({
      responsibleParty: f.responsibleParty,
      status: f.status,
      deadline: f.deadline,
      createdAt: f.createdAt,
      resolvedAt: f.resolvedAt,
      rating: f.rating,
    })
    .from(f)
    .where(and(isNotNull(f.responsibleParty), ne(f.status, 'rejected'), communityId === null ? undefined : eq(f.communityId, communityId)));
  const groups = new Map<string, StatRow[]>();
  for (const row of rows) {
    for (const key of splitResponsibleParty(row.responsibleParty)) {
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
  }
  const units = [...groups.entries()]
    .map(([responsibleParty, group]) => ({ responsibleParty, rows: group }))
    .sort((a, b) => b.rows.length - a.rows.length || a.responsibleParty.localeCompare(b.responsibleParty, 'zh-CN'));
  return { rows, units };
}

/** Public accountability per responsible unit (责任主体), private items included as counts only. */
export async function feedbackStats({ ctx }: { ctx: Ctx }): Promise<FeedbackStats> {
  const { rows, units } = await accountability(ctx.db, null);
  const items = units.map((u) => ({ responsibleParty: u.responsibleParty, ...computeFigures(u.rows, ctx.now) }));
  return { items, totals: computeFigures(rows, ctx.now), generatedAt: toStreetIso(ctx.now) };
}
