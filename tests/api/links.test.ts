import { eq } from 'drizzle-orm';
import { schema } from '../../api/_lib/db';
import { DEFAULT_STREET_SETTINGS } from '../../shared/links';
import { LINKS_SEED, seedLinks } from '../../scripts/seed/links';
import { expectFieldError, expectProblem, startTestApp, tableCounts, type TestApp } from '../support/app';

let app: TestApp;
let staff: { token: string; user: any };
let resident: { token: string; user: any };

beforeAll(async () => {
  app = await startTestApp();
  await seedLinks(app.db);
  staff = await app.login('staff', 'ln-staff');
  resident = await app.login('resident', 'ln-resident');
});
afterAll(() => app.close());

const article = (over: Record<string, unknown> = {}) => ({
  title: '石楠街道冬季防火提示',
  url: 'https://mp.weixin.qq.com/s/winter-fire-safety',
  coverUrl: 'https://mmbiz.qpic.cn/cover.jpg',
  publishedAt: '2026-11-26T09:00:00+08:00',
  pinned: false,
  ...over,
});

describe('official-account links', () => {
  it('answers the account and its articles, pinned first, then newest first', async () => {
    const r = await app.get('/api/links');
    expect(r.status).toBe(200);
    expect(r.body.account).toEqual({ name: DEFAULT_STREET_SETTINGS.accountName, description: expect.any(String) });
    expect(r.body.items).toHaveLength(LINKS_SEED.length);
    const pinnedCount = LINKS_SEED.filter((l) => l.pinned).length;
    expect(r.body.items.slice(0, pinnedCount).every((i: any) => i.pinned)).toBe(true);
    expect(r.body.items.slice(pinnedCount).every((i: any) => !i.pinned)).toBe(true);
    const rest = r.body.items.slice(pinnedCount).map((i: any) => Date.parse(i.publishedAt));
    expect(rest).toEqual([...rest].sort((a, b) => b - a));
    expect(r.body.items[0]).toMatchObject({ url: expect.stringMatching(/^https:\/\/mp\.weixin\.qq\.com\//), publishedAt: expect.stringMatching(/\+08:00$/) });
  });

  it('pages through the list with a cursor that crosses from pinned to unpinned', async () => {
    const all = (await app.get('/api/links?limit=100')).body.items.map((i: any) => i.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r: any = await app.get(`/api/links?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      seen.push(...r.body.items.map((i: any) => i.id));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expectFieldError(await app.get('/api/links?limit=101'), 'limit');
    expectFieldError(await app.get('/api/links?cursor=bad'), 'cursor');
  });

  it('lets staff add, edit and delete articles, audited, and readers see it at once despite the cache', async () => {
    await app.get('/api/links'); // warm the cache
    const created = await app.post('/api/links', article({ pinned: true }), staff.token);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: '石楠街道冬季防火提示', pinned: true, coverUrl: 'https://mmbiz.qpic.cn/cover.jpg' });
    const id = created.body.id;
    const list1 = await app.get('/api/links');
    expect(list1.body.items[0].id).toBe(id); // pinned and newest

    const edited = await app.put(`/api/links/${id}`, article({ title: '冬季防火提示（更新）', pinned: false, coverUrl: null }), staff.token);
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ title: '冬季防火提示（更新）', pinned: false, coverUrl: null });
    const list2 = await app.get('/api/links');
    const mine = list2.body.items.find((i: any) => i.id === id);
    expect(mine.title).toBe('冬季防火提示（更新）');
    expect(list2.body.items.findIndex((i: any) => i.id === id)).toBeGreaterThanOrEqual(LINKS_SEED.filter((l) => l.pinned).length);

    expect((await app.del(`/api/links/${id}`, staff.token)).status).toBe(200);
    expect((await app.get('/api/links')).body.items.map((i: any) => i.id)).not.toContain(id);
    expectProblem(await app.del(`/api/links/${id}`, staff.token), 404);
    expectProblem(await app.put(`/api/links/${id}`, article(), staff.token), 404);

    const audit = await app.db.select().from(schema.auditLog).where(eq(schema.auditLog.targetId, id));
    expect(audit.map((a) => a.action).sort()).toEqual(['link.created', 'link.deleted', 'link.updated']);
  });

  it('accepts only https://mp.weixin.qq.com/ article links (400 naming url), writing nothing', async () => {
    const before = await tableCounts(app.db);
    for (const url of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'http://mp.weixin.qq.com/s/abc',
      'https://example.com/s/abc',
      'https://mp.weixin.qq.com.evil.example/s/abc',
      'https://evil.example/?https://mp.weixin.qq.com/',
      'https://mp.weixin.qq.com@evil.example/s/abc',
      ' data:text/html,hi',
      '',
    ]) {
      expectFieldError(await app.post('/api/links', article({ url }), staff.token), 'url');
    }
    expectFieldError(await app.post('/api/links', article({ title: '' }), staff.token), 'title');
    expectFieldError(await app.post('/api/links', article({ title: '长'.repeat(101) }), staff.token), 'title');
    expectFieldError(await app.post('/api/links', article({ coverUrl: 'javascript:alert(1)' }), staff.token), 'coverUrl');
    expectFieldError(await app.post('/api/links', article({ publishedAt: 'yesterday' }), staff.token), 'publishedAt');
    expectFieldError(await app.post('/api/links', article({ pinned: 'yes' }), staff.token), 'pinned');
    const [any] = (await app.get('/api/links')).body.items;
    expectFieldError(await app.put(`/api/links/${any.id}`, article({ url: 'javascript:void(0)' }), staff.token), 'url');
    expect(await tableCounts(app.db)).toEqual(before);
  });

  it('refuses residents and anonymous callers, writing nothing', async () => {
    const [any] = (await app.get('/api/links')).body.items;
    const before = await tableCounts(app.db);
    expectProblem(await app.post('/api/links', article(), null), 401);
    expectProblem(await app.post('/api/links', article(), resident.token), 403, 'FORBIDDEN');
    expectProblem(await app.put(`/api/links/${any.id}`, article(), resident.token), 403);
    expectProblem(await app.del(`/api/links/${any.id}`, resident.token), 403);
    expectProblem(await app.del(`/api/links/${any.id}`), 401);
    expect(await tableCounts(app.db)).toEqual(before);
    expectFieldError(await app.put('/api/links/not-a-uuid', article(), staff.token), 'id');
  });
});
