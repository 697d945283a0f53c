import { asc, eq } from 'drizzle-orm';
import { signSession } from '../../api/_lib/auth/tokens';
import { schema } from '../../api/_lib/db';
import { startTestApp, type TestApp } from '../support/app';
import { onPostgres } from '../support/test-db';

/**
 * Capacity under real concurrency. PGlite runs one transaction at a time and would hide a
 * missing row lock, so these run on PostgreSQL only (TEST_DATABASE_URL).
 */
const d = onPostgres() ? describe : describe.skip;

let app: TestApp;
let staffToken: string;

async function makeVolunteers(prefix: string, n: number) {
  const users = await app.db
    .insert(schema.users)
    .values(Array.from({ length: n }, (_, i) => ({ role: 'volunteer' as const, displayName: `志愿者${prefix}${i}`, demoKey: `race:${prefix}:${i}` })))
    .returning({ id: schema.users.id });
  await app.db.insert(schema.volunteerProfiles).values(users.map((u, i) => ({ userId: u.id, realName: `志愿者${i}`, isPartyMember: i % 2 === 0, status: 'approved' as const })));
  return Promise.all(
    users.map(async (u) => ({ id: u.id, token: await signSession(u.id, app.config.sessionSecret, 3600) })),
  );
}

async function publish(capacity: number, startInHours: number) {
  const start = new Date(Date.now() + startInHours * 3600_000);
  const r = await app.post(
    '/api/redpost/shifts',
    {
      postType: 'red_card',
      title: '红名片文明宣讲',
      location: '石楠广场',
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 2 * 3600_000).toISOString(),
      capacity,
    },
    staffToken,
  );
  expect(r.status).toBe(201);
  return r.body.id as string;
}

d('sign-up races on PostgreSQL', () => {
  beforeAll(async () => {
    app = await startTestApp({ env: { RATE_LIMIT_DISABLED: '1' } });
    staffToken = (await app.login('staff', 'race-staff')).token;
  });
  afterAll(() => app.close());

  it('200 simultaneous sign-ups for 10 places confirm exactly 10 and waitlist the rest in arrival order', async () => {
    const shiftId = await publish(10, 48);
    const vols = await makeVolunteers('a', 200);
    const results = await Promise.all(vols.map((v) => app.post(`/api/redpost/shifts/${shiftId}/signup`, {}, v.token)));
    expect(results.map((r) => r.status)).toEqual(Array(200).fill(201));
    expect(results.filter((r) => r.body.status === 'confirmed')).toHaveLength(10);
    expect(results.filter((r) => r.body.status === 'waitlisted')).toHaveLength(190);

    const rows = await app.db.select().from(schema.shiftSignups).where(eq(schema.shiftSignups.shiftId, shiftId)).orderBy(asc(schema.shiftSignups.seq));
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((r) => r.userId)).size).toBe(200);
    // Arrival order: seq 1..200 without gaps, the first ten confirmed, everyone after waitlisted.
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(rows.slice(0, 10).every((r) => r.status === 'confirmed')).toBe(true);
    expect(rows.slice(10).every((r) => r.status === 'waitlisted')).toBe(true);
    // Each answer agrees with the stored row (positions 1..190 handed out once each).
    const bySeq = new Map(rows.map((r) => [r.userId, r]));
    results.forEach((r, i) => expect(r.body.seq).toBe(bySeq.get(vols[i].id)!.seq));
    const positions = results.filter((r) => r.body.status === 'waitlisted').map((r) => r.body.waitlistPosition).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 190 }, (_, i) => i + 1));

    const [shift] = await app.db.select().from(schema.shifts).where(eq(schema.shifts.id, shiftId));
    expect(shift).toMatchObject({ confirmedCount: 10, waitlistCount: 190 });

    // Five confirmed volunteers cancel at once: the five earliest on the waitlist move up, nobody else.
    const leavers = rows.slice(0, 5);
    const cancels = await Promise.all(leavers.map((r) => app.del(`/api/redpost/shifts/${shiftId}/signup`, vols.find((v) => v.id === r.userId)!.token)));
    expect(cancels.map((c) => c.status)).toEqual(Array(5).fill(200));
    const after = await app.db.select().from(schema.shiftSignups).where(eq(schema.shiftSignups.shiftId, shiftId)).orderBy(asc(schema.shiftSignups.seq));
    expect(after.filter((r) => r.status === 'confirmed').map((r) => r.seq)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    const [shift2] = await app.db.select().from(schema.shifts).where(eq(schema.shifts.id, shiftId));
    expect(shift2).toMatchObject({ confirmedCount: 10, waitlistCount: 185 });
    const promotedNotes = await app.db.select().from(schema.notifications).where(eq(schema.notifications.kind, 'waitlist_promoted'));
    expect(promotedNotes.map((n) => n.userId).sort()).toEqual(after.slice(10, 15).map((r) => r.userId).sort());
  });

  it('one volunteer tapping five times, and onto two overlapping shifts at once, gets one place', async () => {
    const s1 = await publish(5, 72);
    const s2 = await publish(5, 73);
    const [v] = await makeVolunteers('b', 1);
    const taps = await Promise.all(Array.from({ length: 5 }, () => app.post(`/api/redpost/shifts/${s1}/signup`, {}, v.token)));
    expect(taps.map((t) => t.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(taps.filter((t) => t.status === 409).every((t) => t.body.code === 'ALREADY_SIGNED_UP')).toBe(true);

    const [w] = await makeVolunteers('c', 1);
    const both = await Promise.all([s1, s2].map((id) => app.post(`/api/redpost/shifts/${id}/signup`, {}, w.token)));
    expect(both.map((t) => t.status).sort()).toEqual([201, 409]);
    expect(both.find((t) => t.status === 409)!.body.code).toBe('SHIFT_OVERLAP');
  });
});
