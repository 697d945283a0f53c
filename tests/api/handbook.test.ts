import { eq } from 'drizzle-orm';
import { schema } from '../../api/_lib/db';
import { HANDBOOK_CATEGORIES } from '../../shared/handbook';
import { HANDBOOK_SEED, seedHandbook } from '../../scripts/seed/handbook';
import { expectFieldError, expectProblem, startTestApp, tableCounts, type TestApp } from '../support/app';

let app: TestApp;
let staff: { token: string; user: any };
let resident: { token: string; user: any };
let volunteer: { token: string; user: any };

beforeAll(async () => {
  app = await startTestApp();
  await seedHandbook(app.db);
  staff = await app.login('staff', 'hb-staff');
  resident = await app.login('resident', 'hb-resident');
  volunteer = await app.login('volunteer', 'hb-volunteer');
});
afterAll(() => app.close());

const entryBody = (over: Record<string, unknown> = {}) => ({
  category: 'elderly',
  title: '测试用长者食堂',
  summary: '为老人提供午餐的测试条目',
  body: '测试正文：每天中午供应午餐。',
  eligibility: '60 岁以上老人',
  materials: '身份证',
  location: '石楠路 1 号',
  hours: '每天 11:00–13:00',
  phone: '0931-8765 4399',
  requestable: false,
  ...over,
});

const titles = (res: { body: { items: { title: string }[] } }) => res.body.items.map((i) => i.title);

describe('handbook reading', () => {
  it('lists categories with counts of published entries, in the printed order', async () => {
    const r = await app.get('/api/handbook/categories');
    expect(r.status).toBe(200);
    expect(r.body.items.map((c: any) => c.key)).toEqual(HANDBOOK_CATEGORIES.map((c) => c.key));
    const total = r.body.items.reduce((n: number, c: any) => n + c.count, 0);
    expect(total).toBe(HANDBOOK_SEED.length);
    expect(r.body.items.find((c: any) => c.key === 'party')).toMatchObject({ name: '流动党员之家', count: 5 });
  });

  it('lists by category with paging and the contract fields', async () => {
    const first = await app.get('/api/handbook?category=civil&limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    expect(first.body.items[0]).toMatchObject({ category: 'civil', categoryName: '民政', requestable: false, updatedAt: expect.stringMatching(/\+08:00$/) });
    const second = await app.get(`/api/handbook?category=civil&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(2);
    expect(second.body.nextCursor).toBeNull();
    const all = [...titles(first), ...titles(second)];
    expect(new Set(all).size).toBe(4);
  });

  it('opens one entry with eligibility, materials, place, hours and phone', async () => {
    const list = await app.get(`/api/handbook?q=${encodeURIComponent('日托中心')}`);
    const id = list.body.items[0].id;
    const r = await app.get(`/api/handbook/${id}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      id,
      category: 'elderly',
      title: '社区日托中心',
      body: expect.stringContaining('文体娱乐'),
      eligibility: expect.any(String),
      materials: expect.any(String),
      location: expect.any(String),
      hours: expect.any(String),
      phone: expect.any(String),
      requestable: false,
      published: true,
    });
    expectProblem(await app.get('/api/handbook/00000000-0000-0000-0000-000000000000'), 404, 'NOT_FOUND');
    expectFieldError(await app.get('/api/handbook/not-a-uuid'), 'id');
  });

  it('filters the service menu (requestable entries)', async () => {
    const r = await app.get('/api/handbook?requestable=true&limit=100');
    expect(r.body.items.length).toBe(HANDBOOK_SEED.filter((e) => e.requestable).length);
    expect(r.body.items.every((i: any) => i.requestable)).toBe(true);
    expect(titles(r)).toEqual(expect.arrayContaining(['上门代办（老年、体弱、残疾人）', '助老陪诊', '爱心诊所免费体检预约', '社区小时班托管', '家电维修上门', '法律咨询预约']));
  });

  it('rejects bad list parameters with 400 naming the field', async () => {
    expectFieldError(await app.get('/api/handbook?limit=101'), 'limit');
    expectFieldError(await app.get('/api/handbook?category=nonsense'), 'category');
    expectFieldError(await app.get(`/api/handbook?q=${'长'.repeat(51)}`), 'q');
    expectFieldError(await app.get('/api/handbook?cursor=garbage'), 'cursor');
    expectFieldError(await app.get('/api/handbook?requestable=yes'), 'requestable');
  });
});

