import { eq } from 'drizzle-orm';
import { schema } from '../../api/_lib/db';
import { seedRedpost } from '../../scripts/seed/redpost';
import { startTestApp, type TestApp } from '../support/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMIT_DISABLED: '1' } });
});
afterAll(() => app.close());

it('seeds red-post shifts around today, consistent with their sign-ups, and is idempotent', async () => {
  await seedRedpost(app.db);
  await seedRedpost(app.db);
  const shifts = await app.db.select().from(schema.shifts);
  expect(shifts.length).toBe(19);
  for (const s of shifts) {
    const signups = await app.db.select().from(schema.shiftSignups).where(eq(schema.shiftSignups.shiftId, s.id));
    expect(signups.filter((x) => x.status === 'confirmed')).toHaveLength(s.confirmedCount);
    expect(signups.filter((x) => x.status === 'waitlisted')).toHaveLength(s.waitlistCount);
    expect(s.confirmedCount).toBeLessThanOrEqual(s.capacity);
  }
  const list = await app.get('/api/redpost/shifts?limit=100');
  expect(list.body.items.length).toBeGreaterThanOrEqual(10);
  expect(list.body.items.some((s: any) => s.waitlistCount > 0 && s.confirmedCount === s.capacity)).toBe(true);
  const v = await app.login('volunteer', 'demo');
  const me = await app.get('/api/volunteers/me', v.token);
  expect(me.body.realName).toBe('李建国');
  expect(me.body.hoursThisYear).toBeGreaterThan(46);
  const record = await app.get('/api/volunteers/me/record', v.token);
  expect(record.body.shiftCount).toBeGreaterThanOrEqual(3);
  const mine = await app.get('/api/redpost/my-shifts', v.token);
  expect(mine.body.items.length).toBeGreaterThanOrEqual(1);
});

it('seeds approved volunteers and one report waiting for the community, which staff can confirm', async () => {
  await seedRedpost(app.db);
  const profiles = await app.db.select({ status: schema.volunteerProfiles.status, realName: schema.volunteerProfiles.realName, userId: schema.volunteerProfiles.userId }).from(schema.volunteerProfiles);
  const pending = profiles.filter((p) => p.status === 'pending');
  expect(pending.map((p) => p.realName)).toEqual(['吴晓东']);
  expect(profiles.filter((p) => p.status === 'approved').length).toBeGreaterThanOrEqual(10);
  const v = await app.login('volunteer', 'demo');
  expect((await app.get('/api/volunteers/me', v.token)).body.status).toBe('approved');
  expect((await app.get('/api/requests?scope=available', v.token)).status).toBe(200);
  const staff = await app.login('staff', 'demo');
  const waiting = await app.get('/api/volunteers?status=pending', staff.token);
  expect(waiting.body.items.map((i: any) => i.realName)).toEqual(['吴晓东']);
  expect((await app.post(`/api/volunteers/${pending[0].userId}/approve`, {}, staff.token)).status).toBe(200);
});
