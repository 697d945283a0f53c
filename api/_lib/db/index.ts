import path from 'node:path';
import { createRequire } from 'node:module';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

export { schema };
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** What `db.transaction()` hands its callback; services accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  driver: 'pg' | 'pglite';
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = path.join(__dirname, '../../../drizzle');

export async function openPostgres(url: string, max = 10): Promise<DbHandle> {
  // require, not import(): under tsx (`npm run serve`, the bench) import() loads drizzle's ESM
  // build beside the CommonJS one the schema was built with, so every entity check misses
  // `instanceof` and walks prototypes (a tenth of a read's CPU; docs/performance.md). The
  // deployed build compiles import() to require() anyway; the driver still loads lazily.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { Pool } = require('pg') as typeof import('pg');
  const { drizzle } = require('drizzle-orm/node-postgres') as typeof import('drizzle-orm/node-postgres');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const pool = new Pool({
    connectionString: url,
    max,
    // Fail fast when the server is gone, so callers answer 503 instead of hanging.
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 10_000,
  });
  // A client losing its server emits 'error' on itself, and an 'error' without a listener kills
  // the process. The pool listens only while a client is idle; a checked-out one (mid-query
  // when pg_terminate_backend or a network cut arrives) had nobody listening (issue 15).
  // Every client gets its own listener for its whole life: the query it was running fails
  // with the same error (→ 503 through isConnectionError) and the pool discards the client.
  const ignore = () => undefined;
  pool.on('error', ignore);
  pool.on('connect', (client) => {
    client.on('error', ignore);
  });
  const db = drizzle(pool, { schema }) as unknown as Db;
  return { db, driver: 'pg', close: () => pool.end() };
}

/**
 * The embedded driver is loaded through a computed name so Vercel's file tracer never
 * sees it: deployed functions only ever talk to PostgreSQL and must not carry 16 MB of WASM.
 */
export async function openPglite(dataDir: string, options: { migrate?: boolean } = {}): Promise<DbHandle> {
  const load = createRequire(__filename);
  const localModule = ['.', 'pglite-driver'].join('/');
  const { openPgliteDb } = load(localModule) as typeof import('./pglite-driver');
  return openPgliteDb(dataDir, options);
}

/** Postgres error codes meaning the database itself is unreachable, not that the query was wrong. */
export function isConnectionError(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: string }).code;
    if (typeof code === 'string') {
      if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH'].includes(code)) return true;
      if (code.startsWith('08') || code === '57P01' || code === '57P03' || code === '53300') return true;
    }
    const message = (e as { message?: string }).message ?? '';
    if (/Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable/i.test(message)) {
      return true;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 5; depth++) {
    const pgErr = e as { code?: string; constraint?: string };
    if (pgErr.code === '23505' && (!constraint || pgErr.constraint === constraint)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