describe('handbook search quality', () => {
  const search = (q: string) => app.get(`/api/handbook?q=${encodeURIComponent(q)}`);

  it.each([
    ['养老', ['城乡居民养老保险参保登记', '居家养老上门服务', '养老金领取资格认证']],
    ['低保', ['最低生活保障（低保）申请']],
    ['体检', ['爱心诊所免费体检预约']],
    ['小时班', ['社区小时班托管']],
    ['一岗双扶', ['一岗双扶公益性岗位']],
    ['残疾人证', ['残疾人证办理']],
    ['法律援助', ['法律援助申请', '流动党员法律援助与生活救助']],
    ['代办', ['上门代办（老年、体弱、残疾人）', '证明开具与代办预约']],
  ])('%s finds the right entries first', async (q, expected) => {
    const r = await search(q);
    expect(r.status).toBe(200);
    const got = titles(r);
    expect(got.slice(0, expected.length).sort()).toEqual([...expected].sort());
  });

  it('2-character queries do not drown in unrelated entries', async () => {
    const r = await search('低保');
    // Only entries that mention 低保 at all, and the one titled with it first.
    for (const item of r.body.items) {
      const full = await app.get(`/api/handbook/${item.id}`);
      const text = [full.body.title, full.body.summary, full.body.body, full.body.eligibility].join(' ');
      expect(text).toContain('低保');
    }
    expect(titles(r)[0]).toBe('最低生活保障（低保）申请');
  });

  it('finds entries for a multi-word query and tolerates a small typo in a longer one', async () => {
    expect(titles(await search('免费 体检'))[0]).toBe('爱心诊所免费体检预约');
    const typo = titles(await search('爱心诊所免费体验预约'));
    expect(typo[0]).toBe('爱心诊所免费体检预约');
  });

  it('narrows a search to one category', async () => {
    const r = await app.get(`/api/handbook?q=${encodeURIComponent('养老')}&category=social-security`);
    expect(r.body.items.every((i: any) => i.category === 'social-security')).toBe(true);
    expect(titles(r).slice(0, 2).sort()).toEqual(['养老金领取资格认证', '城乡居民养老保险参保登记'].sort());
  });

  it('treats %, _ and \\ in the query as plain characters', async () => {
    // Unescaped, each of these would match every entry.
    for (const q of ['%', '_', '\\', '%%', '%_%']) {
      const r = await search(q);
      expect(r.status).toBe(200);
      expect(r.body.items).toEqual([]);
    }
    // A wildcard never widens the match.
    const wrapped = await search('_低保_');
    expect(wrapped.body.items.length).toBeLessThan(HANDBOOK_SEED.length / 2);
    expect((await search("'; DROP TABLE handbook_entries; --")).status).toBe(200);
    expect((await app.get('/api/handbook/categories')).body.items.length).toBe(HANDBOOK_CATEGORIES.length);
  });

  it('finds nothing for words the handbook does not contain', async () => {
    expect((await search('火星移民')).body.items).toEqual([]);
  });
});

