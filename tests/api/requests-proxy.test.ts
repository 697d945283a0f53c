import { eq } from 'drizzle-orm';
import { schema } from '../../api/_lib/db';
import { RESIDENT_SEARCH_LIMIT } from '../../shared/requests';
import { expectFieldError, expectProblem, startTestApp, tableCounts, type TestApp } from '../support/app';

/**
 * 代办 for a resident who has an account: staff find the resident (GET /api/requests/residents),
 * order with their id as `ownerId`, and the resident then sees the order among their own.
 * Community staff and grid workers only reach residents of their own community.
 */
let app: TestApp;
type Who = { token: string; id: string };
let c1: { id: string; name: string };
let c2: { id: string; name: string };
let grid1: { id: string; name: string };
let serviceId: string;
let street: Who;
let admin: Who;
let local1: Who; // community staff (grid worker) of c1
let local2: Who; // community staff of c2
let resident: Who;
let volunteer: Who;
let xiuzhen: Who; // 王秀珍, c1, mobile
let xiulan: Who; // 王秀兰, c1, landline
let xiuying: Who; // 王秀英, c2
let seq = 0;

const search = (q: string, token: string | null) => app.get(`/api/requests/residents?q=${encodeURIComponent(q)}`, token);
const names = (res: { body: any }) => (res.body.items as any[]).map((i) => i.displayName);

/** A resident (or volunteer) with a fixed name, phone and place, so searches are predictable. */
async function person(displayName: string, phone: string | null, community: { id: string } | null, persona: 'resident' | 'volunteer' | 'staff' = 'resident'): Promise<Who> {
  const { token, user } = await app.login(persona, `rp-${++seq}`);
  await app.db
    .update(schema.users)
    .set({ displayName, phone, communityId: community?.id ?? null, gridId: community?.id === c1.id ? grid1.id : null })
    .where(eq(schema.users.id, user.id));
  return { token, id: user.id };
}

async function staffOf(community: { id: string } | null, handle: string): Promise<Who> {
  const { token, user } = await app.login('staff', handle);
  await app.db.update(schema.users).set({ staffCommunityId: community?.id ?? null }).where(eq(schema.users.id, user.id));
  return { token, id: user.id };
}

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMIT_DISABLED: '1' } });
  [c1, c2] = await app.db.select({ id: schema.communities.id, name: schema.communities.name }).from(schema.communities).orderBy(schema.communities.sortOrder).limit(2);
  [grid1] = await app.db.insert(schema.grids).values({ communityId: c1.id, name: '测试第一网格', workerName: '赵网格', workerPhone: '13800000001' }).returning();
  const [service] = await app.db
    .insert(schema.handbookEntries)
    .values({ category: 'yanglao', title: '上门理发', summary: '为行动不便老人上门理发', body: '每月一次', requestable: true })
    .returning();
  serviceId = service.id;
  street = await staffOf(null, 'rp-street');
  local1 = await staffOf(c1, 'rp-local1');
  local2 = await staffOf(c2, 'rp-local2');
  const a = await app.login('admin', 'rp-admin');
  admin = { token: a.token, id: a.user.id };
  resident = await person('路人甲', '13700000001', c1);
  volunteer = await person('王志愿', '13700000002', c1, 'volunteer');
  xiuzhen = await person('王秀珍', '13912345678', c1);
  xiulan = await person('王秀兰', '0931-87651234', c1);
  xiuying = await person('王秀英', '13811112222', c2);
});
afterAll(() => app.close());

