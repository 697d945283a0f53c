import { and, eq } from 'drizzle-orm';
import { schema } from '../../api/_lib/db';
import { codeFor } from '../../api/_lib/services/redpost/attendance';
import { POST_TYPES } from '../../shared/redpost';
import { expectFieldError, expectProblem, startTestApp, tableCounts, type TestApp } from '../support/app';
import { registerApprovedVolunteer } from '../support/volunteers';

let app: TestApp;
type Who = { token: string; user: any };
let staff: Who;
let v1: Who;
let v2: Who;
let v3: Who;
let resident: Who;

/** The test clock: 2026-12-01 08:00 in the street. Shifts are placed relative to it; the clock only moves forward. */
const T0 = new Date('2026-12-01T00:00:00Z');

const setClock = (d: Date) => {

  app.setNow(d);
};
const at = (hoursFromT0: number) => new Date(T0.getTime() + hoursFromT0 * 3600_000);
const iso = (d: Date) => d.toISOString().replace('Z', '+00:00');

function shiftBody(startH: number, lengthH = 2, extra: Record<string, unknown> = {}) {
  return {
    postType: 'red_cross',
    title: '红十字义诊·量血压',
    location: '石楠社区党群服务中心一楼',
    startsAt: iso(at(startH)),
    endsAt: iso(at(startH + lengthH)),
    capacity: 3,
    notes: '请佩戴红马甲',
    ...extra,
  };
}

async function publish(startH: number, lengthH = 2, extra: Record<string, unknown> = {}) {
  const r = await app.post('/api/redpost/shifts', shiftBody(startH, lengthH, extra), staff.token);
  if (r.status !== 201) throw new Error(`publish failed ${r.status} ${r.text}`);
  return r.body;
}

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMIT_DISABLED: '1' } });
  setClock(T0);
  staff = await app.login('staff', 'rp-staff');
  v1 = await app.login('volunteer', 'rp-v1');
  v2 = await app.login('volunteer', 'rp-v2');
  v3 = await app.login('volunteer', 'rp-v3');
  resident = await app.login('resident', 'rp-resident');
});
afterAll(() => app.close());

describe('posts', () => {
  it('lists the five post types with their duties and upcoming counts', async () => {
    await publish(400, 2, { postType: 'red_scarf', title: '红领巾清洁家园' });
    const r = await app.get('/api/redpost/posts');
    expect(r.status).toBe(200);
    expect(r.body.map((p: any) => p.type)).toEqual([...POST_TYPES]);
    expect(r.body.map((p: any) => p.name)).toEqual(['红名片', '红袖章', '红十字', '红夕阳', '红领巾']);
    const scarf = r.body.find((p: any) => p.type === 'red_scarf');
    expect(scarf).toMatchObject({ duty: '环境治理', upcomingShifts: expect.any(Number) });
    expect(scarf.upcomingShifts).toBeGreaterThanOrEqual(1);
  });
});

