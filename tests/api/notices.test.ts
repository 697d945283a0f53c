import { and, eq } from 'drizzle-orm';
import { schema } from '../../api/_lib/db';
import { BadgesSchema } from '../../shared/notifications';
import { CandidateListSchema } from '../../shared/requests';
import { expectProblem, startTestApp, type TestApp } from '../support/app';

/**
 * Issue 17 (5, 6): the messages a resident gets at 派单, 受理, 超期 and a day after 完成/办结,
 * each exactly once; the tab-bar counts; and the dispatch picker's ranking with its reason.
 */
const CRON_SECRET = 'cron-secret-for-tests-0123456789';
let app: TestApp;
type Who = { token: string; user: any };
let owner: Who;
let staff: Who;
let escortId: string;
let repairId: string;

const T0 = new Date('2026-12-07T02:00:00Z');
const HOUR = 3600_000;
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);
const tick = () => app.request('GET', '/api/cron/tick', { headers: { authorization: `Bearer ${CRON_SECRET}` } });

async function addService(title: string, tags: string[] = []) {
  const [row] = await app.db
    .insert(schema.handbookEntries)
    .values({ category: 'medical', title, summary: `${title}服务`, body: `${title}，志愿者上门服务`, requestable: true, tags })
    .returning({ id: schema.handbookEntries.id });
  return row.id;
}

/** A confirmed volunteer with these skills; `street` takes them out of any community. */
let vseq = 0;
async function volunteer(realName: string, skills: string[], street = false): Promise<Who> {
  const v = await app.login('volunteer', `nt-v${++vseq}`);
  await app.db.update(schema.volunteerProfiles).set({ skills, realName }).where(eq(schema.volunteerProfiles.userId, v.user.id));
  await app.db.update(schema.users).set({ displayName: realName, ...(street ? { communityId: null } : {}) }).where(eq(schema.users.id, v.user.id));
  return v;
}

async function order(serviceId: string, who: Who = owner) {
  const res = await app.post('/api/requests', { serviceId, description: '下周二去医院复查，想请志愿者陪同挂号取药。', preferredTime: '下周二上午' }, who.token);
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
  return res.body.id as string;
}

async function ok(path: string, body: unknown, who: Who) {
  const res = await app.post(path, body, who.token);
  if (res.status >= 300) throw new Error(`${path} failed: ${res.status} ${res.text}`);
  return res.body;
}

const n = schema.notifications;
const notesOf = (userId: string, kind: string) => app.db.select().from(n).where(and(eq(n.userId, userId), eq(n.kind, kind)));

beforeAll(async () => {
  app = await startTestApp({ env: { CRON_SECRET, RATE_LIMIT_DISABLED: '1' } });
  escortId = await addService('助老陪诊');
  repairId = await addService('家电维修上门', ['修电视']);
  owner = await app.login('resident', 'nt-owner');
  staff = await app.login('staff', 'nt-staff');
});
afterAll(() => app.close());
afterEach(() => app.setNow(null));

describe('dispatch suggestions (GET /api/requests/:id/candidates)', () => {
  it('puts the volunteer whose skill fits 助老陪诊 first, with the reason, ahead of a same-community repairer', async () => {
    const repairer = await volunteer('修理师傅甲', ['家电维修', '水电维修']);
    const escort = await volunteer('陪诊医生乙', ['陪诊', '健康咨询'], true);
    const helper = await volunteer('助老阿姨丙', ['助老服务', '政策宣传']);
    const id = await order(escortId);
    const res = await app.get(`/api/requests/${id}/candidates`, staff.token);
    expect(res.status).toBe(200);
    const mine = CandidateListSchema.parse(res.body).items.filter((c) => [repairer, escort, helper].some((v) => v.user.id === c.id));
    expect(mine.map((c) => c.realName)).toEqual(['陪诊医生乙', '助老阿姨丙', '修理师傅甲']);
    expect(mine[0]).toMatchObject({ matchedSkills: ['陪诊'], reason: '技能匹配：陪诊·街道志愿者·手头0单·近30天未服务', sameCommunity: false });
    expect(mine[1]).toMatchObject({ matchedSkills: ['助老服务'], reason: '技能匹配：助老服务·同社区·手头0单·近30天未服务' });
    expect(mine[2]).toMatchObject({ matchedSkills: [], reason: '特长不对口·同社区·手头0单·近30天未服务' });
    // The first in the list overall is a match too (other tests' volunteers do not outrank it).
    expect(res.body.items[0].matchedSkills.length).toBeGreaterThan(0);

    // For a repair order the same three are ranked the other way round: the repairer fits.
    const repair = await order(repairId);
    const r2 = CandidateListSchema.parse((await app.get(`/api/requests/${repair}/candidates`, staff.token)).body);
    expect(r2.items[0]).toMatchObject({ id: repairer.user.id, matchedSkills: ['家电维修'] });
    expect(r2.items[0].reason.startsWith('技能匹配：家电维修·同社区')).toBe(true);

    // Residents and volunteers never see the picker.
    expectProblem(await app.get(`/api/requests/${id}/candidates`, owner.token), 403);
    expectProblem(await app.get(`/api/requests/${id}/candidates`, escort.token), 403);
  });

  it('among equal fits, prefers fewer orders in hand, then fewer recent hours, and says so', async () => {
    const busy = await volunteer('忙碌的丁', ['陪诊']);
    const rested = await volunteer('空闲的戊', ['陪诊']);
    const tired = await volunteer('辛苦的己', ['陪诊']);
    // 丁 has an order in hand; 己 served 90 minutes last week; 戊 neither.
    await ok(`/api/requests/${await order(repairId)}/dispatch`, { assigneeId: busy.user.id }, staff);
    await app.db.insert(schema.volunteerHours).values({
      userId: tired.user.id,
      sourceType: 'manual',
      sourceId: tired.user.id,
      minutes: 90,
      servedAt: new Date(Date.now() - 7 * 86_400_000),
      year: 2026,
    });
    // Hours older than the window do not count.
    await app.db.insert(schema.volunteerHours).values({
      userId: rested.user.id,
      sourceType: 'manual',
      sourceId: rested.user.id,
      minutes: 600,
      servedAt: new Date(Date.now() - 60 * 86_400_000),
      year: 2026,
    });
    const id = await order(escortId);
    const list = CandidateListSchema.parse((await app.get(`/api/requests/${id}/candidates`, staff.token)).body).items;
    const three = list.filter((c) => [busy, rested, tired].some((v) => v.user.id === c.id));
    expect(three.map((c) => c.realName)).toEqual(['空闲的戊', '辛苦的己', '忙碌的丁']);
    expect(three.map((c) => c.reason)).toEqual([
      '技能匹配：陪诊·同社区·手头0单·近30天未服务',
      '技能匹配：陪诊·同社区·手头0单·近30天服务1.5小时',
      '技能匹配：陪诊·同社区·手头1单·近30天未服务',
    ]);
    expect(three[1].recentMinutes).toBe(90);
  });
});

