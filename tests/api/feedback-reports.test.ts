import { eq } from 'drizzle-orm';
import { schema } from '../../api/_lib/db';
import { FeedbackReportPageSchema, FeedbackReportSchema } from '../../shared/feedback';
import { expectFieldError, expectProblem, startTestApp, tableCounts, type TestApp } from '../support/app';
import { onPostgres } from '../support/test-db';

/** 举报 on public wall items (issue 14): report → staff list → confirm (hidden) or dismiss. */
const NOW = new Date('2026-11-27T02:00:00.000Z');

const item = {
  category: 'environment',
  title: '3号楼楼道堆放杂物',
  body: '3号楼2单元楼道里堆了很多纸箱和旧家具，堵住了消防通道。',
  location: '石楠社区3号楼2单元',
  public: true,
  anonymous: true,
};

describe('feedback reports (举报)', () => {
  let app: TestApp;
  let staff: { token: string; user: any };
  let author: { token: string; user: any };
  let handle = 0;
  const resident = () => app.login('resident', `rp-${++handle}`);
  const publicItem = async (over: Record<string, unknown> = {}) => {
    const r = await app.post('/api/feedback', { ...item, ...over }, author.token);
    if (r.status !== 201) throw new Error(`create failed: ${r.status} ${r.text}`);
    return r.body.id as string;
  };
  const onWall = async (id: string) => ((await app.get('/api/feedback/wall?limit=50')).body.items as { id: string }[]).some((x) => x.id === id);

  beforeAll(async () => {
    app = await startTestApp();
    app.setNow(NOW);
    staff = await app.login('staff', 'rp-street');
    author = await app.login('resident', 'rp-author');
  });
  afterAll(() => app.close());

  it('a resident reports a public item with a reason; it lands in the staff list as 待核实', async () => {
    const id = await publicItem();
    const me = await resident();
    const r = await app.post(`/api/feedback/${id}/reports`, { reason: 'privacy', detail: '内容里写了邻居的全名和房号' }, me.token);
    expect(r.status).toBe(201);
    const report = FeedbackReportSchema.parse(r.body);
    expect(report).toMatchObject({ feedbackId: id, reason: 'privacy', reasonName: '泄露他人隐私', status: 'open', statusName: '待核实', itemHidden: false });

    const list = await app.get('/api/feedback/reports?status=open', staff.token);
    expect(list.status).toBe(200);
    const page = FeedbackReportPageSchema.parse(list.body);
    expect(page.items.map((x) => x.id)).toContain(report.id);
    // Reporting alone changes nothing public.
    expect(await onWall(id)).toBe(true);
  });

  it('refuses a second open report by the same person, a report without a valid reason, and reporting one\'s own item', async () => {
    const id = await publicItem();
    const me = await resident();
    const other = await resident();
    expect((await app.post(`/api/feedback/${id}/reports`, { reason: 'abuse' }, me.token)).status).toBe(201);
    const before = await tableCounts(app.db);
    expectProblem(await app.post(`/api/feedback/${id}/reports`, { reason: 'ads' }, me.token), 409, 'ALREADY_REPORTED');
    expectFieldError(await app.post(`/api/feedback/${id}/reports`, { reason: 'boring' }, other.token), 'reason');
    expectFieldError(await app.post(`/api/feedback/${id}/reports`, { reason: 'other', detail: '长'.repeat(201) }, other.token), 'detail');
    expectProblem(await app.post(`/api/feedback/${id}/reports`, { reason: 'other' }, author.token), 403);
    expect(await tableCounts(app.db)).toEqual(before);
    expectProblem(await app.post(`/api/feedback/${id}/reports`, { reason: 'other' }), 401);
  });

  it('checks the detail text like every user text (content security) and keeps nothing refused', async () => {
    const id = await publicItem();
    const me = await resident();
    const before = await tableCounts(app.db);
    expectProblem(await app.post(`/api/feedback/${id}/reports`, { reason: 'other', detail: '有人在这里代开发票' }, me.token), 422, 'CONTENT_REFUSED');
    expect(await tableCounts(app.db)).toEqual(before);
  });

  it('only public items can be reported: a private one answers 404 as on read', async () => {
    const id = await publicItem({ public: false });
    expectProblem(await app.post(`/api/feedback/${id}/reports`, { reason: 'other' }, (await resident()).token), 404);
    expectFieldError(await app.post(`/api/feedback/not-an-id/reports`, { reason: 'other' }, (await resident()).token), 'id');
  });

  it('staff confirm: the item leaves the wall (and public detail), every open report on it is settled, reporters are told, it is audited', async () => {
    const id = await publicItem();
    const a = await resident();
    const b = await resident();
    const ra = (await app.post(`/api/feedback/${id}/reports`, { reason: 'privacy' }, a.token)).body;
    const rb = (await app.post(`/api/feedback/${id}/reports`, { reason: 'abuse' }, b.token)).body;

    const r = await app.post(`/api/feedback/reports/${ra.id}/confirm`, { note: '含住户姓名，已撤下' }, staff.token);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'confirmed', itemHidden: true, handledNote: '含住户姓名，已撤下' });

    expect(await onWall(id)).toBe(false);
    expectProblem(await app.get(`/api/feedback/${id}`, b.token), 404);
    expectProblem(await app.get(`/api/feedback/${id}`), 404);
    // Its own reporter and staff still see it, with the reason in the thread.
    const own = await app.get(`/api/feedback/${id}`, author.token);
    expect(own.status).toBe(200);
    expect(own.body.replies.at(-1).body).toContain('已从问题墙撤下');
    expect((await app.get(`/api/feedback/${id}`, staff.token)).status).toBe(200);

    const rows = await app.db.select().from(schema.feedbackReports).where(eq(schema.feedbackReports.feedbackId, id));
    expect(rows.map((x) => x.status).sort()).toEqual(['confirmed', 'confirmed']);
    expect(rows.find((x) => x.id === rb.id)!.handledById).toBe(staff.user.id);
    for (const who of [a, b]) {
      const msgs = (await app.get('/api/me/messages', who.token)).body.items as { title: string }[];
      expect(msgs.map((m) => m.title)).toContain('您的举报已核实');
    }
    const audit = await app.db.select().from(schema.auditLog).where(eq(schema.auditLog.action, 'feedback.report_confirmed'));
    expect(audit.some((x) => x.targetId === id && x.actorId === staff.user.id)).toBe(true);

    // Settled reports cannot be settled again; a hidden item cannot be reported again.
    expectProblem(await app.post(`/api/feedback/reports/${rb.id}/dismiss`, {}, staff.token), 409, 'INVALID_STATE');
    expectProblem(await app.post(`/api/feedback/${id}/reports`, { reason: 'other' }, (await resident()).token), 404);
  });

  it('staff dismiss: the item stays public, the reporter is told, and may report again later', async () => {
    const id = await publicItem();
    const a = await resident();
    const ra = (await app.post(`/api/feedback/${id}/reports`, { reason: 'false' }, a.token)).body;
    const r = await app.post(`/api/feedback/reports/${ra.id}/dismiss`, {}, staff.token);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'dismissed', itemHidden: false });
    expect(await onWall(id)).toBe(true);
    const msgs = (await app.get('/api/me/messages', a.token)).body.items as { title: string }[];
    expect(msgs.map((m) => m.title)).toContain('您的举报已处理');
    expect((await app.post(`/api/feedback/${id}/reports`, { reason: 'false' }, a.token)).status).toBe(201);
  });

  it('community staff see and handle only reports on their own community\'s items', async () => {
    const communities = (await app.get('/api/communities')).body.items as { id: string }[];
    const authorCommunity = (await app.get('/api/me', author.token)).body.communityId as string;
    const other = communities.find((c) => c.id !== authorCommunity)!.id;
    const scoped = await app.login('staff', 'rp-scoped');
    await app.db.update(schema.users).set({ staffCommunityId: other }).where(eq(schema.users.id, scoped.user.id));

    const id = await publicItem();
    const rep = (await app.post(`/api/feedback/${id}/reports`, { reason: 'ads' }, (await resident()).token)).body;
    const list = (await app.get('/api/feedback/reports', scoped.token)).body.items as { id: string }[];
    expect(list.map((x) => x.id)).not.toContain(rep.id);
    expectProblem(await app.post(`/api/feedback/reports/${rep.id}/confirm`, {}, scoped.token), 404);
    expectProblem(await app.get('/api/feedback/reports', (await resident()).token), 403);
  });

  it('data rights: a reporter\'s reports are in their export; deleting the account unlinks them', async () => {
    const id = await publicItem();
    const me = await resident();
    const rep = (await app.post(`/api/feedback/${id}/reports`, { reason: 'illegal', detail: '疑似违规广告' }, me.token)).body;
    const exp = await app.get('/api/me/export', me.token);
    expect(exp.status).toBe(200);
    expect(exp.body.feedbackReports).toEqual([expect.objectContaining({ item: rep.feedbackCode, reason: '违法违规内容', detail: '疑似违规广告', status: '待核实' })]);

    expect((await app.del('/api/me', me.token)).status).toBe(200);
    const [row] = await app.db.select().from(schema.feedbackReports).where(eq(schema.feedbackReports.id, rep.id));
    expect(row.reporterId).toBeNull();
    // Staff still see the report (the street's record), without a person behind it.
    const list = (await app.get('/api/feedback/reports?status=open', staff.token)).body.items as { id: string }[];
    expect(list.map((x) => x.id)).toContain(rep.id);
  });

  (onPostgres() ? it : it.skip)('one open report per person even when the same report arrives at once (PostgreSQL)', async () => {
    const id = await publicItem();
    const me = await resident();
    // Different idempotency keys: two taps, not one retried request.
    const answers = await Promise.all(Array.from({ length: 6 }, () => app.post(`/api/feedback/${id}/reports`, { reason: 'abuse' }, me.token)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const rows = await app.db.select().from(schema.feedbackReports).where(eq(schema.feedbackReports.feedbackId, id));
    expect(rows).toHaveLength(1);
    // Two staff confirming two reports of one item at once: one system line, both settled.
    const other = await resident();
    await app.post(`/api/feedback/${id}/reports`, { reason: 'privacy' }, other.token);
    const open = (await app.db.select().from(schema.feedbackReports).where(eq(schema.feedbackReports.feedbackId, id))).map((r) => r.id);
    const staff2 = await app.login('staff', 'rp-street-2');
    const done = await Promise.all([app.post(`/api/feedback/reports/${open[0]}/confirm`, {}, staff.token), app.post(`/api/feedback/reports/${open[1]}/confirm`, {}, staff2.token)]);
    expect(done.map((d) => d.status).sort()).toEqual([200, 409]);
    const lines = await app.db.select().from(schema.feedbackReplies).where(eq(schema.feedbackReplies.feedbackId, id));
    expect(lines.filter((l) => l.body.includes('已从问题墙撤下'))).toHaveLength(1);
  });
});
