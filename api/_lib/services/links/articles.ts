import { and, desc, eq, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { Link, LinkBodySchema } from '../../../../shared/links';
import { isSaneDate } from '../../../../shared/datetime';
import { toStreetIso } from '../../../../shared/time';
import type { z } from 'zod';
import { schema, type DbOrTx } from '../../db';
import { notFound } from '../../errors';
import { decodeCursor, pageOf } from '../cursor';
import type { Ctx } from '../context';
import { requireStreetStaff } from '../access';
import { writeAudit } from '../audit';
import { bumpCacheVersion, cached } from '../reader-cache';
import { getStreetSettings } from '../settings';
import { isUuid } from '../../../../shared/ids';

const l = schema.officialLinks;
const LINKS_CACHE = 'links';

type Row = typeof l.$inferSelect;
type LinkInput = z.output<typeof LinkBodySchema>;

const toLink = (r: Row): Link => ({
  id: r.id,
  title: r.title,
  url: r.url,
  coverUrl: r.coverUrl,
  publishedAt: toStreetIso(r.publishedAt),
  pinned: r.pinned,
});

/** Keyset over (pinned desc, publishedAt desc, id desc): pinned articles first, then newest. */
interface LinkCursor {
  p: boolean;
  t: string;
  id: string;
}
const isLinkCursor = (v: unknown): v is LinkCursor =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as LinkCursor).p === 'boolean' &&
  typeof (v as LinkCursor).t === 'string' &&
  isSaneDate((v as LinkCursor).t) &&
  typeof (v as LinkCursor).id === 'string' &&
  isUuid((v as LinkCursor).id);

async function queryLinks(db: DbOrTx, limit: number, cursor: LinkCursor | null) {
  const conds: SQL[] = [isNull(l.deletedAt)];
  if (cursor) {
    const t = new Date(cursor.t);
    const afterInGroup = or(lt(l.publishedAt, t), and(eq(l.publishedAt, t), lt(l.id, cursor.id)))!;
    // Pinned (true) sorts first: after a pinned cursor come the rest of the pinned, then every unpinned one.
    conds.push(cursor.p ? or(eq(l.pinned, false), and(eq(l.pinned, true), afterInGroup))! : and(eq(l.pinned, false), afterInGroup)!);
  }
  const rows = await db
    .select()
    .from(l)
    .where(and(...conds))
    .orderBy(desc(l.pinned), desc(l.publishedAt), desc(l.id))
    .limit(limit + 1);
  const page = pageOf(rows, limit, (r) => ({ p: r.pinned, t: r.publishedAt.toISOString(), id: r.id }));
  return {
    items: page.items.map(toLink),
    nextCursor: page.nextCursor,
  };
}

export async function listLinks({ ctx, query }: { ctx: Ctx; query: { cursor?: string; limit: number } }) {
  const cursor = decodeCursor(query.cursor, isLinkCursor);
  // The account comes from the street's settings (their own cache), so editing it needs no bump here.
  const [settings, page] = await Promise.all([
    getStreetSettings({ ctx }),
    cached(ctx, LINKS_CACHE, [query.limit, query.cursor ?? null], () => queryLinks(ctx.db, query.limit, cursor)),
  ]);
  return { account: { name: settings.accountName, description: settings.accountDescription }, ...page };
}

async function findLink(db: DbOrTx, id: string): Promise<Row | null> {
  const [row] = await db
    .select()
    .from(l)
    .where(and(eq(l.id, id), isNull(l.deletedAt)))
    .limit(1)
    .for('update');
  return row ?? null;
}

/** The columns a create and a replace both write; without a date the link keeps `publishedAt` (now, for a new one). */
const linkValues = (input: LinkInput, publishedAt: Date) => ({
  title: input.title,
  url: input.url,
  coverUrl: input.coverUrl ?? null,
  publishedAt: input.publishedAt ? new Date(input.publishedAt) : publishedAt,
  pinned: input.pinned,
});

export async function createLink({ ctx, input }: { ctx: Ctx; input: LinkInput }) {
  requireStreetStaff(ctx);
  const link = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(l)
      .values({ ...linkValues(input, ctx.now), createdAt: ctx.now, updatedAt: ctx.now })
      .returning();
    await bumpCacheVersion(tx, LINKS_CACHE, ctx.now);
    await writeAudit(tx, ctx, { action: 'link.created', targetType: 'official_link', targetId: row.id, detail: { title: row.title } });
    return toLink(row);
  });
  return link;
}

export async function replaceLink({ ctx, id, input }: { ctx: Ctx; id: string; input: LinkInput }) {
  requireStreetStaff(ctx);
  const link = await ctx.db.transaction(async (tx) => {
    const before = await findLink(tx, id);
    if (!before) throw notFound('找不到这篇文章');
    const [row] = await tx
      .update(l)
      .set({ ...linkValues(input, before.publishedAt), updatedAt: ctx.now })
      .where(eq(l.id, id))
      .returning();
    await bumpCacheVersion(tx, LINKS_CACHE, ctx.now);
    await writeAudit(tx, ctx, { action: 'link.updated', targetType: 'official_link', targetId: id, detail: { title: row.title, pinned: row.pinned } });
    return toLink(row);
  });
  return link;
}

export async function deleteLink({ ctx, id }: { ctx: Ctx; id: string }) {
  requireStreetStaff(ctx);
  const link = await ctx.db.transaction(async (tx) => {
    const before = await findLink(tx, id);
    if (!before) throw notFound('找不到这篇文章，可能已被删除');
    const [row] = await tx.update(l).set({ deletedAt: ctx.now, updatedAt: ctx.now }).where(eq(l.id, id)).returning();
    await bumpCacheVersion(tx, LINKS_CACHE, ctx.now);
    await writeAudit(tx, ctx, { action: 'link.deleted', targetType: 'official_link', targetId: id, detail: { title: row.title } });
    return toLink(row);
  });
  return link;
}
