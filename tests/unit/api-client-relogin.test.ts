/**
 * Issue 14: a 401 during a session renews it silently (weapp: wx.login → the API's log-in
 * route) and retries the request once; H5 has no silent path and goes to log-in once.
 * The client runs against a stand-in for Taro that records every request.
 */
type Req = { url: string; method: string; header: Record<string, string>; data?: unknown };

const mockState = {
  requests: [] as Req[],
  storage: new Map<string, unknown>(),
  navigations: [] as string[],
  loginCodes: 0,
  /** Answers per URL path, in order; the last one repeats. */
  answers: new Map<string, { statusCode: number; data: unknown }[]>(),
};

jest.mock('@tarojs/taro', () => {
  const answer = (url: string) => {
    const path = url.replace(/\?.*$/, '');
    const list = mockState.answers.get(path) ?? [{ statusCode: 404, data: {} }];
    return list.length > 1 ? list.shift()! : list[0];
  };
  const Taro = {
    request: jest.fn(async (req: Req) => {
      mockState.requests.push(req);
      const a = answer(req.url);
      return { statusCode: a.statusCode, data: a.data, header: {} };
    }),
    login: jest.fn(async () => ({ code: `code-${++mockState.loginCodes}` })),
    getStorageSync: (k: string) => mockState.storage.get(k) ?? '',
    setStorageSync: (k: string, v: unknown) => void mockState.storage.set(k, v),
    removeStorageSync: (k: string) => void mockState.storage.delete(k),
    showToast: jest.fn(async () => undefined),
    navigateTo: jest.fn(async ({ url }: { url: string }) => void mockState.navigations.push(url)),
    getCurrentPages: () => [{ route: 'packages/feedback/pages/mine/index', options: {} }],
  };
  return { __esModule: true, default: Taro, ...Taro };
});

const user = (id: string) => ({ id, role: 'resident', displayName: '居民', privacyConsentAt: null });
const problem401 = { statusCode: 401, data: { type: 'about:blank', title: 'Unauthorized', status: 401, code: 'UNAUTHORIZED', detail: '请先登录' } };

async function load() {
  jest.resetModules();
  mockState.requests = [];
  mockState.navigations = [];
  mockState.answers.clear();
  mockState.storage.clear();
  mockState.storage.set('sn:session', { token: 'old-token', user: user('u1') });
  const client = await import('../../miniprogram/api/client');
  const session = await import('../../miniprogram/lib/session');
  return { ...client, ...session };
}

afterEach(() => {
  delete process.env.TARO_ENV;
});

test('weapp: an expired session is renewed with wx.login and the request retried once with the new token', async () => {
  process.env.TARO_ENV = 'weapp';
  const { request, typed, getSession } = await load();
  mockState.answers.set('/api/feedback/mine', [problem401, { statusCode: 200, data: { items: [], nextCursor: null } }]);
  mockState.answers.set('/api/auth/login', [{ statusCode: 200, data: { token: 'new-token', user: user('u1') } }]);

  const page = await request('/api/feedback/mine', { schema: typed<{ items: unknown[] }>() });
  expect(page).toEqual({ items: [], nextCursor: null });
  const seen = mockState.requests.map((r) => `${r.method} ${r.url.replace(/\?.*$/, '')} ${r.header.Authorization ?? ''}`.trim());
  expect(seen).toEqual(['GET /api/feedback/mine Bearer old-token', 'POST /api/auth/login', 'GET /api/feedback/mine Bearer new-token']);
  expect(mockState.requests[1].data).toEqual({ code: 'code-1' });
  expect(getSession()?.token).toBe('new-token');
  expect(mockState.navigations).toEqual([]);
});

