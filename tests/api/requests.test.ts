import { and, eq } from 'drizzle-orm';
import { schema } from '../../api/_lib/db';
import { streetYear, toStreetIso } from '../../shared/time';
import { REQUEST_ACTIONS, REQUEST_STATUSES, type RequestAction, type RequestStatus } from '../../shared/requests';
import { expectFieldError, expectProblem, startTestApp, tableCounts, type TestApp } from '../support/app';

let app: TestApp;
type Who = { token: string; user: any };
let owner: Who;
let other: Who;
let vol1: Who;
let vol2: Who;
let staff: Who;
let serviceId: string;
let hiddenServiceId: string;
let unpublishedServiceId: string;

async function addService(values: Partial<typeof schema.handbookEntries.$inferInsert>) {
  const [row] = await app.db
    .insert(schema.handbookEntries)
    .values({ category: 'yanglao', title: '上门助老', summary: '为独居老人上门送餐、打扫', body: '红夕阳志愿者上门服务', ...values })
    .returning({ id: schema.handbookEntries.id });
  return row.id;
}

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMIT_DISABLED: '1' } });
  serviceId = await addService({ title: '上门助老', requestable: true, serviceMinutes: 90, sortOrder: 1 });
  await addService({ title: '理发服务', category: 'yanglao', requestable: true, serviceMinutes: 45, sortOrder: 2 });
  hiddenServiceId = await addService({ title: '低保申请', category: 'minzheng', requestable: false });
  unpublishedServiceId = await addService({ title: '已下架服务', requestable: true, published: false });
  owner = await app.login('resident', 'rq-owner');
  other = await app.login('resident', 'rq-other');
  vol1 = await app.login('volunteer', 'rq-v1');
  vol2 = await app.login('volunteer', 'rq-v2');
  staff = await app.login('staff', 'rq-staff');
});
afterAll(() => app.close());

const order = (extra: Record<string, unknown> = {}) => ({
  serviceId,
  description: '家里老人腿脚不便，想请志愿者帮忙买菜、打扫卫生。',
  preferredTime: '周六上午',
  ...extra,
});

async function create(who: Who = owner, extra: Record<string, unknown> = {}) {
  const res = await app.post('/api/requests', order(extra), who.token);
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
  return res.body;
}

const act = (id: string, action: RequestAction, who: Who, body?: Record<string, unknown>) => {
  const defaults: Record<RequestAction, Record<string, unknown>> = {
    dispatch: { assigneeId: vol1.user.id },
    accept: {},
    start: {},
    complete: { note: '已买菜并打扫厨房，老人很满意。' },
    cancel: { reason: '老人家属已自行解决' },
    rate: { score: 5, comment: '小李很耐心' },
  };
  return app.post(`/api/requests/${id}/${action}`, body ?? defaults[action], who.token);
};

async function ok(id: string, action: RequestAction, who: Who, body?: Record<string, unknown>) {
  const res = await act(id, action, who, body);
  if (res.status !== 200) throw new Error(`${action} failed: ${res.status} ${res.text}`);
  return res.body;
}

/** An order of `owner` driven through the API into the given state (assignee vol1). */
async function orderIn(status: RequestStatus) {
  const o = await create();
  const path: Record<RequestStatus, [RequestAction, Who][]> = {
    submitted: [],
    dispatched: [['dispatch', staff]],
    accepted: [['dispatch', staff], ['accept', vol1]],
    in_progress: [['dispatch', staff], ['accept', vol1], ['start', vol1]],
    completed: [['dispatch', staff], ['accept', vol1], ['start', vol1], ['complete', vol1]],
    closed: [['dispatch', staff], ['accept', vol1], ['start', vol1], ['complete', vol1], ['rate', owner]],
    cancelled: [['dispatch', staff], ['cancel', staff]],
  };
  for (const [action, who] of path[status]) await ok(o.id, action, who);
  return o.id as string;
}

