import { and, eq } from 'drizzle-orm';
import { schema } from '../../api/_lib/db';
import { FeedbackDetailSchema, FeedbackPageSchema } from '../../shared/feedback';
import { GridListSchema, StaffGridSchema } from '../../shared/places';
import { expectFieldError, expectProblem, startTestApp, tableCounts, type TestApp } from '../support/app';

const NOW = new Date('2026-11-27T02:00:00.000Z');
const report = { category: 'environment', title: '楼道堆放杂物', body: '楼道里堆了很多纸箱，堵住了消防通道。', public: true, anonymous: true };
const cardBody = (building: string) => ({
  address: { building, unit: '2 单元', room: '301' },
  householdSize: 2,
  careTags: [],
  emergencyContact: { name: '王建军', phone: '13800001234', relation: '子女' },
  consent: true,
});

describe('places: grids, buildings and 网格员', () => {
  let app: TestApp;
  let n = 0;
  let C1: string;
  let C2: string;
  let street: { token: string; user: { id: string } };
  /** A staff account limited to C1: the 网格员 in these tests. */
  let worker: { token: string; user: { id: string; displayName: string } };
  let otherStaff: { token: string; user: { id: string } };
  const resident = () => app.login('resident', `pl-${++n}`);

  beforeAll(async () => {
    app = await startTestApp({ env: { RATE_LIMIT_DISABLED: '1' } });
    app.setNow(NOW);
    street = await app.login('staff', 'pl-street');
    worker = await app.login('staff', 'pl-worker');
    otherStaff = await app.login('staff', 'pl-other');
    C1 = (await app.get('/api/me', worker.token)).body.communityId;
    C2 = (await app.get('/api/communities')).body.items.find((c: { id: string }) => c.id !== C1).id;
    await app.db.update(schema.users).set({ staffCommunityId: C1 }).where(eq(schema.users.id, worker.user.id));
    await app.db.update(schema.users).set({ staffCommunityId: C2 }).where(eq(schema.users.id, otherStaff.user.id));
  });
  afterAll(() => app.close());

  let gridSeq = 0;
  async function makeGrid(buildings: string[], withWorker = true, community = C1) {
    const body = { name: `测试网格${++gridSeq}`, buildings, worker: withWorker ? { userId: worker.user.id, phone: '0931-87654321' } : null };
    const r = await app.post(`/api/communities/${community}/grids`, body, street.token);
    expect(r.status).toBe(201);
    return StaffGridSchema.parse(r.body);
  }

  describe('grids CRUD and who may do it', () => {
    it('street staff add a grid with buildings and its 网格员; anyone reads it with the published work phone', async () => {
      const g = await makeGrid(['101号楼', '102 栋']);
      expect(g).toMatchObject({ communityId: C1, workerId: worker.user.id, gridWorker: { name: worker.user.displayName, phone: '0931-87654321' }, buildings: ['101号楼', '102 栋'] });
      const pub = await app.get(`/api/communities/${C1}/grids`);
      expect(pub.status).toBe(200);
      const listed = GridListSchema.parse(pub.body).find((x) => x.id === g.id)!;
      expect(listed).toEqual({ id: g.id, name: g.name, gridWorker: { name: worker.user.displayName, phone: '0931-87654321' }, buildings: ['101号楼', '102 栋'] });
      // The public list names no account, and never the account's own phone.
      expect(JSON.stringify(pub.body)).not.toContain(worker.user.id);
      const [acct] = await app.db.select({ phone: schema.users.phone }).from(schema.users).where(eq(schema.users.id, worker.user.id));
      expect(JSON.stringify(pub.body)).not.toContain(acct.phone!);
      // The communities list carries it too (the reader cache was told).
      const comm = (await app.get('/api/communities')).body.items.find((c: { id: string }) => c.id === C1);
      expect(comm.grids.find((x: { id: string }) => x.id === g.id)).toMatchObject({ workerName: worker.user.displayName, workerPhone: '0931-87654321' });
      const [audit] = await app.db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, 'grid.created'), eq(schema.auditLog.targetId, g.id)));
      expect(audit.actorId).toBe(street.user.id);
    });

    it('community staff manage their own community; another community answers 404; residents 403; nobody logged in 401', async () => {
      const body = { name: '本社区网格', buildings: ['201号楼'] };
      expect((await app.post(`/api/communities/${C1}/grids`, body, worker.token)).status).toBe(201);
      const r = await resident();
      const before = await tableCounts(app.db);
      expectProblem(await app.post(`/api/communities/${C1}/grids`, body, otherStaff.token), 404);
      expectProblem(await app.post(`/api/communities/${C1}/grids`, body, r.token), 403);
      expectProblem(await app.post(`/api/communities/${C1}/grids`, body), 401);
      expectProblem(await app.get(`/api/communities/${C1}/grid-workers`, otherStaff.token), 404);
      expectProblem(await app.get('/api/communities/not-a-uuid/grids'), 404);
      expect(await tableCounts(app.db)).toEqual(before);
    });

    it('refuses a resident as 网格员, a building of another grid and a repeated building (400 naming the field), changing nothing', async () => {
      await makeGrid(['301号楼']);
      const r = await resident();
      const before = await tableCounts(app.db);
      expectFieldError(await app.post(`/api/communities/${C1}/grids`, { name: 'x', worker: { userId: r.user.id, phone: '13800000000' } }, street.token), 'worker.userId');
      // Staff of another community cannot be this one's worker either.
      expectFieldError(await app.post(`/api/communities/${C1}/grids`, { name: 'x', worker: { userId: otherStaff.user.id, phone: '13800000000' } }, street.token), 'worker.userId');
      expectFieldError(await app.post(`/api/communities/${C1}/grids`, { name: 'x', buildings: ['301 号楼'] }, street.token), 'buildings');
      expectFieldError(await app.post(`/api/communities/${C1}/grids`, { name: 'x', buildings: ['5栋', '5号楼'] }, street.token), 'buildings');
      expectFieldError(await app.post(`/api/communities/${C1}/grids`, { name: 'x', worker: { userId: worker.user.id, phone: '12345' } }, street.token), 'worker.phone');
      expect(await tableCounts(app.db)).toEqual(before);
    });

    it('replaces buildings and worker (audited), lists candidates with their grids, and deletes a grid', async () => {
      const g = await makeGrid(['401号楼'], false);
      const cands = await app.get(`/api/communities/${C1}/grid-workers`, street.token);
      expect(cands.status).toBe(200);
      expect(cands.body.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([worker.user.id, street.user.id]));
      expect(cands.body.map((c: { id: string }) => c.id)).not.toContain(otherStaff.user.id);
      const put = await app.put(`/api/communities/${C1}/grids/${g.id}`, { name: g.name, buildings: ['401号楼', '402号楼'], worker: { userId: worker.user.id, phone: '13812345678' } }, worker.token);
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ buildings: ['401号楼', '402号楼'], gridWorker: { phone: '13812345678' } });
      const mine = (await app.get(`/api/communities/${C1}/grid-workers`, street.token)).body.find((c: { id: string }) => c.id === worker.user.id);
      expect(mine.gridIds).toContain(g.id);
      const [audit] = await app.db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, 'grid.worker_assigned'), eq(schema.auditLog.targetId, g.id)));
      expect(audit.subjectUserId).toBe(worker.user.id);
      expectProblem(await app.put(`/api/communities/${C2}/grids/${g.id}`, { name: 'x' }, street.token), 404);
      const del = await app.del(`/api/communities/${C1}/grids/${g.id}`, street.token);
      expect(del.body).toEqual({ id: g.id, deleted: true });
      expect(GridListSchema.parse((await app.get(`/api/communities/${C1}/grids`)).body).find((x) => x.id === g.id)).toBeUndefined();
      expect(await app.db.select().from(schema.gridBuildings).where(eq(schema.gridBuildings.gridId, g.id))).toEqual([]);
    });
  });

  describe('亲情卡', () => {
    it('shows the 网格员 of the grid its building is in, however the building is written; 待分配 (null) before', async () => {
      const a = await resident();
      const before = await app.put('/api/card', cardBody('501 号楼'), a.token);
      expect(before.status).toBe(200);
      expect(before.body.gridWorker).toBeNull();
      const g = await makeGrid(['501号楼']);
      // Filed after the card was written: the card shows it at once.
      const after = await app.get('/api/card', a.token);
      expect(after.body.grid).toEqual({ id: g.id, name: g.name });
      expect(after.body.gridWorker).toEqual({ name: worker.user.displayName, phone: '0931-87654321' });
    });
  });

  describe('place on reports and orders', () => {
    it('a building names the grid; the wall filters by community and grid; bad places are 400 naming the field', async () => {
      const g = await makeGrid(['601号楼']);
      const other = await makeGrid(['602号楼'], false);
      const a = await resident();
      const created = await app.post('/api/feedback', { ...report, place: { building: '601 号楼', lat: 36.06, lng: 103.83, address: '石楠路18号院601号楼' } }, a.token);
      expect(created.status).toBe(201);
      const detail = FeedbackDetailSchema.parse((await app.get(`/api/feedback/${created.body.id}`)).body);
      expect(detail).toMatchObject({ gridId: g.id, gridName: g.name, building: '601 号楼', latitude: 36.06, longitude: 103.83, location: '石楠路18号院601号楼', communityId: C1 });
      const inGrid = FeedbackPageSchema.parse((await app.get(`/api/feedback/wall?gridId=${g.id}&limit=100`)).body);
      expect(inGrid.items.map((x) => x.id)).toEqual([created.body.id]);
      expect(FeedbackPageSchema.parse((await app.get(`/api/feedback/wall?gridId=${other.id}`)).body).items).toEqual([]);
      expect((await app.get(`/api/feedback/wall?communityId=${C2}&limit=100`)).body.items.map((x: { id: string }) => x.id)).not.toContain(created.body.id);
      expect((await app.get(`/api/feedback/wall?communityId=${C1}&limit=100`)).body.items.map((x: { id: string }) => x.id)).toContain(created.body.id);

      // A picked grid with no building; Open311 carries the place.
      const picked = await app.post('/api/feedback', { ...report, place: { gridId: other.id } }, a.token);
      expect((await app.get(`/api/feedback/${picked.body.id}`)).body).toMatchObject({ gridId: other.id, building: null });
      const o311 = await app.get(`/api/open311/v2/requests/${created.body.code}.json`);
      expect(o311.body[0]).toMatchObject({ lat: 36.06, long: 103.83, address: '石楠路18号院601号楼' });

      const c2grid = await makeGrid(['603号楼'], false, C2);
      const before = await tableCounts(app.db);
      expectFieldError(await app.post('/api/feedback', { ...report, communityId: C1, place: { gridId: c2grid.id } }, a.token), 'place.gridId');
      expectFieldError(await app.post('/api/feedback', { ...report, place: { lat: 36.06 } }, a.token), 'place.lat');
      expectFieldError(await app.post('/api/feedback', { ...report, place: { building: '' } }, a.token), 'place.building');
      expectFieldError(await app.get(`/api/feedback/wall?gridId=nope`), 'gridId');
      expect(await tableCounts(app.db)).toEqual(before);
    });

    it('an order takes a place: the building gives its grid, shown like the address', async () => {
      const g = await makeGrid(['701号楼']);
      const service = await app.post(
        '/api/handbook',
        { category: 'elderly', title: '上门助老', summary: '上门帮忙', body: '每周一次。', requestable: true, serviceMinutes: 60 },
        street.token,
      );
      const a = await resident();
      const r = await app.post('/api/requests', { serviceId: service.body.id, description: '想请志愿者帮忙买菜。', place: { building: '701号楼', lat: 36.06, lng: 103.83 } }, a.token);
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ gridId: g.id, building: '701号楼', latitude: 36.06, longitude: 103.83 });
    });
  });

  describe('routing to the 网格员', () => {
    it("a new report in a grid reaches its worker's messages and 交给我的 inbox; other staff still see it in the community inbox", async () => {
      await makeGrid(['801号楼']);
      const a = await resident();
      const created = await app.post('/api/feedback', { ...report, title: '801号楼路灯不亮', place: { building: '801号楼' } }, a.token);
      const msgs = await app.get('/api/me/messages', worker.token);
      expect(msgs.body.items.find((m: { kind: string; body: string }) => m.kind === 'feedback_routed' && m.body.includes(created.body.code))).toBeTruthy();
      const mine = await app.get('/api/feedback/inbox?routedToMe=true&limit=100', worker.token);
      expect(mine.body.items.map((x: { id: string }) => x.id)).toContain(created.body.id);
      const streetMine = await app.get('/api/feedback/inbox?routedToMe=true&limit=100', street.token);
      expect(streetMine.body.items.map((x: { id: string }) => x.id)).not.toContain(created.body.id);
      const streetAll = await app.get('/api/feedback/inbox?status=open&limit=100', street.token);
      expect(streetAll.body.items.map((x: { id: string }) => x.id)).toContain(created.body.id);
      // Without a grid nobody is singled out.
      const loose = await app.post('/api/feedback', { ...report, place: { building: '无名楼' } }, a.token);
      const [row] = await app.db.select({ routedToId: schema.feedbackItems.routedToId }).from(schema.feedbackItems).where(eq(schema.feedbackItems.id, loose.body.id));
      expect(row.routedToId).toBeNull();
    });
  });

  describe('merge duplicates (POST /api/feedback/:id/merge)', () => {
    it('closes the duplicate as 重复, moves reporter and supporters to the target, says so on both, audited', async () => {
      const a = await resident();
      const b = await resident();
      const c = await resident();
      const d = await resident();
      const target = (await app.post('/api/feedback', { ...report, title: '东门路灯坏了' }, a.token)).body;
      const dup = (await app.post('/api/feedback', { ...report, title: '东门那盏路灯不亮' }, b.token)).body;
      expect((await app.post(`/api/feedback/${dup.id}/support`, {}, c.token)).status).toBe(200);
      // Already supports the target: counted once.
      expect((await app.post(`/api/feedback/${target.id}/support`, {}, d.token)).status).toBe(200);
      expect((await app.post(`/api/feedback/${dup.id}/support`, {}, d.token)).status).toBe(200);

      const r = await app.post(`/api/feedback/${dup.id}/merge`, { intoId: target.id }, street.token);
      expect(r.status).toBe(200);
      const merged = FeedbackDetailSchema.parse(r.body);
      expect(merged).toMatchObject({ status: 'closed', closeReason: 'duplicate', mergedInto: { id: target.id, code: target.code }, supportCount: 0, allowedActions: [] });
      expect(merged.replies.at(-1)!.body).toContain(target.code);
      const t = FeedbackDetailSchema.parse((await app.get(`/api/feedback/${target.id}`, a.token)).body);
      expect(t.supportCount).toBe(3);
      expect(t.replies.at(-1)!.body).toContain(dup.code);
      expect((await app.get(`/api/feedback/${target.id}`, b.token)).body.supported).toBe(true);
      expect((await app.get(`/api/feedback/${target.id}`, c.token)).body.supported).toBe(true);
      // The duplicate's reporter hears of the merge, then of the target's progress.
      const bMsgs = (await app.get('/api/me/messages', b.token)).body.items;
      expect(bMsgs.some((m: { title: string }) => m.title === '您反映的问题已合并办理')).toBe(true);
      await app.post(`/api/feedback/${target.id}/replies`, { body: '已联系物业更换灯泡。' }, street.token);
      expect((await app.get('/api/me/messages', b.token)).body.items.some((m: { body: string }) => m.body.includes('已联系物业'))).toBe(true);
      const [audit] = await app.db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, 'feedback.merged'), eq(schema.auditLog.targetId, dup.id)));
      expect(audit).toMatchObject({ actorId: street.user.id, detail: expect.objectContaining({ intoId: target.id, moved: 3, added: 2 }) });
      expect(FeedbackPageSchema.parse((await app.get('/api/feedback/wall?limit=100')).body).items.map((x) => x.id)).not.toContain(dup.id);
    });

    it('refuses: itself, a closed target, an already merged item, a target out of scope, residents; changing nothing', async () => {
      const a = await resident();
      const one = (await app.post('/api/feedback', report, a.token)).body;
      const two = (await app.post('/api/feedback', report, a.token)).body;
      const three = (await app.post('/api/feedback', report, a.token)).body;
      await app.post(`/api/feedback/${three.id}/reject`, { reason: '不属实' }, street.token);
      const c2 = await resident();
      await app.db.update(schema.users).set({ communityId: C2 }).where(eq(schema.users.id, c2.user.id));
      const far = (await app.post('/api/feedback', report, c2.token)).body;
      const before = await tableCounts(app.db);
      expectFieldError(await app.post(`/api/feedback/${one.id}/merge`, { intoId: one.id }, street.token), 'intoId');
      expectFieldError(await app.post(`/api/feedback/${one.id}/merge`, { intoId: three.id }, street.token), 'intoId');
      expectFieldError(await app.post(`/api/feedback/${one.id}/merge`, { intoId: 'nope' }, street.token), 'intoId');
      expectFieldError(await app.post(`/api/feedback/${one.id}/merge`, { intoId: far.id }, worker.token), 'intoId');
      expectProblem(await app.post(`/api/feedback/${one.id}/merge`, { intoId: two.id }, otherStaff.token), 404);
      expectProblem(await app.post(`/api/feedback/${one.id}/merge`, { intoId: two.id }, a.token), 403);
      expect(await tableCounts(app.db)).toEqual(before);
      expect((await app.post(`/api/feedback/${one.id}/merge`, { intoId: two.id }, street.token)).status).toBe(200);
      expectProblem(await app.post(`/api/feedback/${one.id}/merge`, { intoId: two.id }, street.token), 409, 'INVALID_STATE');
    });
  });

  describe('personal data', () => {
    it("a 网格员's export lists their grids; deleting the account takes them off the grid", async () => {
      const w = await app.login('staff', `pl-leaver-${++n}`);
      await app.db.update(schema.users).set({ staffCommunityId: C1 }).where(eq(schema.users.id, w.user.id));
      const g = (await app.post(`/api/communities/${C1}/grids`, { name: '离职测试网格', buildings: ['901号楼'], worker: { userId: w.user.id, phone: '13899990000' } }, street.token)).body;
      const exp = await app.get('/api/me/export', w.token);
      expect(exp.body.gridsAsWorker).toEqual([expect.objectContaining({ grid: '离职测试网格', workPhone: '13899990000' })]);
      expect((await app.del('/api/me', w.token)).status).toBe(200);
      const listed = GridListSchema.parse((await app.get(`/api/communities/${C1}/grids`)).body).find((x) => x.id === g.id)!;
      expect(listed.gridWorker).toBeNull();
    });
  });
});
