import { expectProblem, startTestApp, type TestApp } from '../support/app';

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
