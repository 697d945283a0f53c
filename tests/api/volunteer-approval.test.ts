import { and, eq } from 'drizzle-orm';
import { schema } from '../../api/_lib/db';
import { expectFieldError, expectProblem, startTestApp, tableCounts, type TestApp } from '../support/app';

/**
 * issue 15, High 4: `POST /api/volunteers/me` granted the volunteer role at once; the pool then
 * listed every community's orders and `accept` revealed the resident's phone and address.
 * 在职党员报到 is a report to the community: pending until its staff confirm it.
 */
let app: TestApp;
let communities: { id: string; name: string }[];
let serviceId: string;
const PROFILE = { realName: '吴晓东', isPartyMember: true, workUnit: '石楠街道税务所', skills: ['助老服务'] };

beforeAll(async () => {
  app = await startTestApp();
  communities = (await app.get('/api/communities')).body.items ?? (await app.get('/api/communities')).body;
  const { token: staff } = await app.login('staff', 'va-street');
  const s = await app.post('/api/handbook', { category: 'elderly', title: '上门助餐服务', summary: '为独居老人送餐上门', body: '每天中午送餐上门。', requestable: true }, staff);
  expect(s.status).toBe(201);
  serviceId = s.body.id;
});
afterAll(() => app.close());

async function residentIn(handle: string, communityId: string) {
  const r = await app.login('resident', handle);
  expect((await app.patch('/api/me', { communityId }, r.token)).status).toBe(200);
  return r;
}
async function communityStaff(handle: string, communityId: string) {
  const s = await app.login('staff', handle);
  await app.db.update(schema.users).set({ staffCommunityId: communityId }).where(eq(schema.users.id, s.user.id));
  return s;
}
async function orderIn(handle: string, communityId: string) {
  const r = await residentIn(handle, communityId);
  await app.patch('/api/me', { phone: '13812345678' }, r.token);
  const o = await app.post('/api/requests', { serviceId, description: '请帮忙送午餐，腿脚不便', address: '3 栋 2 单元 501' }, r.token);
  expect(o.status).toBe(201);
  return o.body;
}

