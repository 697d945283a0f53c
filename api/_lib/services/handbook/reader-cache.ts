import { createHash } from 'node:crypto';
import type { Ctx } from '../../http/types';

/**
 * Reader caches keyed by a version number: every edit bumps the version, so one INCR
 * invalidates every cached list, search and entry at once. The namespace keeps
 * deployments (and test files) sharing one Redis apart. Redis is only an accelerator:
 * a miss reads the database.
 */
const TTL_SECONDS = 300;

const ns = (ctx: Ctx, family: string) => `${ctx.runtime.config.rateLimitPrefix}:cache:${family}`;

export async function cacheVersion(ctx: Ctx, family: string): Promise<string> {
  return (await ctx.runtime.store.get(`${ns(ctx, family)}:ver`)) ?? '0';
}

export async function bumpCacheVersion(ctx: Ctx, family: string): Promise<void> {
  await ctx.runtime.store.incr(`${ns(ctx, family)}:ver`);
}

/** Answers from the cache when it can; otherwise computes, stores and answers. */
export async function cached<T>(ctx: Ctx, family: string, parts: unknown, compute: () => Promise<T>): Promise<T> {
  const version = await cacheVersion(ctx, family);
  const digest = createHash('sha1').update(JSON.stringify(parts)).digest('base64url');
  const key = `${ns(ctx, family)}:v${version}:${digest}`;
  const hit = await ctx.runtime.store.getJson<T>(key);
  if (hit !== null) return hit;
  const value = await compute();
  await ctx.runtime.store.setJson(key, value, TTL_SECONDS);
  return value;
}
