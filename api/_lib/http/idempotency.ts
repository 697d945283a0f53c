import { createHash } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import { schema, type DbOrTx } from '../db';
import { reusable, reusableIn } from '../db/reuse';
import { ServiceError } from '../errors';
import type { Runtime } from '../runtime';

export interface StoredResponse {
  status: number;
  body: unknown;
}

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
 * Fingerprint of the request a key stands for. The validated body (zod output, keys in schema
 * order, unknown keys dropped) rather than the raw bytes: whitespace or key order do not make a
 * retry "different", a changed value does.
 */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body ?? null)).digest('base64url');
}

/**
 * Reserves the key in the database, the one copy: the reservation row also holds the
 * outcome once the create commits, so a replay reads it there (a Redis copy cost two
 * Upstash round trips on every create to save one primary-key read on the rare retry;
 * docs/performance.md). Returns a stored response to replay, or null when the caller
 * should run the handler.
 */
export async function beginIdempotent(
  runtime: Runtime,
  scope: string,
  key: string,
  method: string,
  path: string,
  hash: string,
): Promise<StoredResponse | null> {
  const { db } = runtime;
  const t = schema.idempotencyKeys;
  // One statement: a new key is inserted; a reservation left by a request that died is taken over.
  const reserved = await reusable(db, 'idempotency-reserve', () =>
    db
      .insert(t)
      .values({
        scope: sql.placeholder('scope'),
        key: sql.placeholder('key'),
        method: sql.placeholder('method'),
        path: sql.placeholder('path'),
        requestHash: sql.placeholder('hash'),
        status: 0,
        body: null,
      })
      .onConflictDoUpdate({
        target: [t.scope, t.key],
        set: { method: sql`excluded.method`, path: sql`excluded.path`, requestHash: sql`excluded.request_hash`, createdAt: sql`excluded.created_at` },
        setWhere: and(eq(t.status, 0), lt(t.createdAt, sql.placeholder('staleBefore'))),
      })
      .returning({ key: t.key }),
  ).execute({ scope, key, method, path, hash, staleBefore: new Date(Date.now() - STALE_RESERVATION_MS).toISOString() });
  if (reserved.length) return null;

  const [row] = await db.select().from(t).where(and(eq(t.scope, scope), eq(t.key, key))).limit(1);
  if (!row) return null;
  if (row.status === 0) {
    throw new ServiceError(409, 'IDEMPOTENCY_IN_PROGRESS', '相同的请求正在处理，请稍候');
  }
  if (row.method !== method || row.path !== path) {
    throw new ServiceError(409, 'IDEMPOTENCY_KEY_REUSED', '该请求标识已用于其他操作');
  }
  // Replaying the first answer to a different body would drop the second one silently.
  if (row.requestHash !== null && row.requestHash !== hash) {
    throw new ServiceError(422, 'IDEMPOTENCY_KEY_REUSED', '该请求标识已用于内容不同的请求，请换一个标识再提交');
  }
  return { status: row.status, body: row.body };
}

/**
 * Stores the outcome inside the create's own transaction: if the process dies after the
 * create commits, the key already says so and a retry replays instead of creating twice.
 */
export async function recordIdempotentOutcome(runtime: Runtime, tx: DbOrTx, scope: string, key: string, response: StoredResponse): Promise<void> {
  const { db } = runtime;
  const t = schema.idempotencyKeys;
  await reusableIn(tx, db, 'idempotency-outcome', () =>
    db
      .update(t)
      .set({ status: sql`${sql.placeholder('status')}`, body: sql`${sql.placeholder('body')}` })
      .where(and(eq(t.scope, sql.placeholder('scope')), eq(t.key, sql.placeholder('key')))),
  ).execute({ status: response.status, body: JSON.stringify(response.body), scope, key });
}

/** A failed attempt is not remembered: the client may fix the input and retry with the same key. */
export async function forgetIdempotent(runtime: Runtime, scope: string, key: string): Promise<void> {
  const t = schema.idempotencyKeys;
  await runtime.db.delete(t).where(and(eq(t.scope, scope), eq(t.key, key)));
}