describe('volunteer approval (在职党员报到 → 社区确认)', () => {
  it('a self-registered volunteer sees 403 on the pool and on sign-ups until community staff approve', async () => {
    const [home, other] = communities;
    const v = await residentIn('va-v1', home.id);
    const reg = await app.post('/api/volunteers/me', PROFILE, v.token);
    expect(reg.status).toBe(201);
    expect(reg.body).toMatchObject({ status: 'pending', communityId: home.id, reviewedAt: null });
    expect((await app.get('/api/me', v.token)).body).toMatchObject({ role: 'resident', volunteer: { status: 'pending' } });

    const pool = expectProblem(await app.get('/api/requests?scope=available', v.token), 403, 'VOLUNTEER_PENDING');
    expect(pool.detail).toContain('您的志愿者报到正在等待社区确认');
    const start = new Date(Date.now() + 3 * 86_400_000);
    const { token: street } = await app.login('staff', 'va-street');
    const shift = await app.post(
      '/api/redpost/shifts',
      { postType: 'red_sunset', title: '红夕阳·陪伴', location: '日间照料中心', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 7_200_000).toISOString(), capacity: 3 },
      street,
    );
    expect(shift.status).toBe(201);
    const order = await orderIn('va-owner1', home.id);
    const before = await tableCounts(app.db);
    expectProblem(await app.post(`/api/redpost/shifts/${shift.body.id}/signup`, {}, v.token), 403, 'VOLUNTEER_PENDING');
    expectProblem(await app.post(`/api/requests/${order.id}/accept`, {}, v.token), 403);
    expect((await app.get(`/api/requests/${order.id}`, v.token)).status).toBe(404);
    expect(await tableCounts(app.db)).toEqual(before);

    // Staff of another community can neither see nor decide the report.
    const otherStaff = await communityStaff('va-other-staff', other.id);
    expectProblem(await app.post(`/api/volunteers/${v.user.id}/approve`, {}, otherStaff.token), 404);
    expect((await app.get('/api/volunteers?status=pending', otherStaff.token)).body.items.map((i: any) => i.userId)).not.toContain(v.user.id);
    // A resident cannot approve themselves.
    expectProblem(await app.post(`/api/volunteers/${v.user.id}/approve`, {}, v.token), 403);

    const homeStaff = await communityStaff('va-home-staff', home.id);
    const listed = await app.get('/api/volunteers?status=pending', homeStaff.token);
    expect(listed.body.items.find((i: any) => i.userId === v.user.id)).toMatchObject({ status: 'pending', realName: '吴晓东' });
    const ok = await app.post(`/api/volunteers/${v.user.id}/approve`, {}, homeStaff.token);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ userId: v.user.id, status: 'approved', rejectReason: null });
    expectProblem(await app.post(`/api/volunteers/${v.user.id}/approve`, {}, homeStaff.token), 409, 'INVALID_STATE');

    const audit = await app.db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, 'volunteer.approved'), eq(schema.auditLog.targetId, v.user.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0].actorId).toBe(homeStaff.user.id);
    const notes = await app.db.select().from(schema.notifications).where(and(eq(schema.notifications.userId, v.user.id), eq(schema.notifications.kind, 'volunteer_reviewed')));
    expect(notes).toHaveLength(1);

    expect((await app.get('/api/me', v.token)).body).toMatchObject({ role: 'volunteer', volunteer: { status: 'approved' } });
    expect((await app.get('/api/requests?scope=available', v.token)).status).toBe(200);
    expect((await app.post(`/api/redpost/shifts/${shift.body.id}/signup`, {}, v.token)).status).toBe(201);
  });

  it('the pool holds only the volunteer’s own community and street-wide orders; accepting elsewhere is 404, accepting is audited', async () => {
    const [home, other] = communities;
    const v = await residentIn('va-v2', home.id);
    await app.post('/api/volunteers/me', PROFILE, v.token);
    const homeStaff = await communityStaff('va-home-staff', home.id);
    expect((await app.post(`/api/volunteers/${v.user.id}/approve`, {}, homeStaff.token)).status).toBe(200);

    const mine = await orderIn('va-owner-home', home.id);
    const theirs = await orderIn('va-owner-other', other.id);
    const streetOwner = await app.login('resident', 'va-owner-street');
    await app.patch('/api/me', { communityId: null }, streetOwner.token);
    const streetWide = (await app.post('/api/requests', { serviceId, description: '街道范围的订单' }, streetOwner.token)).body;
    expect(streetWide.communityId ?? null).toBeNull();

    const pool = await app.get('/api/requests?scope=available&limit=100', v.token);
    expect(pool.status).toBe(200);
    const ids = pool.body.items.map((o: any) => o.id);
    expect(ids).toContain(mine.id);
    expect(ids).toContain(streetWide.id);
    expect(ids).not.toContain(theirs.id);
    expect(pool.body.items.every((o: any) => o.communityId === null || o.communityId === home.id)).toBe(true);

    expect((await app.get(`/api/requests/${theirs.id}`, v.token)).status).toBe(404);
    const before = await tableCounts(app.db);
    expect((await app.post(`/api/requests/${theirs.id}/accept`, {}, v.token)).status).toBe(404);
    expect(await tableCounts(app.db)).toEqual(before);

    const accepted = await app.post(`/api/requests/${mine.id}/accept`, {}, v.token);
    expect(accepted.status).toBe(200);
    const audit = await app.db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, 'request.accepted'), eq(schema.auditLog.targetId, mine.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0].actorId).toBe(v.user.id);
  });

  it('reject needs a reason, is audited and notified; the volunteer sees why; re-registering goes back to pending', async () => {
    const [home] = communities;
    const v = await residentIn('va-v3', home.id);
    await app.post('/api/volunteers/me', PROFILE, v.token);
    const homeStaff = await communityStaff('va-home-staff', home.id);
    const before = await tableCounts(app.db);
    expectFieldError(await app.post(`/api/volunteers/${v.user.id}/reject`, {}, homeStaff.token), 'reason');
    expectFieldError(await app.post(`/api/volunteers/${v.user.id}/reject`, { reason: ' ' }, homeStaff.token), 'reason');
    expect(await tableCounts(app.db)).toEqual(before);
    const no = await app.post(`/api/volunteers/${v.user.id}/reject`, { reason: '工作单位信息无法核实。' }, homeStaff.token);
    expect(no.status).toBe(200);
    expect(no.body).toMatchObject({ status: 'rejected', rejectReason: '工作单位信息无法核实。' });
    const audit = await app.db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, 'volunteer.rejected'), eq(schema.auditLog.targetId, v.user.id)));
    expect(audit).toHaveLength(1);
    const notes = await app.db.select().from(schema.notifications).where(and(eq(schema.notifications.userId, v.user.id), eq(schema.notifications.kind, 'volunteer_reviewed')));
    // The reason already ends its sentence: one full stop, not 。。
    expect(notes.map((n) => n.body)).toEqual(['社区未通过您的红岗志愿者报到：工作单位信息无法核实。可修改信息后重新提交。']);
    expect(notes[0].page).toBe('packages/redpost/pages/register/index');

    const pool = expectProblem(await app.get('/api/requests?scope=available', v.token), 403, 'VOLUNTEER_REJECTED');
    expect(pool.detail).toContain('工作单位信息无法核实');
    expect((await app.get('/api/volunteers/me', v.token)).body).toMatchObject({ status: 'rejected', rejectReason: '工作单位信息无法核实。' });
    expectProblem(await app.post(`/api/volunteers/${v.user.id}/approve`, {}, homeStaff.token), 409, 'INVALID_STATE');

    const again = await app.post('/api/volunteers/me', { ...PROFILE, workUnit: '石楠街道税务所第二分局' }, v.token);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'pending', rejectReason: null });
    expectProblem(await app.get('/api/requests?scope=available', v.token), 403, 'VOLUNTEER_PENDING');
    expect((await app.post(`/api/volunteers/${v.user.id}/approve`, {}, homeStaff.token)).status).toBe(200);
    expect((await app.get('/api/requests?scope=available', v.token)).status).toBe(200);
  });

  it('an approved volunteer editing their profile stays approved; moving community goes back to pending there', async () => {
    const [home, other] = communities;
    const v = await residentIn('va-v4', home.id);
    await app.post('/api/volunteers/me', PROFILE, v.token);
    const homeStaff = await communityStaff('va-home-staff', home.id);
    await app.post(`/api/volunteers/${v.user.id}/approve`, {}, homeStaff.token);
    const edit = await app.post('/api/volunteers/me', { ...PROFILE, skills: ['助老服务', '政策宣传'] }, v.token);
    expect(edit.body.status).toBe('approved');
    await app.patch('/api/me', { communityId: other.id }, v.token);
    const moved = await app.post('/api/volunteers/me', PROFILE, v.token);
    expect(moved.body).toMatchObject({ status: 'pending', communityId: other.id });
    expect((await app.get('/api/me', v.token)).body.role).toBe('resident');
    expectProblem(await app.get('/api/requests?scope=available', v.token), 403, 'VOLUNTEER_PENDING');
  });

  it('404 for an unknown volunteer id, 400 naming a malformed one', async () => {
    const { token } = await app.login('admin', 'va-admin');
    expectProblem(await app.post('/api/volunteers/00000000-0000-4000-8000-000000000000/approve', {}, token), 404);
    expectFieldError(await app.post('/api/volunteers/not-a-uuid/reject', { reason: '不符合条件' }, token), 'id');
  });
});
