import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { schema, type DbOrTx } from '../db';
import { reusable } from '../db/reuse';
import type { Ctx } from './context';

/**
 * Reader caches keyed by a version number: every edit bumps the version, so one write
 * invalidates every cached list, search and entry at once. The version lives in the
 * database and is bumped in the edit's own transaction: an edit made while Redis is
 * down, or a Redis that comes back with old keys, can never serve a pre-edit answer
 * (reading it is one primary-key lookup). The namespace keeps deployments and test
 * files that share one Redis apart. Redis is only an accelerator: a miss reads the database.
 */
const TTL_SECONDS = 300;
const s = schema.appSettings;
const versionKey = (family: string) => `cache_version:${family}`;

const ns = (ctx: Ctx, family: string) => `${ctx.runtime.config.rateLimitPrefix}:cache:${family}`;

export async function cacheVersion(db: DbOrTx, family: string): Promise<number> {
  const [row] = await reusable(db, 'cache-version', () => db.select({ value: s.value }).from(s).where(eq(s.key, sql.placeholder('key'))).limit(1)).execute({
    key: versionKey(family),
  });
  return typeof row?.value === 'number' ? row.value : 0;
}

/** Call inside the edit's transaction. */
export async function bumpCacheVersion(tx: DbOrTx, family: string, now: Date): Promise<void> {
  await tx
    .insert(s)
    .values({ key: versionKey(family), value: 1, updatedAt: now })
    .onConflictDoUpdate({ target: s.key, set: { value: sql`to_jsonb(((${s.value})::text)::bigint + 1)`, updatedAt: now } });
}

/**
 * In front of Redis, each process keeps its last few answers under the same versioned key
 * (a Redis GET over Upstash REST costs more CPU than the query it saves; docs/performance.md).
 * The version is still read from the database first, so an edit made anywhere is seen at
 * once. One small map per store, so runtimes (and test databases) never share entries.
 */
const LOCAL_MAX = 256;
const localCaches = new WeakMap<object, Map<string, { value: unknown; expires: number }>>();

function localCache(ctx: Ctx) {
  let m = localCaches.get(ctx.runtime.store);
  if (!m) localCaches.set(ctx.runtime.store, (m = new Map()));
  return m;
}

function remember(m: Map<string, { value: unknown; expires: number }>, key: string, value: unknown) {
  m.delete(key);
  m.set(key, { value, expires: Date.now() + TTL_SECONDS * 1000 });
  if (m.size > LOCAL_MAX) m.delete(m.keys().next().value as string);
}

/** Answers from the cache when it can; otherwise computes, stores and answers. */
export async function cached<T>(ctx: Ctx, family: string, parts: unknown, compute: () => Promise<T>): Promise<T> {
  const version = await cacheVersion(ctx.db, family);
  const digest = createHash('sha1').update(JSON.stringify(parts)).digest('base64url');
  const key = `${ns(ctx, family)}:v${version}:${digest}`;
  const local = localCache(ctx);
  const near = local.get(key);
  if (near && near.expires > Date.now()) return near.value as T;
  const hit = await ctx.runtime.store.getJson<T>(key);
  if (hit !== null) {
    remember(local, key, hit);
    return hit;
  }
  const value = await compute();
  await ctx.runtime.store.setJson(key, value, TTL_SECONDS);
  remember(local, key, value);
  return value;
}
