import { and, isNotNull, ne } from 'drizzle-orm';
import type { FeedbackStats, FeedbackStatsRow } from '../../../../shared/feedback';
import { splitResponsibleParty } from '../../../../shared/responsible-units';
import { toStreetIso } from '../../../../shared/time';
import { schema } from '../../db';
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
 * Figures for one group of items. On time = resolved no later than the deadline; the
 * denominator also counts open items already past their deadline, so a party cannot
 * look punctual by leaving its late items open.
 */
export function computeFigures(rows: StatRow[], now: Date): Omit<FeedbackStatsRow, 'responsibleParty'> {
  const resolved = rows.filter((r) => r.resolvedAt !== null);
  const open = rows.filter((r) => isOpenFeedback(r.status));
  const overdue = open.filter((r) => isOverdue(r, now));
  const judged = resolved.filter((r) => r.deadline !== null);
  const onTime = judged.filter((r) => r.resolvedAt!.getTime() <= r.deadline!.getTime()).length;
  const denominator = judged.length + overdue.length;
  const rated = rows.filter((r) => r.rating !== null);
  const happy = rated.filter((r) => r.rating === 'satisfied' || r.rating === 'basically_satisfied').length;
  const days = median(resolved.map((r) => (r.resolvedAt!.getTime() - r.createdAt.getTime()) / DAY_MS));
  return {
    count: rows.length,
    resolvedCount: resolved.length,
    openCount: open.length,
    overdueCount: overdue.length,
    onTimeRate: denominator ? round(onTime / denominator, 4) : null,
    medianDaysToResolve: days === null ? null : round(days, 1),
    ratedCount: rated.length,
    satisfaction: rated.length ? round(happy / rated.length, 4) : null,
  };
}

/** Public accountability per responsible unit (责任主体), private items included as counts only. */
export async function feedbackStats({ ctx }: { ctx: Ctx }): Promise<FeedbackStats> {
  const f = schema.feedbackItems;
  const rows = await ctx.db
    .select({
      responsibleParty: f.responsibleParty,
      status: f.status,
      deadline: f.deadline,
      createdAt: f.createdAt,
      resolvedAt: f.resolvedAt,
      rating: f.rating,
    })
    .from(f)
    .where(and(isNotNull(f.responsibleParty), ne(f.status, 'rejected')));
  // Per unit: an item given to "桂香社区居委会、石楠派出所" counts for each of the two.
  const groups = new Map<string, StatRow[]>();
  for (const row of rows) {
    for (const key of splitResponsibleParty(row.responsibleParty)) {
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
  }
  const items = [...groups.entries()]
    .map(([responsibleParty, group]) => ({ responsibleParty, ...computeFigures(group, ctx.now) }))
    .sort((a, b) => b.count - a.count || a.responsibleParty.localeCompare(b.responsibleParty, 'zh-CN'));
  return { items, totals: computeFigures(rows, ctx.now), generatedAt: toStreetIso(ctx.now) };
}
