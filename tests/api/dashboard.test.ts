import { eq } from 'drizzle-orm';
import { schema } from '../../api/_lib/db';
import { expectProblem, startTestApp, type TestApp } from '../support/app';

let app: TestApp;
const sh = (local: string) => new Date(`${local}+08:00`);
/** Wednesday; the street week began Monday 2026-11-23 00:00 in Shanghai. */
const NOW = sh('2026-11-25T10:00:00');

let a: { id: string };
let b: { id: string };
let street: string;
let staffA: string;
let admin: string;
let resident: string;
let volunteer: string;
let seq = 0;

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMIT_DISABLED: '1' } });
  const db = app.db;
  [a] = await db.insert(schema.communities).values({ slug: 'dash-a', name: '石楠社区' }).returning();
  [b] = await db.insert(schema.communities).values({ slug: 'dash-b', name: '枫林社区' }).returning();
  street = (await app.login('staff', 'street')).token;
  const sa = await app.login('staff', 'scoped');
  await db.update(schema.users).set({ staffCommunityId: a.id }).where(eq(schema.users.id, sa.user.id));
  staffA = sa.token;
  admin = (await app.login('admin', 'dash')).token;
  resident = (await app.login('resident', 'dash')).token;
  volunteer = (await app.login('volunteer', 'dash')).token;

  const [service] = await db
    .insert(schema.handbookEntries)
    .values({ category: 'elderly', title: '助餐送餐', summary: '为独居老人送餐', body: '每日午餐送餐上门', requestable: true })
    .returning();
  const order = (communityId: string, status: typeof schema.serviceRequests.$inferInsert.status, createdAt: Date) => ({
    code: `FW-TEST-${++seq}`,
    serviceId: service.id,
    communityId,
    description: `送餐上门 ${seq}`,
    status,
    createdAt,
  });
  await db.insert(schema.serviceRequests).values([
    order(a.id, 'submitted', sh('2026-11-24T09:00:00')),
    order(a.id, 'dispatched', sh('2026-11-20T09:00:00')),
    order(a.id, 'completed', sh('2026-10-01T09:00:00')),
    order(b.id, 'submitted', sh('2026-11-25T08:00:00')),
    order(a.id, 'closed', sh('2026-08-01T09:00:00')),
  ]);

  const fb = (extra: Partial<typeof schema.feedbackItems.$inferInsert>) => ({
    code: `WT-TEST-${++seq}`,
    title: `问题 ${seq}`,
    body: '请尽快处理',
    category: 'environment',
    ...extra,
  });
  await db.insert(schema.feedbackItems).values([
    // 00:30 on Monday in Shanghai is still Sunday in UTC: it must count in this week.
    fb({ communityId: a.id, status: 'submitted', createdAt: sh('2026-11-23T00:30:00') }),
    fb({ communityId: a.id, status: 'in_progress', category: 'property', responsibleParty: '物业公司', deadline: sh('2026-11-24T18:00:00'), createdAt: sh('2026-11-10T09:00:00') }),
    fb({ communityId: a.id, status: 'resolved', responsibleParty: '物业公司', deadline: sh('2026-11-20T18:00:00'), resolvedAt: sh('2026-11-19T18:00:00'), createdAt: sh('2026-11-16T09:00:00') }),
    fb({ communityId: b.id, status: 'submitted', category: 'traffic', createdAt: sh('2026-11-25T07:00:00') }),
  ]);

  const shift = (communityId: string, start: string, capacity: number, confirmedCount: number, status: 'published' | 'cancelled' = 'published') => ({
    postType: 'red_sunset',
    title: `值班 ${++seq}`,
    location: '党群服务中心',
    communityId,
    startsAt: sh(start),
    endsAt: new Date(sh(start).getTime() + 2 * 3600_000),
    capacity,
    confirmedCount,
    status,
  });
  await db.insert(schema.shifts).values([
    shift(a.id, '2026-11-25T14:00:00', 5, 5),
    shift(a.id, '2026-11-27T09:00:00', 4, 2),
    shift(b.id, '2026-11-26T09:00:00', 3, 0),
    shift(a.id, '2026-12-01T09:00:00', 3, 0),
    shift(a.id, '2026-11-26T09:00:00', 3, 0, 'cancelled'),
    shift(a.id, '2026-11-22T23:00:00', 3, 0),
  ]);

  const [va] = await db.insert(schema.users).values({ displayName: '志愿者甲', role: 'volunteer', communityId: a.id }).returning();
  const [vb] = await db.insert(schema.users).values({ displayName: '志愿者乙', role: 'volunteer', communityId: b.id }).returning();
  const hours = (userId: string, minutes: number, servedAt: Date) => ({
    userId,
    sourceType: 'manual' as const,
    sourceId: crypto.randomUUID(),
    minutes,
    servedAt,
    year: Number(new Date(servedAt.getTime() + 8 * 3600_000).toISOString().slice(0, 4)),
  });
  await db.insert(schema.volunteerHours).values([
    hours(va.id, 120, sh('2026-11-10T10:00:00')),
    hours(va.id, 90, sh('2026-10-05T10:00:00')),
    hours(vb.id, 60, sh('2026-11-03T10:00:00')),
    // 31 Dec 23:30 in Shanghai: December 2025, not 2026.
    hours(va.id, 600, sh('2025-12-31T23:30:00')),
  ]);
  app.setNow(NOW);
});
afterAll(async () => {
  await app.close();
});

