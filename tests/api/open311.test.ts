import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { schema } from '../../api/_lib/db';
import { FEEDBACK_CATEGORIES } from '../../shared/feedback';
import {
  OPEN311_DISCOVERY_FIELDS,
  OPEN311_ENDPOINT_FIELDS,
  OPEN311_POSTED_FIELDS,
  OPEN311_REQUEST_FIELDS,
  OPEN311_SERVICE_FIELDS,
  Open311RequestSchema,
  Open311ServiceSchema,
} from '../../shared/open311';
import { runOpen311Checks } from '../../scripts/open311/checks';
import { parseXml, xmlRecord } from '../../scripts/open311/xml';
import { expectProblem, startTestApp, tableCounts, type TestApp } from '../support/app';

const NOW = new Date('2026-11-27T02:00:00.000Z');
const V2 = '/api/open311/v2';

/** Exactly the GeoReport v2 field list: nothing missing, nothing extra (so nothing private). */
function expectFields(obj: Record<string, unknown>, fields: readonly string[]) {
  expect(Object.keys(obj).sort()).toEqual([...fields].sort());
}

describe('Open311 GeoReport v2', () => {
  let app: TestApp;
  let staff: string;
  let admin: string;
  let n = 0;
  const ids: Record<string, { id: string; code: string }> = {};
  const raw = async (path: string, init?: RequestInit) => {
    const res = await fetch(app.url + path, init);
    return { status: res.status, type: res.headers.get('content-type') ?? '', headers: res.headers, text: await res.text() };
  };
  const xml = async (path: string) => {
    const r = await raw(path);
    expect(r.type).toBe('text/xml; charset=utf-8');
    expect(r.text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    return { ...r, doc: parseXml(r.text) };
  };
  const postForm = (fields: Record<string, string>, path = `${V2}/requests.json`, type = 'application/x-www-form-urlencoded') =>
    raw(path, { method: 'POST', headers: { 'content-type': type }, body: new URLSearchParams(fields).toString() });
  /** A spec error answer: the status, and a list of {code, description} with code = status. */
  const expectSpecErrors = (r: { status: number; type: string; text: string }, status: number, mentions?: string) => {
    expect(r.status).toBe(status);
    if (r.type.startsWith('text/xml')) {
      const doc = parseXml(r.text);
      expect(doc.name).toBe('errors');
      for (const e of doc.children) {
        expect(e.name).toBe('error');
        expect(xmlRecord(e)).toEqual({ code: String(status), description: expect.any(String) });
      }
      if (mentions) expect(r.text).toContain(mentions);
    } else {
      expect(r.type).toBe('application/json; charset=utf-8');
      const body = JSON.parse(r.text);
      expect(body).toEqual(expect.arrayContaining([{ code: status, description: expect.any(String) }]));
      for (const e of body) expect(Object.keys(e).sort()).toEqual(['code', 'description']);
      if (mentions) expect(body.map((e: { description: string }) => e.description).join('\n')).toContain(mentions);
    }
  };

  beforeAll(async () => {
    app = await startTestApp({ env: { RATE_LIMIT_DISABLED: '1' } });
    app.setNow(NOW);
    staff = (await app.login('staff', 'o311-staff')).token;
    admin = (await app.login('admin', 'o311-admin')).token;
    const report = async (key: string, body: Record<string, unknown>) => {
      const me = await app.login('resident', `o311-${++n}`);
      const r = await app.post('/api/feedback', { body: '详细情况见现场', public: true, anonymous: true, ...body }, me.token);
      expect(r.status).toBe(201);
      ids[key] = r.body;
      return { ...r.body, token: me.token };
    };
    await report('waiting', { category: 'traffic', title: '井盖松动', location: '银杏大道 102 号门口 <东侧> & "路口"', latitude: 36.06, longitude: 103.83 });
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

  it('discovery names the endpoint, both formats and how to get a key, in JSON and XML', async () => {
    const r = await app.get(`${V2}/discovery.json`);
    expect(r.status).toBe(200);
    expectFields(r.body, OPEN311_DISCOVERY_FIELDS);
    expect(r.body.endpoints).toHaveLength(1);
    expectFields(r.body.endpoints[0], OPEN311_ENDPOINT_FIELDS);
    expect(r.body.endpoints[0]).toEqual({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: `${app.url}${V2}`,
      changeset: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      type: 'production',
      formats: ['text/xml', 'application/json'],
    });
    expect(r.body.key_service).toContain('api_key');
    const x = await xml(`${V2}/discovery.xml`);
    expect(x.doc.name).toBe('discovery');
    expect(x.doc.children.map((c) => c.name)).toEqual([...OPEN311_DISCOVERY_FIELDS]);
    const endpoint = x.doc.children[3].children[0];
    expect(endpoint.name).toBe('endpoint');
    expect(xmlRecord(endpoint)).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', url: `${app.url}${V2}`, type: 'production' });
    expect(endpoint.children[4].children.map((c) => [c.name, c.text])).toEqual([
      ['format', 'text/xml'],
      ['format', 'application/json'],
    ]);
  });

  it('lists the categories as services with exactly the v2 fields, the same in XML', async () => {
    const r = await app.get(`${V2}/services.json?jurisdiction_id=shinan.example.cn`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    expect(r.body).toHaveLength(FEEDBACK_CATEGORIES.length);
    for (const s of r.body) {
      expectFields(s, OPEN311_SERVICE_FIELDS);
      Open311ServiceSchema.parse(s);
      expect(s).toMatchObject({ metadata: false, type: 'realtime' });
    }
    expect(r.body.find((s: any) => s.service_code === 'environment')).toMatchObject({ service_name: '环境卫生', group: '城市管理', keywords: expect.stringContaining('垃圾') });
    const x = await xml(`${V2}/services.xml`);
    expect(x.doc.name).toBe('services');
    expect(x.doc.children.map((c) => c.name)).toEqual(r.body.map(() => 'service'));
    x.doc.children.forEach((c, i) => {
      expect(c.children.map((f) => f.name)).toEqual([...OPEN311_SERVICE_FIELDS]);
      expect(xmlRecord(c)).toEqual(Object.fromEntries(OPEN311_SERVICE_FIELDS.map((f) => [f, String(r.body[i][f])])));
    });
  });

  it('answers a service definition for each service (no attributes), and 404 in the spec form for an unknown one', async () => {
    for (const c of FEEDBACK_CATEGORIES) {
      expect((await app.get(`${V2}/services/${c.key}.json`)).body).toEqual({ service_code: c.key, attributes: [] });
      const x = await xml(`${V2}/services/${c.key}.xml`);
      expect(x.doc.name).toBe('service_definition');
      expect(x.doc.children.map((e) => [e.name, e.text, e.children.length])).toEqual([
        ['service_code', c.key, 0],
        ['attributes', '', 0],
      ]);
    }
    expectSpecErrors(await raw(`${V2}/services/ufo.json`), 404, 'ufo');
    expectSpecErrors(await raw(`${V2}/services/ufo.xml`), 404, 'ufo');
  });

  it('lists public requests with exactly the v2 fields, never private or refused ones, and XML tells the same', async () => {
    const r = await app.get(`${V2}/requests.json`);
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
      address_id: null,
      zipcode: null,
      media_url: null,
    });
    expect(r.body.find((x: any) => x.service_request_id === ids.closed.code)).toMatchObject({ status: 'closed', status_notes: '已更换 6 盏 LED 路灯' });
    const waiting = r.body.find((x: any) => x.service_request_id === ids.waiting.code);
    expect(waiting).toMatchObject({ lat: 36.06, long: 103.83, agency_responsible: null, expected_datetime: null });

    const x = await xml(`${V2}/requests.xml`);
    expect(x.doc.name).toBe('service_requests');
    expect(x.doc.children).toHaveLength(r.body.length);
    x.doc.children.forEach((c, i) => {
      expect(c.name).toBe('request');
      expect(c.children.map((f) => f.name)).toEqual([...OPEN311_REQUEST_FIELDS]);
      const j = r.body[i];
      expect(xmlRecord(c)).toEqual(Object.fromEntries(OPEN311_REQUEST_FIELDS.map((f) => [f, j[f] === null ? null : String(j[f])])));
    });
    // Escaped, not broken: the address carries <, >, & and quotes.
    expect(x.text).toContain('<address>银杏大道 102 号门口 &lt;东侧&gt; &amp; &quot;路口&quot;</address>');
    expect(x.text).toContain('<address_id/>');
  });

  it('filters as the spec words them: overrides, comma lists, repeated and empty arguments, date windows', async () => {
    const codesOf = async (q: string) => (await app.get(`${V2}/requests.json?${q}`)).body.map((x: any) => x.service_request_id).sort();
    const all = await codesOf('');
    const openOnes = await codesOf('status=open');
    expect(openOnes).toEqual([ids.waiting.code, ids.open.code].sort());
    expect(await codesOf('status=closed')).toEqual([ids.closed.code]);
    expect(await codesOf('status=open,closed')).toEqual(all);
    expect(await codesOf('status=open&status=closed')).toEqual(all);
    expect(await codesOf('status=&service_code=&start_date=&jurisdiction_id=')).toEqual(all);
    expect(await codesOf('service_code=traffic')).toEqual([ids.waiting.code]);
    expect(await codesOf('service_code=traffic,facilities')).toEqual([ids.waiting.code, ids.closed.code].sort());
    expect(await codesOf('service_code=traffic&service_code=facilities&status=closed')).toEqual([ids.closed.code]);
    // service_request_id overrides every other argument, the default window included; one or a list.
    expect(await codesOf(`service_request_id=${ids.closed.code}&status=open&service_code=traffic&start_date=2026-01-01T00:00:00Z&end_date=2026-01-02T00:00:00Z`)).toEqual([ids.closed.code]);
    expect(await codesOf(`service_request_id=${ids.closed.code},${ids.waiting.code}`)).toEqual([ids.closed.code, ids.waiting.code].sort());
    expect(await codesOf(`service_request_id=${ids.private.code},${ids.rejected.code},nope`)).toEqual([]);
    // Windows on requested_datetime (all were made 2026-11-27 10:00 +08:00).
    expect(await codesOf('start_date=2026-11-28T00:00:00%2B08:00')).toEqual([]);
    expect((await codesOf('start_date=2026-11-27T00:00:00%2B08:00&end_date=2026-11-27T23:59:59%2B08:00')).length).toBe(3);
    expect(await codesOf('end_date=2026-11-26T00:00:00Z')).toEqual([]);
    // Only a start: 90 days from it; only an end: 90 days back from it.
    expect(await codesOf('start_date=2026-08-29T00:00:00Z')).toEqual([]);
    expect(await codesOf('start_date=2026-08-29T12:00:00Z')).toEqual(all);
    expect(await codesOf('end_date=2027-02-25T00:00:00Z')).toEqual(all);
    expect(await codesOf('end_date=2027-02-26T00:00:00Z')).toEqual([]);
    // Without dates the default window is the last 90 days.
    app.setNow(new Date('2027-03-30T02:00:00.000Z'));
    try {
      expect(await codesOf('')).toEqual([]);
    } finally {
      app.setNow(new Date('2026-12-02T02:00:00.000Z'));
    }
  });

  it('refuses bad arguments as the spec error list naming the argument, in JSON and XML', async () => {
    const bad: [string, string][] = [
      ['status=pending', 'status'],
      ['status=open,pending', 'status'],
      ['service_code=ufo', 'service_code'],
      ['start_date=yesterday', 'start_date'],
      ['start_date=2026-12-01T00:00:00Z&end_date=2026-11-01T00:00:00Z', 'start_date'],
      ['start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z', 'end_date'],
    ];
    for (const [q, field] of bad) {
      expectSpecErrors(await raw(`${V2}/requests.json?${q}`), 400, `${field}:`);
      expectSpecErrors(await raw(`${V2}/requests.xml?${q}`), 400, `${field}:`);
    }
    // Elsewhere the API still answers problem+json.
    expectProblem(await app.get('/api/feedback/wall?category=ufo'), 400);
  });

  it('answers one request as a list of one, by code or id, in JSON and XML; private and unknown are 404 in the spec form', async () => {
    for (const key of [ids.open.code, ids.open.id]) {
      const r = await app.get(`${V2}/requests/${key}.json`);
      expect(r.status).toBe(200);
      expect(r.body).toHaveLength(1);
      expectFields(r.body[0], OPEN311_REQUEST_FIELDS);
      expect(r.body[0].service_request_id).toBe(ids.open.code);
      const x = await xml(`${V2}/requests/${key}.xml`);
      expect(x.doc.name).toBe('service_requests');
      expect(x.doc.children.map((c) => xmlRecord(c).service_request_id)).toEqual([ids.open.code]);
    }
    for (const missing of [ids.private.code, ids.rejected.code, 'WT-20990101-0001', 'abc']) {
      expectSpecErrors(await raw(`${V2}/requests/${missing}.json`), 404);
      expectSpecErrors(await raw(`${V2}/requests/${missing}.xml`), 404);
    }
    // A format we do not speak, an unknown resource, a wrong method: still the spec's list.
    expectSpecErrors(await raw(`${V2}/requests/${ids.open.code}.html`), 404);
    expectSpecErrors(await raw(`${V2}/nothing.xml`), 404);
    expectSpecErrors(await raw(`${V2}/services.json`, { method: 'DELETE' }), 405);
  });

  it('lets any origin read (CORS), without credentials', async () => {
    for (const path of [`${V2}/services.json`, `${V2}/requests.xml`, `${V2}/discovery.json`, `${V2}/requests/nope.json`]) {
      const r = await raw(path, { headers: { origin: 'https://city-app.example' } });
      expect(r.headers.get('access-control-allow-origin')).toBe('*');
      expect(r.headers.get('access-control-allow-credentials')).toBeNull();
    }
    const pre = await raw(`${V2}/requests.json`, { method: 'OPTIONS', headers: { origin: 'https://city-app.example', 'access-control-request-method': 'GET' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-methods')).toContain('GET');
    // Our own API keeps its list of origins.
    expect((await raw('/api/feedback/wall', { headers: { origin: 'https://city-app.example' } })).headers.get('access-control-allow-origin')).toBeNull();
  });

  describe('writing: POST requests with an api_key', () => {
    let key: string;
    let keyId: string;
    beforeAll(async () => {
      const r = await app.post('/api/admin/open311-keys', { name: '市民通 App' }, admin);
      expect(r.status).toBe(201);
      expect(r.body).toEqual({ id: expect.any(String), name: '市民通 App', key: expect.stringMatching(/^o311_[\w-]{40,}$/) });
      ({ key, id: keyId } = r.body);
    });
    const form = (over: Record<string, string> = {}) => ({
      api_key: key,
      jurisdiction_id: 'shinan.example.cn',
      service_code: 'greening',
      lat: '36.07',
      long: '103.84',
      address_string: '石楠路 8 号',
      description: '小区东门的大树枝干断裂，悬在人行道上方。请尽快处理。',
      email: 'resident@example.com',
      first_name: '建国',
      last_name: '王',
      phone: '13800138000',
      ...over,
    });

    it('keeps only a hash of the key, and lists keys without them', async () => {
      const [row] = await app.db.select().from(schema.open311Keys).where(eq(schema.open311Keys.id, keyId));
      expect(row.keyHash).not.toContain(key);
      expect(JSON.stringify(row)).not.toContain(key);
      const list = await app.get('/api/admin/open311-keys', admin);
      expect(list.body.items).toEqual([expect.objectContaining({ id: keyId, name: '市民通 App', prefix: key.slice(0, 9), requestCount: 0, lastUsedAt: null })]);
      expect(list.text).not.toContain(key);
    });

    it('creates a public, anonymous item marked with its source, visible to staff and on Open311; keeps nothing of the reporter', async () => {
      const r = await postForm(form());
      expect(r.status).toBe(200);
      expect(r.type).toBe('application/json; charset=utf-8');
      const [posted] = JSON.parse(r.text);
      expectFields(posted, OPEN311_POSTED_FIELDS);
      expect(posted).toEqual({ service_request_id: expect.stringMatching(/^WT-\d{8}-\d{4}$/), service_notice: expect.any(String), account_id: null });
      const [item] = await app.db.select().from(schema.feedbackItems).where(eq(schema.feedbackItems.code, posted.service_request_id));
      expect(item).toMatchObject({ source: '市民通 App', reporterId: null, anonymous: true, isPublic: true, category: 'greening', location: '石楠路 8 号', latitude: 36.07, longitude: 103.84, title: '小区东门的大树枝干断裂，悬在人行道上方' });
      expect(JSON.stringify(item)).not.toMatch(/resident@example\.com|13800138000|建国/);
      const inbox = await app.get('/api/feedback/inbox?status=submitted&limit=50', staff);
      expect(inbox.body.items.find((i: any) => i.code === posted.service_request_id)).toMatchObject({ source: '市民通 App', reporterName: null });
      const back = await app.get(`${V2}/requests/${posted.service_request_id}.json`);
      expect(back.body[0]).toMatchObject({ status: 'open', service_code: 'greening', lat: 36.07, long: 103.84, address: '石楠路 8 号' });
      const audit = await app.get('/api/admin/audit?action=open311.request', admin);
      expect(audit.body.items[0]).toMatchObject({ targetId: item.id });
      expect((await app.get('/api/admin/open311-keys', admin)).body.items[0]).toMatchObject({ requestCount: 1, lastUsedAt: expect.any(String) });
      // XML answers the spec's <service_requests><request>.
      const x = await postForm(form({ description: '路灯杆倾斜，存在安全隐患。' }), `${V2}/requests.xml`);
      expect(x.status).toBe(200);
      const doc = parseXml(x.text);
      expect(doc.name).toBe('service_requests');
      expect(xmlRecord(doc.children[0])).toEqual({ service_request_id: expect.stringMatching(/^WT-/), service_notice: expect.any(String), account_id: null });
    });

    it('refuses without a key (400), with a wrong or revoked key (403), and bad fields (400), changing nothing', async () => {
      const before = await tableCounts(app.db);
      expectSpecErrors(await postForm(form({ api_key: '' })), 400, 'api_key');
      expectSpecErrors(await postForm(form({ api_key: '' }), `${V2}/requests.xml`), 400, 'api_key');
      expectSpecErrors(await postForm(form({ api_key: 'o311_wrong' })), 403);
      expectSpecErrors(await postForm(form({ api_key: 'o311_wrong' }), `${V2}/requests.xml`), 403);
      expectSpecErrors(await postForm(form({ service_code: 'ufo' })), 400, 'service_code');
      expectSpecErrors(await postForm(form({ description: '' })), 400, 'description');
      expectSpecErrors(await postForm(form({ lat: '', long: '', address_string: '' })), 400, 'address_string');
      expectSpecErrors(await postForm(form({ lat: '95', long: '1' })), 400, 'lat');
      expectSpecErrors(await postForm(form({ long: '' })), 400, 'long');
      expectSpecErrors(await postForm(form({ lat: '', long: '', address_string: '', address_id: 'A-1' })), 400, 'address_id');
      // JSON is not what the spec sends.
      const json = await raw(`${V2}/requests.json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(form()) });
      expectSpecErrors(json, 415);
      expect(await tableCounts(app.db)).toEqual(before);

      const gone = await app.post('/api/admin/open311-keys', { name: '试用' }, admin);
      expect((await app.del(`/api/admin/open311-keys/${gone.body.id}`, admin)).status).toBe(200);
      expectSpecErrors(await postForm(form({ api_key: gone.body.key })), 403);
      expectProblem(await app.del(`/api/admin/open311-keys/${gone.body.id}`, admin), 404);
      expect((await app.get('/api/admin/open311-keys', admin)).body.items.map((k: any) => k.id)).not.toContain(gone.body.id);
    });

    it('runs posts through the same content check as the app', async () => {
      const before = await tableCounts(app.db);
      const r = await postForm(form({ description: '测试违禁词：赌博网站 www.example-casino.cn' }));
      if (r.status === 422) expectSpecErrors(r, 422);
      else expect(r.status).toBe(200);
      if (r.status === 422) expect(await tableCounts(app.db)).toEqual(before);
    });
  });

  it('passes the conformance checks of npm run check:open311, the same that check a city before connecting', async () => {
    const results = await runOpen311Checks(`${app.url}${V2}`);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.map((r) => r.name)).toEqual(expect.arrayContaining([expect.stringMatching(/^discovery/), expect.stringMatching(/^errors/), expect.stringMatching(/^CORS/)]));
    expect(results.length).toBeGreaterThanOrEqual(11);
    // And it notices a server that is not GeoReport v2 (our own problem+json API, read as if it were).
    const wrong = await runOpen311Checks(`${app.url}/api/feedback`);
    expect(wrong.filter((r) => !r.ok).length).toBeGreaterThanOrEqual(8);
  });

  it('npm run check:open311 -- <base-url>: prints each check and exits 0 when all pass, 1 when any fails', async () => {
    const run = (base: string) =>
      promisify(execFile)(process.execPath, [path.join(__dirname, '../../node_modules/tsx/dist/cli.mjs'), path.join(__dirname, '../../scripts/check-open311.ts'), base], { timeout: 60_000 }).then(
        (r) => ({ code: 0, out: r.stdout }),
        (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
      );
    const good = await run(`${app.url}${V2}`);
    expect(good.out).toMatch(/^PASS {2}discovery/m);
    expect(good.out).not.toMatch(/^FAIL/m);
    expect(good.code).toBe(0);
    const bad = await run(`${app.url}/api/feedback`);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/^FAIL {2}services\.json/m);
  }, 120_000);
});
