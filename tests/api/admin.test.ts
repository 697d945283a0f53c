import { and, eq, ne } from 'drizzle-orm';
import { schema } from '../../api/_lib/db';
import { DEFAULT_STREET_SETTINGS } from '../../shared/settings';
import { expectFieldError, expectProblem, startTestApp, tableCounts, type TestApp } from '../support/app';

let app: TestApp;
let admin: { token: string; user: any };

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.login('admin', 'adm-main');
});
afterAll(() => app.close());

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

describe('the users page (admin)', () => {
  it('finds people by name, by phone digits and by openid, with their roles and a masked phone', async () => {
    const target = await app.login('resident', 'adm-find');
    await app.db.update(schema.users).set({ displayName: '欧阳秀芬', phone: '13912345678', openid: 'oWx-adm-find-42' }).where(eq(schema.users.id, target.user.id));

    for (const q of ['欧阳', '2345678', '139-1234', 'oWx-adm-find-42']) {
      const r = await app.get(`/api/admin/users?q=${encodeURIComponent(q)}`, admin.token);
      expect(r.status).toBe(200);
      expect(r.body.items.map((u: any) => u.id)).toContain(target.user.id);
    }
    const [hit] = (await app.get(`/api/admin/users?q=${encodeURIComponent('欧阳秀芬')}`, admin.token)).body.items;
    expect(hit).toMatchObject({ displayName: '欧阳秀芬', role: 'resident', phoneMasked: '139****5678', openidTail: 'ind-42' });
    expect(JSON.stringify(hit)).not.toContain('13912345678');
    // A wildcard typed into the box is a character, not "everyone".
    expect((await app.get(`/api/admin/users?q=${encodeURIComponent('%')}`, admin.token)).body.items).toEqual([]);
    const admins = (await app.get('/api/admin/users?role=admin&limit=100', admin.token)).body.items;
    expect(admins.every((u: any) => u.role === 'admin')).toBe(true);
    expect(admins.map((u: any) => u.id)).toContain(admin.user.id);
  });

  it('grants a staff role limited to a community, then revokes it; both audited, readable', async () => {
    const target = await app.login('resident', 'adm-grant');
    const [c1] = await app.db.select().from(schema.communities).limit(1);
    const grant = await app.post(`/api/admin/users/${target.user.id}/role`, { role: 'staff', staffCommunityId: c1.id }, admin.token);
    expect(grant.status).toBe(200);
    expect(grant.body).toMatchObject({ role: 'staff', staffCommunityId: c1.id });
    const listed = (await app.get(`/api/admin/users?q=${encodeURIComponent(target.user.displayName)}&role=staff`, admin.token)).body.items;
    expect(listed.find((u: any) => u.id === target.user.id)).toMatchObject({ role: 'staff', staffCommunityName: c1.name });
    expect((await app.get('/api/staff/dashboard', target.token)).status).toBe(200);

    // Revoking is granting back the role without staff rights.
    const revoke = await app.post(`/api/admin/users/${target.user.id}/role`, { role: 'resident' }, admin.token);
    expect(revoke.status).toBe(200);
    expect(revoke.body).toMatchObject({ role: 'resident', staffCommunityId: null });
    expectProblem(await app.get('/api/staff/dashboard', target.token), 403);

    const audit = (await app.get(`/api/admin/audit?targetId=${target.user.id}`, admin.token)).body.items;
    expect(audit.map((e: any) => e.actionName)).toEqual(['撤销角色', '授予角色']);
    expect(audit[1]).toMatchObject({ actorName: admin.user.displayName, actorRoleName: '管理员', targetLabel: target.user.displayName, subjectName: target.user.displayName });
    expect(audit[1].details).toEqual([
      { label: '原角色', value: '居民' },
      { label: '新角色', value: '工作人员' },
      { label: '负责范围', value: c1.name },
    ]);
    expect(audit[0].details).toEqual([
      { label: '原角色', value: '工作人员' },
      { label: '新角色', value: '居民' },
    ]);
  });

  it('tells the page who is an approved volunteer, so a revoke gives them back that role', async () => {
    const v = await app.login('volunteer', 'adm-vol');
    await app.post(`/api/admin/users/${v.user.id}/role`, { role: 'admin' }, admin.token);
    const [row] = (await app.get(`/api/admin/users?q=${encodeURIComponent(v.user.displayName)}&role=admin`, admin.token)).body.items;
    expect(row).toMatchObject({ id: v.user.id, role: 'admin', approvedVolunteer: true });
    const r = await app.post(`/api/admin/users/${v.user.id}/role`, { role: 'volunteer' }, admin.token);
    expect(r.status).toBe(200);
    expect(r.body.role).toBe('volunteer');
    expect((await app.get(`/api/admin/audit?targetId=${v.user.id}`, admin.token)).body.items.map((e: any) => e.actionName)).toEqual(['撤销角色', '授予角色']);
  });

  it("refuses an admin's own admin role and the last admin's, changing nothing", async () => {
    await app.login('admin', 'adm-other');
    const before = await tableCounts(app.db);
    // Another admin exists, and still nobody demotes themselves.
    expectProblem(await app.post(`/api/admin/users/${admin.user.id}/role`, { role: 'resident' }, admin.token), 409, 'OWN_ADMIN_ROLE');
    expectProblem(await app.post(`/api/admin/users/${admin.user.id}/role`, { role: 'staff' }, admin.token), 409, 'OWN_ADMIN_ROLE');
    expect(await tableCounts(app.db)).toEqual(before);

    // Alone: every other admin becomes a resident.
    await app.db.update(schema.users).set({ role: 'resident' }).where(and(eq(schema.users.role, 'admin'), ne(schema.users.id, admin.user.id)));
    expectProblem(await app.post(`/api/admin/users/${admin.user.id}/role`, { role: 'resident' }, admin.token), 409, 'LAST_ADMIN');
    const [still] = await app.db.select({ role: schema.users.role }).from(schema.users).where(eq(schema.users.id, admin.user.id));
    expect(still.role).toBe('admin');

    // Another admin may take it away.
    const second = await app.login('admin', 'adm-second');
    expect((await app.post(`/api/admin/users/${admin.user.id}/role`, { role: 'resident' }, second.token)).status).toBe(200);
    expect((await app.post(`/api/admin/users/${admin.user.id}/role`, { role: 'admin' }, second.token)).status).toBe(200);
  });

  it('is for admins only: staff and residents get 403, and nothing changes', async () => {
    const staff = await app.login('staff', 'adm-staff');
    const resident = await app.login('resident', 'adm-res');
    const before = await tableCounts(app.db);
    for (const who of [staff, resident]) {
      expectProblem(await app.get('/api/admin/users?q=a', who.token), 403, 'FORBIDDEN');
      expectProblem(await app.post(`/api/admin/users/${resident.user.id}/role`, { role: 'admin' }, who.token), 403, 'FORBIDDEN');
      expectProblem(await app.put('/api/settings', DEFAULT_STREET_SETTINGS, who.token), 403, 'FORBIDDEN');
      expectProblem(await app.get('/api/admin/audit/export', who.token), 403, 'FORBIDDEN');
    }
    expectProblem(await app.get('/api/admin/users'), 401);
    expect(await tableCounts(app.db)).toEqual(before);
  });
});