describe('messages to the resident', () => {
  it('派单: the resident hears which volunteer is coming, once per volunteer', async () => {
    const v = await volunteer('派单志愿者', ['陪诊']);
    const w = await volunteer('改派志愿者', ['陪诊']);
    const id = await order(escortId);
    await ok(`/api/requests/${id}/dispatch`, { assigneeId: v.user.id }, staff);
    await ok(`/api/requests/${id}/dispatch`, { assigneeId: v.user.id }, staff);
    const first = (await notesOf(owner.user.id, 'order_dispatched')).filter((x) => x.page?.endsWith(id));
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ title: '订单已派单', page: `packages/requests/pages/detail/index?id=${id}` });
    expect(first[0].body).toContain('派单志愿者');
    // The volunteer still gets theirs.
    expect((await notesOf(v.user.id, 'order_dispatched')).filter((x) => x.page?.endsWith(id))).toHaveLength(1);
    // 改派 names the new volunteer.
    await ok(`/api/requests/${id}/dispatch`, { assigneeId: w.user.id }, staff);
    const after = (await notesOf(owner.user.id, 'order_dispatched')).filter((x) => x.page?.endsWith(id));
    expect(after).toHaveLength(2);
    expect(after.some((x) => x.body.includes('改派志愿者'))).toBe(true);
  });

  async function feedbackItem(who: Who) {
    const res = await app.post(
      '/api/feedback',
      { category: 'environment', title: '楼道灯坏了', body: '5号楼3单元楼道灯坏了一个多星期，晚上老人上下楼很危险。', public: true, anonymous: false },
      who.token,
    );
    if (res.status !== 201) throw new Error(`feedback failed: ${res.status} ${res.text}`);
    return res.body.id as string;
  }
  const assign = (id: string, deadline: Date) =>
    ok(`/api/feedback/${id}/assign`, { responsibleParty: '物业公司', measures: '更换灯具', deadline: deadline.toISOString() }, staff);

  it('受理: one 问题已受理 message at the first 交办; a new plan is a reply, not a second 受理', async () => {
    const reporter = await app.login('resident', 'nt-reporter-accept');
    const id = await feedbackItem(reporter);
    await assign(id, new Date(Date.now() + 3 * 86_400_000));
    const accepted = await notesOf(reporter.user.id, 'feedback_accepted');
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toMatchObject({ title: '您反映的问题已受理', dedupeKey: `feedback_accepted:${id}` });
    expect(accepted[0].body).toContain('物业公司');
    await assign(id, new Date(Date.now() + 5 * 86_400_000));
    expect(await notesOf(reporter.user.id, 'feedback_accepted')).toHaveLength(1);
    expect((await notesOf(reporter.user.id, 'feedback_replied')).map((x) => x.title)).toEqual(['您反映的问题有了新的整改安排']);
    // The message centre names the kind in words.
    const inbox = await app.get('/api/me/messages', reporter.token);
    expect(inbox.body.items.map((m: any) => m.kindName)).toContain('问题已受理');
  });

  it('超期: the cron tells the reporter once per item, even when a new deadline is missed again', async () => {
    app.setNow(T0);
    const reporter = await app.login('resident', 'nt-reporter-overdue');
    const id = await feedbackItem(reporter);
    await assign(id, at(24));
    app.setNow(at(23));
    await tick();
    expect(await notesOf(reporter.user.id, 'feedback_overdue')).toHaveLength(0);
    app.setNow(at(25));
    const t = await tick();
    expect(t.status).toBe(200);
    const notes = await notesOf(reporter.user.id, 'feedback_overdue');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ title: '您反映的问题已超期', dedupeKey: `feedback_overdue:${id}:reporter` });
    await tick();
    // A new deadline, missed too: staff are told again, the reporter is not.
    await assign(id, at(48));
    app.setNow(at(50));
    await tick();
    expect(await notesOf(reporter.user.id, 'feedback_overdue')).toHaveLength(1);
    expect((await notesOf(staff.user.id, 'feedback_overdue')).filter((x) => x.dedupeKey.startsWith(`feedback_overdue:${id}:`))).toHaveLength(2);
  });

  it('评价提醒: a day after 完成 (order) or 办结 (feedback) without a rating, once; none once rated', async () => {
    app.setNow(T0);
    const resident = await app.login('resident', 'nt-rater');
    const v = await volunteer('评价志愿者', ['陪诊']);
    const unrated = await order(escortId, resident);
    const rated = await order(escortId, resident);
    for (const id of [unrated, rated]) {
      await ok(`/api/requests/${id}/dispatch`, { assigneeId: v.user.id }, staff);
      await ok(`/api/requests/${id}/accept`, {}, v);
      await ok(`/api/requests/${id}/start`, {}, v);
      await ok(`/api/requests/${id}/complete`, { note: '已陪同就诊，药已取回。' }, v);
    }
    await ok(`/api/requests/${rated}/rate`, { score: 5 }, resident);
    const item = await feedbackItem(resident);
    await assign(item, at(72));
    await ok(`/api/feedback/${item}/resolve`, { result: '灯具已更换' }, staff);

    app.setNow(at(23));
    expect((await tick()).body.rateReminders).toEqual({ orders: 0, feedback: 0, notifications: 0 });
    expect(await notesOf(resident.user.id, 'rate_reminder')).toHaveLength(0);

    app.setNow(at(25));
    const t = await tick();
    expect(t.body.rateReminders.notifications).toBeGreaterThanOrEqual(2);
    const notes = await notesOf(resident.user.id, 'rate_reminder');
    expect(notes.map((x) => x.page).sort()).toEqual([`packages/feedback/pages/detail/index?id=${item}`, `packages/requests/pages/detail/index?id=${unrated}`].sort());
    expect(notes.find((x) => x.page!.includes(unrated))!.title).toBe('请为志愿者的服务评价');

    app.setNow(at(49));
    const again = await tick();
    expect(again.body.rateReminders).toEqual({ orders: 0, feedback: 0, notifications: 0 });
    expect(await notesOf(resident.user.id, 'rate_reminder')).toHaveLength(2);
  });
});

