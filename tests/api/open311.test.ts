import { FEEDBACK_CATEGORIES, OPEN311_REQUEST_FIELDS, OPEN311_SERVICE_FIELDS, Open311RequestSchema, Open311ServiceSchema } from '../../shared/feedback';
import { expectFieldError, expectProblem, startTestApp, type TestApp } from '../support/app';

const NOW = new Date('2026-11-27T02:00:00.000Z');

/** Exactly the GeoReport v2 field list: nothing missing, nothing extra (so nothing private). */
function expectFields(obj: Record<string, unknown>, fields: readonly string[]) {
  expect(Object.keys(obj).sort()).toEqual([...fields].sort());
}

describe('Open311 GeoReport v2', () => {
  let app: TestApp;
  let staff: string;
  let n = 0;
  const ids: Record<string, { id: string; code: string }> = {};
  beforeAll(async () => {
    app = await startTestApp();
    app.setNow(NOW);
    staff = (await app.login('staff', 'o311-staff')).token;
    const report = async (key: string, body: Record<string, unknown>) => {
      const me = await app.login('resident', `o311-${++n}`);
      const r = await app.post('/api/feedback', { body: '详细情况见现场', public: true, anonymous: true, ...body }, me.token);
      expect(r.status).toBe(201);
      ids[key] = r.body;
      return { ...r.body, token: me.token };
    };
    await report('waiting', { category: 'traffic', title: '井盖松动', location: '银杏大道 102 号门口', latitude: 36.06, longitude: 103.83 });
    const open = await report('open', { category: 'environment', title: '垃圾清运不及时' });
    await app.post(`/api/feedback/${open.id}/assign`, { responsibleParty: '街道环卫所', measures: '增加清运频次至每日两次', deadline: '2026-12-01T18:00:00+08:00' }, staff);
    const done = await report('closed', { category: 'facilities', title: '小区路灯不亮' });
    await app.post(`/api/feedback/${done.id}/assign`, { responsibleParty: '石楠物业公司', measures: '更换灯具', deadline: '2026-11-30T18:00:00+08:00' }, staff);
    await app.post(`/api/feedback/${done.id}/resolve`, { result: '已更换 6 盏 LED 路灯' }, staff);
    await report('private', { category: 'environment', title: '私密问题', public: false });
    const rej = await report('rejected', { category: 'environment', title: '被驳回的问题' });
    await app.post(`/api/feedback/${rej.id}/reject`, { reason: '重复反映' }, staff);
    app.setNow(new Date('2026-12-02T02:00:00.000Z'));
  });
  afterAll(() => app.close());

  it('lists the categories as services with exactly the v2 fields', async () => {
    const r = await app.get('/api/open311/v2/services.json');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    expect(r.body).toHaveLength(FEEDBACK_CATEGORIES.length);
    for (const s of r.body) {
      expectFields(s, OPEN311_SERVICE_FIELDS);
      Open311ServiceSchema.parse(s);
      expect(s).toMatchObject({ metadata: false, type: 'realtime' });
    }
    expect(r.body.find((s: any) => s.service_code === 'environment')).toMatchObject({ service_name: '环境卫生', group: '城市管理', keywords: expect.stringContaining('垃圾') });
  });

  it('lists public requests with exactly the v2 fields, never private or refused ones', async () => {
    const r = await app.get('/api/open311/v2/requests.json');
    expect(r.status).toBe(200);
    for (const req of r.body) {
      expectFields(req, OPEN311_REQUEST_FIELDS);
      Open311RequestSchema.parse(req);
    }
    const codes = r.body.map((x: any) => x.service_request_id);
    expect(codes).toEqual(expect.arrayContaining([ids.waiting.code, ids.open.code, ids.closed.code]));
    expect(codes).not.toContain(ids.private.code);
    expect(codes).not.toContain(ids.rejected.code);
    const open = r.body.find((x: any) => x.service_request_id === ids.open.code);
    expect(open).toMatchObject({
      status: 'open',
      service_code: 'environment',
      service_name: '环境卫生',
      agency_responsible: '街道环卫所',
      status_notes: expect.stringContaining('增加清运频次'),
      expected_datetime: '2026-12-01T18:00:00.000+08:00',
      service_notice: '已超过完成期限',
      requested_datetime: '2026-11-27T10:00:00.000+08:00',
      media_url: null,
    });
    expect(r.body.find((x: any) => x.service_request_id === ids.closed.code)).toMatchObject({ status: 'closed', status_notes: '已更换 6 盏 LED 路灯' });
    expect(r.body.find((x: any) => x.service_request_id === ids.waiting.code)).toMatchObject({ lat: 36.06, long: 103.83, address: '银杏大道 102 号门口', agency_responsible: null, expected_datetime: null });
  });

  it('filters by status, service_code and dates', async () => {
    const codesOf = async (q: string) => (await app.get(`/api/open311/v2/requests.json?${q}`)).body.map((x: any) => x.service_request_id);
    expect(await codesOf('status=open')).toEqual(expect.arrayContaining([ids.waiting.code, ids.open.code]));
    expect(await codesOf('status=open')).not.toContain(ids.closed.code);
    expect(await codesOf('status=closed')).toEqual([ids.closed.code]);
    expect(await codesOf('service_code=traffic')).toEqual([ids.waiting.code]);
    expect(await codesOf('start_date=2026-11-28T00:00:00%2B08:00')).toEqual([]);
    expect((await codesOf('start_date=2026-11-27T00:00:00%2B08:00&end_date=2026-11-27T23:59:59%2B08:00')).length).toBe(3);
    expect(await codesOf('end_date=2026-11-26T00:00:00Z')).toEqual([]);
    expectFieldError(await app.get('/api/open311/v2/requests.json?status=pending'), 'status');
    expectFieldError(await app.get('/api/open311/v2/requests.json?service_code=ufo'), 'service_code');
    expectFieldError(await app.get('/api/open311/v2/requests.json?start_date=yesterday'), 'start_date');
    expectFieldError(await app.get('/api/open311/v2/requests.json?start_date=2026-12-01T00:00:00Z&end_date=2026-11-01T00:00:00Z'), 'start_date');
    // Without dates the default window is the last 90 days.
    app.setNow(new Date('2027-03-30T02:00:00.000Z'));
    try {
      expect(await codesOf('')).toEqual([]);
    } finally {
      app.setNow(new Date('2026-12-02T02:00:00.000Z'));
    }
  });

  it('answers one request as an array of one, by code or id; private and unknown are 404', async () => {
    for (const key of [ids.open.code, ids.open.id]) {
      const r = await app.get(`/api/open311/v2/requests/${key}.json`);
      expect(r.status).toBe(200);
      expect(r.body).toHaveLength(1);
      expectFields(r.body[0], OPEN311_REQUEST_FIELDS);
      expect(r.body[0].service_request_id).toBe(ids.open.code);
    }
    expectProblem(await app.get(`/api/open311/v2/requests/${ids.private.code}.json`), 404);
    expectProblem(await app.get(`/api/open311/v2/requests/${ids.rejected.code}.json`), 404);
    expectProblem(await app.get('/api/open311/v2/requests/WT-20990101-0001.json'), 404);
    expectProblem(await app.get('/api/open311/v2/requests/abc.json'), 404);
    expectProblem(await app.post('/api/open311/v2/requests.json', {}), 405);
  });
});
