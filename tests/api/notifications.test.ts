import { eq } from 'drizzle-orm';
import { schema } from '../../api/_lib/db';
import { enqueueNotifications, type NotificationKind } from '../../api/_lib/services/notifications';
import { backoffMs, MAX_ATTEMPTS, scheduleDelivery } from '../../api/_lib/services/notifications-delivery';
import { expectFieldError, expectProblem, startTestApp, tableCounts, type TestApp } from '../support/app';
import { startFakeWechat, type FakeWechat } from '../support/fake-wechat';
import { onPostgres } from '../support/test-db';

const CRON_SECRET = 'test-cron-secret-0123456789abcdef';
let app: TestApp;
let wechat: FakeWechat;
let codeSeq = 0;

beforeAll(async () => {
  wechat = await startFakeWechat();
  app = await startTestApp({
    env: {
      WECHAT_APPID: 'wxtestappid',
      WECHAT_SECRET: 'wxtestsecret',
      WECHAT_API_BASE: wechat.url,
      SESSION_SECRET: 'a-test-session-secret-of-at-least-32-chars',
      WECHAT_TEMPLATE_IDS: 'order_dispatched=T1,feedback_replied=T2,shift_reminder=T3,feedback_overdue=T4,order_completed=T5',
      CRON_SECRET,
      RATE_LIMIT_DISABLED: '1',
    },
  });
});
afterAll(async () => {
  await app.close();
  await wechat.close();
});

const n = schema.notifications;

async function wxLogin(openid: string) {
  const code = `code-${++codeSeq}`;
  wechat.codes.set(code, openid);
  const r = await app.post('/api/auth/login', { code });
  expect(r.status).toBe(200);
  return r.body as { token: string; user: { id: string } };
}

const tick = () => app.request('GET', '/api/cron/tick', { headers: { authorization: `Bearer ${CRON_SECRET}` } });

async function rowOf(dedupeKey: string) {
  const [row] = await app.db.select().from(n).where(eq(n.dedupeKey, dedupeKey));
  return row;
}

let keySeq = 0;
async function notify(userId: string, kind: NotificationKind = 'order_dispatched') {
  const dedupeKey = `test:${kind}:${++keySeq}`;
  await enqueueNotifications(app.db, [{ userId, kind, title: '订单已派单', body: `测试消息 ${keySeq}`, dedupeKey }], app.runtime.now());
  return dedupeKey;
}

const sentTo = (openid: string) => wechat.sent.filter((s) => s.touser === openid);

describe('subscriptions (POST /api/me/subscriptions)', () => {
  it('records one grant per accepted kind and adds up repeated taps', async () => {
    const { token } = await wxLogin('openid-sub');
    const r1 = await app.post('/api/me/subscriptions', { kinds: ['order_dispatched', 'order_completed'] }, token);
    expect(r1.status).toBe(200);
    expect(r1.body.grants).toEqual([
      { kind: 'order_completed', remaining: 1 },
      { kind: 'order_dispatched', remaining: 1 },
    ]);
    expect(r1.body.templateIds).toMatchObject({ order_dispatched: 'T1', feedback_replied: 'T2' });
    const r2 = await app.post('/api/me/subscriptions', { kinds: ['order_dispatched'] }, token);
    expect(r2.body.grants).toContainEqual({ kind: 'order_dispatched', remaining: 2 });
    expect((await app.get('/api/me/subscriptions', token)).body.grants).toHaveLength(2);
  });

  it('refuses unknown kinds and an empty list with a 400 naming kinds, writing nothing', async () => {
    const { token } = await wxLogin('openid-sub-bad');
    const before = await tableCounts(app.db);
    expectFieldError(await app.post('/api/me/subscriptions', { kinds: ['lottery'] }, token), 'kinds');
    expectFieldError(await app.post('/api/me/subscriptions', { kinds: [] }, token), 'kinds');
    expectFieldError(await app.post('/api/me/subscriptions', {}, token), 'kinds');
    expect(await tableCounts(app.db)).toEqual(before);
  });

  it('needs a log-in', async () => {
    expectProblem(await app.post('/api/me/subscriptions', { kinds: ['order_dispatched'] }), 401);
    expectProblem(await app.get('/api/me/messages'), 401);
  });
});

