import { startTestApp, type TestApp } from '../support/app';

/** Rate limits on (the other Open311 tests switch them off): each api_key has its own budget. */
describe('Open311 POST: per-key rate limit', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('refuses a key past its budget with the spec error list (429), while another key still posts', async () => {
    const admin = (await app.login('admin', 'o311-limit-admin')).token;
    const issue = async (name: string) => (await app.post('/api/admin/open311-keys', { name }, admin)).body.key as string;
    const [busy, other] = [await issue('压测'), await issue('另一应用')];
    const send = (key: string, i: number) =>
      fetch(`${app.url}/api/open311/v2/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ api_key: key, service_code: 'other', description: `第 ${i} 条测试反映`, address_string: '石楠路' }).toString(),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await send(busy, i)).status);
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses[30]).toBe(429);
    const refused = await send(busy, 99);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refused.json()).toEqual([{ code: 429, description: expect.any(String) }]);
    expect((await send(other, 1)).status).toBe(200);
  });
});
