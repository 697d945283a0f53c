import http from 'node:http';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { created } from '../../api/_lib/http/reply';
import { createRouter } from '../../api/_lib/http/router';
import { defineRoute } from '../../api/_lib/http/types';
import { schema } from '../../api/_lib/db';
import { invalidState } from '../../api/_lib/errors';
import { MemoryStore } from '../../api/_lib/store/memory-store';
import { startUpstashBridge } from '../../scripts/upstash-bridge';
import { expectProblem, startTestApp, type TestApp } from '../support/app';

/** The wrapper's shared behaviour, exercised through a router of test routes over the real runtime. */
let app: TestApp;
let server: http.Server;
let base: string;
let calls = 0;

const router = createRouter([
  defineRoute({
    method: 'POST',
    path: '/api/test/things',
    auth: 'user',
    summary: 'create a thing',
    body: z.object({ name: z.string().min(1).max(20) }),
    idempotent: true,
    status: 201,
    handler: async ({ ctx, body }) => {
      calls += 1;
      const [row] = await ctx.db
        .insert(schema.appSettings)
        .values({ key: `thing:${body.name}:${calls}`, value: { name: body.name } })
        .returning();
      return created({ key: row.key });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/test/wrong-state',
    auth: 'public',
    summary: 'always 409',
    handler: async () => {
      throw invalidState();
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/test/crash',
    auth: 'public',
    summary: 'throws an unexpected error',
    handler: async () => {
      throw new Error('secret internal detail at /srv/app.ts:42');
    },
  }),
]);

beforeAll(async () => {
  // One proxy hop trusted, so the rate-limit test can speak as two clients (tests/api/client-address.test.ts covers the rule).
  app = await startTestApp({ storeOverride: new MemoryStore(), env: { TRUST_PROXY: '1' } });
  server = http.createServer((req, res) => void router(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.close();
  await app.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

async function thingCount() {
  const r = (await app.db.execute(sql`SELECT count(*)::int AS n FROM app_settings WHERE key LIKE 'thing:%'`)) as unknown as { rows: { n: number }[] };
  return r.rows[0].n;
}

describe('handler wrapper', () => {
  it('replays an idempotent create: the same key returns the first result and creates nothing new', async () => {
    const { token } = await app.login('resident', 'router-idem');
    const headers = { authorization: `Bearer ${token}`, 'idempotency-key': 'order-key-0001' };
    const first = await post('/api/test/things', { name: 'a' }, headers);
    expect(first.status).toBe(201);
    const firstBody = await first.json();
    const again = await post('/api/test/things', { name: 'a' }, headers);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(firstBody);
    expect(await thingCount()).toBe(1);
    // A different key creates another; a bad key is a 400 naming the header.
    expect((await post('/api/test/things', { name: 'a' }, { ...headers, 'idempotency-key': 'order-key-0002' })).status).toBe(201);
    expect(await thingCount()).toBe(2);
    const bad = await post('/api/test/things', { name: 'a' }, { ...headers, 'idempotency-key': 'x' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].path).toBe('Idempotency-Key');
  });

  it('refuses the same key with a different body (422 IDEMPOTENCY_KEY_REUSED), creating nothing and keeping the first answer', async () => {
    const { token } = await app.login('resident', 'router-idem-body');
    const headers = { authorization: `Bearer ${token}`, 'idempotency-key': 'body-key-0001' };
    const first = await post('/api/test/things', { name: 'first' }, headers);
    expect(first.status).toBe(201);
    const firstBody = await first.json();
    const before = await thingCount();
    const other = await post('/api/test/things', { name: 'second' }, headers);
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await other.json()).code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await thingCount()).toBe(before);
    // The same body, even with its keys in another order or unknown extras the schema drops, still replays.
    const again = await fetch(base + '/api/test/things', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{ "name" : "first" }' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(firstBody);
  });

  it('does not remember a failed attempt, so a corrected retry with the same key succeeds', async () => {
    const { token } = await app.login('resident', 'router-idem2');
    const headers = { authorization: `Bearer ${token}`, 'idempotency-key': 'retry-key-0001' };
    expect((await post('/api/test/things', { name: '' }, headers)).status).toBe(400);
    expect((await post('/api/test/things', { name: 'b' }, headers)).status).toBe(201);
  });

  it('answers a wrong body in Chinese, the path for the form and no field name in the detail (zod speaks zh-CN on the server)', async () => {
    const { token } = await app.login('resident', 'router-zh');
    const res = await post('/api/test/things', { name: 42 }, { authorization: `Bearer ${token}`, 'idempotency-key': 'zh-key-0001' });
    expect(res.status).toBe(400);
    const p = await res.json();
    expect(p.errors[0].path).toBe('name');
    expect(p.errors[0].message).toMatch(/^无效输入/);
    // zod's generic message names no field a person knows; the detail stays readable (docs/copy-guide.md).
    expect(p.detail).toBe('填写的内容有误，请检查后再试');
    expect(p.detail).not.toMatch(/name/);
  });

  it('keeps idempotency in the database, so losing the cache loses nothing', async () => {
    const { token } = await app.login('resident', 'router-idem3');
    const headers = { authorization: `Bearer ${token}`, 'idempotency-key': 'durable-key-0001' };
    expect((await post('/api/test/things', { name: 'c' }, headers)).status).toBe(201);
    const before = await thingCount();
    await app.runtime.store.del(`idem:u:${(await app.get('/api/me', token)).body.id}:durable-key-0001`);
    const again = await post('/api/test/things', { name: 'c' }, headers);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await thingCount()).toBe(before);
  });

  it('maps typed errors to problem+json and unknown errors to a 500 without internals', async () => {
    const r = await post('/api/test/wrong-state', {});
    expect(r.status).toBe(409);
    expect((await r.json()).code).toBe('INVALID_STATE');
    const crash = await fetch(base + '/api/test/crash');
    expect(crash.status).toBe(500);
    const text = await crash.text();
    expect(text).not.toContain('secret internal detail');
    expect(JSON.parse(text)).toMatchObject({ code: 'INTERNAL', requestId: crash.headers.get('x-request-id') });
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After once a family is exhausted', async () => {
    let last: Awaited<ReturnType<TestApp['post']>> | null = null;
    for (let i = 0; i < 61; i++) {
      last = await app.request('POST', '/api/auth/demo-login', { body: { persona: 'resident', handle: `rl${i % 3}` }, headers: { 'x-forwarded-for': '203.0.113.9' } });
    }
    const p = expectProblem(last!, 429, 'RATE_LIMITED');
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(p.detail).toMatch(/秒后再试/);
    // Another client is unaffected.
    expect((await app.request('POST', '/api/auth/demo-login', { body: { persona: 'resident' }, headers: { 'x-forwarded-for': '203.0.113.10' } })).status).toBe(200);
  });
});

const redisUrl = process.env.TEST_REDIS_URL;
(redisUrl ? describe : describe.skip)('Redis through the Upstash bridge', () => {
  it('rate-limits with the real client, and fails open when Redis goes away', async () => {
    const bridge = await startUpstashBridge({ redisUrl });
    const redisApp = await startTestApp({
      env: { UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridge.token },
      store: 'memory',
    });
    try {
      expect(redisApp.runtime.store.kind).toBe('upstash');
      const { token } = await redisApp.login('resident', 'redis-user');
      let status = 0;
      for (let i = 0; i < 62; i++) {
        status = (await redisApp.request('POST', '/api/auth/demo-login', { body: { persona: 'resident', handle: 'redis-user' }, headers: { 'x-forwarded-for': '198.51.100.7' } })).status;
      }
      expect(status).toBe(429);
      await bridge.close();
      // Redis gone: reads and log-ins still work (limits fail open, nothing is lost).
      expect((await redisApp.get('/api/me', token)).status).toBe(200);
      expect((await redisApp.get('/api/communities')).status).toBe(200);
      expect((await redisApp.request('POST', '/api/auth/demo-login', { body: { persona: 'resident', handle: 'after-outage' }, headers: { 'x-forwarded-for': '198.51.100.7' } })).status).toBe(200);
    } finally {
      await redisApp.close();
    }
  });
});
