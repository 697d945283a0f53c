import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Open311Key } from '../../../../shared/open311';
import { toStreetIso } from '../../../../shared/time';
import { schema, type Tx } from '../../db';
import { ServiceError, notFound, tooMany } from '../../errors';
import type { RateLimitPolicy } from '../../store/types';
import { writeAudit } from '../audit';
import type { Ctx } from '../context';

const k = schema.open311Keys;

/** What one key may post: a city system or an app batching its users' reports, not a flood. */
const PER_KEY_LIMIT: RateLimitPolicy = { name: 'open311-key', limit: 30, windowSeconds: 60 };

/** Only this is kept: a key is 32 random bytes, so a plain SHA-256 cannot be walked back. */
const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

function present(row: typeof k.$inferSelect): Open311Key {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: toStreetIso(row.createdAt),
    lastUsedAt: row.lastUsedAt ? toStreetIso(row.lastUsedAt) : null,
    requestCount: row.requestCount,
  };
}

/** Issues a key for a third-party client: the answer is the only time the key is shown. */
export async function issueOpen311Key({ ctx, name }: { ctx: Ctx; name: string }) {
  const key = `o311_${randomBytes(32).toString('base64url')}`;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(k)
      .values({ name, keyHash: hashKey(key), prefix: key.slice(0, 9), createdBy: ctx.user?.id ?? null, createdAt: ctx.now })
      .returning();
    await writeAudit(tx, ctx, { action: 'open311.key_issued', targetType: 'open311_key', targetId: row.id, detail: { name } });
    return { id: row.id, name: row.name, key };
  });
}

/** The keys in use, newest first; revoked ones are gone from the list (the audit log keeps them). */
export async function listOpen311Keys({ ctx }: { ctx: Ctx }) {
  const rows = await ctx.db.select().from(k).where(isNull(k.revokedAt)).orderBy(desc(k.createdAt), desc(k.id));
  return { items: rows.map(present) };
}

export async function revokeOpen311Key({ ctx, id }: { ctx: Ctx; id: string }) {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(k)
      .set({ revokedAt: ctx.now })
      .where(and(eq(k.id, id), isNull(k.revokedAt)))
      .returning();
    if (!row) throw notFound('找不到该密钥');
    await writeAudit(tx, ctx, { action: 'open311.key_revoked', targetType: 'open311_key', targetId: row.id, detail: { name: row.name } });
    return present(row);
  });
}

/**
 * The key a POST carries, if it is one in use: otherwise 403, the spec's answer to an invalid
 * api_key. Each key has its own rate limit, whoever's address it comes from.
 */
export async function useOpen311Key(ctx: Ctx, key: string) {
  const [row] = await ctx.db
    .select()
    .from(k)
    .where(and(eq(k.keyHash, hashKey(key)), isNull(k.revokedAt)))
    .limit(1);
  if (!row) throw new ServiceError(403, 'INVALID_API_KEY', 'api_key 无效或已停用，请向街道管理员申请');
  if (!ctx.runtime.config.rateLimitDisabled) {
    const r = await ctx.runtime.store.limit(PER_KEY_LIMIT, `open311:${row.id}`);
    if (!r.success) throw tooMany(r.retryAfterSeconds);
  }
  return row;
}

/** Counts a request made with the key (inside the create's transaction). */
export async function countKeyUse(tx: Tx, ctx: Ctx, id: string) {
  await tx
    .update(k)
    .set({ lastUsedAt: ctx.now, requestCount: sql`${k.requestCount} + 1` })
    .where(eq(k.id, id));
}