describe('volunteer profile', () => {
  it('registering reports to the community (pending); the community approval makes a resident a volunteer', async () => {
    const who = await app.login('resident', 'rp-newvol');
    expectProblem(await app.get('/api/volunteers/me', who.token), 404, 'VOLUNTEER_PROFILE_NOT_FOUND');
    const r = await app.post(
      '/api/volunteers/me',
      { realName: '刘建华', isPartyMember: true, workUnit: '兰州市第二人民医院', skills: ['医疗护理', '医疗护理'], phone: '13912345678' },
      who.token,
    );
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ realName: '刘建华', isPartyMember: true, workUnit: '兰州市第二人民医院', skills: ['医疗护理'], phoneMasked: '139****5678', hoursTotal: 0, hoursThisYear: 0, stars: null, status: 'pending' });
    expect((await app.get('/api/me', who.token)).body).toMatchObject({ role: 'resident', volunteer: { realName: '刘建华', status: 'pending' } });
    await registerApprovedVolunteer(app, who.token, { realName: '刘建华', isPartyMember: true, workUnit: '兰州市第二人民医院', skills: ['医疗护理'] });
    expect((await app.get('/api/me', who.token)).body).toMatchObject({ role: 'volunteer', volunteer: { realName: '刘建华', status: 'approved' } });
    const again = await app.post('/api/volunteers/me', { realName: '刘建华', isPartyMember: false, skills: [] }, who.token);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ isPartyMember: false, workUnit: null, status: 'approved' });
  });

  it('keeps staff staff when they register', async () => {
    const s = await app.login('staff', 'rp-staffvol');
    expect((await app.post('/api/volunteers/me', { realName: '张丽华', isPartyMember: true, skills: ['政策宣传'] }, s.token)).status).toBe(201);
    expect((await app.get('/api/me', s.token)).body.role).toBe('staff');
  });

  it('refuses bad input naming the field, writing nothing', async () => {
    const who = await app.login('resident', 'rp-badvol');
    const before = await tableCounts(app.db);
    expectFieldError(await app.post('/api/volunteers/me', { isPartyMember: true, skills: [] }, who.token), 'realName');
    expectFieldError(await app.post('/api/volunteers/me', { realName: '王五', skills: [] }, who.token), 'isPartyMember');
    expectFieldError(await app.post('/api/volunteers/me', { realName: '王五', isPartyMember: false, phone: '123' }, who.token), 'phone');
    expect(await tableCounts(app.db)).toEqual(before);
    expectProblem(await app.post('/api/volunteers/me', { realName: '王五', isPartyMember: false }), 401);
  });
});

describe('publishing shifts', () => {
  it('staff publish; residents and volunteers are refused', async () => {
    const r = await app.post('/api/redpost/shifts', shiftBody(30), staff.token);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ postType: 'red_cross', postName: '红十字', capacity: 3, confirmedCount: 0, waitlistCount: 0, status: 'published', myStatus: null });
    expect(r.body.startsAt).toBe('2026-12-02T14:00:00.000+08:00');
    expectProblem(await app.post('/api/redpost/shifts', shiftBody(30), v1.token), 403);
    expectProblem(await app.post('/api/redpost/shifts', shiftBody(30), resident.token), 403);
    expectProblem(await app.post('/api/redpost/shifts', shiftBody(30)), 401);
    const audit = await app.db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, 'shift.published'), eq(schema.auditLog.targetId, r.body.id)));
    expect(audit).toHaveLength(1);
  });

  it('refuses end before start, capacity 0 or over 1,000, unknown post type and a past start, naming the field', async () => {
    const before = await tableCounts(app.db);
    expectFieldError(await app.post('/api/redpost/shifts', shiftBody(30, -1), staff.token), 'endsAt');
    expectFieldError(await app.post('/api/redpost/shifts', shiftBody(30, 2, { capacity: 0 }), staff.token), 'capacity');
    expectFieldError(await app.post('/api/redpost/shifts', shiftBody(30, 2, { capacity: 1001 }), staff.token), 'capacity');
    expectFieldError(await app.post('/api/redpost/shifts', shiftBody(30, 2, { postType: 'red_hat' }), staff.token), 'postType');
    expectFieldError(await app.post('/api/redpost/shifts', shiftBody(30, 2, { title: ' ' }), staff.token), 'title');
    expectFieldError(await app.post('/api/redpost/shifts', shiftBody(30, 2, { startsAt: '明天上午' }), staff.token), 'startsAt');
    expectFieldError(await app.post('/api/redpost/shifts', shiftBody(-5), staff.token), 'startsAt');
    expect(await tableCounts(app.db)).toEqual(before);
  });

  it('lists by post type and date with myStatus for the caller; limit over 100 is 400', async () => {
    const a = await publish(50, 2, { postType: 'red_armband', title: '红袖章楼道巡查' });
    await publish(80, 2, { postType: 'red_armband', title: '红袖章调解接待' });
    expect((await app.post(`/api/redpost/shifts/${a.id}/signup`, {}, v1.token)).status).toBe(201);
    const list = await app.get(`/api/redpost/shifts?postType=red_armband&from=${encodeURIComponent(iso(at(40)))}&to=${encodeURIComponent(iso(at(60)))}`, v1.token);
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: any) => s.title)).toEqual(['红袖章楼道巡查']);
    expect(list.body.items[0]).toMatchObject({ myStatus: 'confirmed', confirmedCount: 1 });
    const anon = await app.get('/api/redpost/shifts?postType=red_armband');
    expect(anon.body.items).toHaveLength(2);
    expect(anon.body.items.every((s: any) => s.myStatus === null)).toBe(true);
    const paged = await app.get('/api/redpost/shifts?postType=red_armband&limit=1');
    expect(paged.body.items).toHaveLength(1);
    const next = await app.get(`/api/redpost/shifts?postType=red_armband&limit=1&cursor=${paged.body.nextCursor}`);
    expect(next.body.items[0].title).toBe('红袖章调解接待');
    expect(next.body.nextCursor).toBeNull();
    expectFieldError(await app.get('/api/redpost/shifts?limit=101'), 'limit');
    expectFieldError(await app.get('/api/redpost/shifts?postType=red_hat'), 'postType');
    expectFieldError(await app.get('/api/redpost/shifts/not-a-uuid'), 'id');
    const one = await app.get(`/api/redpost/shifts/${a.id}`, v1.token);
    expect(one.body).toMatchObject({ id: a.id, myStatus: 'confirmed', canCancel: true });
    const mine = await app.get('/api/redpost/my-shifts', v1.token);
    expect(mine.body.items.map((s: any) => s.id)).toContain(a.id);
  });
});

