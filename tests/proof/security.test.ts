import { SignJWT } from 'jose';
import { derivedKey } from '../../api/_lib/auth/keys';
import { expectProblem, startTestApp, tableCounts, type TestApp } from '../support/app';

describe('CORS in connected mode', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { CORS_ORIGINS: 'https://admin.shinan.example.cn' } });
  });
  afterAll(() => app.close());

  it('allows a configured origin, preflight included', async () => {
    const pre = await app.request('OPTIONS', '/api/me', {
      headers: { origin: 'https://admin.shinan.example.cn', 'access-control-request-method': 'GET' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://admin.shinan.example.cn');
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    const get = await app.request('GET', '/api/communities', { headers: { origin: 'https://admin.shinan.example.cn' } });
    expect(get.headers.get('access-control-allow-origin')).toBe('https://admin.shinan.example.cn');
    expect(get.headers.get('vary')).toMatch(/Origin/);
  });

  it('gives no CORS grant to any other origin', async () => {
    for (const origin of ['https://evil.example.com', 'null', 'https://admin.shinan.example.cn.evil.com']) {
      const res = await app.request('GET', '/api/communities', { headers: { origin } });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      const pre = await app.request('OPTIONS', '/api/me', { headers: { origin } });
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('answers errors without stack traces or server paths', async () => {
    const res = await app.request('PATCH', '/api/me', { rawBody: '{', headers: { authorization: 'Bearer x.y.z' } });
    expectProblem(res, 401);
    expect(res.text).not.toMatch(/\/work\/|node_modules|\.ts:\d+/);
  });
});

describe('tokens with a changed role', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const withRole = (token: string) => {
    const [, p] = token.split('.');
    return { ...JSON.parse(Buffer.from(p, 'base64url').toString()), role: 'admin', staffCommunityId: null };
  };

  it('refuses a resident token whose payload claims admin, re-encoded under the old signature or signed with another key', async () => {
    const { token } = await app.login('resident', 'sec-role-1');
    const [h, , s] = token.split('.');
    const edited = [h, Buffer.from(JSON.stringify(withRole(token))).toString('base64url'), s].join('.');
    expectProblem(await app.get('/api/admin/audit', edited), 401, 'TOKEN_INVALID');
    const wrongKey = await new SignJWT(withRole(token))
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode('not-the-server-secret-but-long-enough-0123456789'));
    expectProblem(await app.get('/api/admin/audit', wrongKey), 401, 'TOKEN_INVALID');
    expectProblem(await app.get('/api/me', wrongKey), 401, 'TOKEN_INVALID');
  });

  it('ignores a role claim even when correctly signed: the role comes from the database', async () => {
    const { token, user } = await app.login('resident', 'sec-role-2');
    const forged = await new SignJWT(withRole(token))
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new Uint8Array(derivedKey(app.config.sessionSecret, 'session-token')));
    const me = await app.get('/api/me', forged);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: user.id, role: 'resident', staffCommunityId: null });
    expectProblem(await app.get('/api/admin/audit', forged), 403, 'FORBIDDEN');
    expectProblem(await app.get('/api/feedback/inbox', forged), 403, 'FORBIDDEN');
    const before = await tableCounts(app.db);
    expectProblem(await app.post(`/api/admin/users/${user.id}/role`, { role: 'admin' }, forged), 403, 'FORBIDDEN');
    expect(await tableCounts(app.db)).toEqual(before);
    expect((await app.get('/api/me', token)).body.role).toBe('resident');
  });
});

