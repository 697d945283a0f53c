import { asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { HandbookSynonym, HandbookSynonymBodySchema } from '../../../../shared/handbook';
import { toStreetIso } from '../../../../shared/time';
import { schema } from '../../db';
import { conflict, notFound } from '../../errors';
import type { Ctx } from '../context';
import { requireStaff, requireStreetStaff } from '../access';
import { writeAudit } from '../audit';
import { bumpCacheVersion } from '../reader-cache';
import { HANDBOOK_CACHE } from './entries';

const s = schema.handbookSynonyms;
type Row = typeof s.$inferSelect;
const toSynonym = (r: Row): HandbookSynonym => ({ id: r.id, term: r.term, target: r.target, createdAt: toStreetIso(r.createdAt) });

/** Staff read the list (any staff: it explains what search finds); street staff change it. */
export async function listHandbookSynonyms({ ctx }: { ctx: Ctx }) {
  requireStaff(ctx);
  const rows = await ctx.db.select().from(s).orderBy(asc(s.term), asc(s.target));
  return { items: rows.map(toSynonym) };
}

export async function addHandbookSynonym({ ctx, input }: { ctx: Ctx; input: z.output<typeof HandbookSynonymBodySchema> }) {
  requireStreetStaff(ctx);
  return ctx.db.transaction(async (tx) => {
    // No catch of a unique violation: this runs inside the idempotent route's transaction.
    const [row] = await tx.insert(s).values({ term: input.term, target: input.target, createdAt: ctx.now }).onConflictDoNothing().returning();
    if (!row) throw conflict('SYNONYM_EXISTS', `“${input.term}”→“${input.target}”已经在列表里了`);
    // Cached search answers were computed without it.
    await bumpCacheVersion(tx, HANDBOOK_CACHE, ctx.now);
    await writeAudit(tx, ctx, { action: 'handbook.synonym_added', targetType: 'handbook_synonym', targetId: row.id, detail: { term: row.term, target: row.target } });
    return toSynonym(row);
  });
}

export async function removeHandbookSynonym({ ctx, id }: { ctx: Ctx; id: string }) {
  requireStreetStaff(ctx);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.delete(s).where(eq(s.id, id)).returning();
    if (!row) throw notFound('找不到这条同义词');
    await bumpCacheVersion(tx, HANDBOOK_CACHE, ctx.now);
    await writeAudit(tx, ctx, { action: 'handbook.synonym_removed', targetType: 'handbook_synonym', targetId: row.id, detail: { term: row.term, target: row.target } });
    return toSynonym(row);
  });
}
