import { eq } from 'drizzle-orm';
import { schema } from '../../api/_lib/db';
import { anonymiseFeedbackReporter, closeStaleResolved, markOverdue } from '../../api/_lib/services/feedback';
import { FeedbackDetailSchema, FeedbackPageSchema } from '../../shared/feedback';
import { expectFieldError, expectProblem, startTestApp, tableCounts, type TestApp } from '../support/app';
import { startFakeWechat, type FakeWechat } from '../support/fake-wechat';
import { onPostgres } from '../support/test-db';

const NOW = new Date('2026-11-27T02:00:00.000Z'); // 10:00 in the street
const DAY = 86_400_000;
const inDays = (n: number) => new Date(NOW.getTime() + n * DAY).toISOString();

const base = {
  category: 'environment',
  title: '3号楼楼道堆放杂物',
  body: '3号楼2单元楼道里堆了很多纸箱和旧家具，堵住了消防通道，老人上下楼很不方便。',
  location: '石楠社区3号楼2单元',
  public: true,
  anonymous: true,
};

describe('feedback (local mode)', () => {
  let app: TestApp;
  let streetStaff: { token: string; user: any };
  let communities: { id: string; name: string }[];
  let handle = 0;
  /** A fresh resident per report keeps the per-user report rate limit out of the way. */
  const resident = async (name?: string) => {
    const r = await app.login('resident', `fb-${++handle}`);
    if (name) await app.patch('/api/me', { displayName: name }, r.token);
    return r;
  };
  const report = async (token: string, overrides: Record<string, unknown> = {}) => {
    const res = await app.post('/api/feedback', { ...base, ...overrides }, token);
    if (res.status !== 201) throw new Error(`report failed: ${res.status} ${res.text}`);
    return res.body as { id: string; code: string; status: string };
  };
  const assign = (id: string, token: string, deadlineDays = 5) =>
    app.post(`/api/feedback/${id}/assign`, { responsibleParty: '石楠社区物业服务中心', measures: '三日内清理楼道杂物，设置提示牌', deadline: inDays(deadlineDays) }, token);

  beforeAll(async () => {
    app = await startTestApp();
    app.setNow(NOW);
    streetStaff = await app.login('staff', 'fb-street');
    communities = (await app.get('/api/communities')).body.items;
  });
  afterAll(() => app.close());

  it('lists the categories with keys and Chinese names', async () => {
    const r = await app.get('/api/feedback/categories');
    expect(r.status).toBe(200);
    const names = r.body.map((c: any) => c.name);
    expect(names).toEqual(expect.arrayContaining(['环境卫生', '物业管理', '道路交通', '治安安全', '邻里纠纷', '公共设施', '养老服务', '其他']));
    expect(r.body[0]).toEqual({ key: 'environment', name: '环境卫生', description: expect.any(String) });
  });

  it('creates an item with a WT code of the street day, visible to its reporter', async () => {
    const me = await resident();
    const created = await app.post('/api/feedback', base, me.token);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), code: expect.stringMatching(/^WT-20261127-\d{4}$/), status: 'submitted' });
    const mine = await app.get('/api/feedback/mine', me.token);
    expect(FeedbackPageSchema.parse(mine.body).items.map((i) => i.id)).toEqual([created.body.id]);
    const detail = await app.get(`/api/feedback/${created.body.id}`, me.token);
    expect(FeedbackDetailSchema.parse(detail.body)).toMatchObject({ mine: true, status: 'submitted', statusName: '待受理', canRate: false, canReply: true, categoryName: '环境卫生' });
    expect(detail.body.createdAt).toMatch(/\+08:00$/);
    expect(detail.body.communityId).toBe(me.user.communityId);
    // The code addresses it too.
    expect((await app.get(`/api/feedback/${created.body.code}`, me.token)).body.id).toBe(created.body.id);
  });

  it('refuses bad input naming the field, and stores nothing', async () => {
    const me = await resident();
    const before = await tableCounts(app.db);
    expectFieldError(await app.post('/api/feedback', { ...base, title: '   ' }, me.token), 'title');
    expectFieldError(await app.post('/api/feedback', { ...base, body: '长'.repeat(2001) }, me.token), 'body');
    expectFieldError(await app.post('/api/feedback', { ...base, category: 'ufo' }, me.token), 'category');
    expectFieldError(await app.post('/api/feedback', { ...base, location: '地'.repeat(201) }, me.token), 'location');
    expectFieldError(await app.post('/api/feedback', { ...base, public: 'yes' }, me.token), 'public');
    expectFieldError(await app.post('/api/feedback', { ...base, communityId: '00000000-0000-4000-8000-000000000000' }, me.token), 'communityId');
    expectProblem(await app.post('/api/feedback', base), 401, 'UNAUTHORIZED');
    expect(await tableCounts(app.db)).toEqual(before);
    // Exactly 2,000 characters is allowed.
    expect((await app.post('/api/feedback', { ...base, body: '长'.repeat(2000) }, me.token)).status).toBe(201);
  });

  it('refuses content on the local word list with 422 and keeps nothing', async () => {
    const me = await resident();
    const before = await tableCounts(app.db);
    const r = expectProblem(await app.post('/api/feedback', { ...base, body: '小区里有人代开发票' }, me.token), 422, 'CONTENT_REFUSED');
    expect(r.detail).toMatch(/修改/);
    expectProblem(await app.post('/api/feedback', { ...base, location: '楼下小卡片写着色情服务' }, me.token), 422, 'CONTENT_REFUSED');
    expect(await tableCounts(app.db)).toEqual(before);
    const item = await report(me.token);
    const counts = await tableCounts(app.db);
    expectProblem(await app.post(`/api/feedback/${item.id}/replies`, { body: '代开发票' }, me.token), 422, 'CONTENT_REFUSED');
    expect(await tableCounts(app.db)).toEqual(counts);
  });

  it('refuses disguised word-list content: zero-width, soft hyphen, word joiner, spaces, full-width and traditional forms', async () => {
    const me = await resident();
    // Fresh residents are logged in below (users rows); no feedback may be stored.
    const before = (await tableCounts(app.db)).feedback_items;
    for (const disguised of [
      '法\u200d轮功',
      '法\u200b轮\u200c功',
      '法\u00ad轮\u00ad功',
      '法\u2060轮\u2060功',
      '法\ufeff轮功',
      '法 轮 功',
      '法\u3000轮\u3000功',
      '法\t轮\n功',
      '法輪功',
      '法\u200d輪 功',
      '代開發票',
      '辦證刻章',
      '私彩代購',
    ]) {
      // A fresh resident each: refusals count toward the per-user report limit.
      const res = await app.post('/api/feedback', { ...base, body: `小区里有人宣传${disguised}，请处理。` }, (await resident()).token);
      if (res.status !== 422) throw new Error(`${JSON.stringify(disguised)} got through: ${res.status}`);
      expectProblem(res, 422, 'CONTENT_REFUSED');
    }
    expectProblem(await app.post('/api/feedback', { ...base, title: '代\u00ad开\u00ad发\u00ad票' }, me.token), 422, 'CONTENT_REFUSED');
    expect((await tableCounts(app.db)).feedback_items).toBe(before);
    // Ordinary text with the same characters apart is still fine.
    expect((await app.post('/api/feedback', { ...base, body: '法律援助中心在轮值，功能室开放。' }, me.token)).status).toBe(201);
  });

  it('creates once for a repeated Idempotency-Key', async () => {
    const me = await resident();
    const headers = { 'Idempotency-Key': 'fb-idem-0001-abcdef' };
    const a = await app.post('/api/feedback', base, me.token, headers);
    const before = await tableCounts(app.db);
    const b = await app.post('/api/feedback', base, me.token, headers);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body).toEqual(a.body);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect((await tableCounts(app.db)).feedback_items).toBe(before.feedback_items);
    const mine = await app.get('/api/feedback/mine', me.token);
    expect(mine.body.items).toHaveLength(1);
  });

  it('runs the whole life: assign → wall → reply → resolve → echo → 不满意 reopens → resolve → 不满意 closes', async () => {
    const me = await resident('林阿姨');
    const other = await resident();
    const item = await report(me.token, { anonymous: false });

    // Assign: refused for residents, for a past deadline, then done.
    expectProblem(await assign(item.id, me.token), 403, 'FORBIDDEN');
    const counts = await tableCounts(app.db);
    expectFieldError(await app.post(`/api/feedback/${item.id}/assign`, { responsibleParty: '物业', measures: '清理', deadline: inDays(-1) }, streetStaff.token), 'deadline');
    expectFieldError(await app.post(`/api/feedback/${item.id}/assign`, { responsibleParty: '物业', measures: '清理', deadline: '下周' }, streetStaff.token), 'deadline');
    expectFieldError(await app.post(`/api/feedback/${item.id}/assign`, { responsibleParty: '', measures: '清理', deadline: inDays(3) }, streetStaff.token), 'responsibleParty');
    expect(await tableCounts(app.db)).toEqual(counts);
    const assigned = await assign(item.id, streetStaff.token, 5);
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'in_progress', responsibleParty: '石楠社区物业服务中心', daysLeft: 5, overdue: false });
    expect(assigned.body.reporter).toMatchObject({ id: me.user.id, displayName: '林阿姨' });
    expect(assigned.body.allowedActions).toEqual(['reply', 'assign', 'resolve', 'reject']);

    // On the problem wall with its deadline and the name the reporter chose to show.
    const wall = FeedbackPageSchema.parse((await app.get('/api/feedback/wall?limit=100')).body);
    const onWall = wall.items.find((i) => i.id === item.id)!;
    expect(onWall).toMatchObject({ deadline: expect.stringMatching(/^2026-12-02T.*\+08:00$/), measures: expect.any(String), reporterName: '林阿姨' });

    // Thread: staff reply notifies the reporter; the reporter answers; others may not.
    const reply = await app.post(`/api/feedback/${item.id}/replies`, { body: '您好，网格员已到现场查看。' }, streetStaff.token);
    expect(reply.status).toBe(201);
    expect((await app.post(`/api/feedback/${item.id}/replies`, { body: '谢谢，辛苦了' }, me.token)).status).toBe(201);
    expectProblem(await app.post(`/api/feedback/${item.id}/replies`, { body: '我也觉得' }, other.token), 403);
    expectFieldError(await app.post(`/api/feedback/${item.id}/replies`, { body: '' }, me.token), 'body');
    const notes = await app.db.select().from(schema.notifications).where(eq(schema.notifications.userId, me.user.id));
    expect(notes.map((n) => n.kind)).toEqual(expect.arrayContaining(['feedback_replied']));
    const pub = await app.get(`/api/feedback/${item.id}`);
    expect(pub.body.replies.map((r: any) => [r.authorRole, r.body])).toEqual(
      expect.arrayContaining([
        ['staff', '您好，网格员已到现场查看。'],
        ['reporter', '谢谢，辛苦了'],
      ]),
    );
    expect(pub.body).toMatchObject({ mine: false, canReply: false, canRate: false });

    // Resolve → echo wall; the reporter is told.
    expectProblem(await app.post(`/api/feedback/${item.id}/resolve`, { result: '已清理' }, me.token), 403);
    expectFieldError(await app.post(`/api/feedback/${item.id}/resolve`, { result: ' ' }, streetStaff.token), 'result');
    const resolved = await app.post(`/api/feedback/${item.id}/resolve`, { result: '楼道杂物已全部清理，张贴了禁止堆放提示。' }, streetStaff.token);
    expect(resolved.body).toMatchObject({ status: 'resolved', result: expect.any(String) });
    const kinds = (await app.db.select().from(schema.notifications).where(eq(schema.notifications.userId, me.user.id))).map((n) => n.kind);
    expect(kinds).toContain('feedback_resolved');
    expect((await app.get('/api/feedback/echo?limit=100')).body.items.map((i: any) => i.id)).toContain(item.id);
    expect((await app.get('/api/feedback/wall?limit=100')).body.items.map((i: any) => i.id)).not.toContain(item.id);

    // Only the reporter rates.
    expectProblem(await app.post(`/api/feedback/${item.id}/rate`, { rating: 'satisfied' }, other.token), 403);
    expectProblem(await app.post(`/api/feedback/${item.id}/rate`, { rating: 'satisfied' }, streetStaff.token), 403);
    expectFieldError(await app.post(`/api/feedback/${item.id}/rate`, { rating: 'great' }, me.token), 'rating');
    const toRate = (await app.get(`/api/feedback/${item.id}`, me.token)).body;
    expect(toRate).toMatchObject({ canRate: true, allowedActions: ['reply', 'rate'] });
    expect((await app.get(`/api/feedback/${item.id}`)).body.allowedActions).toEqual([]);

    // First 不满意 reopens, back on the problem wall.
    const first = await app.post(`/api/feedback/${item.id}/rate`, { rating: 'unsatisfied', comment: '杂物又堆回来了' }, me.token);
    expect(first.body).toEqual({ id: item.id, status: 'in_progress', reopened: true });
    const reopened = (await app.get(`/api/feedback/${item.id}`, me.token)).body;
    expect(reopened).toMatchObject({ status: 'in_progress', reopenCount: 1, result: null, rating: null });
    expect(reopened.replies.some((r: any) => r.authorRole === 'system' && /不满意.*重新办理/.test(r.body))).toBe(true);
    expect((await app.get('/api/feedback/wall?limit=100')).body.items.map((i: any) => i.id)).toContain(item.id);
    expectProblem(await app.post(`/api/feedback/${item.id}/rate`, { rating: 'satisfied' }, me.token), 409, 'INVALID_STATE');

    // Second resolve and second 不满意 close it as unsatisfied, still on the echo wall.
    await app.post(`/api/feedback/${item.id}/resolve`, { result: '安排物业每日巡查。' }, streetStaff.token);
    const second = await app.post(`/api/feedback/${item.id}/rate`, { rating: 'unsatisfied' }, me.token);
    expect(second.body).toEqual({ id: item.id, status: 'closed', reopened: false });
    const closed = (await app.get(`/api/feedback/${item.id}`)).body;
    expect(closed).toMatchObject({ status: 'closed', rating: 'unsatisfied', ratingName: '不满意', closeReason: 'unsatisfied' });
    expect((await app.get('/api/feedback/echo?limit=100')).body.items.find((i: any) => i.id === item.id)).toMatchObject({ rating: 'unsatisfied' });

    // The audit log has every staff step.
    const audit = await app.db.select().from(schema.auditLog).where(eq(schema.auditLog.targetId, item.id));
    expect(audit.map((a) => a.action).sort()).toEqual(['feedback.assigned', 'feedback.replied', 'feedback.resolved', 'feedback.resolved'].sort());
  });

  it('closes on 满意 and answers 409 for every transition the state does not allow', async () => {
    const me = await resident();
    const item = await report(me.token);
    expectProblem(await app.post(`/api/feedback/${item.id}/resolve`, { result: '好了' }, streetStaff.token), 409, 'INVALID_STATE');
    expectProblem(await app.post(`/api/feedback/${item.id}/rate`, { rating: 'satisfied' }, me.token), 409, 'INVALID_STATE');
    await assign(item.id, streetStaff.token);
    // Re-assigning while in progress updates the plan.
    expect((await assign(item.id, streetStaff.token, 10)).body.daysLeft).toBe(10);
    expectProblem(await app.post(`/api/feedback/${item.id}/rate`, { rating: 'satisfied' }, me.token), 409, 'INVALID_STATE');
    await app.post(`/api/feedback/${item.id}/resolve`, { result: '已清理完毕' }, streetStaff.token);
    expectProblem(await app.post(`/api/feedback/${item.id}/resolve`, { result: '又清理' }, streetStaff.token), 409, 'INVALID_STATE');
    expectProblem(await assign(item.id, streetStaff.token), 409, 'INVALID_STATE');
    expectProblem(await app.post(`/api/feedback/${item.id}/reject`, { reason: '不属实' }, streetStaff.token), 409, 'INVALID_STATE');
    const ok = await app.post(`/api/feedback/${item.id}/rate`, { rating: 'satisfied', comment: '清理得很干净' }, me.token);
    expect(ok.body).toEqual({ id: item.id, status: 'closed', reopened: false });
    const counts = await tableCounts(app.db);
    expectProblem(await app.post(`/api/feedback/${item.id}/rate`, { rating: 'basically_satisfied' }, me.token), 409, 'INVALID_STATE');
    expectProblem(await app.post(`/api/feedback/${item.id}/replies`, { body: '再补充一句' }, me.token), 409, 'INVALID_STATE');
    expectProblem(await app.post(`/api/feedback/${item.id}/replies`, { body: '再补充一句' }, streetStaff.token), 409, 'INVALID_STATE');
    expect(await tableCounts(app.db)).toEqual(counts);
    const echo = (await app.get('/api/feedback/echo?limit=100')).body.items.find((i: any) => i.id === item.id);
    expect(echo).toMatchObject({ rating: 'satisfied', ratingName: '满意', ratingComment: '清理得很干净', result: '已清理完毕', status: 'closed' });
  });

  it('rejects from submitted and from in progress with a reason, off the walls', async () => {
    const me = await resident();
    const a = await report(me.token);
    expectFieldError(await app.post(`/api/feedback/${a.id}/reject`, {}, streetStaff.token), 'reason');
    expectProblem(await app.post(`/api/feedback/${a.id}/reject`, { reason: '重复' }, me.token), 403);
    const r = await app.post(`/api/feedback/${a.id}/reject`, { reason: '属于市政管辖，已转12345热线' }, streetStaff.token);
    expect(r.body).toMatchObject({ status: 'rejected', statusName: '不予受理', rejectReason: '属于市政管辖，已转12345热线' });
    expectProblem(await app.post(`/api/feedback/${a.id}/reject`, { reason: '再拒' }, streetStaff.token), 409, 'INVALID_STATE');
    expectProblem(await assign(a.id, streetStaff.token), 409, 'INVALID_STATE');
    expectProblem(await app.get(`/api/feedback/${a.id}`), 404);
    expect((await app.get(`/api/feedback/${a.id}`, me.token)).body.rejectReason).toMatch(/12345/);
    const b = await report((await resident()).token);
    await assign(b.id, streetStaff.token);
    expect((await app.post(`/api/feedback/${b.id}/reject`, { reason: '经核实不属实' }, streetStaff.token)).body.status).toBe('rejected');
    const wall = (await app.get('/api/feedback/wall?limit=100')).body.items.map((i: any) => i.id);
    expect(wall).not.toContain(a.id);
    expect(wall).not.toContain(b.id);
  });

  it('keeps private items off the walls and hides them from everyone but the reporter and staff', async () => {
    const me = await resident();
    const other = await resident();
    const item = await report(me.token, { public: false, title: '家中独居老人需要关注' });
    await assign(item.id, streetStaff.token);
    expect((await app.get('/api/feedback/wall?limit=100')).body.items.map((i: any) => i.id)).not.toContain(item.id);
    expectProblem(await app.get(`/api/feedback/${item.id}`, other.token), 404, 'NOT_FOUND');
    expectProblem(await app.get(`/api/feedback/${item.id}`), 404, 'NOT_FOUND');
    expectProblem(await app.post(`/api/feedback/${item.id}/replies`, { body: '看看' }, other.token), 404);
    expectProblem(await app.post(`/api/feedback/${item.id}/rate`, { rating: 'satisfied' }, other.token), 404);
    expect((await app.get(`/api/feedback/${item.id}`, me.token)).body.isPublic).toBe(false);
    expect((await app.get(`/api/feedback/${item.id}`, streetStaff.token)).body.reporter.id).toBe(me.user.id);
    await app.post(`/api/feedback/${item.id}/resolve`, { result: '已安排网格员每周上门探访' }, streetStaff.token);
    expect((await app.get('/api/feedback/echo?limit=100')).body.items.map((i: any) => i.id)).not.toContain(item.id);
    expectFieldError(await app.get('/api/feedback/not-an-id'), 'id');
    expectProblem(await app.get('/api/feedback/00000000-0000-4000-8000-000000000000'), 404);
  });

  it('never shows who reported on any public route unless they chose to', async () => {
    const secretName = '隐名居民甲乙丙';
    const me = await resident(secretName);
    const item = await report(me.token, { title: '路灯不亮', category: 'traffic' });
    await assign(item.id, streetStaff.token);
    await app.post(`/api/feedback/${item.id}/replies`, { body: '谢谢关注' }, me.token);
    const resolvedItem = await report(me.token, { title: '健身器材损坏', category: 'facilities' });
    await assign(resolvedItem.id, streetStaff.token);
    await app.post(`/api/feedback/${resolvedItem.id}/resolve`, { result: '已更换新器材' }, streetStaff.token);
    await app.post(`/api/feedback/${resolvedItem.id}/rate`, { rating: 'satisfied' }, me.token);
    const other = await resident();
    const routes = [
      '/api/feedback/wall?limit=100',
      '/api/feedback/echo?limit=100',
      `/api/feedback/${item.id}`,
      `/api/feedback/${resolvedItem.id}`,
      '/api/feedback/stats',
      '/api/feedback/categories',
      '/api/open311/v2/services.json',
      '/api/open311/v2/requests.json',
      `/api/open311/v2/requests/${item.code}.json`,
      `/api/open311/v2/requests/${resolvedItem.code}.json`,
    ];
    for (const route of routes) {
      for (const token of [null, other.token]) {
        const res = await app.get(route, token);
        expect(res.status).toBe(200);
        expect(res.text).not.toContain(me.user.id);
        expect(res.text).not.toContain(secretName);
        expect(res.text).not.toMatch(/reporterId|reporter_id|"reporter":|openid|phone/);
      }
    }
    // Shown by choice: the display name, never the id.
    const named = await report((await resident('赵大爷')).token, { anonymous: false, title: '垃圾桶满溢' });
    const res = await app.get(`/api/feedback/${named.id}`);
    expect(res.body.reporterName).toBe('赵大爷');
    expect(res.body.reporter).toBeUndefined();
  });

  it('keeps a deleted account’s items on the wall, anonymised', async () => {
    const me = await resident('钱奶奶');
    const item = await report(me.token, { anonymous: false, title: '小区门口积水' });
    await assign(item.id, streetStaff.token);
    expect((await app.get(`/api/feedback/${item.id}`)).body.reporterName).toBe('钱奶奶');
    // Soft deletion alone already hides the name.
    await app.db.update(schema.users).set({ deletedAt: NOW }).where(eq(schema.users.id, me.user.id));
    expect((await app.get(`/api/feedback/${item.id}`)).body.reporterName).toBeNull();
    await anonymiseFeedbackReporter(app.db, me.user.id);
    const [row] = await app.db.select().from(schema.feedbackItems).where(eq(schema.feedbackItems.id, item.id));
    expect(row).toMatchObject({ reporterId: null, reporterName: null, anonymous: true });
    const wall = await app.get('/api/feedback/wall?limit=100');
    expect(wall.body.items.find((i: any) => i.id === item.id)).toMatchObject({ reporterName: null, title: '小区门口积水' });
    expect(wall.text).not.toContain('钱奶奶');
  });

  it('limits community staff to their community; street staff see all; inbox filters work', async () => {
    const [home, away] = communities;
    const scoped = await app.login('staff', 'fb-scoped');
    await app.db.update(schema.users).set({ staffCommunityId: away.id }).where(eq(schema.users.id, scoped.user.id));
    const me = await resident();
    const mine = await report(me.token, { communityId: home.id, public: false, category: 'security', title: '电动车楼道充电' });
    const theirs = await report((await resident()).token, { communityId: away.id, category: 'elderly', title: '老年食堂饭菜偏咸' });

    const scopedInbox = await app.get('/api/feedback/inbox?limit=100', scoped.token);
    expect(scopedInbox.status).toBe(200);
    const ids = scopedInbox.body.items.map((i: any) => i.id);
    expect(ids).toContain(theirs.id);
    expect(ids).not.toContain(mine.id);
    expect(scopedInbox.body.items.every((i: any) => i.communityId === away.id)).toBe(true);
    expectProblem(await app.get(`/api/feedback/${mine.id}`, scoped.token), 404);
    expectProblem(await assign(mine.id, scoped.token), 404);
    expectProblem(await app.post(`/api/feedback/${mine.id}/reject`, { reason: 'x' }, scoped.token), 404);
    expectProblem(await app.post(`/api/feedback/${mine.id}/replies`, { body: 'x' }, scoped.token), 404);
    expect((await assign(theirs.id, scoped.token)).status).toBe(200);

    const all = (await app.get('/api/feedback/inbox?limit=100', streetStaff.token)).body.items.map((i: any) => i.id);
    expect(all).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    const byCategory = (await app.get('/api/feedback/inbox?limit=100&category=security', streetStaff.token)).body.items;
    expect(byCategory.length).toBeGreaterThan(0);
    expect(byCategory.every((i: any) => i.category === 'security')).toBe(true);
    const byStatus = (await app.get('/api/feedback/inbox?limit=100&status=submitted', streetStaff.token)).body.items;
    expect(byStatus.every((i: any) => i.status === 'submitted')).toBe(true);
    expect(byStatus.map((i: any) => i.id)).toContain(mine.id);
    const byCommunity = (await app.get(`/api/feedback/inbox?limit=100&communityId=${away.id}`, streetStaff.token)).body.items;
    expect(byCommunity.every((i: any) => i.communityId === away.id)).toBe(true);
    const open = (await app.get('/api/feedback/inbox?limit=100&status=open', streetStaff.token)).body.items;
    expect(open.every((i: any) => ['submitted', 'in_progress'].includes(i.status))).toBe(true);

    expectProblem(await app.get('/api/feedback/inbox', me.token), 403);
    expectProblem(await app.get('/api/feedback/inbox'), 401);
    expectFieldError(await app.get('/api/feedback/inbox?limit=101', streetStaff.token), 'limit');
    expectFieldError(await app.get('/api/feedback/inbox?status=done', streetStaff.token), 'status');
    expectFieldError(await app.get('/api/feedback/wall?limit=500'), 'limit');
  });

  it('pages the walls with a cursor', async () => {
    const page1 = await app.get('/api/feedback/wall?limit=2');
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await app.get(`/api/feedback/wall?limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((i: any) => i.id)).not.toEqual(expect.arrayContaining(page1.body.items.map((i: any) => i.id)));
    expectFieldError(await app.get('/api/feedback/wall?cursor=garbage'), 'cursor');
    const all = (await app.get('/api/feedback/mine?limit=1', (await resident()).token)).body;
    expect(all).toEqual({ items: [], nextCursor: null });
  });

  it('flags overdue items on fixed dates, and the cron helpers mark and close exactly once', async () => {
    const t0 = new Date('2026-12-01T02:00:00.000Z');
    app.setNow(t0);
    try {
      const me = await resident();
      const late = await report(me.token, { title: '下水道堵塞' });
      await app.post(`/api/feedback/${late.id}/assign`, { responsibleParty: '市政养护所', measures: '疏通管道', deadline: '2026-12-03T18:00:00+08:00' }, streetStaff.token);
      app.setNow(new Date('2026-12-03T09:59:00.000Z')); // 17:59 street time, a minute before
      let wallItem = (await app.get('/api/feedback/wall?limit=100')).body.items.find((i: any) => i.id === late.id);
      expect(wallItem).toMatchObject({ overdue: false, daysLeft: 0 });
      expect((await markOverdue(app.db, new Date('2026-12-03T09:59:00.000Z'))).map((m) => m.id)).not.toContain(late.id);
      const after = new Date('2026-12-04T03:00:00.000Z');
      app.setNow(after);
      wallItem = (await app.get('/api/feedback/wall?limit=100')).body.items.find((i: any) => i.id === late.id);
      expect(wallItem).toMatchObject({ overdue: true, daysLeft: -1 });
      const overdueInbox = (await app.get('/api/feedback/inbox?overdue=true&limit=100', streetStaff.token)).body.items;
      expect(overdueInbox.map((i: any) => i.id)).toContain(late.id);
      expect(overdueInbox.every((i: any) => i.overdue)).toBe(true);
      expect((await app.get('/api/feedback/inbox?overdue=false&limit=100', streetStaff.token)).body.items.map((i: any) => i.id)).not.toContain(late.id);
      const marked = await markOverdue(app.db, after);
      expect(marked.map((m) => m.id)).toContain(late.id);
      expect(marked.find((m) => m.id === late.id)).toMatchObject({ code: late.code, responsibleParty: '市政养护所', deadline: '2026-12-03T18:00:00.000+08:00' });
      expect((await markOverdue(app.db, after)).map((m) => m.id)).not.toContain(late.id);

      // Resolved and unrated for 7 days → closed as unrated, once.
      await app.post(`/api/feedback/${late.id}/resolve`, { result: '管道已疏通' }, streetStaff.token);
      expect((await closeStaleResolved(app.db, new Date(after.getTime() + 6 * DAY))).closed.map((c) => c.id)).not.toContain(late.id);
      const week = new Date(after.getTime() + 7 * DAY);
      expect((await closeStaleResolved(app.db, week)).closed.map((c) => c.id)).toContain(late.id);
      expect((await closeStaleResolved(app.db, week)).closed.map((c) => c.id)).not.toContain(late.id);
      app.setNow(week);
      const closed = (await app.get(`/api/feedback/${late.id}`)).body;
      expect(closed).toMatchObject({ status: 'closed', closeReason: 'unrated', rating: null, overdue: false });
      expectProblem(await app.post(`/api/feedback/${late.id}/rate`, { rating: 'satisfied' }, me.token), 409, 'INVALID_STATE');
    } finally {
      app.setNow(NOW);
    }
  });

  (onPostgres() ? it : it.skip)('gives distinct codes and one state change under concurrency (PostgreSQL)', async () => {
    const users = await Promise.all(Array.from({ length: 8 }, () => resident()));
    const created = await Promise.all(users.map((u) => app.post('/api/feedback', base, u.token)));
    expect(created.every((c) => c.status === 201)).toBe(true);
    expect(new Set(created.map((c) => c.body.code)).size).toBe(8);
    const id = created[0].body.id;
    await assign(id, streetStaff.token);
    const resolves = await Promise.all(Array.from({ length: 6 }, (_, i) => app.post(`/api/feedback/${id}/resolve`, { result: `结果${i}` }, streetStaff.token)));
    expect(resolves.filter((r) => r.status === 200)).toHaveLength(1);
    expect(resolves.filter((r) => r.status === 409)).toHaveLength(5);
  });
});

describe('feedback content check (connected mode, fake WeChat)', () => {
  let app: TestApp;
  let fake: FakeWechat;
  beforeAll(async () => {
    fake = await startFakeWechat();
    app = await startTestApp({
      env: { WECHAT_APPID: 'wx-test-app', WECHAT_SECRET: 'wx-test-secret', WECHAT_API_BASE: fake.url, SESSION_SECRET: 'connected-mode-session-secret-0123456789' },
    });
  });
  afterAll(async () => {
    await app.close();
    await fake.close();
  });

  it('asks msgSecCheck, refuses risky text with 422, and stores nothing; WeChat down → 503', async () => {
    fake.codes.set('code-1', 'openid-1');
    const login = await app.post('/api/auth/login', { code: 'code-1' });
    expect(login.status).toBe(200);
    const token = login.body.token;
    const before = await tableCounts(app.db);
    expectProblem(await app.post('/api/feedback', { ...base, body: '这里有违禁词' }, token), 422, 'CONTENT_REFUSED');
    const checks = fake.calls.filter((c) => c.path === '/wxa/msg_sec_check');
    // One check, or two when a cached access token had to be refreshed (40001) on the way.
    expect(checks.length).toBeGreaterThanOrEqual(1);
    expect(checks.at(-1)!.body).toMatchObject({ openid: 'openid-1', version: 2, content: expect.stringContaining('违禁词') });
    expect(await tableCounts(app.db)).toEqual(before);

    fake.down = true;
    try {
      expectProblem(await app.post('/api/feedback', base, token), 503, 'WECHAT_UNAVAILABLE');
      expect(await tableCounts(app.db)).toEqual(before);
    } finally {
      fake.down = false;
    }

    const ok = await app.post('/api/feedback', base, token);
    expect(ok.status).toBe(201);
    expect((await app.get(`/api/feedback/${ok.body.id}`, token)).body.mine).toBe(true);
    // Connected mode has no demo log-in.
    expectProblem(await app.post('/api/auth/demo-login', { persona: 'resident' }), 404);
  });
});