describe('GET /api/staff/dashboard', () => {
  it('counts everything for street staff, in Shanghai weeks and months', async () => {
    const r = await app.get('/api/staff/dashboard', street);
    expect(r.status).toBe(200);
    const d = r.body;
    expect(d).toMatchObject({
      communityId: null,
      generatedAt: '2026-11-25T10:00:00.000+08:00',
      openOrders: 3,
      ordersAwaitingDispatch: 2,
      openFeedback: 3,
      newFeedback: 2,
      overdueFeedback: 1,
      shiftsToday: 1,
      shiftsThisWeek: 3,
      shiftGaps: 2,
      hoursThisYear: 4.5,
    });
    const orders = d.series.ordersPerWeek;
    expect(orders).toHaveLength(12);
    expect(orders[0].weekStart).toBe('2026-09-07');
    expect(orders[11]).toEqual({ weekStart: '2026-11-23', count: 2 });
    expect(orders[10]).toEqual({ weekStart: '2026-11-16', count: 1 });
    expect(orders[3]).toEqual({ weekStart: '2026-09-28', count: 1 });
    expect(orders.reduce((s: number, w: { count: number }) => s + w.count, 0)).toBe(4);
    const fbw = d.series.feedbackPerWeek.map((w: { count: number }) => w.count);
    expect(fbw.slice(9)).toEqual([1, 1, 2]);
    expect(d.series.feedbackByCategory).toEqual([
      { category: 'environment', name: '环境卫生', count: 2 },
      { category: 'property', name: '物业管理', count: 1 },
      { category: 'traffic', name: '道路交通', count: 1 },
    ]);
    expect(d.series.onTimeRateByParty).toEqual([{ responsibleParty: '物业公司', count: 2, due: 2, onTime: 1, onTimeRate: 0.5 }]);
    const months = d.series.volunteerHoursPerMonth;
    expect(months).toHaveLength(12);
    expect(months[0]).toEqual({ month: '2025-12', hours: 10 });
    expect(months[10]).toEqual({ month: '2026-10', hours: 1.5 });
    expect(months[11]).toEqual({ month: '2026-11', hours: 3 });
    // One rounding: the chart's total is the minutes' sum rounded once, not the rounded months added up.
    expect(d.series.volunteerHoursTotal).toBe(Math.round(months.reduce((s: number, m: { hours: number }) => s + m.hours, 0) * 10) / 10);
    expect(d.queues.awaitingDispatch.map((o: { serviceTitle: string }) => o.serviceTitle)).toEqual(['助餐送餐', '助餐送餐']);
    expect(d.queues.newFeedback).toHaveLength(2);
    expect(d.queues.overdueFeedback).toEqual([expect.objectContaining({ responsibleParty: '物业公司', deadline: '2026-11-24T18:00:00.000+08:00' })]);
    expect(d.queues.shifts.map((s: { startsAt: string; today: boolean }) => [s.startsAt.slice(0, 10), s.today])).toEqual([
      ['2026-11-25', true],
      ['2026-11-26', false],
      ['2026-11-27', false],
    ]);
  });

  it('gives admins the street view', async () => {
    const r = await app.get('/api/staff/dashboard', admin);
    expect(r.body).toMatchObject({ communityId: null, openOrders: 3, openFeedback: 3 });
  });

  it('limits community staff to their community', async () => {
    const r = await app.get('/api/staff/dashboard', staffA);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      communityId: a.id,
      openOrders: 2,
      ordersAwaitingDispatch: 1,
      openFeedback: 2,
      newFeedback: 1,
      overdueFeedback: 1,
      shiftsToday: 1,
      shiftsThisWeek: 2,
      shiftGaps: 1,
      hoursThisYear: 3.5,
    });
    expect(r.body.series.feedbackByCategory.map((c: { category: string }) => c.category)).not.toContain('traffic');
    expect(r.body.series.volunteerHoursPerMonth[11]).toEqual({ month: '2026-11', hours: 2 });
    expect(r.body.queues.awaitingDispatch).toHaveLength(1);
  });

  it('refuses residents and volunteers (403) and strangers (401)', async () => {
    expectProblem(await app.get('/api/staff/dashboard', resident), 403);
    expectProblem(await app.get('/api/staff/dashboard', volunteer), 403);
    expectProblem(await app.get('/api/staff/dashboard'), 401);
  });

  it('moves with the clock: next Monday starts a new week', async () => {
    app.setNow(sh('2026-11-30T00:05:00'));
    try {
      const r = await app.get('/api/staff/dashboard', street);
      expect(r.body.series.ordersPerWeek[11]).toEqual({ weekStart: '2026-11-30', count: 0 });
      expect(r.body.series.ordersPerWeek[10]).toEqual({ weekStart: '2026-11-23', count: 2 });
      expect(r.body.shiftsThisWeek).toBe(1);
      expect(r.body.shiftGaps).toBe(1);
    } finally {
      app.setNow(NOW);
    }
  });
});

