import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseConfig, setConfig, type Config } from '../../api/_lib/config';
import type { Db } from '../../api/_lib/db';
import { createLogger } from '../../api/_lib/log';
import { createRuntime, setRuntime, type Runtime } from '../../api/_lib/runtime';
import type { Store } from '../../api/_lib/store/types';
import type { Role } from '../../shared/auth';
import { createLocalServer } from '../../scripts/local-server';
import { startUpstashBridge, type Bridge } from '../../scripts/upstash-bridge';
import { successConformance } from './conformance';
import { createTestDb, type TestDb } from './test-db';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string | null;
  body?: unknown;
  /** Sent as-is (for bad-JSON and oversized-body tests). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface TestApp {
  url: string;
  db: Db;
  testDb: TestDb;
  runtime: Runtime;
  config: Config;
  bridge: Bridge | null;
  /** Moves the clock the API sees (for deadlines, cut-offs, expiry). */
  setNow(date: Date | null): void;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  get<T = any>(path: string, token?: string | null): Promise<ApiResponse<T>>;
  post<T = any>(path: string, body?: unknown, token?: string | null, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  put<T = any>(path: string, body?: unknown, token?: string | null): Promise<ApiResponse<T>>;
  patch<T = any>(path: string, body?: unknown, token?: string | null): Promise<ApiResponse<T>>;
  del<T = any>(path: string, token?: string | null): Promise<ApiResponse<T>>;
  /** Demo log-in; returns the token and the user. */
  login(persona: Role, handle?: string): Promise<{ token: string; user: any }>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** 'redis' runs the real @upstash/redis client through the bridge against redis-server when TEST_REDIS_URL is set. */
  store?: 'memory' | 'redis';
  storeOverride?: Store;
  /** Use this database instead of a fresh clone (e.g. reached through a fault-injecting proxy). */
  dbOverride?: TestDb;
}

/**
 * Starts the real local server (same rewrites as vercel.json) on a free port, over a
 * database of this test file's own. Redis: the bridge to a real redis-server when
 * TEST_REDIS_URL is set and the test asks for it, otherwise the in-process store.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const testDb = options.dbOverride ?? (await createTestDb());
  let bridge: Bridge | null = null;
  const env: Record<string, string> = {
    DATA_DIR: path.join(os.tmpdir(), `shinan-unused-${randomUUID()}`),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RATE_LIMIT_PREFIX: `t${randomUUID().slice(0, 8)}`,
    ...options.env,
  };
  const redisUrl = process.env.TEST_REDIS_URL;
  if ((options.store ?? 'redis') === 'redis' && redisUrl && !options.storeOverride) {
    bridge = await startUpstashBridge({ redisUrl });
    env.UPSTASH_REDIS_REST_URL = bridge.url;
    env.UPSTASH_REDIS_REST_TOKEN = bridge.token;
  }
  const config = parseConfig(env as NodeJS.ProcessEnv);
  setConfig(config);
  let fixedNow: Date | null = null;
  const runtime = await createRuntime(config, {
    dbHandle: testDb,
    store: options.storeOverride,
    now: () => fixedNow ?? new Date(),
    log: createLogger(config.logLevel),
  });
  setRuntime(runtime);
  const server: http.Server = createLocalServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  const request = async <T>(method: string, p: string, o: RequestOptions = {}): Promise<ApiResponse<T>> => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | undefined;
    if (o.rawBody !== undefined) body = o.rawBody;
    else if (o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(url + p, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* keep text */
    }
    // Every success of every API test is held to its route's descriptor (status and response schema).
    const wrong = successConformance(method, p, { status: res.status, headers: res.headers, text });
    if (wrong.length) throw new Error(`answer does not match its descriptor:\n${wrong.join('\n')}`);
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  };

  const app: TestApp = {
    url,
    db: testDb.db,
    testDb,
    runtime,
    config,
    bridge,
    setNow(date) {
      fixedNow = date;
    },
    request,
    get: (p, token) => request('GET', p, { token }),
    post: (p, body, token, headers) => request('POST', p, { body: body ?? {}, token, headers }),
    put: (p, body, token) => request('PUT', p, { body: body ?? {}, token }),
    patch: (p, body, token) => request('PATCH', p, { body: body ?? {}, token }),
    del: (p, token) => request('DELETE', p, { token }),
    async login(persona, handle) {
      const r = await request<{ token: string; user: any }>('POST', '/api/auth/demo-login', { body: { persona, handle } });
      if (r.status !== 200) throw new Error(`demo login failed: ${r.status} ${r.text}`);
      return r.body;
    },
    async close() {
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      setRuntime(null);
      setConfig(null);
      await runtime.close();
      if (bridge) await bridge.close();
      // The throw-away data folder (photos land in it); one a test chose is the test's to keep.
      if (!options.env?.DATA_DIR) await fs.rm(env.DATA_DIR, { recursive: true, force: true });
    },
  };
  return app;
}

/** Expects a problem+json answer and returns its body. */
export function expectProblem(res: ApiResponse, status: number, code?: string) {
  if (res.status !== status) throw new Error(`expected ${status}${code ? ` ${code}` : ''}, got ${res.status}: ${res.text}`);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  if (code) expect(res.body.code).toBe(code);
  return res.body as { code: string; detail: string; errors?: { path: string; message: string }[] };
}

/** Expects a 400 that names the given field. */
export function expectFieldError(res: ApiResponse, field: string) {
  const p = expectProblem(res, 400);
  const paths = (p.errors ?? []).map((e) => e.path);
  if (!paths.some((x) => x === field || x.startsWith(`${field}.`))) {
    throw new Error(`expected an error naming "${field}", got ${JSON.stringify(p.errors)}`);
  }
  return p;
}

/** Row counts of every table, to prove a refused request changed nothing. */
export async function tableCounts(db: Db): Promise<Record<string, number>> {
  const { sql } = await import('drizzle-orm');
  const tables = (await db.execute(
    sql`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  )) as unknown as { rows: { tablename: string }[] };
  const out: Record<string, number> = {};
  for (const { tablename } of tables.rows) {
    const r = (await db.execute(sql.raw(`SELECT count(*)::int AS n FROM "${tablename}"`))) as unknown as { rows: { n: number }[] };
    out[tablename] = r.rows[0].n;
  }
  return out;
}