describe('sign-up, waitlist and cancel', () => {
  it('a resident without a profile is refused with VOLUNTEER_PROFILE_REQUIRED', async () => {
    const s = await publish(100);
    const before = await tableCounts(app.db);
    expectProblem(await app.post(`/api/redpost/shifts/${s.id}/signup`, {}, resident.token), 403, 'VOLUNTEER_PROFILE_REQUIRED');
    expectProblem(await app.post(`/api/redpost/shifts/${s.id}/signup`, {}), 401);
    expect(await tableCounts(app.db)).toEqual(before);
  });

  it('confirms while places remain, waitlists after, refuses a second sign-up, promotes on cancel and notifies', async () => {
    const s = await publish(120, 2, { capacity: 1 });
    const a = await app.post(`/api/redpost/shifts/${s.id}/signup`, {}, v1.token);
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ status: 'confirmed', seq: 1, waitlistPosition: null });
    const b = await app.post(`/api/redpost/shifts/${s.id}/signup`, {}, v2.token);
    expect(b.body).toMatchObject({ status: 'waitlisted', seq: 2, waitlistPosition: 1 });
    const c = await app.post(`/api/redpost/shifts/${s.id}/signup`, {}, v3.token);
    expect(c.body).toMatchObject({ status: 'waitlisted', seq: 3, waitlistPosition: 2 });
    expect(c.body.shift).toMatchObject({ confirmedCount: 1, waitlistCount: 2, myStatus: 'waitlisted', myWaitlistPosition: 2 });
    expectProblem(await app.post(`/api/redpost/shifts/${s.id}/signup`, {}, v1.token), 409, 'ALREADY_SIGNED_UP');
    expectProblem(await app.post(`/api/redpost/shifts/${s.id}/signup`, {}, v2.token), 409, 'ALREADY_SIGNED_UP');

    const cancel = await app.del(`/api/redpost/shifts/${s.id}/signup`, v1.token);
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ status: 'cancelled', promotedUserId: v2.user.id });
    expect(cancel.body.shift).toMatchObject({ confirmedCount: 1, waitlistCount: 1, myStatus: 'cancelled' });
    expect((await app.get(`/api/redpost/shifts/${s.id}`, v2.token)).body.myStatus).toBe('confirmed');
    expect((await app.get(`/api/redpost/shifts/${s.id}`, v3.token)).body.myWaitlistPosition).toBe(1);
    const notes = await app.db.select().from(schema.notifications).where(and(eq(schema.notifications.userId, v2.user.id), eq(schema.notifications.kind, 'waitlist_promoted')));
    expect(notes).toHaveLength(1);
    expect(notes[0].data).toEqual({ shiftId: s.id });
    expectProblem(await app.del(`/api/redpost/shifts/${s.id}/signup`, v1.token), 409, 'NOT_SIGNED_UP');

    // Signing up again after cancelling goes to the back of the queue.
    const back = await app.post(`/api/redpost/shifts/${s.id}/signup`, {}, v1.token);
    expect(back.body).toMatchObject({ status: 'waitlisted', seq: 4, waitlistPosition: 2 });
    // Leaving the waitlist promotes nobody and only shrinks the waitlist.
    const leave = await app.del(`/api/redpost/shifts/${s.id}/signup`, v3.token);
    expect(leave.body).toMatchObject({ promotedUserId: null });
    expect(leave.body.shift).toMatchObject({ confirmedCount: 1, waitlistCount: 1 });
  });

  it('closes cancellation of a confirmed place 2 hours before the start', async () => {
    const s = await publish(150, 2, { capacity: 1 });
    await app.post(`/api/redpost/shifts/${s.id}/signup`, {}, v1.token);
    await app.post(`/api/redpost/shifts/${s.id}/signup`, {}, v2.token);
    setClock(new Date(at(148).getTime() + 60_000)); // 1 h 59 min before
    expect((await app.get(`/api/redpost/shifts/${s.id}`, v1.token)).body.canCancel).toBe(false);
    const before = await tableCounts(app.db);
    expectProblem(await app.del(`/api/redpost/shifts/${s.id}/signup`, v1.token), 409, 'SIGNUP_CLOSED');
    expect(await tableCounts(app.db)).toEqual(before);
    // The waitlisted volunteer may still step back.
    expect((await app.del(`/api/redpost/shifts/${s.id}/signup`, v2.token)).status).toBe(200);
    setClock(at(151));
    expectProblem(await app.post(`/api/redpost/shifts/${s.id}/signup`, {}, v3.token), 409, 'SIGNUP_CLOSED');
  });

  it('refuses overlapping shifts for the same volunteer', async () => {
    const s1 = await publish(200, 3, { postType: 'red_sunset', title: '红夕阳助老助餐' });
    const s2 = await publish(202, 2, { postType: 'red_card', title: '红名片政策宣讲' });
    const s3 = await publish(203, 1, { postType: 'red_card', title: '红名片反诈宣传' });
    expect((await app.post(`/api/redpost/shifts/${s1.id}/signup`, {}, v3.token)).status).toBe(201);
    const p = expectProblem(await app.post(`/api/redpost/shifts/${s2.id}/signup`, {}, v3.token), 409, 'SHIFT_OVERLAP');
    expect(p.detail).toContain('红夕阳助老助餐');
    // Back to back is not an overlap.
    expect((await app.post(`/api/redpost/shifts/${s3.id}/signup`, {}, v3.token)).status).toBe(201);
    // Another volunteer is not affected.
    expect((await app.post(`/api/redpost/shifts/${s2.id}/signup`, {}, v1.token)).status).toBe(201);
  });

  it('capacity may grow (promoting the waitlist) but never below the confirmed count', async () => {
    const s = await publish(250, 2, { capacity: 2 });
    for (const v of [v1, v2, v3]) await app.post(`/api/redpost/shifts/${s.id}/signup`, {}, v.token);
    const shrink = await app.put(`/api/redpost/shifts/${s.id}`, shiftBody(250, 2, { capacity: 1 }), staff.token);
    expectProblem(shrink, 409, 'CAPACITY_BELOW_CONFIRMED');
    expectProblem(await app.put(`/api/redpost/shifts/${s.id}`, shiftBody(250, 2, { capacity: 3 }), v1.token), 403);
    expectFieldError(await app.put(`/api/redpost/shifts/${s.id}`, shiftBody(250, 2, { capacity: 0 }), staff.token), 'capacity');
    const grow = await app.put(`/api/redpost/shifts/${s.id}`, shiftBody(250, 2, { capacity: 3, title: '红十字义诊（扩招）' }), staff.token);
    expect(grow.status).toBe(200);
    expect(grow.body).toMatchObject({ capacity: 3, confirmedCount: 3, waitlistCount: 0, title: '红十字义诊（扩招）' });
    expect((await app.get(`/api/redpost/shifts/${s.id}`, v3.token)).body.myStatus).toBe('confirmed');
    expectProblem(await app.put('/api/redpost/shifts/00000000-0000-0000-0000-000000000000', shiftBody(250), staff.token), 404);
  });

  it('staff cancelling a shift notifies everyone signed up; then it is closed to changes', async () => {
    const s = await publish(300, 2, { capacity: 1 });
    await app.post(`/api/redpost/shifts/${s.id}/signup`, {}, v1.token);
    await app.post(`/api/redpost/shifts/${s.id}/signup`, {}, v2.token);
    expectProblem(await app.post(`/api/redpost/shifts/${s.id}/cancel`, {}, v1.token), 403);
    const r = await app.post(`/api/redpost/shifts/${s.id}/cancel`, { reason: '天气预警' }, staff.token);
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('cancelled');
    const notes = await app.db.select().from(schema.notifications).where(eq(schema.notifications.kind, 'shift_cancelled'));
    expect(notes.filter((n) => n.data.shiftId === s.id).map((n) => n.userId).sort()).toEqual([v1.user.id, v2.user.id].sort());
    expectProblem(await app.post(`/api/redpost/shifts/${s.id}/cancel`, {}, staff.token), 409, 'INVALID_STATE');
    expectProblem(await app.post(`/api/redpost/shifts/${s.id}/signup`, {}, v3.token), 409, 'INVALID_STATE');
    expectProblem(await app.put(`/api/redpost/shifts/${s.id}`, shiftBody(300), staff.token), 409, 'INVALID_STATE');
    expectProblem(await app.get(`/api/redpost/shifts/${s.id}/checkin-code`, staff.token), 409, 'INVALID_STATE');
    // A cancelled shift no longer blocks the volunteer's time.
    const same = await publish(300, 2);
    expect((await app.post(`/api/redpost/shifts/${same.id}/signup`, {}, v1.token)).status).toBe(201);
  });
});

