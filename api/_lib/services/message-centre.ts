import { and, count, desc, eq, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { MESSAGE_KIND_NAMES, type Message, type MessageKind } from '../../../shared/notifications';
import { toStreetIso } from '../../../shared/time';
import { schema, type DbOrTx } from '../db';
import { notFound } from '../errors';
import { decodeCursor, isTimeIdCursor, pageOf } from './cursor';
import type { Ctx } from './context';
import { requireUser } from './access';
import { countMyPool } from './requests/orders';

const n = schema.notifications;
/** WeChat lets one tap grant one message; a user who taps often still gets a sane ceiling. */
const MAX_GRANTS_PER_KIND = 20;

export function toMessage(row: typeof n.$inferSelect): Message {
  return {
    id: row.id,
    kind: row.kind,
    kindName: MESSAGE_KIND_NAMES[row.kind as MessageKind] ?? '通知',
    title: row.title,
    body: row.body,
    page: row.page,
    createdAt: toStreetIso(row.createdAt),
    readAt: row.readAt ? toStreetIso(row.readAt) : null,
    delivery: row.status,
  };
}

async function unreadCount(db: DbOrTx, userId: string): Promise<number> {
  const [r] = await db.select({ c: count() }).from(n).where(and(eq(n.userId, userId), isNull(n.readAt)));
  return Number(r?.c ?? 0);
}

/** The message centre (消息): every notification of the caller, whether WeChat delivered it or not. */
export async function listMyMessages({ ctx, query }: { ctx: Ctx; query: { cursor?: string; limit: number; unread?: 'true' | 'false' } }) {
  const user = requireUser(ctx);
  const cursor = decodeCursor(query.cursor, isTimeIdCursor);
  const conds: SQL[] = [eq(n.userId, user.id)];
  if (query.unread === 'true') conds.push(isNull(n.readAt));
  if (cursor) {
    const t = new Date(cursor.t);
    conds.push(or(lt(n.createdAt, t), and(eq(n.createdAt, t), lt(n.id, cursor.id)))!);
  }
  const rows = await ctx.db
    .select()
    .from(n)
    .where(and(...conds))
    .orderBy(desc(n.createdAt), desc(n.id))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, (r) => ({ t: r.createdAt.toISOString(), id: r.id }));
  return { items: page.items.map(toMessage), nextCursor: page.nextCursor, unreadCount: await unreadCount(ctx.db, user.id) };
}

/** The tab bar's and 我的's counts in one small read, asked on every show of a tab. */
export async function getMyBadges({ ctx }: { ctx: Ctx }) {
  const user = requireUser(ctx);
  const [unreadMessages, poolOrders] = await Promise.all([unreadCount(ctx.db, user.id), countMyPool(ctx.db, user)]);
  return { unreadMessages, poolOrders };
}

export async function markMessageRead({ ctx, id }: { ctx: Ctx; id: string }) {
  const user = requireUser(ctx);
  // Someone else's message answers 404, exactly like one that does not exist.
  await ctx.db
    .update(n)
    .set({ readAt: ctx.now })
    .where(and(eq(n.id, id), eq(n.userId, user.id), isNull(n.readAt)));
  const [row] = await ctx.db.select().from(n).where(and(eq(n.id, id), eq(n.userId, user.id))).limit(1);
  if (!row) throw notFound('找不到这条消息');
  return toMessage(row);
}

export async function markAllMessagesRead({ ctx }: { ctx: Ctx }) {
  const user = requireUser(ctx);
  const marked = await ctx.db
    .update(n)
    .set({ readAt: ctx.now })
    .where(and(eq(n.userId, user.id), isNull(n.readAt)))
    .returning({ id: n.id });
  return { marked: marked.length, unreadCount: 0 };
}

async function subscriptionsOf(ctx: Ctx, db: DbOrTx, userId: string) {
  const g = schema.subscriptionGrants;
  const rows = await db.select({ kind: g.kind, remaining: g.remaining }).from(g).where(eq(g.userId, userId)).orderBy(g.kind);
  return { grants: rows, templateIds: ctx.runtime.wechat?.config.templateIds ?? {} };
}

export async function getMySubscriptions({ ctx }: { ctx: Ctx }) {
  const user = requireUser(ctx);
  return subscriptionsOf(ctx, ctx.db, user.id);
}

/**
 * Records what wx.requestSubscribeMessage answered "accept" for. Each accept is one
 * message WeChat will let us send, so grants add up and each send takes one.
 */
export async function recordSubscriptions({ ctx, input }: { ctx: Ctx; input: { kinds: MessageKind[] } }) {
  const user = requireUser(ctx);
  const g = schema.subscriptionGrants;
  const kinds = [...new Set(input.kinds)];
  await ctx.db
    .insert(g)
    .values(kinds.map((kind) => ({ userId: user.id, kind, remaining: 1, updatedAt: ctx.now })))
    .onConflictDoUpdate({
      target: [g.userId, g.kind],
      set: { remaining: sql`least(${g.remaining} + 1, ${MAX_GRANTS_PER_KIND})`, updatedAt: ctx.now },
    });
  return subscriptionsOf(ctx, ctx.db, user.id);
}
