import type { Req } from '../../api/_lib/http/types';
import { parseConfig } from '../../api/_lib/config';
import { clientIp } from '../../api/_lib/http/router';
import { MemoryStore } from '../../api/_lib/store/memory-store';
import { expectProblem, startTestApp, type TestApp } from '../support/app';

/**
 * Issue 15 item 6, the attack as it was run: every request carried a fresh
 * X-Forwarded-For, so no per-address limit ever filled, and every new "address" (and
 * every rotated search) added an entry to the in-process store that was never evicted.
 */
const login = (app: TestApp, xff: string, handle = 'xff') =>
  app.request('POST', '/api/auth/demo-login', { body: { persona: 'resident', handle }, headers: { 'x-forwarded-for': xff } });

describe('without TRUST_PROXY the socket address is the client', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ store: 'memory' });
  });
  afterAll(() => app.close());

  it('rotating X-Forwarded-For does not lift the per-address limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await login(app, `198.51.100.${i}`)).status);
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expectProblem(await login(app, '198.51.100.250'), 429, 'RATE_LIMITED');
    expect(statuses[60]).toBe(429);
  });
});

describe('TRUST_PROXY=1 trusts one hop: the last X-Forwarded-For entry', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ store: 'memory', env: { TRUST_PROXY: '1' } });
  });
  afterAll(() => app.close());

  it('limits by the address our proxy saw; what the client wrote before it does not matter', async () => {
    for (let i = 0; i < 60; i++) expect((await login(app, `10.9.${i}.1, 203.0.113.5`)).status).toBe(200);
    // Forging a different first entry is still the same client.
    expectProblem(await login(app, '1.2.3.4, 203.0.113.5'), 429, 'RATE_LIMITED');
    // Another client behind the same proxy is unaffected.
    expect((await login(app, '1.2.3.4, 203.0.113.6')).status).toBe(200);
  });
});

describe('clientIp', () => {
  const req = (headers: Record<string, string>, remoteAddress = '127.0.0.1') => ({ headers, socket: { remoteAddress } }) as unknown as Req;
  const cfg = (env: Record<string, string>) => parseConfig({ DATA_DIR: '/tmp/unused', ...env } as NodeJS.ProcessEnv);

  it('ignores the headers unless told to trust them', () => {
    expect(clientIp(req({ 'x-forwarded-for': '6.6.6.6', 'x-real-ip': '7.7.7.7' }, '192.0.2.1'), cfg({}))).toBe('192.0.2.1');
  });

  it('walks back N trusted hops from the right', () => {
    const h = { 'x-forwarded-for': 'forged, 203.0.113.9, 10.0.0.2' };
    expect(clientIp(req(h), cfg({ TRUST_PROXY: '1' }))).toBe('10.0.0.2');
    expect(clientIp(req(h), cfg({ TRUST_PROXY: '2' }))).toBe('203.0.113.9');
    // More hops trusted than the header has: the leftmost entry, never undefined.
    expect(clientIp(req(h), cfg({ TRUST_PROXY: '5' }))).toBe('forged');
    // No header at all: the socket.
    expect(clientIp(req({}, '192.0.2.7'), cfg({ TRUST_PROXY: '1' }))).toBe('192.0.2.7');
  });

  it('on Vercel uses the address Vercel itself set', () => {
    expect(clientIp(req({ 'x-real-ip': '203.0.113.20', 'x-forwarded-for': '203.0.113.20' }, '10.0.0.1'), cfg({ VERCEL: '1' }))).toBe('203.0.113.20');
    expect(clientIp(req({ 'x-forwarded-for': '203.0.113.21' }, '10.0.0.1'), cfg({ VERCEL: '1' }))).toBe('203.0.113.21');
  });

  it('refuses a TRUST_PROXY that is not a hop count', () => {
    expect(() => cfg({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/);
    expect(() => cfg({ TRUST_PROXY: '-1' })).toThrow(/TRUST_PROXY/);
  });
});

describe('the in-process store is bounded', () => {
  it('keeps at most its capacity after many distinct keys, dropping the least recently used', async () => {
    const store = new MemoryStore({ maxEntries: 1000 });
    const policy = { name: 'read', limit: 300, windowSeconds: 60 };
    for (let i = 0; i < 20_000; i++) {
      await store.setJson(`search:${i}`, { q: `term ${i}` }, 300);
      await store.limit(policy, `ip:10.0.${i >> 8}.${i & 255}`);
    }
    expect(store.size()).toBeLessThanOrEqual(2 * 1000);
    // The most recent survive; the oldest were evicted.
    expect(await store.getJson('search:19999')).toEqual({ q: 'term 19999' });
    expect(await store.getJson('search:0')).toBeNull();
  });

  it('forgets expired entries and windows', async () => {
    let now = 1_000_000;
    const store = new MemoryStore({ maxEntries: 1000, now: () => now });
    const policy = { name: 'write', limit: 1, windowSeconds: 60 };
    for (let i = 0; i < 500; i++) {
      await store.setJson(`k${i}`, i, 10);
      await store.limit(policy, `ip:${i}`);
    }
    expect(store.size()).toBe(1000);
    now += 61_000;
    // A later write sweeps what has expired.
    await store.setJson('fresh', 1, 10);
    expect(store.size()).toBe(1);
    expect(await store.getJson('k1')).toBeNull();
    // A window that expired starts over.
    expect((await store.limit(policy, 'ip:1')).success).toBe(true);
  });
});