describe('handbook search: synonyms, pinyin, category names, tags', () => {
  const search = (q: string, extra = '') => app.get(`/api/handbook?q=${encodeURIComponent(q)}${extra}`);

  it('finds entries by what residents call them (the seeded synonyms)', async () => {
    const r = await search('残疾证');
    expect(r.status).toBe(200);
    expect(titles(r)[0]).toBe('残疾人证办理');
    expect(titles(await search('老年卡'))[0]).toBe('老年人优待证办理');
    // The term inside a longer query is swapped too.
    expect(titles(await search('老年卡办理'))[0]).toBe('老年人优待证办理');
  });

  it('finds 低保 by pinyin in full and by initials, typed in any case or with spaces', async () => {
    for (const q of ['dibao', 'db', 'DiBao', 'di bao']) {
      const r = await search(q);
      expect(r.status).toBe(200);
      expect(titles(r)).toContain('最低生活保障（低保）申请');
    }
    expect(titles(await search('dibao'))[0]).toBe('最低生活保障（低保）申请');
    expect(titles(await search('canjirenzheng'))[0]).toBe('残疾人证办理');
    expect((await search('zzzzqx')).body.items).toEqual([]);
  });

  it('a category name finds the entries of that category', async () => {
    const r = await search('民政');
    const civil = HANDBOOK_SEED.filter((e) => e.category === 'civil').map((e) => e.title);
    expect(civil.length).toBeGreaterThan(1);
    expect(titles(r)).toEqual(expect.arrayContaining(civil));
  });

  it('a tag finds its entry, and an edited tag is searchable at once (keys written with the entry)', async () => {
    expect(titles(await search('刷脸认证'))[0]).toBe('养老金领取资格认证');
    const created = await app.post('/api/handbook', entryBody({ title: '长者食堂测试条目', tags: ['饭堂', '吃饭'] }), staff.token);
    expect(created.status).toBe(201);
    expect(created.body.tags).toEqual(['饭堂', '吃饭']);
    const [row] = await app.db.select().from(schema.handbookEntries).where(eq(schema.handbookEntries.id, created.body.id));
    expect(row.searchKeys).toContain('养老'); // the category's name
    expect(row.searchKeys).toContain('zhangzheshitangceshitiaomu');
    expect(row.searchKeys).toContain('zzstcstm');
    expect(titles(await search('饭堂'))).toContain('长者食堂测试条目');
    expect(titles(await search('fantang'))).toContain('长者食堂测试条目');
    const put = await app.put(`/api/handbook/${created.body.id}`, entryBody({ title: '长者食堂测试条目', tags: ['午餐'] }), staff.token);
    expect(put.status).toBe(200);
    expect(titles(await search('饭堂'))).not.toContain('长者食堂测试条目');
    expect(titles(await search('午餐'))).toContain('长者食堂测试条目');
    await app.del(`/api/handbook/${created.body.id}`, staff.token);
  });

  it('keeps a chosen category while searching: 民政 + 养老 finds the civil entries that mention it, or nothing', async () => {
    const r = await search('养老', '&category=civil');
    expect(r.status).toBe(200);
    expect(r.body.items.every((i: any) => i.category === 'civil')).toBe(true);
    // Dropping the category (the × on the chip) finds the 养老 entries.
    expect((await search('养老')).body.items.length).toBeGreaterThanOrEqual(5);
  });

  it('rejects a bad tag list with 400 naming the field, writing nothing', async () => {
    const before = await tableCounts(app.db);
    expectFieldError(await app.post('/api/handbook', entryBody({ tags: ['这是一个特别特别特别长的关键词'] }), staff.token), 'tags.0');
    expectFieldError(await app.post('/api/handbook', entryBody({ tags: Array.from({ length: 11 }, (_, i) => `词${i}`) }), staff.token), 'tags');
    expect(await tableCounts(app.db)).toEqual(before);
  });
});

describe('handbook synonyms (staff-edited)', () => {
  it('street staff add and remove a synonym, each audited, and search follows at once', async () => {
    const list = await app.get('/api/handbook/synonyms', staff.token);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ term: '残疾证', target: '残疾人证' })]));
    expect((await app.get(`/api/handbook?q=${encodeURIComponent('代步车')}`)).body.items).toEqual([]);
    const added = await app.post('/api/handbook/synonyms', { term: '代步车', target: '辅助器具' }, staff.token);
    expect(added.status).toBe(201);
    expect(titles(await app.get(`/api/handbook?q=${encodeURIComponent('代步车')}`))[0]).toBe('残疾人辅助器具适配');
    expectProblem(await app.post('/api/handbook/synonyms', { term: '代步车', target: '辅助器具' }, staff.token), 409, 'SYNONYM_EXISTS');
    const removed = await app.del(`/api/handbook/synonyms/${added.body.id}`, staff.token);
    expect(removed.status).toBe(200);
    expect((await app.get(`/api/handbook?q=${encodeURIComponent('代步车')}`)).body.items).toEqual([]);
    expectProblem(await app.del(`/api/handbook/synonyms/${added.body.id}`, staff.token), 404);
    const audit = await app.db.select().from(schema.auditLog).where(eq(schema.auditLog.targetId, added.body.id));
    expect(audit.map((a) => a.action).sort()).toEqual(['handbook.synonym_added', 'handbook.synonym_removed']);
  });

  it('refuses bad synonyms with 400 naming the field, and residents, community staff and anonymous callers', async () => {
    const scoped = await app.login('staff', 'hb-scoped');
    const before = await tableCounts(app.db);
    expectFieldError(await app.post('/api/handbook/synonyms', { term: '', target: '辅助器具' }, staff.token), 'term');
    expectFieldError(await app.post('/api/handbook/synonyms', { term: '代步车', target: '代步车' }, staff.token), 'target');
    expectProblem(await app.post('/api/handbook/synonyms', { term: '代步车', target: '辅助器具' }, resident.token), 403);
    expectProblem(await app.get('/api/handbook/synonyms', resident.token), 403);
    expect((await app.get('/api/handbook/synonyms')).status).toBe(401);
    const [c1] = await app.db.select().from(schema.communities).limit(1);
    await app.db.update(schema.users).set({ staffCommunityId: c1.id }).where(eq(schema.users.id, scoped.user.id));
    expectProblem(await app.post('/api/handbook/synonyms', { term: '代步车', target: '辅助器具' }, scoped.token), 403);
    expect(await tableCounts(app.db)).toEqual(before);
  });
});