describe('search and filters take quotes, %, _ and backslashes literally', () => {
  let app: TestApp;
  let staff: string;
  const SPECIAL = ['%', '_', '\\', "'", '"', "%'--", '\\%', '%_%'];
  /** Planted entries: each special text occurs only in its own entry. */
  const planted: Record<string, string> = {
    '%': '满100%可减免',
    '_': '窗口编号A_12',
    '\\': '路径C:\\社区\\表格',
    "'": "王'大妈'的助餐",
    '"': '"爱心"理发',
  };

  beforeAll(async () => {
    app = await startTestApp({ env: { RATE_LIMIT_DISABLED: '1' } });
    staff = (await app.login('staff', 'sec-filter-staff')).token;
    const entry = (title: string, body: string) => ({ category: 'convenience', title, summary: '便民服务事项说明', body });
    for (const [, text] of Object.entries(planted)) {
      const r = await app.post('/api/handbook', entry(`特别事项${text}`, `办理说明：${text}。`), staff);
      expect(r.status).toBe(201);
    }
    for (let i = 0; i < 5; i++) expect((await app.post('/api/handbook', entry(`普通事项${i}号`, '社区普通服务，就近办理。'), staff)).status).toBe(201);
    for (const name of ['刘建华', '张%华', '李_明', '赵\\强']) {
      const v = await app.login('resident', `sec-vol-${Buffer.from(name).toString('hex').slice(0, 20)}`);
      expect((await app.post('/api/volunteers/me', { realName: name, isPartyMember: false, skills: [] }, v.token)).status).toBe(201);
    }
  });
  afterAll(() => app.close());

  const text = (item: any) => [item.title, item.summary, item.body, item.eligibility, item.materials, item.location].filter(Boolean).join('\n');

  it('handbook search: each special character finds only the entry that contains it', async () => {
    const all = (await app.get('/api/handbook?limit=100')).body.items.length;
    expect(all).toBeGreaterThanOrEqual(10);
    for (const [ch, planting] of Object.entries(planted)) {
      const r = await app.get(`/api/handbook?q=${encodeURIComponent(ch)}&limit=100`);
      expect(r.status).toBe(200);
      const titles = r.body.items.map((x: any) => x.title);
      expect(titles).toContain(`特别事项${planting}`);
      expect(r.body.items.length).toBeLessThan(all);
      for (const item of r.body.items) {
        const detail = (await app.get(`/api/handbook/${item.id}`)).body;
        expect(text(detail)).toContain(ch);
      }
    }
  });

  it('handbook search: wildcard and injection fragments that occur nowhere find nothing', async () => {
    for (const q of ['%%', '_%_', '\\\\%', "' OR '1'='1", '"; --', '%\'--', 'a%b', '100_%']) {
      const r = await app.get(`/api/handbook?q=${encodeURIComponent(q)}&limit=100`);
      expect(r.status).toBe(200);
      // Several words are alternatives (each word literally); a single word must occur as typed.
      const words = q.split(/\s+/).filter(Boolean);
      for (const item of r.body.items) {
        const t = text((await app.get(`/api/handbook/${item.id}`)).body);
        expect(words.some((w) => t.includes(w))).toBe(true);
      }
      if (words.length === 1) expect(r.body.items).toEqual([]);
    }
    expect((await app.get(`/api/handbook?q=${encodeURIComponent('%%')}`)).body.items).toEqual([]);
  });

  it('volunteer search (staff): % _ and \\ match literally', async () => {
    const names = async (q: string) => {
      const r = await app.get(`/api/volunteers?q=${encodeURIComponent(q)}&limit=100`, staff);
      expect(r.status).toBe(200);
      return r.body.items.map((x: any) => x.realName).sort();
    };
    expect(await names('%')).toEqual(['张%华']);
    expect(await names('_')).toEqual(['李_明']);
    expect(await names('\\')).toEqual(['赵\\强']);
    expect(await names("'")).toEqual([]);
    expect(await names('%_%')).toEqual([]);
    expect((await names('华')).length).toBe(2);
  });

  it('every other text filter compares exactly or refuses the value: none is a wildcard, none answers 5xx', async () => {
    const admin = (await app.login('admin', 'sec-filter-admin')).token;
    const targets: [string, string | null][] = [
      ['/api/admin/audit?action=', admin],
      ['/api/admin/audit?targetType=', admin],
      ['/api/admin/audit?targetId=', admin],
      ['/api/feedback/wall?category=', null],
      ['/api/feedback/echo?category=', null],
      ['/api/feedback/inbox?category=', staff],
      ['/api/feedback/inbox?status=', staff],
      ['/api/open311/v2/requests.json?service_code=', null],
      ['/api/open311/v2/requests.json?jurisdiction_id=', null],
      ['/api/redpost/shifts?postType=', null],
      ['/api/requests?status=', staff],
      ['/api/feedback/wall?cursor=', null],
      ['/api/handbook?category=', null],
    ];
    expect((await app.get('/api/admin/audit?limit=100', admin)).body.items.length).toBeGreaterThan(0);
    for (const [prefix, token] of targets) {
      for (const v of SPECIAL) {
        const r = await app.get(prefix + encodeURIComponent(v), token);
        if (r.status >= 500 || (r.status !== 200 && r.status !== 400)) throw new Error(`${prefix}${v} → ${r.status} ${r.text}`);
        if (r.status === 200 && prefix.startsWith('/api/admin/audit')) expect(r.body.items).toEqual([]);
        // Open311 refuses in the spec's own list; everything else in problem+json.
        if (r.status === 400) expect(r.headers.get('content-type')).toMatch(prefix.startsWith('/api/open311/') ? /^application\/json/ : /problem\+json/);
      }
    }
  });
});