describe('street settings', () => {
  const edited = { ...DEFAULT_STREET_SETTINGS, streetName: '桂花街道', accountName: '桂花街道发布', hotline: '0931-8888 1234', serviceHours: '每天 9:00–18:00' };

  it('answers the seeded defaults to anyone, then what the admin saved; the links page shows the account', async () => {
    const first = await app.get('/api/settings');
    expect(first.status).toBe(200);
    expect(first.body).toEqual(DEFAULT_STREET_SETTINGS);

    const put = await app.put('/api/settings', edited, admin.token);
    expect(put.status).toBe(200);
    expect(put.body).toEqual(edited);
    expect((await app.get('/api/settings')).body).toEqual(edited);
    expect((await app.get('/api/links')).body.account).toEqual({ name: '桂花街道发布', description: edited.accountDescription });

    const [entry] = (await app.get('/api/admin/audit?action=settings.updated', admin.token)).body.items;
    expect(entry).toMatchObject({ actionName: '修改街道设置', targetLabel: '街道设置' });
    expect(entry.details).toEqual(
      expect.arrayContaining([
        { label: '街道名称', value: '石楠街道 → 桂花街道' },
        { label: '服务热线', value: `${DEFAULT_STREET_SETTINGS.hotline} → 0931-8888 1234` },
      ]),
    );
    await app.put('/api/settings', DEFAULT_STREET_SETTINGS, admin.token);
  });

  it.each([
    ['hotline', { hotline: '请拨打热线' }],
    ['streetName', { streetName: '' }],
    ['logoUrl', { logoUrl: 'http://example.com/logo.png' }],
    ['accountName', { accountName: 'x'.repeat(31) }],
  ])('refuses a bad %s with a 400 naming it, changing nothing', async (field, over) => {
    const before = await tableCounts(app.db);
    const settings = (await app.get('/api/settings')).body;
    expectFieldError(await app.put('/api/settings', { ...settings, ...over }, admin.token), field);
    expect(await tableCounts(app.db)).toEqual(before);
    expect((await app.get('/api/settings')).body).toEqual(settings);
  });
});