describe('GET /api/me/badges', () => {
  it('counts unread messages (0 after 全部标为已读) and, for a confirmed volunteer, the orders in the pool', async () => {
    const resident = await app.login('resident', 'nt-badges');
    expectProblem(await app.get('/api/me/badges'), 401);
    const empty = BadgesSchema.parse((await app.get('/api/me/badges', resident.token)).body);
    expect(empty).toEqual({ unreadMessages: 0, poolOrders: null });

    const v = await volunteer('角标志愿者', ['陪诊']);
    const id = await order(escortId, resident);
    await ok(`/api/requests/${id}/dispatch`, { assigneeId: v.user.id }, staff);
    const unread = await app.db.select().from(n).where(eq(n.userId, resident.user.id));
    expect((await app.get('/api/me/badges', resident.token)).body).toEqual({ unreadMessages: unread.length, poolOrders: null });
    expect(unread.length).toBeGreaterThan(0);

    // Reading one takes one off; reading all leaves none.
    await app.post(`/api/me/messages/${unread[0].id}/read`, {}, resident.token);
    expect((await app.get('/api/me/badges', resident.token)).body.unreadMessages).toBe(unread.length - 1);
    await app.post('/api/me/messages/read-all', {}, resident.token);
    expect((await app.get('/api/me/badges', resident.token)).body.unreadMessages).toBe(0);

    // The pool: what GET /api/requests?scope=available lists, counted.
    const pool = await app.get('/api/requests?scope=available&limit=100', v.token);
    const before = (await app.get('/api/me/badges', v.token)).body.poolOrders;
    expect(before).toBe(pool.body.items.length);
    await order(escortId, resident);
    expect((await app.get('/api/me/badges', v.token)).body.poolOrders).toBe(before + 1);
    // Not yet confirmed: no pool, no count.
    await app.db.update(schema.volunteerProfiles).set({ status: 'pending' }).where(eq(schema.volunteerProfiles.userId, v.user.id));
    expect((await app.get('/api/me/badges', v.token)).body.poolOrders).toBeNull();
    // Staff have no pool either.
    expect((await app.get('/api/me/badges', staff.token)).body.poolOrders).toBeNull();
  });
});
