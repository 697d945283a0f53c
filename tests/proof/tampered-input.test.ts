import { randomUUID } from 'node:crypto';
import { expectFieldError, startTestApp, tableCounts, type TestApp } from '../support/app';

/**
 * Tampered input the outside attack found answering 500 (PostgreSQL refusing what the API let
 * through) or silently turning into another value. Every one must be a 400 naming the field and
 * change nothing. Runs on PGlite and, in CI, on real PostgreSQL (TEST_DATABASE_URL).
 */
let app: TestApp;
let resident: string;
let staff: string;
let admin: string;
let feedbackId: string;

const cursorOf = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMIT_DISABLED: '1' } });
  resident = (await app.login('resident', 'tamper-resident')).token;
  staff = (await app.login('staff', 'tamper-staff')).token;
  admin = (await app.login('admin', 'tamper-admin')).token;
  const fb = await app.post(
    '/api/feedback',
    { category: 'environment', title: '3号楼楼道堆放杂物', body: '3号楼2单元楼道里堆了很多纸箱，堵住了消防通道。', public: true },
    resident,
  );
  if (fb.status !== 201) throw new Error(fb.text);
  feedbackId = fb.body.id;
}, 120_000);
afterAll(() => app.close());

describe('tampered cursors', () => {
  it.each([
    ['non-UUID id', '/api/me/messages', { t: '2026-11-27T02:00:00.000Z', id: 'not-a-uuid' }],
    ['year-zero time', '/api/me/messages', { t: '0000-01-01T00:00:00Z', id: randomUUID() }],
    ['non-UUID id (feedback mine)', '/api/feedback/mine', { t: '2026-11-27T02:00:00.000Z', id: "x' OR 1=1" }],
    ['offset 1e300', '/api/feedback/wall', { o: 1e300 }],
    ['offset 2^63', '/api/feedback/wall', { o: 2 ** 63 }],
    ['offset 2^63 (echo)', '/api/feedback/echo', { o: Number('9223372036854775807') }],
  ])('%s → 400 naming cursor', async (_name, path, cursor) => {
    expectFieldError(await app.get(`${path}?cursor=${cursorOf(cursor)}`, resident), 'cursor');
  });

  it('audit cursor with a non-UUID id → 400 naming cursor', async () => {
    expectFieldError(await app.get(`/api/admin/audit?cursor=${cursorOf({ t: '2026-11-27T02:00:00.000Z', id: 'nope' })}`, admin), 'cursor');
  });
});

describe('dates out of range', () => {
  it.each([
    ['/api/admin/audit?from=0000-01-01T00:00:00Z', 'from'],
    ['/api/admin/audit?to=9999-12-31T23:59:59Z', 'to'],
    ['/api/redpost/shifts?from=0000-01-01T00:00:00Z', 'from'],
  ])('%s → 400', async (path, field) => {
    expectFieldError(await app.get(path, admin), field);
  });

  it('an Open311 start_date in year 1 → 400 in the spec error list naming start_date', async () => {
    const res = await app.get('/api/open311/v2/requests.json?start_date=0001-01-01T00:00:00Z', admin);
    expect(res.status).toBe(400);
    expect(res.body).toEqual([{ code: 400, description: expect.stringMatching(/^start_date: /) }]);
  });

  it('a publishedAt with a year below 100 is refused, not stored as another year', async () => {
    const before = await tableCounts(app.db);
    for (const publishedAt of ['0099-01-01T00:00:00+08:00', '0001-01-01T00:00:00Z', '0000-01-01T00:00:00Z']) {
      const res = await app.post(
        '/api/links',
        { title: '石楠街道冬季防火提示', url: 'https://mp.weixin.qq.com/s/winter-fire', publishedAt },
        staff,
      );
      expectFieldError(res, 'publishedAt');
    }
    expect(await tableCounts(app.db)).toEqual(before);
  });
});

describe('control characters', () => {
  it.each([
    ['/api/handbook?q=%00', 'q', () => resident],
    ['/api/handbook?q=a%01b', 'q', () => resident],
    ['/api/volunteers?q=%00', 'q', () => staff],
    ['/api/requests/residents?q=%00', 'q', () => staff],
  ])('%s → 400', async (path, field, who) => {
    expectFieldError(await app.get(path, who()), field);
  });

  it('U+0000 in any text field of a body → 400 naming the field, nothing stored', async () => {
    const before = await tableCounts(app.db);
    expectFieldError(
      await app.post('/api/feedback', { category: 'environment', title: '楼道\u0000杂物', body: '楼道里堆了很多纸箱，堵住了消防通道。' }, resident),
      'title',
    );
    expectFieldError(
      await app.post('/api/feedback', { category: 'environment', title: '楼道杂物很多', body: '楼道里堆了很多纸箱\u0000堵住了消防通道。' }, resident),
      'body',
    );
    expectFieldError(await app.post(`/api/feedback/${feedbackId}/replies`, { body: '补充\u0000说明' }, resident), 'body');
    expectFieldError(await app.patch('/api/me', { displayName: '张\u0000三' }, resident), 'displayName');
    expect(await tableCounts(app.db)).toEqual(before);
  });

  it('names the nested path of a control character, and lets tab, newline and carriage return through', async () => {
    const res = await app.post(
      '/api/feedback',
      { category: 'environment', title: '楼道杂物很多', body: '第一行\n第二行\r\n\t第三行，楼道里堆了很多纸箱。', public: true },
      resident,
    );
    expect(res.status).toBe(201);
    // A control character in a key is refused too (it would reach a jsonb column as-is).
    expectFieldError(await app.patch('/api/me', { displayName: '张三', ['x\u0007']: 1 }, resident), 'x\\u0007');
  });
});