describe('menu', () => {
  it('lists the requestable, published entries to anyone', async () => {
    const res = await app.get('/api/requests/menu');
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    const titles = res.body.items.map((i: any) => i.title);
    expect(titles).toEqual(['上门助老', '理发服务']);
    expect(res.body.items[0]).toEqual({ id: serviceId, category: 'yanglao', title: '上门助老', summary: expect.any(String), serviceMinutes: 90 });
  });
});

describe('ordering', () => {
  it('creates an order with a sequential FW code per street day, the owner phone, and a timeline', async () => {
    app.setNow(new Date('2026-11-27T01:00:00Z'));
    try {
      const a = await app.post('/api/requests', order(), owner.token);
      expect(a.status).toBe(201);
      expect(a.body).toMatchObject({ status: 'submitted', statusName: '待派单', serviceId, owner: { id: owner.user.id }, assignee: null, contactVisible: true });
      expect(a.body.code).toMatch(/^FW-20261127-\d{4}$/);
      expect(a.body.contactPhone).toMatch(/^1\d{10}$/);
      expect(a.body.createdAt).toBe('2026-11-27T09:00:00.000+08:00');
      expect(a.body.events).toEqual([expect.objectContaining({ type: 'created', toStatus: 'submitted', actor: expect.objectContaining({ id: owner.user.id }) })]);
      expect(a.body.allowedActions).toEqual(['cancel']);
      const b = await create();
      expect(Number(b.code.slice(-4))).toBe(Number(a.body.code.slice(-4)) + 1);
      // 17:00Z is already the next day in Shanghai: the counter restarts.
      app.setNow(new Date('2026-11-27T17:00:00Z'));
      expect((await create()).code).toBe('FW-20261128-0001');
    } finally {
      app.setNow(null);
    }
  });

  it('uses the phone the resident gives, and the prefill offers their own phone and card address', async () => {
    const o = await create(owner, { contactPhone: '0931-87654321' });
    expect(o.contactPhone).toBe('0931-87654321');
    await app.db.insert(schema.cards).values({
      userId: owner.user.id, number: 'SN-TEST-1', building: '3', unit: '2', room: '401', householdSize: 1,
      emergencyName: '王小明', emergencyPhone: '13900001111', emergencyRelation: '儿子', qrToken: 'qr-rq-test-1',
    });
    const pre = await app.get('/api/requests/prefill', owner.token);
    expect(pre.status).toBe(200);
    expect(pre.body).toEqual({ contactPhone: expect.stringMatching(/^1\d{10}$/), address: '3栋2单元401室', displayName: owner.user.displayName });
    expectProblem(await app.get('/api/requests/prefill'), 401);
  });

  it('refuses bad input with 400 naming the field, and writes nothing', async () => {
    const before = await tableCounts(app.db);
    const unknown = '5b0c3f7e-9a7e-4c52-8d3b-2f1f4c2a9e11';
    expectFieldError(await app.post('/api/requests', order({ serviceId: unknown }), owner.token), 'serviceId');
    expectFieldError(await app.post('/api/requests', order({ serviceId: hiddenServiceId }), owner.token), 'serviceId');
    expectFieldError(await app.post('/api/requests', order({ serviceId: unpublishedServiceId }), owner.token), 'serviceId');
    expectFieldError(await app.post('/api/requests', order({ serviceId: 'abc' }), owner.token), 'serviceId');
    expectFieldError(await app.post('/api/requests', order({ serviceId: undefined }), owner.token), 'serviceId');
    expectFieldError(await app.post('/api/requests', order({ description: '' }), owner.token), 'description');
    expectFieldError(await app.post('/api/requests', order({ description: '   ' }), owner.token), 'description');
    expectFieldError(await app.post('/api/requests', order({ description: '助'.repeat(1001) }), owner.token), 'description');
    expectFieldError(await app.post('/api/requests', order({ description: '需要帮助\u0000' }), owner.token), 'description');
    expectFieldError(await app.post('/api/requests', order({ contactPhone: '12345' }), owner.token), 'contactPhone');
    expectFieldError(await app.post('/api/requests', order({ contactPhone: '1380013800a' }), owner.token), 'contactPhone');
    expectFieldError(await app.post('/api/requests', order({ preferredTime: 'x'.repeat(65) }), owner.token), 'preferredTime');
    expectFieldError(await app.post('/api/requests', order({ address: '楼'.repeat(121) }), owner.token), 'address');
    expectFieldError(await app.post('/api/requests', order({ onBehalfOf: { name: '张奶奶', phone: '999' } }), staff.token), 'onBehalfOf.phone');
    expectFieldError(await app.post('/api/requests', order({ onBehalfOf: { name: '' } }), staff.token), 'onBehalfOf.name');
    expectFieldError(await app.post('/api/requests', order({ ownerId: unknown }), staff.token), 'ownerId');
    expectFieldError(await app.get('/api/requests?limit=101', owner.token), 'limit');
    expectFieldError(await app.get('/api/requests?scope=everything', owner.token), 'scope');
    expectFieldError(await app.get('/api/requests?status=done', owner.token), 'status');
    expectProblem(await app.post('/api/requests', order()), 401);
    expect(await tableCounts(app.db)).toEqual(before);
    // 1,000 characters exactly is still fine.
    expect((await app.post('/api/requests', order({ description: '助'.repeat(1000) }), owner.token)).status).toBe(201);
  });

  it('creates one order for a retried Idempotency-Key', async () => {
    const headers = { 'Idempotency-Key': 'rq-retry-key-0001' };
    const before = (await tableCounts(app.db)).service_requests;
    const first = await app.post('/api/requests', order(), owner.token, headers);
    const again = await app.post('/api/requests', order(), owner.token, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await tableCounts(app.db)).service_requests).toBe(before + 1);
  });

  it('lets staff order on behalf of a resident (代办), who then sees it among their orders', async () => {
    const elder = await app.login('resident', 'rq-elder');
    const res = await app.post(
      '/api/requests',
      order({ onBehalfOf: { name: '张桂兰', phone: '13800138000', address: '石楠路 18 号 2 栋 301' }, ownerId: elder.user.id }),
      staff.token,
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ owner: { id: elder.user.id }, createdBy: { id: staff.user.id }, contactPhone: '13800138000' });
    expect(res.body.events[0].note).toContain('代办');
    const mine = await app.get('/api/requests?scope=mine', elder.token);
    expect(mine.body.items.map((i: any) => i.id)).toContain(res.body.id);
    expect(mine.body.items[0].onBehalfOf).toEqual({ name: '张桂兰', phone: '13800138000', address: '石楠路 18 号 2 栋 301' });
    const [audit] = await app.db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, 'request.created_on_behalf'), eq(schema.auditLog.targetId, res.body.id)));
    expect(audit).toMatchObject({ actorId: staff.user.id, subjectUserId: elder.user.id });

    // Without an account: the staff member who placed it owns it, and nobody else sees it.
    const noAccount = await app.post('/api/requests', order({ onBehalfOf: { name: '李大爷', address: '桂香巷 25 号' } }), staff.token);
    expect(noAccount.status).toBe(201);
    expect(noAccount.body).toMatchObject({ owner: null, contactPhone: null });
    expectProblem(await app.get(`/api/requests/${noAccount.body.id}`, elder.token), 404);

    // A resident may not 代办.
    const before = await tableCounts(app.db);
    expectProblem(await app.post('/api/requests', order({ onBehalfOf: { name: '邻居' } }), owner.token), 403, 'FORBIDDEN');
    expectProblem(await app.post('/api/requests', order({ ownerId: elder.user.id }), owner.token), 403, 'FORBIDDEN');
    expect(await tableCounts(app.db)).toEqual(before);
  });
});

