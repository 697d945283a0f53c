import { eq, like } from 'drizzle-orm';
import { schema } from '../../api/_lib/db';
import { expectProblem, startTestApp, type TestApp } from '../support/app';
import { onPostgres } from '../support/test-db';

const CRON_SECRET = 'cron-secret-for-tests-0123456789';
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ env: { CRON_SECRET, RATE_LIMIT_DISABLED: '1' } });
});
afterAll(async () => {
  await app.close();
});

const tick = (auth: string | null = `Bearer ${CRON_SECRET}`) =>
  app.request('GET', '/api/cron/tick', { headers: auth === null ? {} : { authorization: auth } });
/** A Shanghai wall-clock time. */
const sh = (local: string) => new Date(`${local}+08:00`);

let seq = 0;
async function community(name: string) {
  const [c] = await app.db.insert(schema.communities).values({ slug: `c-${++seq}-${Date.now()}`, name }).returning();
  return c;
}
async function user(role: 'resident' | 'volunteer' | 'staff' | 'admin', staffCommunityId: string | null = null) {
  const [u] = await app.db
    .insert(schema.users)
    .values({ displayName: `用户${++seq}`, role, staffCommunityId, demoKey: `${role}:cron${seq}` })
    .returning();
  return u;
}
async function shift(startsAt: Date, extra: Partial<typeof schema.shifts.$inferInsert> = {}) {
  const [s] = await app.db
    .insert(schema.shifts)
    .values({ postType: 'red_sunset', title: '红夕阳助老巡访', location: '石楠社区党群服务中心', startsAt, endsAt: new Date(startsAt.getTime() + 2 * 3600_000), capacity: 5, ...extra })
    .returning();
  return s;
}
async function signup(shiftId: string, userId: string, status: 'confirmed' | 'waitlisted' | 'cancelled') {
  const [s] = await app.db.insert(schema.shiftSignups).values({ shiftId, userId, status, seq: ++seq }).returning();
  return s;
}
async function feedback(extra: Partial<typeof schema.feedbackItems.$inferInsert>) {
  const [f] = await app.db
    .insert(schema.feedbackItems)
    .values({ code: `WT-TEST-${++seq}`, category: 'environment', title: `测试问题${seq}`, body: '楼道堆物', ...extra })
    .returning();
  return f;
}

describe('GET /api/cron/tick: the secret', () => {
  it('refuses a missing, wrong or malformed secret with 401 and does nothing', async () => {
    const f = await feedback({ status: 'in_progress', deadline: new Date(Date.now() - 3600_000) });
    for (const auth of [null, 'Bearer wrong-secret-wrong-secret', `Basic ${CRON_SECRET}`, `Bearer ${CRON_SECRET}x`, 'Bearer ']) {
      expectProblem(await tick(auth), 401);
    }
    const [after] = await app.db.select().from(schema.feedbackItems).where(eq(schema.feedbackItems.id, f.id));
    expect(after.overdueNotifiedAt).toBeNull();
    await app.db.delete(schema.feedbackItems).where(eq(schema.feedbackItems.id, f.id));
  });

  it('refuses everyone when CRON_SECRET is not configured', async () => {
    const config = app.runtime.config as { cronSecret: string | null };
    config.cronSecret = null;
    try {
      expectProblem(await tick(), 401);
      expectProblem(await tick('Bearer '), 401);
      expectProblem(await tick('Bearer null'), 401);
    } finally {
      config.cronSecret = CRON_SECRET;
    }
  });

  it('is GET only', async () => {
    expectProblem(await app.request('POST', '/api/cron/tick', { headers: { authorization: `Bearer ${CRON_SECRET}` }, body: {} }), 405);
  });
});