describe('handbook editing', () => {
  it('lets staff create, replace and unpublish an entry, each audited', async () => {
    const created = await app.post('/api/handbook', entryBody(), staff.token);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: '测试用长者食堂', category: 'elderly', published: true, requestable: false });
    const id = created.body.id;

    const replaced = await app.put(`/api/handbook/${id}`, entryBody({ title: '测试用长者食堂（新址）', requestable: true }), staff.token);
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ title: '测试用长者食堂（新址）', requestable: true });

    const removed = await app.del(`/api/handbook/${id}`, staff.token);
    expect(removed.status).toBe(200);
    expect(removed.body.published).toBe(false);
    expectProblem(await app.get(`/api/handbook/${id}`), 404);
    expectProblem(await app.get(`/api/handbook/${id}`, resident.token), 404);
    // Staff still see it (to republish), and in their list of unpublished entries.
    expect((await app.get(`/api/handbook/${id}`, staff.token)).body.published).toBe(false);
    const staffList = await app.get(`/api/handbook?includeUnpublished=true&q=${encodeURIComponent('长者食堂')}`, staff.token);
    expect(staffList.body.items.map((i: any) => i.id)).toContain(id);
    // Unpublishing twice is the wrong state.
    expectProblem(await app.del(`/api/handbook/${id}`, staff.token), 409, 'INVALID_STATE');
    // A PUT keeps it unpublished unless it says to republish.
    expect((await app.put(`/api/handbook/${id}`, entryBody(), staff.token)).body.published).toBe(false);
    expect((await app.put(`/api/handbook/${id}`, entryBody({ published: true }), staff.token)).body.published).toBe(true);
    expect((await app.get(`/api/handbook/${id}`)).status).toBe(200);

    const audit = await app.db.select().from(schema.auditLog).where(eq(schema.auditLog.targetId, id));
    expect(audit.map((a) => a.action).sort()).toEqual(['handbook.created', 'handbook.unpublished', 'handbook.updated', 'handbook.updated', 'handbook.updated']);
    expect(audit.every((a) => a.actorId === staff.user.id)).toBe(true);
  });

  it('honours Idempotency-Key on create', async () => {
    const key = 'hb-idem-0001-abcdef';
    const a = await app.post('/api/handbook', entryBody({ title: '幂等测试条目' }), staff.token, { 'Idempotency-Key': key });
    const b = await app.post('/api/handbook', entryBody({ title: '幂等测试条目' }), staff.token, { 'Idempotency-Key': key });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    const rows = await app.db.select().from(schema.handbookEntries).where(eq(schema.handbookEntries.title, '幂等测试条目'));
    expect(rows).toHaveLength(1);
  });

  it('refuses residents, volunteers and anonymous callers, writing nothing', async () => {
    const [any] = (await app.get('/api/handbook?limit=1')).body.items;
    const before = await tableCounts(app.db);
    expectProblem(await app.post('/api/handbook', entryBody(), null), 401);
    expectProblem(await app.post('/api/handbook', entryBody(), resident.token), 403, 'FORBIDDEN');
    expectProblem(await app.post('/api/handbook', entryBody(), volunteer.token), 403, 'FORBIDDEN');
    expectProblem(await app.put(`/api/handbook/${any.id}`, entryBody(), resident.token), 403);
    expectProblem(await app.del(`/api/handbook/${any.id}`, resident.token), 403);
    expectProblem(await app.del(`/api/handbook/${any.id}`), 401);
    expectProblem(await app.get('/api/handbook?includeUnpublished=true', resident.token), 403);
    expectProblem(await app.get('/api/handbook?includeUnpublished=true'), 403);
    expect(await tableCounts(app.db)).toEqual(before);
  });

  it('rejects bad entries with 400 naming the field, writing nothing', async () => {
    const before = await tableCounts(app.db);
    expectFieldError(await app.post('/api/handbook', entryBody({ title: undefined }), staff.token), 'title');
    expectFieldError(await app.post('/api/handbook', entryBody({ summary: '' }), staff.token), 'summary');
    expectFieldError(await app.post('/api/handbook', entryBody({ body: undefined }), staff.token), 'body');
    expectFieldError(await app.post('/api/handbook', entryBody({ category: 'mayor' }), staff.token), 'category');
    expectFieldError(await app.post('/api/handbook', entryBody({ title: '长'.repeat(61) }), staff.token), 'title');
    expectFieldError(await app.post('/api/handbook', entryBody({ body: '长'.repeat(5001) }), staff.token), 'body');
    expectFieldError(await app.post('/api/handbook', entryBody({ phone: 'call me' }), staff.token), 'phone');
    expectFieldError(await app.post('/api/handbook', entryBody({ requestable: 'yes' }), staff.token), 'requestable');
    const [any] = (await app.get('/api/handbook?limit=1')).body.items;
    expectFieldError(await app.put(`/api/handbook/${any.id}`, entryBody({ title: '' }), staff.token), 'title');
    expect(await tableCounts(app.db)).toEqual(before);
    expectProblem(await app.put('/api/handbook/00000000-0000-0000-0000-000000000000', entryBody(), staff.token), 404);
    expectProblem(await app.del('/api/handbook/00000000-0000-0000-0000-000000000000', staff.token), 404);
  });

  it('community staff and admins may edit too', async () => {
    const admin = await app.login('admin', 'hb-admin');
    expect((await app.post('/api/handbook', entryBody({ title: '管理员新增条目' }), admin.token)).status).toBe(201);
  });
});

