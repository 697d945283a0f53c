import { and, asc, count, eq, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import {
  HANDBOOK_CATEGORIES,
  handbookCategoryName,
  type HandbookEntry,
  type HandbookListItem,
  type HandbookQuerySchema,
  type HandbookEntryBodySchema,
} from '../../../../shared/handbook';
import type { z } from 'zod';
import { toStreetIso } from '../../../../shared/time';
import { schema, type DbOrTx } from '../../db';
import { forbidden, invalidState, notFound } from '../../errors';
import { decodeCursor, encodeCursor, isOffset } from '../cursor';
import type { Ctx } from '../context';
import { isStaff, requireStreetStaff } from '../access';
import { writeAudit } from '../audit';
import { bumpCacheVersion, cached } from '../reader-cache';
import { handbookSearchKeys, pinyinQuery } from './search-keys';

const h = schema.handbookEntries;
export const HANDBOOK_CACHE = 'handbook';

type Row = typeof h.$inferSelect;
type ListQuery = z.output<typeof HandbookQuerySchema>;
type EntryInput = z.output<typeof HandbookEntryBodySchema>;


export function toEntry(r: Row): HandbookEntry {
  return {
    id: r.id,
    category: r.category,
    categoryName: handbookCategoryName(r.category),
    title: r.title,
    summary: r.summary,
    body: r.body,
    eligibility: r.eligibility,
    materials: r.materials,
    location: r.location,
    hours: r.hours,
    phone: r.phone,
    requestable: r.requestable,
    serviceMinutes: r.serviceMinutes,
    published: r.published,
    tags: r.tags,
    updatedAt: toStreetIso(r.updatedAt),
  };
}

function toListItem(r: Row): HandbookListItem {
  const { body: _b, eligibility: _e, materials: _m, ...rest } = toEntry(r);
  return rest;
}

/** The searched text; the same expression as the trigram GIN index, so the planner can use it. */
const searchDoc = sql`(${h.title} || ' ' || ${h.summary} || ' ' || ${h.body} || ' ' || ${h.eligibility} || ' ' || ${h.searchKeys})`;

/** User text inside LIKE: %, _ and the escape character itself are literals, not wildcards. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Chinese has no spaces between words, and pg_trgm's padded trigrams of a 2-character
 * query (养老, 低保) rarely occur inside a longer run of characters, so similarity alone
 * misses them. So: containment first (LIKE, escaped; the trigram GIN index serves it
 * from 3 characters up), ranked title > summary > body and search keys (category name,
 * tags, pinyin), for the query and each of its alternatives (synonyms: 残疾证 → 残疾人证;
 * pinyin typed with spaces), plus each word of a multi-word query; then, only when nothing
 * contains the query, trigram similarity against titles catches the typo (体验 for 体检).
 * Case-folding (ILIKE) lowercases every body on every search, so it is used only when the
 * query has Latin letters to fold.
 */
function containment(q: string, alternatives: string[]) {
  const pattern = (t: string) => `%${escapeLike(t)}%`;
  const wholes = [...new Set([q, ...alternatives])].slice(0, 5).map(pattern);
  const words = [...new Set(q.split(/\s+/).map((t) => t.trim()).filter((t) => t && t !== q))].slice(0, 5).map(pattern);
  const like = (col: SQL | AnyPgColumn, p: string) => (/[a-z]/i.test(p) ? sql`${col} ILIKE ${p}` : sql`${col} LIKE ${p}`);
  const any = (col: SQL | AnyPgColumn, ps: string[]) => sql`(${sql.join(ps.map((p) => like(col, p)), sql` OR `)})`;
  const where = any(searchDoc, [...wholes, ...words]);
  const termScore = sql.join(
    words.map((p) => sql`(CASE WHEN ${like(h.title, p)} THEN 1.5 ELSE 0 END) + (CASE WHEN ${like(searchDoc, p)} THEN 0.5 ELSE 0 END)`),
    sql` + `,
  );
  const rank = sql`(
    (CASE WHEN ${any(h.title, wholes)} THEN 4 ELSE 0 END)
    + (CASE WHEN ${any(h.summary, wholes)} THEN 2 ELSE 0 END)
    + (CASE WHEN ${any(searchDoc, wholes)} THEN 1 ELSE 0 END)
    ${words.length ? sql`+ ${termScore}` : sql``}
    + similarity(${h.title}, ${q})
  )`;
  return { where, rank };
}

/**
 * Other ways to say the query: each synonym whose term it contains, swapped for the
 * handbook's word (老年卡办理 → 老年人优待证办理), and pinyin typed with spaces (di bao →
 * dibao). The synonym list is small, so one indexed-or-not read per search costs little.
 */
async function alternativesOf(db: DbOrTx, q: string): Promise<string[]> {
  const s = schema.handbookSynonyms;
  const rows = await db
    .select({ term: s.term, target: s.target })
    .from(s)
    .where(sql`strpos(${q}, ${s.term}) > 0`)
    .limit(8);
  const alts = rows.map((r) => q.split(r.term).join(r.target));
  const py = pinyinQuery(q);
  if (py && py !== q) alts.push(py);
  return alts;
}

function fuzzy(q: string) {
  return { where: sql`${h.title} % ${q}`, rank: sql`similarity(${h.title}, ${q})` };
}

/** Offset cursor; `f` marks pages of the fuzzy fallback so page 2 stays in the same mode. */
type SearchCursor = { o: number; f?: 1 };
const isOffsetCursor = (v: unknown): v is SearchCursor =>
  typeof v === 'object' &&
  v !== null &&
  isOffset((v as { o: unknown }).o) &&
  [undefined, 1].includes((v as { f?: unknown }).f as undefined);

async function runQuery(db: DbOrTx, query: ListQuery, cursor: SearchCursor, mode: 'contain' | 'fuzzy' | null, alternatives: string[] = []) {
  const conds: SQL[] = [];
  if (!query.includeUnpublished) conds.push(eq(h.published, true));
  if (query.category) conds.push(eq(h.category, query.category));
  if (query.requestable !== undefined) conds.push(eq(h.requestable, query.requestable));
  const q = query.q?.trim() ?? '';
  const search = mode === 'contain' ? containment(q, alternatives) : mode === 'fuzzy' ? fuzzy(q) : null;
  if (search) conds.push(search.where);
  const order = search
    ? [sql`${search.rank} DESC`, asc(h.sortOrder), asc(h.title), asc(h.id)]
    : [asc(h.sortOrder), asc(h.title), asc(h.id)];
  const rows = await db
    .select()
    .from(h)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(...order)
    .limit(query.limit + 1)
    .offset(cursor.o);
  const next: SearchCursor = mode === 'fuzzy' ? { o: cursor.o + query.limit, f: 1 } : { o: cursor.o + query.limit };
  return {
    items: rows.slice(0, query.limit).map(toListItem),
    nextCursor: rows.length > query.limit ? encodeCursor(next) : null,
  };
}

/** The uncached list/search query itself (the benchmark measures this). */
export async function queryEntries(db: DbOrTx, query: ListQuery, cursor: SearchCursor = { o: 0 }) {
  const q = query.q?.trim();
  if (!q) return runQuery(db, query, cursor, null);
  if (cursor.f) return runQuery(db, query, cursor, 'fuzzy');
  const found = await runQuery(db, query, cursor, 'contain', await alternativesOf(db, q));
  if (found.items.length || cursor.o > 0 || [...q].length < 3) return found;
  return runQuery(db, query, cursor, 'fuzzy');
}

/** List or search. Readers get the cached answer; the staff desk's list of unpublished entries is never cached. */
export async function listHandbookEntries({ ctx, query }: { ctx: Ctx; query: ListQuery }) {
  if (query.includeUnpublished && !isStaff(ctx.user)) throw forbidden('只有工作人员可以查看已下架的条目');
  const cursor = decodeCursor(query.cursor, isOffsetCursor) ?? { o: 0 };
  if (query.includeUnpublished) return queryEntries(ctx.db, query, cursor);
  const key = { q: query.q?.trim() || null, c: query.category ?? null, r: query.requestable ?? null, l: query.limit, cur: cursor };
  return cached(ctx, HANDBOOK_CACHE, ['list', key], () => queryEntries(ctx.db, query, cursor));
}

export async function listHandbookCategories({ ctx }: { ctx: Ctx }) {
  return cached(ctx, HANDBOOK_CACHE, ['categories'], async () => {
    const rows = await ctx.db
      .select({ category: h.category, n: count() })
      .from(h)
      .where(eq(h.published, true))
      .groupBy(h.category);
    const counts = new Map(rows.map((r) => [r.category, Number(r.n)]));
    return { items: HANDBOOK_CATEGORIES.map((c) => ({ key: c.key, name: c.name, examples: c.examples, count: counts.get(c.key) ?? 0 })) };
  });
}

async function findEntry(db: DbOrTx, id: string, lock = false): Promise<Row | null> {
  const base = db.select().from(h).where(eq(h.id, id)).limit(1);
  const [row] = lock ? await base.for('update') : await base;
  return row ?? null;
}

export async function getHandbookEntry({ ctx, id }: { ctx: Ctx; id: string }): Promise<HandbookEntry> {
  if (isStaff(ctx.user)) {
    const row = await findEntry(ctx.db, id);
    if (!row) throw notFound('找不到这条服务事项');
    return toEntry(row);
  }
  const entry = await cached(ctx, HANDBOOK_CACHE, ['entry', id], async () => {
    const row = await findEntry(ctx.db, id);
    return row && row.published ? toEntry(row) : false;
  });
  if (!entry) throw notFound('找不到这条服务事项，可能已下架');
  return entry;
}

function valuesOf(input: EntryInput, now: Date) {
  return {
    category: input.category,
    title: input.title,
    summary: input.summary,
    body: input.body,
    eligibility: input.eligibility,
    materials: input.materials,
    location: input.location,
    hours: input.hours,
    phone: input.phone,
    requestable: input.requestable,
    serviceMinutes: input.serviceMinutes,
    sortOrder: input.sortOrder,
    tags: input.tags,
    searchKeys: handbookSearchKeys(input),
    updatedAt: now,
  };
}

export async function createHandbookEntry({ ctx, input }: { ctx: Ctx; input: EntryInput }) {
  requireStreetStaff(ctx);
  const entry = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(h)
      .values({ ...valuesOf(input, ctx.now), published: input.published ?? true, createdAt: ctx.now })
      .returning();
    await bumpCacheVersion(tx, HANDBOOK_CACHE, ctx.now);
    await writeAudit(tx, ctx, { action: 'handbook.created', targetType: 'handbook_entry', targetId: row.id, detail: { title: row.title } });
    return toEntry(row);
  });
  return entry;
}