describe('check-in, check-out and hours', () => {
  let shift: any;
  const start = 500;
  beforeAll(async () => {
    shift = await publish(start, 2, { capacity: 1, postType: 'red_sunset', title: '红夕阳入户探访' });
    await app.post(`/api/redpost/shifts/${shift.id}/signup`, {}, v1.token);
    await app.post(`/api/redpost/shifts/${shift.id}/signup`, {}, v2.token);
  });

  it('only staff see the code; a volunteer reading the roster is refused', async () => {
    expectProblem(await app.get(`/api/redpost/shifts/${shift.id}/checkin-code`, v1.token), 403);
    expectProblem(await app.get(`/api/redpost/shifts/${shift.id}/roster`, v1.token), 403);
    expectProblem(await app.get(`/api/redpost/shifts/${shift.id}/roster`, resident.token), 403);
  });

  it('opens 30 minutes before the start and refuses waitlisted volunteers and residents', async () => {
    setClock(new Date(at(start).getTime() - 31 * 60_000));
    let code = (await app.get(`/api/redpost/shifts/${shift.id}/checkin-code`, staff.token)).body;
    expect(code.code).toMatch(/^\d{6}$/);
    expect(code.qrText).toBe(`SNRP:${shift.id}:${code.code}`);
    expectProblem(await app.post(`/api/redpost/shifts/${shift.id}/checkin`, { code: code.code }, v1.token), 409, 'CHECKIN_NOT_OPEN');
    setClock(new Date(at(start).getTime() - 10 * 60_000));
    code = (await app.get(`/api/redpost/shifts/${shift.id}/checkin-code`, staff.token)).body;
    expectProblem(await app.post(`/api/redpost/shifts/${shift.id}/checkin`, { code: code.code }, v2.token), 409, 'NOT_CONFIRMED');
    expectProblem(await app.post(`/api/redpost/shifts/${shift.id}/checkin`, { code: code.code }, resident.token), 403, 'VOLUNTEER_PROFILE_REQUIRED');
    expectProblem(await app.post(`/api/redpost/shifts/${shift.id}/checkin`, { code: code.code }, v3.token), 409, 'NOT_SIGNED_UP');
    expectProblem(await app.post(`/api/redpost/shifts/${shift.id}/checkout`, { code: code.code }, v1.token), 409, 'NOT_CHECKED_IN');
  });

  it('refuses forged, future, expired and other-shift codes; accepts the previous period', async () => {
    const base = new Date(at(start).getTime() - 5 * 60_000);
    setClock(base);
    const period = Math.floor(base.getTime() / 60_000);
    const secret = app.config.sessionSecret;
    const before = await tableCounts(app.db);
    const forged = codeFor('not-the-secret', shift.id, period);
    expectProblem(await app.post(`/api/redpost/shifts/${shift.id}/checkin`, { code: forged }, v1.token), 400, 'CODE_INVALID');
    expectProblem(await app.post(`/api/redpost/shifts/${shift.id}/checkin`, { code: codeFor(secret, shift.id, period + 2) }, v1.token), 400, 'CODE_INVALID');
    const p = expectProblem(await app.post(`/api/redpost/shifts/${shift.id}/checkin`, { code: codeFor(secret, shift.id, period - 2) }, v1.token), 400, 'CODE_EXPIRED');
    expect(p.errors?.[0].path).toBe('code');
    expectProblem(await app.post(`/api/redpost/shifts/${shift.id}/checkin`, { code: 'abc' }, v1.token), 400, 'CODE_INVALID');
    expectFieldError(await app.post(`/api/redpost/shifts/${shift.id}/checkin`, {}, v1.token), 'code');
    const other = await publish(600);
    const otherQr = `SNRP:${other.id}:${codeFor(secret, shift.id, period)}`;
    expectProblem(await app.post(`/api/redpost/shifts/${shift.id}/checkin`, { code: otherQr }, v1.token), 400, 'CODE_INVALID');
    expect(await tableCounts(app.db)).toEqual({ ...before, shifts: before.shifts + 1, audit_log: before.audit_log + 1 });

    // The code shown a minute ago still works (scanned at :59, sent at :01).
    const shown = (await app.get(`/api/redpost/shifts/${shift.id}/checkin-code`, staff.token)).body;
    setClock(new Date(base.getTime() + 60_000));
    const r = await app.post(`/api/redpost/shifts/${shift.id}/checkin`, { code: shown.qrText }, v1.token);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ attendance: 'present', checkinAt: expect.stringMatching(/\+08:00$/), checkoutAt: null });
    expectProblem(await app.post(`/api/redpost/shifts/${shift.id}/checkin`, { code: shown.code }, v1.token), 409, 'ALREADY_CHECKED_IN');
    // Two periods later the same code is expired.
    setClock(new Date(base.getTime() + 180_000));
    expectProblem(await app.post(`/api/redpost/shifts/${shift.id}/checkout`, { code: shown.code }, v1.token), 400, 'CODE_EXPIRED');
  });

  it('records minutes between check-in and check-out, capped at the shift length, into the hours', async () => {
    setClock(new Date(at(start + 3).getTime())); // an hour after the end
    const code = (await app.get(`/api/redpost/shifts/${shift.id}/checkin-code`, staff.token)).body;
    const r = await app.post(`/api/redpost/shifts/${shift.id}/checkout`, { code: code.code }, v1.token);
    expect(r.status).toBe(200);
    expect(r.body.minutes).toBe(120);
    expectProblem(await app.post(`/api/redpost/shifts/${shift.id}/checkout`, { code: code.code }, v1.token), 409, 'ALREADY_CHECKED_OUT');
    const hours = await app.db.select().from(schema.volunteerHours).where(eq(schema.volunteerHours.userId, v1.user.id));
    expect(hours).toEqual([expect.objectContaining({ sourceType: 'shift', sourceId: shift.id, minutes: 120, year: 2026 })]);
    const me = await app.get('/api/volunteers/me', v1.token);
    expect(me.body).toMatchObject({ hoursTotal: 2, hoursThisYear: 2, minutesTotal: 120 });
    const record = await app.get('/api/volunteers/me/record', v1.token);
    expect(record.body).toMatchObject({ year: 2026, hours: 2, shiftCount: 1, orderCount: 0 });
    expect(record.body.items[0]).toMatchObject({ title: '红夕阳入户探访', category: '红夕阳', minutes: 120 });
    expect((await app.get('/api/volunteers/me/record?year=2025', v1.token)).body).toMatchObject({ hours: 0, items: [] });
    expectFieldError(await app.get('/api/volunteers/me/record?year=abc', v1.token), 'year');
  });

  it('counts a short stay as it was', async () => {
    const s = await publish(700, 3, { capacity: 2 });
    await app.post(`/api/redpost/shifts/${s.id}/signup`, {}, v2.token);
    setClock(new Date(at(700).getTime() + 20 * 60_000));
    let code = (await app.get(`/api/redpost/shifts/${s.id}/checkin-code`, staff.token)).body.code;
    const ci = await app.post(`/api/redpost/shifts/${s.id}/checkin`, { code }, v2.token);
    expect(ci.body.attendance).toBe('late');
    setClock(new Date(at(700).getTime() + 95 * 60_000));
    code = (await app.get(`/api/redpost/shifts/${s.id}/checkin-code`, staff.token)).body.code;
    expect((await app.post(`/api/redpost/shifts/${s.id}/checkout`, { code }, v2.token)).body.minutes).toBe(75);
  });

  it('staff read the roster and correct attendance and hours, audited', async () => {
    const roster = await app.get(`/api/redpost/shifts/${shift.id}/roster`, staff.token);
    expect(roster.status).toBe(200);
    expect(roster.body.items.map((i: any) => [i.userId, i.status, i.attendance])).toEqual([
      [v1.user.id, 'confirmed', 'present'],
      [v2.user.id, 'waitlisted', 'pending'],
    ]);
    expect(roster.body.items[0]).toMatchObject({ minutes: 120, realName: expect.any(String), isPartyMember: true });

    const before = await tableCounts(app.db);
    expectFieldError(await app.post(`/api/redpost/shifts/${shift.id}/attendance`, { userId: v1.user.id, attendance: 'present', minutes: 121 }, staff.token), 'minutes');
    expectFieldError(await app.post(`/api/redpost/shifts/${shift.id}/attendance`, { userId: v1.user.id, attendance: 'asleep' }, staff.token), 'attendance');
    expectFieldError(await app.post(`/api/redpost/shifts/${shift.id}/attendance`, { attendance: 'late' }, staff.token), 'userId');
    expectProblem(await app.post(`/api/redpost/shifts/${shift.id}/attendance`, { userId: v2.user.id, attendance: 'present' }, staff.token), 409, 'INVALID_STATE');
    expectProblem(await app.post(`/api/redpost/shifts/${shift.id}/attendance`, { userId: v1.user.id, attendance: 'present' }, v1.token), 403);
    expect(await tableCounts(app.db)).toEqual(before);

    const late = await app.post(`/api/redpost/shifts/${shift.id}/attendance`, { userId: v1.user.id, attendance: 'late', minutes: 90, note: '实际 8:30 到岗' }, staff.token);
    expect(late.body).toMatchObject({ attendance: 'late', minutes: 90 });
    expect((await app.get('/api/volunteers/me', v1.token)).body.minutesTotal).toBe(90);
    const noShow = await app.post(`/api/redpost/shifts/${shift.id}/attendance`, { userId: v1.user.id, attendance: 'no_show' }, staff.token);
    expect(noShow.body).toMatchObject({ attendance: 'no_show', minutes: 0 });
    expect((await app.get('/api/volunteers/me', v1.token)).body.minutesTotal).toBe(0);
    const back = await app.post(`/api/redpost/shifts/${shift.id}/attendance`, { userId: v1.user.id, attendance: 'present' }, staff.token);
    expect(back.body.minutes).toBe(120);
    const audit = await app.db.select().from(schema.auditLog).where(eq(schema.auditLog.action, 'shift.attendance_corrected'));
    expect(audit).toHaveLength(3);
    expect(audit.every((a) => a.subjectUserId === v1.user.id && a.actorId === staff.user.id)).toBe(true);
  });

  it('refuses corrections before the shift and hides other communities’ shifts from scoped staff', async () => {
    const future = await publish(900);
    await app.post(`/api/redpost/shifts/${future.id}/signup`, {}, v3.token);
    expectProblem(await app.post(`/api/redpost/shifts/${future.id}/attendance`, { userId: v3.user.id, attendance: 'no_show' }, staff.token), 409, 'INVALID_STATE');
    const communities = (await app.get('/api/communities')).body.items;
    const scoped = await app.login('staff', 'rp-scoped');
    await app.db.update(schema.users).set({ staffCommunityId: communities[1].id }).where(eq(schema.users.id, scoped.user.id));
    const own = await app.post('/api/redpost/shifts', shiftBody(950), scoped.token);
    expect(own.body.communityId).toBe(communities[1].id);
    expectProblem(await app.post('/api/redpost/shifts', shiftBody(950, 2, { communityId: communities[0].id }), scoped.token), 403);
    const streetWide = await publish(960, 2, { communityId: communities[0].id });
    expectProblem(await app.get(`/api/redpost/shifts/${streetWide.id}/roster`, scoped.token), 404);
    expectProblem(await app.get(`/api/redpost/shifts/${streetWide.id}/checkin-code`, scoped.token), 404);
    expectProblem(await app.post(`/api/redpost/shifts/${streetWide.id}/cancel`, {}, scoped.token), 404);
    expect((await app.get(`/api/redpost/shifts/${own.body.id}/roster`, scoped.token)).status).toBe(200);
  });
});