describe('handbook reader cache', () => {
  it('serves cached answers, and an edit shows at once in lists, searches, categories and the entry', async () => {
    const q = encodeURIComponent('缓存测试');
    const created = await app.post('/api/handbook', entryBody({ title: '缓存测试条目', category: 'medical' }), staff.token);
    const id = created.body.id;
    const cats0 = await app.get('/api/handbook/categories');
    const medical0 = cats0.body.items.find((c: any) => c.key === 'medical').count;
    expect(titles(await app.get(`/api/handbook?q=${q}`))).toEqual(['缓存测试条目']);
    expect((await app.get(`/api/handbook/${id}`)).body.title).toBe('缓存测试条目');

    // Prove the answers come from the cache: change the row behind the API's back.
    await app.db.update(schema.handbookEntries).set({ title: '缓存测试条目（库内已改）' }).where(eq(schema.handbookEntries.id, id));
    expect((await app.get(`/api/handbook/${id}`)).body.title).toBe('缓存测试条目');
    expect(titles(await app.get(`/api/handbook?q=${q}`))).toEqual(['缓存测试条目']);

    // An edit through the API invalidates every cached answer.
    await app.put(`/api/handbook/${id}`, entryBody({ title: '缓存测试条目（已更新）', category: 'medical' }), staff.token);
    expect((await app.get(`/api/handbook/${id}`)).body.title).toBe('缓存测试条目（已更新）');
    expect(titles(await app.get(`/api/handbook?q=${q}`))).toEqual(['缓存测试条目（已更新）']);

    await app.del(`/api/handbook/${id}`, staff.token);
    expect((await app.get(`/api/handbook?q=${q}`)).body.items).toEqual([]);
    expectProblem(await app.get(`/api/handbook/${id}`), 404);
    const cats1 = await app.get('/api/handbook/categories');
    expect(cats1.body.items.find((c: any) => c.key === 'medical').count).toBe(medical0 - 1);
  });
});