describe('GET /api/requests/residents', () => {
  it('finds residents by name, exact and leading matches first, with only what the picker needs', async () => {
    const res = await search('王秀', street.token);
    expect(res.status).toBe(200);
    expect(names(res).sort()).toEqual(['王秀兰', '王秀英', '王秀珍'].sort());
    const zhen = res.body.items.find((i: any) => i.id === xiuzhen.id);
    expect(zhen).toEqual({
      id: xiuzhen.id,
      displayName: '王秀珍',
      maskedPhone: '139****5678',
      communityId: c1.id,
      communityName: c1.name,
      gridName: '测试第一网格',
    });
    // Never the full number, not even inside another field.
    expect(res.text).not.toContain('13912345678');
    expect(res.text).not.toContain('87651234');
    expect(res.body.items.find((i: any) => i.id === xiulan.id).maskedPhone).toBe('093****1234');

    expect(names(await search('王秀兰', street.token))[0]).toBe('王秀兰');
    // 秀 is inside every name; the one starting with the query comes first.
    await person('秀芳', null, c1);
    expect(names(await search('秀', street.token))[0]).toBe('秀芳');
    expect((await search('没有这个人', street.token)).body.items).toEqual([]);
  });

  it('finds residents by their whole phone number, mobile or landline, never by part of one', async () => {
    expect((await search('13912345678', street.token)).body.items.map((i: any) => i.id)).toEqual([xiuzhen.id]);
    expect((await search('139 1234 5678', street.token)).body.items.map((i: any) => i.id)).toEqual([xiuzhen.id]);
    expect((await search('093187651234', street.token)).body.items.map((i: any) => i.id)).toEqual([xiulan.id]);
    expect((await search('0931-87651234', street.token)).body.items.map((i: any) => i.id)).toEqual([xiulan.id]);
    // Any part would let a caller read the masked digits back one by one (tests/api/resident-lookup.test.ts).
    for (const part of ['5678', '1391234', '1391234567', '87651234', '0931-8765', '678']) {
      expect((await search(part, street.token)).body.items).toEqual([]);
    }
  });

  it('lists volunteers (residents too) but never staff, admins or deleted accounts', async () => {
    expect(names(await search('王志愿', street.token))).toEqual(['王志愿']);
    await person('王干部', '13700000009', c1, 'staff');
    expect((await search('王干部', street.token)).body.items).toEqual([]);
    expect((await search('13700000009', street.token)).body.items).toEqual([]);

    const leaving = await person('王将注销', '13766660000', c1);
    expect((await search('王将注销', street.token)).body.items.map((i: any) => i.id)).toEqual([leaving.id]);
    expect((await app.del('/api/me', leaving.token)).status).toBe(200);
    expect((await search('王将注销', street.token)).body.items).toEqual([]);
    expect((await search('13766660000', street.token)).body.items).toEqual([]);
    expect((await search('已注销', street.token)).body.items).toEqual([]);
    // Nor can staff order for the deleted account.
    expectFieldError(await app.post('/api/requests', proxyOrder(leaving.id), street.token), 'ownerId');
  });

  it('limits community staff and grid workers to their own community; street staff and admins see all', async () => {
    expect(names(await search('王秀', local1.token)).sort()).toEqual(['王秀兰', '王秀珍'].sort());
    expect(names(await search('王秀', local2.token))).toEqual(['王秀英']);
    expect(names(await search('王秀', admin.token)).sort()).toEqual(['王秀兰', '王秀珍', '王秀英'].sort());
    // Phone digits do not reach across communities either.
    expect((await search('13811112222', local1.token)).body.items).toEqual([]);
    expect((await search('13811112222', local2.token)).body.items.map((i: any) => i.id)).toEqual([xiuying.id]);
  });

  it('refuses anonymous callers, residents and volunteers', async () => {
    expectProblem(await search('王秀', null), 401);
    expectProblem(await search('王秀', resident.token), 403, 'FORBIDDEN');
    expectProblem(await search('王秀', volunteer.token), 403, 'FORBIDDEN');
  });

  it('answers 400 naming q for a missing, empty, blank, too long or control-character query', async () => {
    expectFieldError(await app.get('/api/requests/residents', street.token), 'q');
    expectFieldError(await search('', street.token), 'q');
    expectFieldError(await search('   ', street.token), 'q');
    expectFieldError(await search('王'.repeat(41), street.token), 'q');
    expectFieldError(await search('王\u0001秀', street.token), 'q');
    expect((await search('王'.repeat(40), street.token)).status).toBe(200);
    // The field check comes after the role check: a resident learns nothing from a bad q.
    expectProblem(await app.get('/api/requests/residents', resident.token), 403);
  });

  it('treats %, _, backslash and quotes as literal characters', async () => {
    const pct = await person('百分%号', null, c1);
    const under = await person('下划_线', null, c1);
    const slash = await person('反\\斜杠', null, c1);
    const quotes = await person(`单'引"号`, null, c1);
    await person('普通居民', null, c1);
    const ids = async (q: string) => (await search(q, street.token)).body.items.map((i: any) => i.id);
    expect(await ids('%')).toEqual([pct.id]);
    expect(await ids('_')).toEqual([under.id]);
    expect(await ids('\\')).toEqual([slash.id]);
    expect(await ids("'")).toEqual([quotes.id]);
    expect(await ids('"')).toEqual([quotes.id]);
    expect(await ids("' OR 1=1 --")).toEqual([]);
    expect(await ids('%%')).toEqual([]);
  });

  it(`returns at most ${RESIDENT_SEARCH_LIMIT} residents`, async () => {
    for (let i = 0; i < RESIDENT_SEARCH_LIMIT + 3; i++) await person(`李多多${String(i).padStart(2, '0')}`, null, c1);
    const res = await search('李多多', street.token);
    expect(res.body.items).toHaveLength(RESIDENT_SEARCH_LIMIT);
    expect(names(res)[0]).toBe('李多多00');
  });
});

