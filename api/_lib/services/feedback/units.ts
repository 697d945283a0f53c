import { count, isNotNull } from 'drizzle-orm';
import { splitResponsibleParty } from '../../../../shared/responsible-units';
import { schema } from '../../db';
import type { Ctx } from '../context';
import { requireStaff } from '../access';

/**
 * The units (责任单位) staff have named so far, split out of every item's responsible party
 * and counted, most used first: the 受理 form offers these, so one unit is written one way
 * and its figures add up. A unit typed once for an item is on that item, hence kept here.
 */
export async function listResponsibleUnits({ ctx }: { ctx: Ctx }) {
  requireStaff(ctx);
  const f = schema.feedbackItems;
  const rows = await ctx.db
    .select({ party: f.responsibleParty, n: count() })
    .from(f)
    .where(isNotNull(f.responsibleParty))
    .groupBy(f.responsibleParty);
  const units = new Map<string, number>();
  for (const r of rows) for (const u of splitResponsibleParty(r.party)) units.set(u, (units.get(u) ?? 0) + r.n);
  const items = [...units.entries()]
    .map(([name, n]) => ({ name, count: n }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'zh-CN'));
  return { items };
}
