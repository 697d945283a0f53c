import { sql } from 'drizzle-orm';
import { streetDayKey } from '../../../shared/time';
import { schema, type DbOrTx } from '../db';

/**
 * Next human-readable code for the street-local day, e.g. FW-20261127-0042. The upsert
 * takes the counter row's lock, so concurrent creates get distinct, gap-free numbers
 * when called inside the creating transaction.
 */
export async function nextCode(db: DbOrTx, prefix: 'FW' | 'WT', now: Date): Promise<string> {
  const day = streetDayKey(now);
  const t = schema.dailyCounters;
  const [row] = await db
    .insert(t)
    .values({ prefix, day, value: 1 })
    .onConflictDoUpdate({ target: [t.prefix, t.day], set: { value: sql`${t.value} + 1` } })
    .returning({ value: t.value });
  return `${prefix}-${day}-${String(row.value).padStart(4, '0')}`;
}