describe('stars and the volunteer list', () => {
  it('staff award yearly stars (audited); the list shows hours and stars', async () => {
    const r = await app.post(`/api/volunteers/${v1.user.id}/stars`, { year: 2026, stars: 5 }, staff.token);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ userId: v1.user.id, year: 2026, stars: 5 });
    expect((await app.post(`/api/volunteers/${v1.user.id}/stars`, { year: 2026, stars: 4 }, staff.token)).body.stars).toBe(4);
    expect((await app.get('/api/volunteers/me', v1.token)).body).toMatchObject({ stars: 4, starsByYear: [{ year: 2026, stars: 4 }] });
    expect((await app.get('/api/volunteers/me/record', v1.token)).body.stars).toBe(4);
    const audit = await app.db.select().from(schema.auditLog).where(eq(schema.auditLog.action, 'volunteer.stars_awarded'));
    // Both rows carry the test clock's one instant, so PostgreSQL returns them in no set order:
    // put them in award order (the first award has no earlier count).
    const inAwardOrder = audit.map((a) => a.detail as { before: number | null }).sort((a, b) => (a.before === null ? -1 : b.before === null ? 1 : 0));
    expect(inAwardOrder).toEqual([
      { year: 2026, stars: 5, before: null },
      { year: 2026, stars: 4, before: 5 },
    ]);
    const list = await app.get('/api/volunteers?limit=100', staff.token);
    expect(list.status).toBe(200);
    const mine = list.body.items.find((i: any) => i.userId === v1.user.id);
    expect(mine).toMatchObject({ stars: 4, hoursTotal: 2, hoursInYear: 2, year: 2026 });
    const found = await app.get(`/api/volunteers?q=${encodeURIComponent('刘建华')}`, staff.token);
    expect(found.body.items.map((i: any) => i.realName)).toEqual(['刘建华']);
  });

  it('refuses non-staff, bad stars and unknown volunteers', async () => {
    const before = await tableCounts(app.db);
    expectProblem(await app.post(`/api/volunteers/${v2.user.id}/stars`, { year: 2026, stars: 5 }, v1.token), 403);
    expectProblem(await app.get('/api/volunteers', v1.token), 403);
    expectProblem(await app.get('/api/volunteers', resident.token), 403);
    expectFieldError(await app.post(`/api/volunteers/${v2.user.id}/stars`, { year: 2026, stars: 6 }, staff.token), 'stars');
    expectFieldError(await app.post(`/api/volunteers/${v2.user.id}/stars`, { year: 2026, stars: 0 }, staff.token), 'stars');
    expectFieldError(await app.post(`/api/volunteers/${v2.user.id}/stars`, { stars: 3 }, staff.token), 'year');
    expectFieldError(await app.post(`/api/volunteers/${v2.user.id}/stars`, { year: 2030, stars: 3 }, staff.token), 'year');
    expectProblem(await app.post(`/api/volunteers/${resident.user.id}/stars`, { year: 2026, stars: 3 }, staff.token), 404);
    expectFieldError(await app.post('/api/volunteers/nope/stars', { year: 2026, stars: 3 }, staff.token), 'id');
    expectFieldError(await app.get('/api/volunteers?limit=500', staff.token), 'limit');
    expect(await tableCounts(app.db)).toEqual(before);
  });
});
