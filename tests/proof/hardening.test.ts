import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, eq, ne } from 'drizzle-orm';
import { schema } from '../../api/_lib/db';
import { expectProblem, startTestApp, type TestApp } from '../support/app';

/** Response hardening the outside attack found missing (issue 15 item 14). */
const H5_INDEX = path.join(__dirname, '../../dist/h5/index.html');
let app: TestApp;
let resident: string;

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMIT_DISABLED: '1' } });
  resident = (await app.login('resident', 'harden-resident')).token;
}, 120_000);
afterAll(() => app.close());

describe('nosniff and frame protection everywhere', () => {
  it.each([
    ['GET', '/api/communities', null],
    ['GET', '/api/me', 'none'],
    ['GET', '/api/no-such-route', null],
    ['POST', '/api/feedback', 'resident'],
    ['OPTIONS', '/api/communities', null],
    ['GET', '/', null],
    ['GET', '/pages/index/index', null],
  ])('%s %s', async (method, path, who) => {
    const res = await app.request(method, path, { token: who === 'resident' ? resident : null, body: method === 'POST' ? {} : undefined });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
  });

  it("the H5 app's CSP allows only its own scripts", async () => {
    const res = await app.request('GET', '/');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')*(;|$)/);
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(csp).toMatch(/object-src 'none'/);
  });

  // Taro puts its rem script inline in index.html; the CSP names it by hash. A Taro upgrade or
  // a designWidth change alters the script: this names the hash to put in vercel.json.
  (fs.existsSync(H5_INDEX) ? it : it.skip)('every inline script of the built H5 index.html is allowed by its hash', async () => {
    const csp = (await app.request('GET', '/')).headers.get('content-security-policy') ?? '';
    const html = fs.readFileSync(H5_INDEX, 'utf8');
    for (const m of html.matchAll(/<script>([\s\S]*?)<\/script>/g)) {
      const hash = `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`;
      expect(csp).toContain(hash);
    }
  });
});

describe('personal data is never cached', () => {
  it.each(['/api/me', '/api/me/export', '/api/card', '/api/me/messages', '/api/feedback/mine'])('GET %s → Cache-Control: no-store', async (path) => {
    const res = await app.get(path, resident);
    // No card yet is a 404 problem, as personal as the card.
    expect(path === '/api/card' ? [200, 404] : [200]).toContain(res.status);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('a public GET asked with a token is personal too (the answer may depend on who asks)', async () => {
    const res = await app.get('/api/feedback/wall', resident);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('an explicitly cacheable answer keeps its own Cache-Control', async () => {
    const res = await app.get('/api/openapi.json');
    expect(res.headers.get('cache-control')).toMatch(/max-age/);
  });
});

describe('HEAD', () => {
  it('is answered on GET routes, with the GET headers and no body', async () => {
    const get = await app.request('GET', '/api/communities');
    const head = await app.request('HEAD', '/api/communities');
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
    const me = await app.request('HEAD', '/api/me', { token: resident });
    expect(me.status).toBe(200);
    expect(me.text).toBe('');
    expect((await app.request('HEAD', '/api/me')).status).toBe(401);
  });

  it('is still 405 where there is no GET', async () => {
    const res = await app.request('HEAD', '/api/feedback');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).not.toMatch(/HEAD/);
  });
});

describe('the last admin', () => {
  it('cannot be removed (409 LAST_ADMIN); with a second admin the change goes through', async () => {
    const first = await app.login('admin', 'harden-admin-1');
    // Only this admin left: every other admin of the seed becomes a resident.
    await app.db
      .update(schema.users)
      .set({ role: 'resident' })
      .where(and(eq(schema.users.role, 'admin'), ne(schema.users.id, first.user.id)));
    const refused = await app.post(`/api/admin/users/${first.user.id}/role`, { role: 'staff' }, first.token);
    expectProblem(refused, 409, 'LAST_ADMIN');
    const [still] = await app.db.select({ role: schema.users.role }).from(schema.users).where(eq(schema.users.id, first.user.id));
    expect(still.role).toBe('admin');

    const second = await app.login('admin', 'harden-admin-2');
    const ok = await app.post(`/api/admin/users/${first.user.id}/role`, { role: 'resident' }, second.token);
    expect(ok.status).toBe(200);
    expectProblem(await app.post(`/api/admin/users/${second.user.id}/role`, { role: 'resident' }, second.token), 409, 'LAST_ADMIN');
  });
});
