import { and, eq } from 'drizzle-orm';
import { schema } from '../../api/_lib/db';
import { MIN_ORDER_MINUTES } from '../../api/_lib/services/requests/transitions';
import { expectFieldError, expectProblem, startTestApp, tableCounts, type TestApp } from '../support/app';

/**
 * Issue 15 item 5, the attack as it was run: a volunteer ordering from themself and
 * completing it got 540 minutes in a second, and an order completed a minute after it
 * started earned its whole service length. Hours must come from time actually served,
 * by someone other than the person served.
 */
let app: TestApp;
type Who = { token: string; user: any };
let staff: Who;
let vol: Who;
let helper: Who;
let resident: Who;
let serviceId: string;

const T0 = new Date('2026-12-01T00:00:00Z');
const minutesAfter = (m: number) => new Date(T0.getTime() + m * 60_000);
const iso = (d: Date) => d.toISOString().replace('Z', '+00:00');

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMIT_DISABLED: '1' } });
  app.setNow(T0);
  const [s] = await app.db
    .insert(schema.handbookEntries)
    .values({ category: 'yanglao', title: '陪同就医', summary: '陪老人去医院', body: '全程陪同', requestable: true, serviceMinutes: 540 })
    .returning({ id: schema.handbookEntries.id });
  serviceId = s.id;
  staff = await app.login('staff', 'hi-staff');
  vol = await app.login('volunteer', 'hi-vol');
  helper = await app.login('volunteer', 'hi-helper');
  resident = await app.login('resident', 'hi-resident');
});
afterAll(() => app.close());

const order = async (who: Who, extra: Record<string, unknown> = {}) => {
  const res = await app.post('/api/requests', { serviceId, description: '需要志愿者陪同去医院复诊。', ...extra }, who.token);
  if (res.status !== 201) throw new Error(`create failed ${res.status} ${res.text}`);
  return res.body.id as string;
};
const act = (id: string, action: string, who: Who, body: Record<string, unknown> = {}) => app.post(`/api/requests/${id}/${action}`, body, who.token);
const hoursOf = (userId: string, sourceId: string) =>
  app.db.select().from(schema.volunteerHours).where(and(eq(schema.volunteerHours.userId, userId), eq(schema.volunteerHours.sourceId, sourceId)));

describe('self-service is refused', () => {
  it('a volunteer cannot accept, start or complete an order they placed, and earns nothing', async () => {
    const id = await order(vol);
    const before = await tableCounts(app.db);
    const p = expectProblem(await act(id, 'accept', vol), 403);
    expect(p.detail).toMatch(/自己/);
    expect(await tableCounts(app.db)).toEqual(before);
    // The pool does not offer it to them either.
    const detail = await app.get(`/api/requests/${id}`, vol.token);
    expect(detail.body.allowedActions).not.toContain('accept');
    expect(await hoursOf(vol.user.id, id)).toEqual([]);
  });

  it('staff cannot dispatch an order to the resident who placed it (400 naming assigneeId)', async () => {
    const id = await order(vol);
    const before = await tableCounts(app.db);
    const res = await act(id, 'dispatch', staff, { assigneeId: vol.user.id });
    expectFieldError(res, 'assigneeId');
    expect(res.body.errors[0].message).toMatch(/本人/);
    expect(await tableCounts(app.db)).toEqual(before);
  });

  it('an order already self-assigned (older data) cannot be completed or rated by its owner', async () => {
    const id = await order(vol);
    await app.db.update(schema.serviceRequests).set({ assigneeId: vol.user.id, status: 'in_progress' }).where(eq(schema.serviceRequests.id, id));
    const p = expectProblem(await act(id, 'complete', vol, { note: '已完成陪同' }), 403);
    expect(p.detail).toMatch(/自己/);
    expect(await hoursOf(vol.user.id, id)).toEqual([]);
    await app.db.update(schema.serviceRequests).set({ status: 'completed', completedAt: T0 }).where(eq(schema.serviceRequests.id, id));
    expect(expectProblem(await act(id, 'rate', vol, { score: 5 }), 403).detail).toMatch(/自己/);
  });

  it('staff who placed an order on behalf of a resident cannot serve it through a volunteer account of theirs', async () => {
    // A staff member created the order, then the same account was made a volunteer.
    const s2 = await app.login('staff', 'hi-staff2');
    const id = await order(s2, { onBehalfOf: { name: '张奶奶', phone: '13800001111' } });
    await app.db.update(schema.users).set({ role: 'volunteer' }).where(eq(schema.users.id, s2.user.id));
    // Confirmed by the order's community, so only the self-service rule stands in the way.
    const [placed] = await app.db.select({ communityId: schema.serviceRequests.communityId }).from(schema.serviceRequests).where(eq(schema.serviceRequests.id, id));
    await app.db.insert(schema.volunteerProfiles).values({ userId: s2.user.id, realName: '李干部', status: 'approved', communityId: placed.communityId }).onConflictDoNothing();
    expect(expectProblem(await act(id, 'accept', s2), 403).detail).toMatch(/自己/);
  });
});

describe('order hours are the time actually served', () => {
  async function serve(startAt: number, completeAt: number) {
    app.setNow(minutesAfter(0));
    const id = await order(resident);
    expect((await act(id, 'accept', helper)).status).toBe(200);
    app.setNow(minutesAfter(startAt));
    expect((await act(id, 'start', helper)).status).toBe(200);
    app.setNow(minutesAfter(completeAt));
    expect((await act(id, 'complete', helper, { note: '已陪同就医' })).status).toBe(200);
    const [h] = await hoursOf(helper.user.id, id);
    return h.minutes;
  }

  it('completing a minute after starting earns the minimum, not the 540-minute service length', async () => {
    expect(MIN_ORDER_MINUTES).toBe(15);
    expect(await serve(10, 11)).toBe(15);
    expect(await serve(10, 10)).toBe(15);
  });

  it('earns the minutes between start and completion, never more than the service length', async () => {
    expect(await serve(10, 10 + 47)).toBe(47);
    expect(await serve(10, 10 + 2000)).toBe(540);
  });
});

describe('shift hours are clipped to the shift window', () => {
  it('an early check-in counts from the start and an early check-out stops the clock', async () => {
    // A 2-hour shift from T0+10h; the volunteer scans in 20 minutes early and leaves 30 minutes before the end.
    const start = new Date(T0.getTime() + 10 * 3600_000);
    app.setNow(T0);
    const pub = await app.post(
      '/api/redpost/shifts',
      { postType: 'red_cross', title: '红十字义诊', location: '党群服务中心', startsAt: iso(start), endsAt: iso(new Date(start.getTime() + 2 * 3600_000)), capacity: 2 },
      staff.token,
    );
    expect(pub.status).toBe(201);
    const shiftId = pub.body.id;
    expect((await app.post(`/api/redpost/shifts/${shiftId}/signup`, {}, helper.token)).status).toBe(201);
    const scan = async (at: Date, what: 'checkin' | 'checkout') => {
      app.setNow(at);
      const code = (await app.get(`/api/redpost/shifts/${shiftId}/checkin-code`, staff.token)).body.code;
      const res = await app.post(`/api/redpost/shifts/${shiftId}/${what}`, { code }, helper.token);
      expect(res.status).toBe(200);
      return res.body;
    };
    await scan(new Date(start.getTime() - 20 * 60_000), 'checkin');
    const out = await scan(new Date(start.getTime() + 90 * 60_000), 'checkout');
    expect(out.minutes).toBe(90);
    const [h] = await hoursOf(helper.user.id, shiftId);
    expect(h.minutes).toBe(90);
  });
});
