import { createHmac } from 'node:crypto';
import { derivedKey } from '../../api/_lib/auth/keys';
import { signSession } from '../../api/_lib/auth/tokens';
import { schema } from '../../api/_lib/db';
import { expectProblem, startTestApp, tableCounts, type TestApp } from '../support/app';
import { createTestDb, onPostgres, type TestDb } from '../support/test-db';

/**
 * issue 15, High 3: with DATABASE_URL (+ Upstash) but no WeChat the server called itself 本地演示模式,
 * `demo-login {"persona":"admin"}` returned an admin, and tokens and check-in codes could be forged
 * offline with the constant secret in config.ts. Replayed here against a real PostgreSQL database.
 */
const OLD_CONSTANT = 'local-mode-session-secret-not-for-production-use';
const SECRET = 'a-real-deployment-secret-0123456789-abcdefgh';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
/** A session token exactly as the attacker built it: HS256 with a key they know. */
function forgeToken(userId: string, key: string | Buffer): string {
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: userId, iss: 'shinan-neighbours', iat: now, exp: now + 3600 })}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}
/** A check-in code as the old code computed it: HMAC of the shift and minute under a key the attacker holds. */
const forgeCode = (key: string | Buffer, shiftId: string, at: Date) => {
  const period = Math.floor(at.getTime() / 1000 / 60);
  const mac = createHmac('sha256', key).update(`redpost-checkin:${shiftId}:${period}`).digest();
  return String(mac.readUInt32BE(0) % 1_000_000).padStart(6, '0');
};

(onPostgres() ? describe : describe.skip)('a server with DATABASE_URL and no DEMO_LOGIN', () => {
  let db: TestDb;
  let app: TestApp;
  let staffId: string;
  let volunteerId: string;

  beforeAll(async () => {
    db = await createTestDb();
    app = await startTestApp({ dbOverride: db, env: { DATABASE_URL: db.url!, SESSION_SECRET: SECRET }, store: 'memory' });
    const [staff] = await app.db
      .insert(schema.users)
      .values({ role: 'staff', displayName: '张丽华', phone: '13900001111' })
      .returning({ id: schema.users.id });
    const [vol] = await app.db
      .insert(schema.users)
      .values({ role: 'volunteer', displayName: '李建国', phone: '13900002222' })
      .returning({ id: schema.users.id });
    await app.db.insert(schema.volunteerProfiles).values({ userId: vol.id, realName: '李建国', isPartyMember: true, skills: [], status: 'approved' });
    staffId = staff.id;
    volunteerId = vol.id;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('is not the local demo mode', () => {
    expect(app.config.mode).toBe('connected');
    expect(app.config.demoLogin).toBe(false);
  });

  it('answers demo log-in with 404 for every persona, and creates nobody', async () => {
    const before = await tableCounts(app.db);
    for (const persona of ['admin', 'staff', 'volunteer', 'resident']) {
      expectProblem(await app.post('/api/auth/demo-login', { persona }), 404, 'ROUTE_NOT_FOUND');
    }
    expect(await tableCounts(app.db)).toEqual(before);
  });

  it('refuses a session token forged with the old built-in secret', async () => {
    expect((await app.get('/api/me', await signSession(staffId, SECRET, 3600))).status).toBe(200);
    expectProblem(await app.get('/api/me', forgeToken(staffId, OLD_CONSTANT)), 401);
    expectProblem(await app.get('/api/me', await signSession(staffId, OLD_CONSTANT, 3600)), 401);
    expectProblem(await app.get('/api/feedback/inbox', forgeToken(staffId, OLD_CONSTANT)), 401);
  });

  it('keeps the session key and the check-in key apart: neither mints for the other', async () => {
    const staffToken = await signSession(staffId, SECRET, 86_400);
    const volToken = await signSession(volunteerId, SECRET, 86_400);
    // A token signed with the check-in key (or the raw secret) is not a session.
    expectProblem(await app.get('/api/me', forgeToken(staffId, derivedKey(SECRET, 'redpost-checkin'))), 401);
    expectProblem(await app.get('/api/me', forgeToken(staffId, SECRET)), 401);
    expect((await app.get('/api/me', forgeToken(staffId, derivedKey(SECRET, 'session-token')))).status).toBe(200);

    const startsAt = new Date(Date.now() + 2 * 3600_000);
    const shift = await app.post(
      '/api/redpost/shifts',
      {
        postType: 'red_sunset',
        title: '红夕阳·陪伴',
        location: '石楠社区日间照料中心',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 2 * 3600_000).toISOString(),
        capacity: 4,
      },
      staffToken,
    );
    expect(shift.status).toBe(201);
    expect((await app.post(`/api/redpost/shifts/${shift.body.id}/signup`, {}, volToken)).status).toBe(201);
    const at = new Date(startsAt.getTime() - 10 * 60_000);
    app.setNow(at);
    try {
      const before = await tableCounts(app.db);
      for (const key of [OLD_CONSTANT, SECRET, derivedKey(SECRET, 'session-token')]) {
        const code = forgeCode(key, shift.body.id, at);
        expectProblem(await app.post(`/api/redpost/shifts/${shift.body.id}/checkin`, { code }, volToken), 400, 'CODE_INVALID');
      }
      expect(await tableCounts(app.db)).toEqual(before);
      const real = await app.get(`/api/redpost/shifts/${shift.body.id}/checkin-code`, staffToken);
      expect(real.body.code).toBe(forgeCode(derivedKey(SECRET, 'redpost-checkin'), shift.body.id, at));
      expect((await app.post(`/api/redpost/shifts/${shift.body.id}/checkin`, { code: real.body.code }, volToken)).status).toBe(200);
    } finally {
      app.setNow(null);
    }
  });
});

describe('DEMO_LOGIN=1 with a real database (how tests and CI run the demo personas)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { DATABASE_URL: 'postgres://u:p@127.0.0.1:1/unused', SESSION_SECRET: SECRET, DEMO_LOGIN: '1' }, store: 'memory' });
  });
  afterAll(() => app.close());

  it('demo log-in answers only because it was asked for by name', async () => {
    expect(app.config.demoLogin).toBe(true);
    const r = await app.post('/api/auth/demo-login', { persona: 'resident', handle: 'named' });
    expect(r.status).toBe(200);
    expect((await app.get('/api/me', r.body.token)).status).toBe(200);
  });
});