function proxyOrder(ownerId: string, extra: Record<string, unknown> = {}) {
  return {
    serviceId,
    description: '老人行动不便，想请志愿者上门理发。',
    onBehalfOf: { name: '王秀珍', address: '石楠社区 5 栋 1 单元 101 室' },
    ownerId,
    ...extra,
  };
}

describe('POST /api/requests for a picked resident', () => {
  it('the picked resident then sees the order among their own', async () => {
    const [picked] = (await search('王秀珍', local1.token)).body.items;
    expect(picked.id).toBe(xiuzhen.id);
    const res = await app.post('/api/requests', proxyOrder(picked.id), local1.token);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ owner: { id: xiuzhen.id, displayName: '王秀珍' }, createdBy: { id: local1.id }, communityId: c1.id });
    // No phone typed: the one on the resident's account, so the volunteer can call.
    expect(res.body.contactPhone).toBe('13912345678');
    const mine = await app.get('/api/requests?scope=mine', xiuzhen.token);
    expect(mine.body.items.map((i: any) => i.id)).toEqual([res.body.id]);
    expect(mine.body.items[0]).toMatchObject({ status: 'submitted', statusName: '待派单' });
    expect((await app.get(`/api/requests/${res.body.id}`, xiuzhen.token)).status).toBe(200);
    // The resident may cancel it like any order of their own.
    expect(res.body.allowedActions).toContain('cancel');
    expect((await app.get(`/api/requests/${res.body.id}`, xiuzhen.token)).body.allowedActions).toContain('cancel');
  });

  it('refuses community staff ordering for another community\'s resident, whatever communityId they send', async () => {
    const before = await tableCounts(app.db);
    expectProblem(await app.post('/api/requests', proxyOrder(xiuying.id), local1.token), 403, 'FORBIDDEN');
    expectProblem(await app.post('/api/requests', proxyOrder(xiuying.id, { communityId: c1.id }), local1.token), 403, 'FORBIDDEN');
    expectProblem(await app.post('/api/requests', proxyOrder(xiuzhen.id), local2.token), 403, 'FORBIDDEN');
    // A staff account is not a resident to order for.
    expectFieldError(await app.post('/api/requests', proxyOrder(local2.id), street.token), 'ownerId');
    expect(await tableCounts(app.db)).toEqual(before);
    expect((await app.get('/api/requests?scope=mine', xiuying.token)).body.items).toEqual([]);

    // Street staff may order for anyone in the street.
    const ok = await app.post('/api/requests', proxyOrder(xiuying.id, { onBehalfOf: { name: '王秀英' } }), street.token);
    expect(ok.status).toBe(201);
    expect(ok.body.communityId).toBe(c2.id);
    expect((await app.get('/api/requests?scope=mine', xiuying.token)).body.items.map((i: any) => i.id)).toEqual([ok.body.id]);
  });
});