export async function replaceHandbookEntry({ ctx, id, input }: { ctx: Ctx; id: string; input: EntryInput }) {
  requireStreetStaff(ctx);
  const entry = await ctx.db.transaction(async (tx) => {
    const before = await findEntry(tx, id, true);
    if (!before) throw notFound('找不到这条服务事项');
    const [row] = await tx
      .update(h)
      .set({ ...valuesOf(input, ctx.now), published: input.published ?? before.published })
      .where(eq(h.id, id))
      .returning();
    await bumpCacheVersion(tx, HANDBOOK_CACHE, ctx.now);
    await writeAudit(tx, ctx, {
      action: 'handbook.updated',
      targetType: 'handbook_entry',
      targetId: id,
      detail: { title: row.title, republished: !before.published && row.published },
    });
    return toEntry(row);
  });
  return entry;
}

/** Delete unpublishes: orders that reference the entry keep their service. */
export async function unpublishHandbookEntry({ ctx, id }: { ctx: Ctx; id: string }) {
  requireStreetStaff(ctx);
  const entry = await ctx.db.transaction(async (tx) => {
    const before = await findEntry(tx, id, true);
    if (!before) throw notFound('找不到这条服务事项');
    if (!before.published) throw invalidState('这条服务事项已经下架了');
    const [row] = await tx.update(h).set({ published: false, updatedAt: ctx.now }).where(eq(h.id, id)).returning();
    await bumpCacheVersion(tx, HANDBOOK_CACHE, ctx.now);
    await writeAudit(tx, ctx, { action: 'handbook.unpublished', targetType: 'handbook_entry', targetId: id, detail: { title: row.title } });
    return toEntry(row);
  });
  return entry;
}