describe('GET /api/cron/tick: the work', () => {
  afterEach(() => app.setNow(null));

  it("reminds tomorrow's confirmed volunteers once, in Shanghai days", async () => {
    const now = sh('2026-12-01T23:30:00');
    app.setNow(now);
    const [v1, v2, v3, v4] = [await user('volunteer'), await user('volunteer'), await user('volunteer'), await user('volunteer')];
    const tomorrowEarly = await shift(sh('2026-12-02T00:30:00'));
    const tomorrowLate = await shift(sh('2026-12-02T23:00:00'));
    const today = await shift(sh('2026-12-01T23:50:00'));
    const dayAfter = await shift(sh('2026-12-03T00:10:00'));
    const cancelled = await shift(sh('2026-12-02T09:00:00'), { status: 'cancelled' });
    const s1 = await signup(tomorrowEarly.id, v1.id, 'confirmed');
    const s2 = await signup(tomorrowLate.id, v2.id, 'confirmed');
    await signup(tomorrowEarly.id, v3.id, 'waitlisted');
    await signup(tomorrowEarly.id, v4.id, 'cancelled');
    await signup(today.id, v3.id, 'confirmed');
    await signup(dayAfter.id, v3.id, 'confirmed');
    await signup(cancelled.id, v4.id, 'confirmed');

    const r = await tick();
    expect(r.status).toBe(200);
    expect(r.body.ranAt).toBe('2026-12-01T23:30:00.000+08:00');
    expect(r.body.reminders).toEqual({ shifts: 2, notifications: 2 });
    const rows = await app.db.select().from(schema.notifications).where(eq(schema.notifications.kind, 'shift_reminder'));
    expect(rows.map((x) => x.dedupeKey).sort()).toEqual([`shift_reminder:${s1.id}`, `shift_reminder:${s2.id}`].sort());
    expect(rows.find((x) => x.userId === v1.id)!.body).toContain('00:30');
    // Local mode: nothing to send, logged and kept for the message centre.
    expect(rows.every((x) => x.status === 'skipped')).toBe(true);
    const [marked] = await app.db.select().from(schema.shifts).where(eq(schema.shifts.id, tomorrowEarly.id));
    expect(marked.reminderSentAt).toEqual(now);
    const [untouched] = await app.db.select().from(schema.shifts).where(eq(schema.shifts.id, dayAfter.id));
    expect(untouched.reminderSentAt).toBeNull();

    const again = await tick();
    expect(again.body.reminders).toEqual({ shifts: 2, notifications: 0 });
    expect(await app.db.select().from(schema.notifications).where(eq(schema.notifications.kind, 'shift_reminder'))).toHaveLength(2);
  });

  it('flags overdue feedback once and tells the street staff and that community’s staff, nobody else', async () => {
    const now = sh('2026-12-05T10:00:00');
    app.setNow(now);
    const a = await community('石楠社区');
    const b = await community('枫林社区');
    const street = await user('staff');
    const staffA = await user('staff', a.id);
    const staffB = await user('staff', b.id);
    const admin = await user('admin');
    const resident = await user('resident');
    const overdue = await feedback({ communityId: a.id, status: 'in_progress', responsibleParty: '物业公司', deadline: sh('2026-12-04T18:00:00') });
    await feedback({ communityId: a.id, status: 'in_progress', deadline: sh('2026-12-06T18:00:00') });
    await feedback({ communityId: a.id, status: 'resolved', deadline: sh('2026-12-01T18:00:00'), resolvedAt: sh('2026-12-04T18:00:00'), rating: 'satisfied' });

    const r = await tick();
    expect(r.body.overdue).toEqual({ items: 1, notifications: 3 });
    const rows = await app.db.select().from(schema.notifications).where(like(schema.notifications.dedupeKey, `feedback_overdue:${overdue.id}:%`));
    expect(rows.map((x) => x.userId).sort()).toEqual([street.id, staffA.id, admin.id].sort());
    expect(rows.map((x) => x.userId)).not.toContain(staffB.id);
    expect(rows.map((x) => x.userId)).not.toContain(resident.id);
    expect(rows[0]).toMatchObject({ kind: 'feedback_overdue', title: '问题已超期' });
    expect(rows[0].body).toContain('物业公司');
    const [item] = await app.db.select().from(schema.feedbackItems).where(eq(schema.feedbackItems.id, overdue.id));
    expect(item.overdueNotifiedAt).toEqual(now);

    const again = await tick();
    expect(again.body.overdue).toEqual({ items: 0, notifications: 0 });
  });

  it('closes items resolved and unrated for 7 days, and only those', async () => {
    const now = sh('2026-12-20T08:00:00');
    app.setNow(now);
    const stale = await feedback({ status: 'resolved', resolvedAt: sh('2026-12-12T08:00:00'), result: '已清理' });
    const fresh = await feedback({ status: 'resolved', resolvedAt: sh('2026-12-14T09:00:00'), result: '已清理' });
    const r = await tick();
    expect(r.body.closedUnrated).toBe(1);
    const [s] = await app.db.select().from(schema.feedbackItems).where(eq(schema.feedbackItems.id, stale.id));
    expect(s).toMatchObject({ status: 'closed', closeReason: 'unrated' });
    const [f] = await app.db.select().from(schema.feedbackItems).where(eq(schema.feedbackItems.id, fresh.id));
    expect(f.status).toBe('resolved');
    expect((await tick()).body.closedUnrated).toBe(0);
  });

  it('prunes idempotency keys older than 24 hours', async () => {
    const now = sh('2026-12-21T08:00:00');
    app.setNow(now);
    const k = schema.idempotencyKeys;
    await app.db.insert(k).values([
      { scope: 'u:x', key: 'old', method: 'POST', path: '/api/requests', status: 201, body: {}, createdAt: new Date(now.getTime() - 25 * 3600_000) },
      { scope: 'u:x', key: 'new', method: 'POST', path: '/api/requests', status: 201, body: {}, createdAt: new Date(now.getTime() - 3600_000) },
    ]);
    const r = await tick();
    expect(r.body.idempotencyKeysPruned).toBe(1);
    expect((await app.db.select().from(k).where(eq(k.scope, 'u:x'))).map((x) => x.key)).toEqual(['new']);
  });

  (onPostgres() ? it : it.skip)('does each thing once when two ticks run at once (PostgreSQL)', async () => {
    const now = sh('2026-12-30T20:00:00');
    app.setNow(now);
    const c = await community('梧桐社区');
    await user('staff', c.id);
    const vols = await Promise.all(Array.from({ length: 12 }, () => user('volunteer')));
    const s = await shift(sh('2026-12-31T09:00:00'), { capacity: 20 });
    for (const v of vols) await signup(s.id, v.id, 'confirmed');
    const items = [];
    for (let i = 0; i < 6; i++) items.push(await feedback({ communityId: c.id, status: 'submitted', deadline: sh('2026-12-29T09:00:00') }));
    const [x, y] = await Promise.all([tick(), tick()]);
    expect([x.status, y.status]).toEqual([200, 200]);
    expect(x.body.reminders.notifications + y.body.reminders.notifications).toBe(12);
    expect(x.body.overdue.items + y.body.overdue.items).toBe(6);
    const all = await app.db.select().from(schema.notifications).where(eq(schema.notifications.kind, 'shift_reminder'));
    const forShift = all.filter((r) => vols.some((v) => v.id === r.userId));
    expect(forShift).toHaveLength(12);
    const delivered = x.body.delivery.claimed + y.body.delivery.claimed;
    expect(delivered).toBeGreaterThanOrEqual(12);
  });
});