describe('the audit log', () => {
  it('names objects by title or code, people by name, with no uuid, field name or ISO time in the words', async () => {
    const staff = await app.login('staff', 'adm-audit-staff');
    const link = await app.post('/api/links', { title: '冬季防火提示', url: 'https://mp.weixin.qq.com/s/adm-fire', pinned: false }, staff.token);
    expect(link.status).toBe(201);
    const r = await app.get(`/api/admin/audit?actorId=${staff.user.id}`, admin.token);
    const [e] = r.body.items;
    expect(e).toMatchObject({ actionName: '添加公众号文章', actorName: staff.user.displayName, actorRoleName: '工作人员', targetLabel: '冬季防火提示' });
    const words = JSON.stringify([e.actionName, e.actorName, e.targetLabel, e.details]);
    expect(words).not.toMatch(UUID);
    expect(words).not.toMatch(ISO);
    expect(words).not.toMatch(/official_link|[a-z]+_[a-z]+/);
  });

  it('filters by action, actor and date range', async () => {
    const staff = await app.login('staff', 'adm-filter-staff');
    app.setNow(new Date('2026-12-07T08:30:00Z'));
    await app.post('/api/links', { title: '十二月活动预告', url: 'https://mp.weixin.qq.com/s/adm-dec', pinned: false }, staff.token);
    app.setNow(null);
    const q = (s: string) => app.get(`/api/admin/audit?actorId=${staff.user.id}${s}`, admin.token);
    expect((await q('&from=2026-12-07T00:00:00%2B08:00&to=2026-12-08T00:00:00%2B08:00')).body.items).toHaveLength(1);
    expect((await q('&from=2026-12-08T00:00:00%2B08:00')).body.items).toHaveLength(0);
    expect((await q('&action=link.created')).body.items).toHaveLength(1);
    expect((await q('&action=link.deleted')).body.items).toHaveLength(0);
  });

  it('exports the filtered log as CSV in UTF-8 with a byte-order mark, times as 12月7日 16:30', async () => {
    const staff = await app.login('staff', 'adm-csv-staff');
    app.setNow(new Date('2026-12-07T08:30:00Z'));
    await app.post('/api/links', { title: '=HYPERLINK("x")，防火', url: 'https://mp.weixin.qq.com/s/adm-csv', pinned: true }, staff.token);
    app.setNow(null);
    const res = await fetch(`${app.url}/api/admin/audit/export?actorId=${staff.user.id}`, { headers: { authorization: `Bearer ${admin.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/attachment/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('"时间","操作","操作人","身份","对象","涉及居民","详情"');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('"12月7日 16:30","添加公众号文章"');
    expect(lines[1]).toContain(`"${staff.user.displayName}","工作人员"`);
    // A title that starts like a formula is not run by Excel.
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")，防火"`);
    expect(lines[1]).not.toMatch(UUID);
  });
});
