import { and, eq } from 'drizzle-orm';
import { schema } from '../../api/_lib/db';
import { FeedbackPageSchema, SUPPORT_FLAG_THRESHOLD } from '../../shared/feedback';
import { expectFieldError, expectProblem, startTestApp, tableCounts, type TestApp } from '../support/app';

const NOW = new Date('2026-11-27T02:00:00.000Z');
const report = { category: 'traffic', title: '路口红绿灯时间太短', body: '老人过马路走不完一半就变红灯了。', location: '石楠路口', public: true, anonymous: true };

describe('我也遇到 (POST/DELETE /api/feedback/:id/support)', () => {
  let app: TestApp;
  let n = 0;
  const resident = () => app.login('resident', `sup-${++n}`);
  beforeAll(async () => {
    app = await startTestApp({ env: { RATE_LIMIT_DISABLED: '1' } });
    app.setNow(NOW);
  });
  afterAll(() => app.close());

  const create = async (over: Record<string, unknown> = {}) => {
    const a = await resident();
    const r = await app.post('/api/feedback', { ...report, ...over }, a.token);
    expect(r.status).toBe(201);
    return { reporter: a, id: r.body.id as string, code: r.body.code as string };
  };

  it('counts each person once: a second 我也遇到 leaves the count unchanged; DELETE withdraws; the wall carries the count', async () => {
    const { id, code } = await create();
    const b = await resident();
    expect((await app.post(`/api/feedback/${id}/support`, {}, b.token)).body).toEqual({ supportCount: 1, supported: true });
    const before = await tableCounts(app.db);
    expect((await app.post(`/api/feedback/${id}/support`, {}, b.token)).body).toEqual({ supportCount: 1, supported: true });
    expect(await tableCounts(app.db)).toEqual(before);
    // By WT code too.
    const c = await resident();
    expect((await app.post(`/api/feedback/${code}/support`, {}, c.token)).body).toEqual({ supportCount: 2, supported: true });

    const wall = FeedbackPageSchema.parse((await app.get('/api/feedback/wall?limit=100')).body);
    expect(wall.items.find((x) => x.id === id)!.supportCount).toBe(2);
    expect((await app.get(`/api/feedback/${id}`, b.token)).body).toMatchObject({ supportCount: 2, supported: true });
    expect((await app.get(`/api/feedback/${id}`)).body).toMatchObject({ supportCount: 2, supported: false });

    expect((await app.del(`/api/feedback/${id}/support`, b.token)).body).toEqual({ supportCount: 1, supported: false });
    expect((await app.del(`/api/feedback/${id}/support`, b.token)).body).toEqual({ supportCount: 1, supported: false });
    expect((await app.get(`/api/feedback/${id}`, b.token)).body.supported).toBe(false);
  });

  it('refuses the reporter (409), private and rejected items (404) and strangers (401), changing nothing', async () => {
    const { id, reporter } = await create();
    const priv = await create({ public: false });
    const b = await resident();
    const before = await tableCounts(app.db);
    expectProblem(await app.post(`/api/feedback/${id}/support`, {}, reporter.token), 409, 'OWN_ITEM');
    expectProblem(await app.post(`/api/feedback/${priv.id}/support`, {}, b.token), 404);
    expectProblem(await app.post(`/api/feedback/${id}/support`, {}), 401);
    expectFieldError(await app.post('/api/feedback/not-an-id/support', {}, b.token), 'id');
    const staff = await app.login('staff', 'sup-staff');
    expect((await app.post(`/api/feedback/${id}/reject`, { reason: '重复反映' }, staff.token)).status).toBe(200);
    expectProblem(await app.post(`/api/feedback/${id}/support`, {}, b.token), 404);
    expect((await tableCounts(app.db)).feedback_supports).toBe(before.feedback_supports);
  });

  it("supporters get the item's progress messages", async () => {
    const { id, reporter } = await create();
    const b = await resident();
    await app.post(`/api/feedback/${id}/support`, {}, b.token);
    const staff = await app.login('staff', 'sup-staff');
    const deadline = new Date(NOW.getTime() + 3 * 86_400_000).toISOString();
    expect((await app.post(`/api/feedback/${id}/assign`, { responsibleParty: '交警中队', measures: '延长绿灯时间', deadline }, staff.token)).status).toBe(200);
    expect((await app.post(`/api/feedback/${id}/resolve`, { result: '绿灯已延长到45秒' }, staff.token)).status).toBe(200);
    const n = schema.notifications;
    const forB = await app.db.select().from(n).where(eq(n.userId, b.user.id));
    expect(forB.map((x) => x.kind).sort()).toEqual(['feedback_accepted', 'feedback_resolved']);
    expect(forB.every((x) => x.title.startsWith('您也遇到的问题'))).toBe(true);
    expect(await app.db.select().from(n).where(eq(n.userId, reporter.user.id))).toHaveLength(2);
    // Resolved: no more 我也遇到, though withdrawing still works.
    expectProblem(await app.post(`/api/feedback/${id}/support`, {}, (await resident()).token), 409, 'INVALID_STATE');
    expect((await app.del(`/api/feedback/${id}/support`, b.token)).body).toEqual({ supportCount: 0, supported: false });
  });

  it(`flags the item to street staff once at ${SUPPORT_FLAG_THRESHOLD}, not to community staff`, async () => {
    const { id } = await create();
    const street = await app.login('staff', 'sup-street');
    const local = await app.login('staff', 'sup-local');
    const [c] = await app.db.select().from(schema.communities).limit(1);
    await app.db.update(schema.users).set({ staffCommunityId: c.id }).where(eq(schema.users.id, local.user.id));
    const flagged = () =>
      app.db.select().from(schema.notifications).where(and(eq(schema.notifications.kind, 'feedback_supported'), eq(schema.notifications.userId, street.user.id)));
    for (let i = 0; i < SUPPORT_FLAG_THRESHOLD - 1; i++) await app.post(`/api/feedback/${id}/support`, {}, (await resident()).token);
    expect(await flagged()).toHaveLength(0);
    const last = await resident();
    expect((await app.post(`/api/feedback/${id}/support`, {}, last.token)).body.supportCount).toBe(SUPPORT_FLAG_THRESHOLD);
    expect(await flagged()).toHaveLength(1);
    // Down and up again: told once only.
    await app.del(`/api/feedback/${id}/support`, last.token);
    await app.post(`/api/feedback/${id}/support`, {}, last.token);
    expect(await flagged()).toHaveLength(1);
    const toLocal = await app.db.select().from(schema.notifications).where(and(eq(schema.notifications.kind, 'feedback_supported'), eq(schema.notifications.userId, local.user.id)));
    expect(toLocal).toHaveLength(0);
  });
});