describe('GET /api/admin/audit: what the desk needs', () => {
  it('lists staff actions with actor, time, target and change, and filters by actor, subject, target and time', async () => {
    app.setNow(null);
    const staff = await app.login('staff', 'auditor');
    const res = await app.login('resident', 'audited');
    const adm = await app.login('admin', 'audit-admin');
    const fb = await app.post('/api/feedback', { category: 'environment', title: '垃圾桶满了', body: '小区东门垃圾桶已满两天。', public: true, anonymous: true }, res.token);
    expect(fb.status).toBe(201);
    expect((await app.post(`/api/feedback/${fb.body.id}/replies`, { body: '已通知保洁公司清运。' }, staff.token)).status).toBe(201);
    expect((await app.post(`/api/admin/users/${res.user.id}/role`, { role: 'volunteer' }, adm.token)).status).toBe(200);

    const byStaff = await app.get(`/api/admin/audit?actorId=${staff.user.id}`, adm.token);
    expect(byStaff.status).toBe(200);
    expect(byStaff.body.items).toEqual([
      expect.objectContaining({ action: 'feedback.replied', targetType: 'feedback', targetId: fb.body.id, actorRole: 'staff', actorName: staff.user.displayName, subjectUserId: res.user.id }),
    ]);
    const aboutResident = await app.get(`/api/admin/audit?subjectUserId=${res.user.id}`, adm.token);
    expect(aboutResident.body.items.map((x: { action: string }) => x.action).sort()).toEqual(['feedback.replied', 'user.role_granted']);
    const grant = aboutResident.body.items.find((x: { action: string }) => x.action === 'user.role_granted');
    expect(grant.detail).toMatchObject({ from: 'resident', to: 'volunteer' });
    expect(grant.createdAt).toMatch(/\+08:00$/);
    const byTarget = await app.get(`/api/admin/audit?targetType=feedback&targetId=${fb.body.id}`, adm.token);
    expect(byTarget.body.items).toHaveLength(1);
    const future = encodeURIComponent(new Date(Date.now() + 3600_000).toISOString());
    expect((await app.get(`/api/admin/audit?from=${future}`, adm.token)).body.items).toHaveLength(0);
    expect((await app.get(`/api/admin/audit?to=${future}&actorId=${staff.user.id}`, adm.token)).body.items).toHaveLength(1);

    expectProblem(await app.get('/api/admin/audit?from=yesterday', adm.token), 400);
    expectProblem(await app.get('/api/admin/audit?actorId=nope', adm.token), 400);
    expectProblem(await app.get('/api/admin/audit', staff.token), 403);
    expectProblem(await app.get('/api/admin/audit', res.token), 403);
    app.setNow(NOW);
  });
});