describe('delivery through WeChat subscribe messages', () => {
  it('sends a real event (staff reply to feedback) exactly once and shows it in the message centre', async () => {
    const resident = await wxLogin('openid-reporter');
    const staff = await wxLogin('openid-staff-reply');
    await app.db.update(schema.users).set({ role: 'staff' }).where(eq(schema.users.id, staff.user.id));
    await app.post('/api/me/subscriptions', { kinds: ['feedback_replied'] }, resident.token);
    const created = await app.post(
      '/api/feedback',
      { category: 'environment', title: '3号楼楼道堆放杂物', body: '3号楼2单元楼道里堆了很多纸箱，影响通行。', public: true, anonymous: false },
      resident.token,
    );
    expect(created.status).toBe(201);
    const reply = await app.post(`/api/feedback/${created.body.id}/replies`, { body: '已安排网格员今天下午清理。' }, staff.token);
    expect(reply.status).toBe(201);
    const [row] = await app.db.select().from(n).where(eq(n.userId, resident.user.id));
    expect(row.kind).toBe('feedback_replied');

    const t = await tick();
    expect(t.status).toBe(200);
    await tick();
    expect(sentTo('openid-reporter')).toHaveLength(1);
    expect(sentTo('openid-reporter')[0]).toMatchObject({ template_id: 'T2', data: { thing1: { value: expect.any(String) } } });
    const [after] = await app.db.select().from(n).where(eq(n.id, row.id));
    expect(after).toMatchObject({ status: 'sent', attempts: 1, lockedUntil: null });
    const grants = await app.get('/api/me/subscriptions', resident.token);
    expect(grants.body.grants).toContainEqual({ kind: 'feedback_replied', remaining: 0 });

    const inbox = await app.get('/api/me/messages', resident.token);
    expect(inbox.status).toBe(200);
    expect(inbox.body).toMatchObject({ unreadCount: 1, nextCursor: null });
    expect(inbox.body.items[0]).toMatchObject({ id: row.id, kind: 'feedback_replied', kindName: '问题有回复', delivery: 'sent', readAt: null });
    expect(inbox.body.items[0].createdAt).toMatch(/\+08:00$/);
  });

  it('refreshes the access token once on 40001 and still sends', async () => {
    const u = await wxLogin('openid-expired');
    await app.post('/api/me/subscriptions', { kinds: ['order_dispatched'] }, u.token);
    const key = await notify(u.user.id);
    const issued = wechat.tokensIssued;
    wechat.expireTokenTimes = 1;
    expect((await tick()).status).toBe(200);
    expect((await rowOf(key)).status).toBe('sent');
    expect(sentTo('openid-expired')).toHaveLength(1);
    expect(wechat.tokensIssued).toBe(issued + 1);
  });

  it('records a refusal (43101) and never retries it', async () => {
    const u = await wxLogin('openid-refuser');
    await app.post('/api/me/subscriptions', { kinds: ['order_dispatched'] }, u.token);
    wechat.refusingOpenids.add('openid-refuser');
    const key = await notify(u.user.id);
    await tick();
    const row = await rowOf(key);
    expect(row).toMatchObject({ status: 'refused', attempts: 1 });
    expect(row.lastError).toMatch(/43101/);
    const calls = wechat.calls.filter((c) => c.path === '/cgi-bin/message/subscribe/send' && (c.body as { touser: string }).touser === 'openid-refuser').length;
    app.setNow(new Date(Date.now() + 24 * 3600_000));
    await tick();
    app.setNow(null);
    expect(wechat.calls.filter((c) => c.path === '/cgi-bin/message/subscribe/send' && (c.body as { touser: string }).touser === 'openid-refuser')).toHaveLength(calls);
    const inbox = await app.get('/api/me/messages', u.token);
    expect(inbox.body.items[0]).toMatchObject({ delivery: 'refused' });
  });

  it('retries with back-off while WeChat is down, then delivers once it is back', async () => {
    const u = await wxLogin('openid-patient');
    await app.post('/api/me/subscriptions', { kinds: ['order_completed'] }, u.token);
    const key = await notify(u.user.id, 'order_completed');
    const t0 = new Date(Date.now() + 60_000);
    app.setNow(t0);
    wechat.down = true;
    try {
      const r = await tick();
      expect(r.body.delivery).toMatchObject({ retried: expect.any(Number) });
      let row = await rowOf(key);
      expect(row).toMatchObject({ status: 'pending', attempts: 1 });
      expect(row.nextAttemptAt.getTime()).toBe(t0.getTime() + backoffMs(1));
      // The grant went back: a message that was never delivered did not use it up.
      const [grant] = await app.db.select().from(schema.subscriptionGrants).where(eq(schema.subscriptionGrants.userId, u.user.id));
      expect(grant.remaining).toBe(1);
      // Not due yet: a tick one second later leaves it alone.
      app.setNow(new Date(t0.getTime() + 1000));
      await tick();
      expect((await rowOf(key)).attempts).toBe(1);
      // Due again, still down: second attempt, doubled delay.
      const t2 = new Date(t0.getTime() + backoffMs(1));
      app.setNow(t2);
      await tick();
      row = await rowOf(key);
      expect(row).toMatchObject({ status: 'pending', attempts: 2 });
      expect(row.nextAttemptAt.getTime()).toBe(t2.getTime() + backoffMs(2));
      wechat.down = false;
      app.setNow(new Date(t2.getTime() + backoffMs(2)));
      await tick();
      expect(await rowOf(key)).toMatchObject({ status: 'sent', attempts: 3 });
      expect(sentTo('openid-patient')).toHaveLength(1);
    } finally {
      wechat.down = false;
      app.setNow(null);
    }
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts and marks the row failed`, async () => {
    const u = await wxLogin('openid-unlucky');
    await app.post('/api/me/subscriptions', { kinds: ['order_dispatched'] }, u.token);
    const key = await notify(u.user.id);
    wechat.down = true;
    let t = Date.now() + 120_000;
    try {
      for (let i = 1; i <= MAX_ATTEMPTS; i++) {
        app.setNow(new Date(t));
        await tick();
        t += backoffMs(i);
      }
      const row = await rowOf(key);
      expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
      app.setNow(new Date(t + 86_400_000));
      wechat.down = false;
      await tick();
      expect(await rowOf(key)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
      expect(sentTo('openid-unlucky')).toHaveLength(0);
    } finally {
      wechat.down = false;
      app.setNow(null);
    }
  });

  it('skips (but keeps in the message centre) users without openid, kinds without a template and users without a grant', async () => {
    const noGrant = await wxLogin('openid-nogrant');
    const k1 = await notify(noGrant.user.id);
    const [demo] = await app.db.insert(schema.users).values({ displayName: '演示居民', demoKey: 'resident:x' }).returning();
    const k2 = await notify(demo.id);
    const withGrant = await wxLogin('openid-notemplate');
    await app.post('/api/me/subscriptions', { kinds: ['waitlist_promoted'] }, withGrant.token);
    const k3 = await notify(withGrant.user.id, 'waitlist_promoted');
    await tick();
    expect(await rowOf(k1)).toMatchObject({ status: 'skipped', lastError: expect.stringMatching(/grant/) });
    expect(await rowOf(k2)).toMatchObject({ status: 'skipped', lastError: expect.stringMatching(/openid/) });
    expect(await rowOf(k3)).toMatchObject({ status: 'skipped', lastError: expect.stringMatching(/template/) });
    expect(sentTo('openid-nogrant')).toHaveLength(0);
    const inbox = await app.get('/api/me/messages', noGrant.token);
    expect(inbox.body.items).toHaveLength(1);
    expect(inbox.body.items[0].delivery).toBe('skipped');
  });

  it('delivers right after the response through scheduleDelivery', async () => {
    const u = await wxLogin('openid-quick');
    await app.post('/api/me/subscriptions', { kinds: ['order_dispatched'] }, u.token);
    const key = await notify(u.user.id);
    scheduleDelivery({ runtime: app.runtime });
    for (let i = 0; i < 50 && (await rowOf(key)).status !== 'sent'; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await rowOf(key)).status).toBe('sent');
  });

  (onPostgres() ? it : it.skip)('never sends one row twice when two ticks run at once (PostgreSQL)', async () => {
    const u = await wxLogin('openid-crowd');
    const count = 40;
    await app.db.insert(schema.subscriptionGrants).values({ userId: u.user.id, kind: 'order_dispatched', remaining: count });
    const keys: string[] = [];
    for (let i = 0; i < count; i++) keys.push(await notify(u.user.id));
    const [a, b, c] = await Promise.all([tick(), tick(), tick()]);
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
    const claimed = a.body.delivery.claimed + b.body.delivery.claimed + c.body.delivery.claimed;
    expect(claimed).toBe(count);
    expect(sentTo('openid-crowd')).toHaveLength(count);
    const bodies = sentTo('openid-crowd').map((s) => JSON.stringify(s.data));
    expect(new Set(bodies).size).toBe(count);
    const rows = await app.db.select().from(n).where(eq(n.userId, u.user.id));
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    const [grant] = await app.db.select().from(schema.subscriptionGrants).where(eq(schema.subscriptionGrants.userId, u.user.id));
    expect(grant.remaining).toBe(0);
  });
});

describe('message centre', () => {
  it('pages newest first, marks one and all read, and hides other users’ messages', async () => {
    const a = await wxLogin('openid-reader-a');
    const b = await wxLogin('openid-reader-b');
    const base = Date.now();
    for (let i = 0; i < 5; i++) {
      await enqueueNotifications(
        app.db,
        [{ userId: a.user.id, kind: 'shift_reminder', title: `提醒 ${i}`, body: '明天值班', dedupeKey: `page:${i}` }],
        new Date(base + i * 1000),
      );
    }
    const p1 = await app.get('/api/me/messages?limit=2', a.token);
    expect(p1.body.items.map((m: { title: string }) => m.title)).toEqual(['提醒 4', '提醒 3']);
    expect(p1.body.unreadCount).toBe(5);
    const p2 = await app.get(`/api/me/messages?limit=2&cursor=${p1.body.nextCursor}`, a.token);
    expect(p2.body.items.map((m: { title: string }) => m.title)).toEqual(['提醒 2', '提醒 1']);
    const p3 = await app.get(`/api/me/messages?limit=2&cursor=${p2.body.nextCursor}`, a.token);
    expect(p3.body.items).toHaveLength(1);
    expect(p3.body.nextCursor).toBeNull();

    expectFieldError(await app.get('/api/me/messages?limit=101', a.token), 'limit');
    expectProblem(await app.get('/api/me/messages?cursor=nonsense', a.token), 400);

    const id = p1.body.items[0].id;
    expectProblem(await app.post(`/api/me/messages/${id}/read`, {}, b.token), 404);
    expectFieldError(await app.post('/api/me/messages/not-a-uuid/read', {}, a.token), 'id');
    const read = await app.post(`/api/me/messages/${id}/read`, {}, a.token);
    expect(read.status).toBe(200);
    expect(read.body.readAt).toMatch(/\+08:00$/);
    expect((await app.get('/api/me/messages?unread=true', a.token)).body.items).toHaveLength(4);
    expect((await app.get('/api/me/messages', b.token)).body.items).toHaveLength(0);
    const all = await app.post('/api/me/messages/read-all', {}, a.token);
    expect(all.body).toEqual({ marked: 4, unreadCount: 0 });
    expect((await app.get('/api/me/messages', a.token)).body.unreadCount).toBe(0);
  });
});
