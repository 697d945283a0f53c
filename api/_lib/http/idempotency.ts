import { and, eq, lt } from 'drizzle-orm';
import { schema, type DbOrTx } from '../db';
import { ServiceError } from '../errors';
import type { Runtime } from '../runtime';

export interface StoredResponse {
  status: number;
  body: unknown;
}

const CACHE_TTL_SECONDS = 24 * 3600;
/** A reservation older than this belongs to a request that died; a retry may take it over. */
const STALE_RESERVATION_MS = 60_000;
const KEY_PATTERN = /^[\x21-\x7e]{8,128}$/;

export function parseIdempotencyKey(raw: string | string[] | undefined): string | null {
  if (raw === undefined) return null;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!KEY_PATTERN.test(key)) {
    throw new ServiceError(400, 'VALIDATION_FAILED', 'Idempotency-Key 格式不正确', [
      { path: 'Idempotency-Key', message: '应为 8 到 128 个可见 ASCII 字符' },
    ]);
  }
  return key;
}

/**
 * Reserves the key in the database (the durable copy; Redis only speeds up replays).
 * Returns a stored response to replay, or null when the caller should run the handler.
 */
export async function beginIdempotent(
  runtime: Runtime,
  scope: string,
  key: string,
  method: string,
  path: string,
): Promise<StoredResponse | null> {
  const cacheKey = `idem:${scope}:${key}`;
  const cached = await runtime.store.getJson<StoredResponse & { method: string; path: string }>(cacheKey);
  if (cached) return checkSame(cached, method, path);

  const { db } = runtime;
  const t = schema.idempotencyKeys;
  await db
    .delete(t)
    .where(and(eq(t.scope, scope), eq(t.key, key), eq(t.status, 0), lt(t.createdAt, new Date(Date.now() - STALE_RESERVATION_MS))));
  const inserted = await db
    .insert(t)
    .values({ scope, key, method, path, status: 0, body: null })
    .onConflictDoNothing()
    .returning({ key: t.key });
  if (inserted.length) return null;

  const [row] = await db.select().from(t).where(and(eq(t.scope, scope), eq(t.key, key))).limit(1);
  if (!row) return null;
  if (row.status === 0) {
    throw new ServiceError(409, 'IDEMPOTENCY_IN_PROGRESS', '相同的请求正在处理，请稍候');
  }
  return checkSame({ status: row.status, body: row.body, method: row.method, path: row.path }, method, path);
}

function checkSame(stored: StoredResponse & { method: string; path: string }, method: string, path: string) {
  if (stored.method !== method || stored.path !== path) {
    throw new ServiceError(409, 'IDEMPOTENCY_KEY_REUSED', '该请求标识已用于其他操作');
  }
  return { status: stored.status, body: stored.body };
}

/**
 * Stores the outcome inside the create's own transaction: if the process dies after the
 * create commits, the key already says so and a retry replays instead of creating twice.
 */
export async function recordIdempotentOutcome(tx: DbOrTx, scope: string, key: string, response: StoredResponse): Promise<void> {
  const t = schema.idempotencyKeys;
  await tx
    .update(t)
    .set({ status: response.status, body: response.body as object })
    .where(and(eq(t.scope, scope), eq(t.key, key)));
}

export async function finishIdempotent(
  runtime: Runtime,
  scope: string,
  key: string,
  method: string,
  path: string,
  response: StoredResponse | null,
): Promise<void> {
  const t = schema.idempotencyKeys;
  if (!response || response.status >= 300) {
    // Failed attempts are not remembered: the client may fix the input and retry with the same key.
    await runtime.db.delete(t).where(and(eq(t.scope, scope), eq(t.key, key)));
    return;
  }
  await runtime.store.setJson(`idem:${scope}:${key}`, { ...response, method, path }, CACHE_TTL_SECONDS);
}
