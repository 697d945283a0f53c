import { aliasedTable, and, desc, eq, gte, ilike, isNull, like, lt, or, sql, type SQL } from 'drizzle-orm';
import type { AdminUser } from '../../../shared/admin';
import type { Role } from '../../../shared/auth';
import { toStreetIso } from '../../../shared/time';
import { schema, type DbOrTx } from '../db';
import { conflict, invalidField, notFound } from '../errors';
import { decodeCursor, isTimeIdCursor, pageOf } from './cursor';
import type { Ctx } from './context';
import { writeAudit } from './audit';
import { auditCsv, presentAudit } from './audit-view';
import { escapeLike } from './handbook/entries';
import { maskPhone } from './privacy';
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

/**
 * Locks the account whose role changes. Taking the admin role away needs another admin (the
 * last one stays), and an admin never takes it from themselves: the change is made by another
 * admin, so one slip in the users page cannot lock the caller out.
 */
async function lockTarget(tx: DbOrTx, ctx: Ctx, userId: string, next: Role) {
  const [before] = await tx
    .select({ role: schema.users.role })
    .from(schema.users)
    .where(and(eq(schema.users.id, userId), isNull(schema.users.deletedAt)))
    .for('update');
  if (!before) throw notFound('找不到该用户');
  if (before.role === 'admin' && next !== 'admin') {
    await assertAnotherAdmin(tx, userId);
    if (userId === ctx.user?.id) throw conflict('OWN_ADMIN_ROLE', '不能撤销自己的管理员角色，请另一位管理员操作');
  }
  return before;
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
  return ctx.db.transaction(async (tx) => {
    const before = await lockTarget(tx, ctx, userId, input.role);
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

/** The users page: by name, phone digits or openid; newest accounts first. */
export async function listUsers({ ctx, query }: { ctx: Ctx; query: { q?: string; role?: Role; cursor?: string; limit: number } }) {
  const u = schema.users;
  const home = aliasedTable(schema.communities, 'home');
  const scope = aliasedTable(schema.communities, 'scope');
  const vp = schema.volunteerProfiles;
  const cursor = decodeCursor(query.cursor, isTimeIdCursor);
  const conds: SQL[] = [isNull(u.deletedAt)];
  const q = query.q?.trim();
  if (q) {
    const digits = q.replace(/[\s-]/g, '');
    const any: SQL[] = [ilike(u.displayName, `%${escapeLike(q)}%`), eq(u.openid, q), ilike(vp.realName, `%${escapeLike(q)}%`)];
    if (/^\d{3,}$/.test(digits)) any.push(like(sql`replace(replace(${u.phone}, '-', ''), ' ', '')`, `%${digits}%`));
    conds.push(or(...any)!);
  }
  if (query.role) conds.push(eq(u.role, query.role));
  if (cursor) {
    const t = new Date(cursor.t);
    conds.push(or(lt(u.createdAt, t), and(eq(u.createdAt, t), lt(u.id, cursor.id)))!);
  }
  const rows = await ctx.db
    .select({ u, home: home.name, scope: scope.name, volunteer: vp.status })
    .from(u)
    .leftJoin(home, eq(home.id, u.communityId))
    .leftJoin(scope, eq(scope.id, u.staffCommunityId))
    .leftJoin(vp, eq(vp.userId, u.id))
    .where(and(...conds))
    .orderBy(desc(u.createdAt), desc(u.id))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, (r) => ({ t: r.u.createdAt.toISOString(), id: r.u.id }));
  return {
    items: page.items.map(
      (r): AdminUser => ({
        id: r.u.id,
        displayName: r.u.displayName,
        role: r.u.role,
        phoneMasked: maskPhone(r.u.phone),
        openidTail: r.u.openid ? r.u.openid.slice(-6) : null,
        communityName: r.home,
        staffCommunityId: r.u.role === 'staff' ? r.u.staffCommunityId : null,
        staffCommunityName: r.u.role === 'staff' ? r.scope : null,
        approvedVolunteer: r.volunteer === 'approved',
        createdAt: toStreetIso(r.u.createdAt),
      }),
    ),
    nextCursor: page.nextCursor,
  };
}

interface AuditFilters {
  action?: string;
  targetType?: string;
  targetId?: string;
  actorId?: string;
  subjectUserId?: string;
  from?: string;
  to?: string;
}

function auditConditions(query: AuditFilters): SQL[] {
  const a = schema.auditLog;
  const conds: SQL[] = [];
  if (query.action) conds.push(eq(a.action, query.action));
  if (query.targetType) conds.push(eq(a.targetType, query.targetType));
  if (query.targetId) conds.push(eq(a.targetId, query.targetId));
  if (query.actorId) conds.push(eq(a.actorId, query.actorId));
  if (query.subjectUserId) conds.push(eq(a.subjectUserId, query.subjectUserId));
  if (query.from) conds.push(gte(a.createdAt, new Date(query.from)));
  if (query.to) conds.push(lt(a.createdAt, new Date(query.to)));
  return conds;
}

function auditRows(db: DbOrTx, conds: SQL[], limit: number) {
  const a = schema.auditLog;
  return db
    .select({ a, actorName: schema.users.displayName, actorDeleted: schema.users.deletedAt })
    .from(a)
    .leftJoin(schema.users, eq(schema.users.id, a.actorId))
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(a.createdAt), desc(a.id))
    .limit(limit);
}

const flat = (r: Awaited<ReturnType<typeof auditRows>>[number]) => ({
  ...r.a,
  actorName: r.actorDeleted ? '已注销用户' : r.actorName,
});

/** Rows in one export: a year of a busy street's actions; beyond it, narrow the dates. */
export const AUDIT_EXPORT_MAX = 10_000;

/** The filtered log as a CSV file (newest first), for Excel. */
export async function exportAudit({ ctx, query }: { ctx: Ctx; query: AuditFilters }) {
  const rows = await auditRows(ctx.db, auditConditions(query), AUDIT_EXPORT_MAX + 1);
  if (rows.length > AUDIT_EXPORT_MAX) throw conflict('EXPORT_TOO_LARGE', `记录超过 ${AUDIT_EXPORT_MAX} 条，请缩小日期范围后再导出`);
  return auditCsv(await presentAudit(ctx.db, rows.map(flat), ctx.now), ctx.now);
}

export async function listAudit({ ctx, query }: { ctx: Ctx; query: AuditFilters & { cursor?: string; limit: number } }) {
  const a = schema.auditLog;
  const cursor = decodeCursor(query.cursor, isTimeIdCursor);
  const conds = auditConditions(query);
  if (cursor) {
    const t = new Date(cursor.t);
    conds.push(or(lt(a.createdAt, t), and(eq(a.createdAt, t), lt(a.id, cursor.id)))!);
  }
  const rows = await auditRows(ctx.db, conds, query.limit + 1);
  const page = pageOf(rows, query.limit, (r) => ({ t: r.a.createdAt.toISOString(), id: r.a.id }));
  const items = await presentAudit(ctx.db, page.items.map(flat), ctx.now);
  return { items: items.map((e) => ({ ...e, createdAt: toStreetIso(e.createdAt) })), nextCursor: page.nextCursor };
}
