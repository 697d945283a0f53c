import { startFakeWechat, type FakeWechat } from '../support/fake-wechat';
import { expectProblem, startTestApp, type TestApp } from '../support/app';

let app: TestApp;
let wechat: FakeWechat;

beforeAll(async () => {
  wechat = await startFakeWechat();
  app = await startTestApp({
    env: {
      WECHAT_APPID: 'wxtestappid',
      WECHAT_SECRET: 'wxtestsecret',
      WECHAT_API_BASE: wechat.url,
      SESSION_SECRET: 'a-test-session-secret-of-at-least-32-chars',
    },
  });
});
afterAll(async () => {
  await app.close();
  await wechat.close();
});

describe('WeChat log-in (connected mode against the fake WeChat server)', () => {
  it('creates the user on first log-in and finds them again on the next', async () => {
    wechat.codes.set('code-a1', 'openid-alice');
    const first = await app.post('/api/auth/login', { code: 'code-a1' });
    expect(first.status).toBe(200);
    expect(first.body.user).toMatchObject({ role: 'resident', displayName: expect.any(String) });
    const call = wechat.calls.find((c) => c.path === '/sns/jscode2session');
    expect(call?.query).toMatchObject({ appid: 'wxtestappid', secret: 'wxtestsecret', js_code: 'code-a1', grant_type: 'authorization_code' });
    wechat.codes.set('code-a2', 'openid-alice');
    const second = await app.post('/api/auth/login', { code: 'code-a2' });
    expect(second.body.user.id).toBe(first.body.user.id);
    expect((await app.get('/api/me', second.body.token)).body.id).toBe(first.body.user.id);
  });

  it('turns an invalid or reused code (40029) into a clear 401', async () => {
    const p = expectProblem(await app.post('/api/auth/login', { code: 'never-issued' }), 401, 'WECHAT_CODE_INVALID');
    expect(p.detail).toMatch(/登录/);
  });

  it('answers 503 when WeChat is unreachable, and works again once it is back', async () => {
    wechat.down = true;
    wechat.codes.set('code-b1', 'openid-bob');
    expectProblem(await app.post('/api/auth/login', { code: 'code-b1' }), 503, 'WECHAT_UNAVAILABLE');
    wechat.down = false;
    wechat.codes.set('code-b1', 'openid-bob');
    expect((await app.post('/api/auth/login', { code: 'code-b1' })).status).toBe(200);
  });

  it('rejects a missing code with a 400 naming the field', async () => {
    const p = expectProblem(await app.post('/api/auth/login', {}), 400, 'VALIDATION_FAILED');
    expect(p.errors?.[0].path).toBe('code');
  });

  it('hides demo log-in once WeChat is configured', async () => {
    expectProblem(await app.post('/api/auth/demo-login', { persona: 'admin' }), 404);
  });

  it('fetches a stable access token once, caches it, and refreshes once on 40001', async () => {
    const client = app.runtime.wechat!;
    const before = wechat.tokensIssued;
    const t1 = await client.accessToken();
    expect(await client.accessToken()).toBe(t1);
    expect(wechat.tokensIssued).toBe(before + 1);
    wechat.expireTokenTimes = 1;
    expect(await client.checkText('楼道灯坏了', 'openid-alice')).toBe(true);
    expect(wechat.tokensIssued).toBe(before + 2);
    expect(await client.checkText('这里有违禁词', 'openid-alice')).toBe(false);
  });
});
