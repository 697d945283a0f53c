import { SignJWT } from 'jose';
import { signSession } from '../../api/_lib/auth/tokens';
import { expectFieldError, expectProblem, startTestApp, tableCounts, type TestApp } from '../support/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('HTTP core', () => {
  it('answers 401 problem+json for /api/me without a token', async () => {
    expectProblem(await app.get('/api/me'), 401, 'UNAUTHORIZED');
  });

  it('demo log-in returns a token that identifies the user, with the role fresh from the database', async () => {
    const { token, user } = await app.login('resident', 'platform-a');
    expect(user).toMatchObject({ role: 'resident', volunteer: null, privacyConsentAt: null });
    const me = await app.get('/api/me', token);
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(user.id);
    expect(me.body.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
    // Same handle, same user; another handle, another user.
    expect((await app.login('resident', 'platform-a')).user.id).toBe(user.id);
    expect((await app.login('resident', 'platform-b')).user.id).not.toBe(user.id);
  });

  it('gives the volunteer persona a volunteer profile', async () => {
    const { user } = await app.login('volunteer', 'platform-v');
    expect(user.role).toBe('volunteer');
    expect(user.volunteer).toMatchObject({ realName: expect.any(String), isPartyMember: true });
  });

  it('refuses expired, tampered and wrong-algorithm tokens', async () => {
    const { user, token } = await app.login('resident', 'platform-tok');
    const expired = await signSession(user.id, app.config.sessionSecret, 60, new Date(Date.now() - 3600_000));
    expectProblem(await app.get('/api/me', expired), 401, 'TOKEN_INVALID');
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    payload.sub = '00000000-0000-0000-0000-000000000000';
    const tampered = [h, Buffer.from(JSON.stringify(payload)).toString('base64url'), s].join('.');
    expectProblem(await app.get('/api/me', tampered), 401, 'TOKEN_INVALID');
    const otherSecret = await new SignJWT({}).setProtectedHeader({ alg: 'HS512' }).setSubject(user.id).setIssuer('shinan-neighbours').setExpirationTime('1h').sign(new TextEncoder().encode(app.config.sessionSecret.padEnd(64, 'x')));
    expectProblem(await app.get('/api/me', otherSecret), 401, 'TOKEN_INVALID');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
    expectProblem(await app.get('/api/me', unsigned), 401, 'TOKEN_INVALID');
    expectProblem(await app.request('GET', '/api/me', { headers: { authorization: 'Basic abc' } }), 401, 'TOKEN_INVALID');
  });

  it('reads the role fresh: a revoked admin loses access at once', async () => {
    const admin = await app.login('admin', 'platform-admin');
    const target = await app.login('resident', 'platform-target');
    const grant = await app.post(`/api/admin/users/${target.user.id}/role`, { role: 'staff' }, admin.token);
    expect(grant.status).toBe(200);
    expect(grant.body.role).toBe('staff');
    expect((await app.get('/api/me', target.token)).body.role).toBe('staff');
    // Demote the admin through another admin: the old token now fails the role check.
    const admin2 = await app.login('admin', 'platform-admin2');
    expect((await app.post(`/api/admin/users/${admin.user.id}/role`, { role: 'resident' }, admin2.token)).status).toBe(200);
    expectProblem(await app.get('/api/admin/audit', admin.token), 403, 'FORBIDDEN');
    const audit = await app.get('/api/admin/audit?action=user.role_granted', admin2.token);
    expect(audit.body.items.map((i: any) => i.targetId)).toEqual(expect.arrayContaining([target.user.id, admin.user.id]));
  });

  it('refuses a role it does not give', async () => {
    const resident = await app.login('resident', 'platform-r');
    expectProblem(await app.get('/api/admin/audit', resident.token), 403, 'FORBIDDEN');
    const staff = await app.login('staff', 'platform-s');
    expectProblem(await app.post(`/api/admin/users/${resident.user.id}/role`, { role: 'admin' }, staff.token), 403);
    expect((await app.get('/api/me', resident.token)).body.role).toBe('resident');
  });

  it('answers bad JSON, bad fields, oversized bodies, unknown routes and wrong methods with problem+json', async () => {
    const { token } = await app.login('resident', 'platform-bad');
    const before = await tableCounts(app.db);
    expectProblem(await app.request('PATCH', '/api/me', { token, rawBody: '{"displayName": ' }), 400, 'INVALID_JSON');
    expectFieldError(await app.patch('/api/me', { phone: '12345' }, token), 'phone');
    expectFieldError(await app.patch('/api/me', { communityId: 'not-a-uuid' }, token), 'communityId');
    expectFieldError(await app.post('/api/auth/demo-login', { persona: 'mayor' }), 'persona');
    const big = JSON.stringify({ displayName: 'x'.repeat(70 * 1024) });
    expectProblem(await app.request('PATCH', '/api/me', { token, rawBody: big }), 413, 'PAYLOAD_TOO_LARGE');
    expectProblem(await app.get('/api/nothing-here'), 404, 'ROUTE_NOT_FOUND');
    expectProblem(await app.get('/api/me/nothing'), 404, 'ROUTE_NOT_FOUND');
    const wrong = await app.request('DELETE', '/api/communities');
    expectProblem(wrong, 405, 'METHOD_NOT_ALLOWED');
    expect(wrong.headers.get('allow')).toBe('GET, HEAD');
    expect(await tableCounts(app.db)).toEqual(before);
  });

  it('never leaks a stack trace', async () => {
    const res = await app.request('PATCH', '/api/me', { rawBody: '[' });
    expect(res.text).not.toMatch(/at .*\.ts:\d+/);
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('records privacy consent and updates the profile', async () => {
    const { token } = await app.login('resident', 'platform-consent');
    const r = await app.post('/api/me/privacy-consent', { version: '2026-11-01' }, token);
    expect(r.status).toBe(200);
    expect(r.body.privacyConsentAt).toMatch(/\+08:00$/);
    const communities = await app.get('/api/communities');
    const c = communities.body.items[1];
    const p = await app.patch('/api/me', { displayName: '刘奶奶', communityId: c.id, phone: '13912345678' }, token);
    expect(p.body).toMatchObject({ displayName: '刘奶奶', communityId: c.id, phoneMasked: '139****5678' });
  });

  it('lists communities with their grids and grid workers', async () => {
    const r = await app.get('/api/communities');
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThanOrEqual(6);
    expect(r.body.items[0]).toMatchObject({ name: '石楠社区', hotline: expect.any(String) });
    // Reference data assigns no 网格员 (a community assigns its own; the demo data does so for the demo).
    expect(r.body.items[0].grids[0]).toMatchObject({ name: expect.stringContaining('网格'), workerName: null, workerPhone: null });
  });

  it('serves an OpenAPI 3.1 document listing the routes', async () => {
    const r = await app.get('/api/openapi.json');
    expect(r.body.openapi).toBe('3.1.0');
    expect(Object.keys(r.body.paths)).toEqual(expect.arrayContaining(['/api/me', '/api/auth/demo-login', '/api/admin/users/{id}/role']));
    // The same for everyone until the next deploy: cacheable by the CDN, and not rate limited.
    expect(r.headers.get('cache-control')).toBe('public, max-age=300, s-maxage=3600');
    // More than the read family allows one address in a minute (300): none is refused.
    const statuses = new Set<number>();
    for (let i = 0; i < 301; i++) {
      statuses.add((await app.request('GET', '/api/openapi.json', { headers: { 'x-forwarded-for': '203.0.113.77' } })).status);
    }
    expect([...statuses]).toEqual([200]);
  });
});