describe('the round trip', () => {
  it('resident orders, staff dispatches, the volunteer accepts, starts and completes, the resident rates', async () => {
    const o = await create();
    expect((await app.get(`/api/requests?scope=all&status=submitted`, staff.token)).body.items.map((i: any) => i.id)).toContain(o.id);

    const cands = await app.get(`/api/requests/${o.id}/candidates`, staff.token);
    expect(cands.status).toBe(200);
    expect(cands.body.items.map((c: any) => c.id)).toEqual(expect.arrayContaining([vol1.user.id, vol2.user.id]));
    expect(cands.body.items[0]).toMatchObject({ realName: expect.any(String), skills: expect.any(Array), openTasks: expect.any(Number) });

    const d = await ok(o.id, 'dispatch', staff, { assigneeId: vol1.user.id, note: '请尽快联系' });
    expect(d).toMatchObject({ status: 'dispatched', assignee: { id: vol1.user.id } });
    const [n1] = await app.db.select().from(schema.notifications).where(and(eq(schema.notifications.userId, vol1.user.id), eq(schema.notifications.kind, 'order_dispatched'))).orderBy(schema.notifications.createdAt);
    expect(n1.body).toContain('FW-');

    // Before acceptance the volunteer sees the order but not the phone.
    const seen = await app.get(`/api/requests/${o.id}`, vol1.token);
    expect(seen.status).toBe(200);
    expect(seen.body.contactVisible).toBe(false);
    expect(seen.body.contactPhone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(seen.body.allowedActions).toEqual(['accept']);
    expect((await app.get('/api/requests?scope=assigned', vol1.token)).body.items.map((i: any) => i.id)).toContain(o.id);

    const a = await ok(o.id, 'accept', vol1);
    expect(a.contactVisible).toBe(true);
    expect(a.contactPhone).toMatch(/^1\d{10}$/);
    expect(a.allowedActions).toEqual(['start']);
    const startedAt = new Date();
    app.setNow(startedAt);
    await ok(o.id, 'start', vol1, { note: '已到老人家中' });
    // Hours are the time served (70 minutes here), capped by the service's 90.
    app.setNow(new Date(startedAt.getTime() + 70 * 60_000));
    const c = await ok(o.id, 'complete', vol1);
    expect(c).toMatchObject({ status: 'completed', completedAt: expect.stringMatching(/\+08:00$/) });
    const hours = await app.db.select().from(schema.volunteerHours).where(eq(schema.volunteerHours.sourceId, o.id));
    expect(hours).toEqual([expect.objectContaining({ userId: vol1.user.id, sourceType: 'request', minutes: 70, year: streetYear(startedAt) })]);

    const ownerView = await app.get(`/api/requests/${o.id}`, owner.token);
    expect(ownerView.body.allowedActions).toEqual(['rate']);
    app.setNow(new Date(startedAt.getTime() + 71 * 60_000));
    const r = await ok(o.id, 'rate', owner, { score: 5, comment: '非常感谢红岗志愿者！' });
    app.setNow(null);
    expect(r).toMatchObject({ status: 'closed', rating: { score: 5, comment: '非常感谢红岗志愿者！' }, allowedActions: [] });
    expect(r.events.map((e: any) => e.type)).toEqual(['created', 'dispatched', 'accepted', 'started', 'completed', 'rated']);
    expect(r.events[1]).toMatchObject({ note: expect.stringContaining('请尽快联系'), actor: { id: staff.user.id, role: 'staff' } });
    expect(r.events[4]).toMatchObject({ typeName: '服务完成', note: '已买菜并打扫厨房，老人很满意。' });
    // Names, service and event times come from one joined statement: they match the rows.
    const eventRows = await app.db.select().from(schema.requestEvents).where(eq(schema.requestEvents.requestId, o.id));
    expect(r.events.map((e: any) => e.createdAt).sort()).toEqual(eventRows.map((x) => toStreetIso(x.createdAt)).sort());
    expect(r.events.map((e: any) => e.actor.displayName)).toEqual(
      [owner, staff, vol1, vol1, vol1, owner].map((p) => p.user.displayName),
    );
    expect(r).toMatchObject({
      owner: { id: owner.user.id, displayName: owner.user.displayName },
      createdBy: { id: owner.user.id, displayName: owner.user.displayName },
      assignee: { id: vol1.user.id, displayName: vol1.user.displayName },
      service: { id: serviceId, title: '上门助老' },
    });
    expectProblem(await act(o.id, 'rate', owner, { score: 1 }), 409, 'INVALID_STATE');

    const notes = await app.db.select().from(schema.notifications).where(eq(schema.notifications.data, { code: o.code }));
    expect(notes.map((n) => `${n.kind}:${n.userId}`).sort()).toEqual(
      // 派单 tells both the volunteer and the resident (issue 17).
      [`order_accepted:${owner.user.id}`, `order_completed:${owner.user.id}`, `order_dispatched:${owner.user.id}`, `order_dispatched:${vol1.user.id}`].sort(),
    );

    // The candidates list counts completed orders and ratings toward the volunteer's record.
    const after = await app.get(`/api/requests/${(await create()).id}/candidates`, staff.token);
    const v1 = after.body.items.find((x: any) => x.id === vol1.user.id);
    expect(v1.completedCount).toBeGreaterThanOrEqual(1);
    expect(v1.averageScore).toBe(5);
  });

  it('lets a volunteer take an order from the open pool; a second one gets 409', async () => {
    const o = await create();
    const pool = await app.get('/api/requests?scope=available', vol2.token);
    const inPool = pool.body.items.find((i: any) => i.id === o.id);
    expect(inPool).toMatchObject({ contactVisible: false, allowedActions: ['accept'] });
    expect(inPool.contactPhone).toMatch(/\*{4}/);
    const taken = await ok(o.id, 'accept', vol2);
    expect(taken).toMatchObject({ status: 'accepted', assignee: { id: vol2.user.id } });
    expect(taken.events.map((e: any) => e.type)).toEqual(['created', 'accepted']);
    const lost = expectProblem(await act(o.id, 'accept', vol1), 409, 'INVALID_STATE');
    expect(lost.detail).toContain('其他志愿者');
    expect((await app.get('/api/requests?scope=available', vol1.token)).body.items.map((i: any) => i.id)).not.toContain(o.id);
    // The volunteer who lost sees nothing of it any more.
    expectProblem(await app.get(`/api/requests/${o.id}`, vol1.token), 404);
  });

  it('shows the assignee the contact details only until a week after completion', async () => {
    const o = await create(owner, { contactPhone: '13912345678', address: '石楠社区 3 栋 2 单元 401 室' });
    expect(o.address).toBe('石楠社区 3 栋 2 单元 401 室');
    const pooled = await app.get(`/api/requests/${o.id}`, vol1.token);
    expect(pooled.body).toMatchObject({ address: null, contactVisible: false });
    await ok(o.id, 'dispatch', staff, { assigneeId: vol2.user.id });
    await ok(o.id, 'accept', vol2);
    await ok(o.id, 'start', vol2);
    const done = new Date('2026-03-01T02:00:00Z');
    app.setNow(done);
    await ok(o.id, 'complete', vol2);
    try {
      app.setNow(new Date(done.getTime() + 6 * 24 * 3600_000));
      expect((await app.get(`/api/requests/${o.id}`, vol2.token)).body).toMatchObject({ contactPhone: '13912345678', address: '石楠社区 3 栋 2 单元 401 室' });
      app.setNow(new Date(done.getTime() + 8 * 24 * 3600_000));
      const late = await app.get(`/api/requests/${o.id}`, vol2.token);
      expect(late.body).toMatchObject({ contactPhone: '139****5678', address: null, contactVisible: false });
      expect((await app.get(`/api/requests/${o.id}`, owner.token)).body.contactPhone).toBe('13912345678');
    } finally {
      app.setNow(null);
    }
  });
});

describe('state machine', () => {
  const ALLOWED: Record<RequestAction, RequestStatus[]> = {
    dispatch: ['submitted', 'dispatched'],
    accept: ['submitted', 'dispatched'],
    start: ['accepted'],
    complete: ['in_progress'],
    cancel: ['submitted', 'dispatched', 'accepted', 'in_progress'],
    rate: ['completed'],
  };
  const NEXT: Record<RequestAction, RequestStatus> = {
    dispatch: 'dispatched', accept: 'accepted', start: 'in_progress', complete: 'completed', cancel: 'cancelled', rate: 'closed',
  };
  const actor = (action: RequestAction): Who =>
    ({ dispatch: staff, accept: vol1, start: vol1, complete: vol1, cancel: staff, rate: owner })[action];

  for (const action of REQUEST_ACTIONS) {
    it(`${action}: allowed from ${ALLOWED[action].join(', ')}; 409 INVALID_STATE from every other state`, async () => {
      for (const status of REQUEST_STATUSES) {
        const id = await orderIn(status);
        const before = await tableCounts(app.db);
        const res = await act(id, action, actor(action));
        if (ALLOWED[action].includes(status)) {
          expect({ status, code: res.status }).toEqual({ status, code: 200 });
          expect(res.body.status).toBe(NEXT[action]);
          expect(res.body.events.at(-1)).toMatchObject({ fromStatus: status, toStatus: NEXT[action] });
        } else {
          expect({ status, code: res.status, body: res.body.code }).toEqual({ status, code: 409, body: 'INVALID_STATE' });
          expect(await tableCounts(app.db)).toEqual(before);
          expect((await app.get(`/api/requests/${id}`, staff.token)).body.status).toBe(status);
        }
      }
    });
  }

  it('lets the owner cancel only before a volunteer accepts', async () => {
    for (const status of ['submitted', 'dispatched'] as const) {
      expect((await act(await orderIn(status), 'cancel', owner)).body.status).toBe('cancelled');
    }
    for (const status of ['accepted', 'in_progress'] as const) {
      const p = expectProblem(await act(await orderIn(status), 'cancel', owner), 409, 'INVALID_STATE');
      expect(p.detail).toContain('联系社区');
    }
    const c = await ok(await orderIn('submitted'), 'cancel', owner, { reason: '不需要了' });
    expect(c.events.at(-1)).toMatchObject({ type: 'cancelled', note: '不需要了' });
  });

  it('reassigns a dispatched order nobody accepted, and the first volunteer can no longer accept it', async () => {
    const id = await orderIn('dispatched');
    const re = await ok(id, 'dispatch', staff, { assigneeId: vol2.user.id });
    expect(re.assignee.id).toBe(vol2.user.id);
    expectProblem(await act(id, 'accept', vol1), 409, 'INVALID_STATE');
    expect((await ok(id, 'accept', vol2)).status).toBe('accepted');
  });
});

describe('access', () => {
  it('hides another resident’s order (404) and refuses residents what is not theirs to do', async () => {
    const id = await orderIn('submitted');
    const before = await tableCounts(app.db);
    expectProblem(await app.get(`/api/requests/${id}`, other.token), 404, 'NOT_FOUND');
    expectProblem(await act(id, 'cancel', other), 404);
    expectProblem(await act(id, 'dispatch', owner), 403, 'FORBIDDEN');
    expectProblem(await act(id, 'dispatch', other), 403, 'FORBIDDEN');
    expectProblem(await act(id, 'accept', owner), 403, 'FORBIDDEN');
    expectProblem(await app.get(`/api/requests/${id}/candidates`, owner.token), 403);
    expectProblem(await app.get(`/api/requests/${id}/candidates`, vol1.token), 403);
    expectProblem(await app.get(`/api/requests/${id}`), 401);
    expectFieldError(await app.get('/api/requests/not-a-uuid', owner.token), 'id');
    expectProblem(await act('8d3b2f1f-4c2a-4e11-9a7e-5b0c3f7e9a7e', 'accept', vol1), 404);
    expect((await app.get('/api/requests?scope=mine', other.token)).body.items.map((i: any) => i.id)).not.toContain(id);
    expectProblem(await app.get('/api/requests?scope=all', owner.token), 403);
    expectProblem(await app.get('/api/requests?scope=all', vol1.token), 403);
    expectProblem(await app.get('/api/requests?scope=available', owner.token), 403);
    expectProblem(await app.get('/api/requests?scope=assigned', staff.token), 403);
    expect(await tableCounts(app.db)).toEqual(before);
  });

  it('refuses a volunteer working someone else’s task, staff starting it, and the owner rating another’s', async () => {
    const id = await orderIn('accepted');
    const before = await tableCounts(app.db);
    expectProblem(await act(id, 'start', vol2), 404);
    expectProblem(await app.get(`/api/requests/${id}`, vol2.token), 404);
    expectProblem(await act(id, 'start', staff), 403);
    expectProblem(await act(id, 'start', owner), 403);
    expectProblem(await act(id, 'cancel', vol1), 403);
    await ok(id, 'start', vol1);
    expectProblem(await act(id, 'complete', vol2), 404);
    const mid = await tableCounts(app.db);
    await ok(id, 'complete', vol1);
    expectProblem(await act(id, 'rate', other), 404);
    expectProblem(await act(id, 'rate', vol1), 403);
    expectProblem(await act(id, 'rate', staff), 403);
    expect(before.service_requests).toBe(mid.service_requests);
  });

  it('refuses bad transition input with 400 naming the field', async () => {
    const id = await orderIn('in_progress');
    const before = await tableCounts(app.db);
    expectFieldError(await act(id, 'complete', vol1, {}), 'note');
    expectFieldError(await act(id, 'complete', vol1, { note: '  ' }), 'note');
    expectFieldError(await act(id, 'cancel', staff, {}), 'reason');
    expectFieldError(await act(await orderIn('submitted'), 'dispatch', staff, { assigneeId: 'x' }), 'assigneeId');
    const sub = await orderIn('submitted');
    const mid = await tableCounts(app.db);
    expectFieldError(await act(sub, 'dispatch', staff, { assigneeId: owner.user.id }), 'assigneeId');
    expect(await tableCounts(app.db)).toEqual(mid);
    const done = await orderIn('completed');
    expectFieldError(await act(done, 'rate', owner, { score: 6 }), 'score');
    expectFieldError(await act(done, 'rate', owner, { score: 0 }), 'score');
    expectFieldError(await act(done, 'rate', owner, { score: 4.5 }), 'score');
    expect(before.request_events).toBeLessThan((await tableCounts(app.db)).request_events);
    expect((await app.get(`/api/requests/${done}`, owner.token)).body.status).toBe('completed');
  });

  it('limits community staff to their own community', async () => {
    const [c1, c2] = await app.db.select().from(schema.communities).orderBy(schema.communities.sortOrder).limit(2);
    const local = await app.login('staff', 'rq-local');
    await app.db.update(schema.users).set({ staffCommunityId: c2.id }).where(eq(schema.users.id, local.user.id));
    const id = await orderIn('submitted'); // owner lives in the first community
    expect(owner.user.communityId).toBe(c1.id);
    expectProblem(await app.get(`/api/requests/${id}`, local.token), 404);
    expectProblem(await act(id, 'dispatch', local), 404);
    expect((await app.get('/api/requests?scope=all', local.token)).body.items.map((i: any) => i.id)).not.toContain(id);
    const theirs = await app.post('/api/requests', order({ onBehalfOf: { name: '赵奶奶' } }), local.token);
    expect(theirs.status).toBe(201);
    expect(theirs.body.communityId).toBe(c2.id);
    expect((await app.get('/api/requests?scope=all', local.token)).body.items.map((i: any) => i.id)).toEqual([theirs.body.id]);
    expectFieldError(await app.post('/api/requests', order({ onBehalfOf: { name: '赵奶奶' }, communityId: c1.id }), local.token), 'communityId');
  });
});

describe('lists and candidates', () => {
  it('pages with a cursor and filters by status', async () => {
    const who = await app.login('resident', 'rq-pager');
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await create(who)).id);
    const p1 = await app.get('/api/requests?scope=mine&limit=2', who.token);
    expect(p1.body.items).toHaveLength(2);
    expect(p1.body.nextCursor).toEqual(expect.any(String));
    const p2 = await app.get(`/api/requests?scope=mine&limit=2&cursor=${p1.body.nextCursor}`, who.token);
    expect(p2.body).toMatchObject({ nextCursor: null });
    expect([...p1.body.items, ...p2.body.items].map((i: any) => i.id).sort()).toEqual(ids.sort());
    await ok(ids[0], 'cancel', who);
    expect((await app.get('/api/requests?scope=mine&status=cancelled', who.token)).body.items.map((i: any) => i.id)).toEqual([ids[0]]);
    expectFieldError(await app.get('/api/requests?cursor=nonsense', who.token), 'cursor');
  });

  it('filters candidates by skill and orders them by current load', async () => {
    const busy = await app.login('volunteer', 'rq-busy');
    const free = await app.login('volunteer', 'rq-free');
    for (const v of [busy, free]) {
      await app.db.update(schema.volunteerProfiles).set({ skills: ['理发', '助老服务'] }).where(eq(schema.volunteerProfiles.userId, v.user.id));
    }
    for (let i = 0; i < 2; i++) await ok((await create()).id, 'dispatch', staff, { assigneeId: busy.user.id });
    const id = (await create()).id;
    const res = await app.get(`/api/requests/${id}/candidates?skill=${encodeURIComponent('理发')}`, staff.token);
    expect(res.status).toBe(200);
    expect(res.body.items.map((x: any) => x.id)).toEqual([free.user.id, busy.user.id]);
    expect(res.body.items[1]).toMatchObject({ openTasks: 2, skills: ['理发', '助老服务'], sameCommunity: true });
  });

  it("lists only the order's community's volunteers (and street volunteers without one), and dispatches only to them", async () => {
    const [c1, c2] = await app.db.select().from(schema.communities).orderBy(schema.communities.sortOrder).limit(2);
    const here = await app.login('volunteer', 'rq-scope-here');
    const street = await app.login('volunteer', 'rq-scope-street');
    const elsewhere = await app.login('volunteer', 'rq-scope-elsewhere');
    await app.db.update(schema.users).set({ communityId: c1.id }).where(eq(schema.users.id, here.user.id));
    await app.db.update(schema.users).set({ communityId: null }).where(eq(schema.users.id, street.user.id));
    await app.db.update(schema.users).set({ communityId: c2.id }).where(eq(schema.users.id, elsewhere.user.id));
    const id = (await create()).id; // the owner lives in c1
    const res = await app.get(`/api/requests/${id}/candidates`, staff.token);
    expect(res.status).toBe(200);
    const ids = res.body.items.map((x: any) => x.id);
    expect(ids).toContain(here.user.id);
    expect(ids).toContain(street.user.id);
    expect(ids).not.toContain(elsewhere.user.id);
    expect(res.body.items.every((x: any) => x.communityId === c1.id || x.communityId === null)).toBe(true);
    const before = await tableCounts(app.db);
    expectFieldError(await act(id, 'dispatch', staff, { assigneeId: elsewhere.user.id }), 'assigneeId');
    expect(await tableCounts(app.db)).toEqual(before);
    await ok(id, 'dispatch', staff, { assigneeId: here.user.id });
  });
});
