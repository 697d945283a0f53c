import { and, desc, eq, gte, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { Role } from '../../../shared/auth';
import { toStreetIso } from '../../../shared/time';
import { schema, type DbOrTx } from '../db';
import { conflict, invalidField, notFound } from '../errors';
import { decodeCursor, isTimeIdCursor, pageOf } from './cursor';
import type { Ctx } from './context';
import { writeAudit } from './audit';
import { loadMe } from './users';

/** Shared by the admin route and the `npm run admin` command. */
export async function setUserRole(
  db: DbOrTx,
  userId: string,
  role: Role,
  staffCommunityId: string | null,
) {
  if (staffCommunityId) {
    const [c] = await db.select({ id: schema.communities.id }).from(schema.communities).where(eq(schema.communities.id, staffCommunityId));
    if (!c) throw invalidField('staffCommunityId', '所选社区不存在');
  }
  const updated = await db
    .update(schema.users)
    .set({ role, staffCommunityId: role === 'staff' ? staffCommunityId : null, updatedAt: new Date() })
    .where(eq(schema.users.id, userId))
    .returning({ id: schema.users.id });
  if (!updated.length) throw notFound('找不到该用户');
}

/**
 * Refuses to take the admin role from the last admin: nobody could grant roles again short of
 * the command line. Every admin row is locked first, so two admins demoting each other at once
 * cannot both pass.
 */
export async function assertAnotherAdmin(tx: DbOrTx, userId: string) {
  const admins = await tx
    .select({ id: schema.users.id })
    .from(schema.users)
    .where(and(eq(schema.users.role, 'admin'), isNull(schema.users.deletedAt)))
    .for('update');
  if (!admins.some((a) => a.id !== userId)) throw conflict('LAST_ADMIN', '这是最后一位管理员，请先任命另一位管理员');
}

export async function grantRole({
  ctx,
  userId,
  input,
}: {
  ctx: Ctx;
  userId: string;
  input: { role: Role; staffCommunityId?: string | null };
}) {
  if (!/^[0-9a-f-]{36}$/i.test(userId)) throw notFound('找不到该用户');
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select({ role: schema.users.role }).from(schema.users).where(eq(schema.users.id, userId)).for('update');
    if (!before) throw notFound('找不到该用户');
    if (before.role === 'admin' && input.role !== 'admin') await assertAnotherAdmin(tx, userId);
    await setUserRole(tx, userId, input.role, input.staffCommunityId ?? null);
    await writeAudit(tx, ctx, {
      action: 'user.role_granted',
      targetType: 'user',
      targetId: userId,
      subjectUserId: userId,
      detail: { from: before.role, to: input.role, staffCommunityId: input.staffCommunityId ?? null },
    });
    return loadMe(tx, userId);
  });
}

export async function listAudit({
  ctx,
  query,
}: {
  ctx: Ctx;
  query: {
    cursor?: string;
    limit: number;
    action?: string;
    targetType?: string;
    targetId?: string;
    actorId?: string;
    subjectUserId?: string;
    from?: string;
    to?: string;
  };
}) {
  const a = schema.auditLog;
  const cursor = decodeCursor(query.cursor, isTimeIdCursor);
  const conds: SQL[] = [];
  if (query.action) conds.push(eq(a.action, query.action));
  if (query.targetType) conds.push(eq(a.targetType, query.targetType));
  if (query.targetId) conds.push(eq(a.targetId, query.targetId));
  if (query.actorId) conds.push(eq(a.actorId, query.actorId));
  if (query.subjectUserId) conds.push(eq(a.subjectUserId, query.subjectUserId));
  if (query.from) conds.push(gte(a.createdAt, new Date(query.from)));
  if (query.to) conds.push(lt(a.createdAt, new Date(query.to)));
  if (cursor) {
    const t = new Date(cursor.t);
    conds.push(or(lt(a.createdAt, t), and(eq(a.createdAt, t), lt(a.id, cursor.id)))!);
  }
  const rows = await ctx.db
    .select({ a, actorName: schema.users.displayName })
    .from(a)
    .leftJoin(schema.users, eq(schema.users.id, a.actorId))
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(a.createdAt), desc(a.id))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, (r) => ({ t: r.a.createdAt.toISOString(), id: r.a.id }));
  return {
    items: page.items.map(({ a: r, actorName }) => ({
      id: r.id,
      actorId: r.actorId,
      actorRole: r.actorRole,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      detail: r.detail,
      createdAt: toStreetIso(r.createdAt),
      actorName,
      subjectUserId: r.subjectUserId,
    })),
    nextCursor: page.nextCursor,
  };
}