test('weapp: requests failing together share one wx.login; a POST without a key is retried once too', async () => {
  process.env.TARO_ENV = 'weapp';
  const { request, typed } = await load();
  mockState.answers.set('/api/me/messages', [problem401, { statusCode: 200, data: { ok: 1 } }]);
  mockState.answers.set('/api/feedback/x/reports', [problem401, { statusCode: 201, data: { ok: 2 } }]);
  mockState.answers.set('/api/auth/login', [{ statusCode: 200, data: { token: 'new-token', user: user('u1') } }]);
  const [a, b] = await Promise.all([request('/api/me/messages', { schema: typed<unknown>() }), request('/api/feedback/x/reports', { method: 'POST', body: { reason: 'ads' }, schema: typed<unknown>() })]);
  expect([a, b]).toEqual([{ ok: 1 }, { ok: 2 }]);
  expect(mockState.loginCodes).toBeGreaterThan(0);
  expect(mockState.requests.filter((r) => r.url.endsWith('/api/auth/login'))).toHaveLength(1);
});

test('weapp: when the retry is refused again, it stops after one retry and goes to log-in once', async () => {
  process.env.TARO_ENV = 'weapp';
  const { request, typed, getSession } = await load();
  mockState.answers.set('/api/me', [problem401]);
  mockState.answers.set('/api/auth/login', [{ statusCode: 200, data: { token: 'new-token', user: user('u1') } }]);
  await expect(request('/api/me', { schema: typed<unknown>() })).rejects.toMatchObject({ status: 401 });
  expect(mockState.requests.filter((r) => r.url.endsWith('/api/me'))).toHaveLength(2);
  expect(getSession()).toBeNull();
  expect(mockState.navigations).toHaveLength(1);
  expect(mockState.navigations[0]).toContain('/packages/account/pages/login/index');
});

test('h5: no silent path — the session is cleared and log-in opens once, without calling wx.login', async () => {
  process.env.TARO_ENV = 'h5';
  const { request, typed, getSession } = await load();
  mockState.answers.set('/api/feedback/mine', [problem401]);
  await expect(request('/api/feedback/mine', { schema: typed<unknown>(), silent: true })).rejects.toMatchObject({ status: 401 });
  expect(mockState.requests).toHaveLength(1);
  expect(getSession()).toBeNull();
  expect(mockState.navigations).toHaveLength(1);
});

test('operations: a named call fills the path by name, sends {} for a write without a body, and parses the answer with the descriptor', async () => {
  process.env.TARO_ENV = 'h5';
  const { operations } = await load();
  const { requestsRoutes } = await import('../../shared/contract/requests');
  const requests = operations(requestsRoutes);
  mockState.answers.set('/api/requests/a%2Fb/accept', [{ statusCode: 200, data: { id: 'not an order' } }]);
  await expect(requests.accept({ id: 'a/b' }, { silent: true })).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  expect(mockState.requests).toHaveLength(1);
  expect(mockState.requests[0]).toMatchObject({ method: 'POST', data: {} });
  expect(mockState.requests[0].url).toMatch(/\/api\/requests\/a%2Fb\/accept$/);

  mockState.answers.set('/api/requests', [{ statusCode: 200, data: { items: [], nextCursor: null } }]);
  await expect(requests.list({ query: { scope: 'mine', limit: 5 } })).resolves.toEqual({ items: [], nextCursor: null });
  expect(mockState.requests[1]).toMatchObject({ method: 'GET', data: undefined });
  expect(mockState.requests[1].url).toMatch(/\/api\/requests\?scope=mine&limit=5$/);
});

test('weapp: a refused log-in code is not re-sent, does not start a re-login, and keeps the stored session', async () => {
  process.env.TARO_ENV = 'weapp';
  const { getSession } = await load();
  const { wechatLogin } = await import('../../miniprogram/api/auth');
  mockState.answers.set('/api/auth/login', [problem401]);
  const codesBefore = mockState.loginCodes;

  await expect(wechatLogin({ silent: true })).rejects.toMatchObject({ status: 401 });
  const seen = mockState.requests.map((r) => `${r.method} ${r.url.replace(/\?.*$/, '')} ${r.header.Authorization ?? ''}`.trim());
  expect(seen).toEqual(['POST /api/auth/login']);
  expect(mockState.loginCodes - codesBefore).toBe(1);
  expect(getSession()?.token).toBe('old-token');
  expect(mockState.navigations).toEqual([]);
});
