import { eq, is, or } from 'drizzle-orm';
import sharp from 'sharp';
import { PgTable, getTableConfig } from 'drizzle-orm/pg-core';
import { schema } from '../../api/_lib/db';
import { enqueueNotifications } from '../../api/_lib/services/notifications';
import { expectProblem, startTestApp, type TestApp } from '../support/app';

let app: TestApp;
let community: { id: string };
let serviceId: string;
let seq = 0;

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMIT_DISABLED: '1' } });
  [community] = await app.db.insert(schema.communities).values({ slug: 'rights', name: '石楠社区', hotline: '0571-88880000' }).returning();
  await app.db.insert(schema.grids).values({ communityId: community.id, name: '第一网格', workerName: '赵网格', workerPhone: '13800000001' });
  const [service] = await app.db
    .insert(schema.handbookEntries)
    .values({ category: 'elderly', title: '上门理发', summary: '为行动不便老人上门理发', body: '每月一次', requestable: true })
    .returning();
  serviceId = service.id;
});
afterAll(async () => {
  await app.close();
});

interface Person {
  token: string;
  id: string;
  name: string;
  phone: string;
  cardContact: string;
  feedbackTitle: string;
  orderCode: string;
  feedbackId: string;
  orderId: string;
}

/** A resident with a bit of everything, each value unique to them so a leak is visible. */
async function person(handle: string, persona: 'resident' | 'volunteer' = 'resident'): Promise<Person> {
  const { token, user } = await app.login(persona, handle);
  const phone = `1370000${String(++seq).padStart(4, '0')}`;
  const name = `居民${handle}`;
  expect((await app.patch('/api/me', { displayName: name, phone, communityId: community.id }, token)).status).toBe(200);
  await app.post('/api/me/privacy-consent', { version: '2026-11-01' }, token);
  const cardContact = `联系人${handle}`;
  const card = await app.put(
    '/api/card',
    { address: { building: '3栋', unit: '2单元', room: `${100 + seq}` }, householdSize: 1, careTags: ['living-alone'], emergencyContact: { name: cardContact, phone: '13911112222', relation: '儿子' }, consent: true },
    token,
  );
  expect([200, 201]).toContain(card.status);
  const feedbackTitle = `楼道灯坏了${handle}`;
  const fb = await app.post('/api/feedback', { category: 'facilities', title: feedbackTitle, body: '晚上看不见路，老人容易摔倒。', public: true, anonymous: false }, token);
  expect(fb.status).toBe(201);
  const orderCode = `FW-RIGHTS-${handle}`;
  const [order] = await app.db
    .insert(schema.serviceRequests)
    .values({ code: orderCode, serviceId, ownerId: user.id, createdById: user.id, communityId: community.id, description: `理发 ${handle}`, contactPhone: phone, address: `幸福路${handle}号`, onBehalfOf: { name: `老母亲${handle}`, phone: '13955556666' } })
    .returning();
  await enqueueNotifications(app.db, [{ userId: user.id, kind: 'order_dispatched', title: '订单已派单', body: `给${handle}的消息`, dedupeKey: `rights:${handle}` }]);
  return { token, id: user.id, name, phone, cardContact, feedbackTitle, orderCode, feedbackId: fb.body.id, orderId: order.id };
}

describe('GET /api/me/export', () => {
  it("contains the caller's data and nobody else's, and is audited", async () => {
    const alice = await person('alice', 'volunteer');
    const bob = await person('bob');
    const [s] = await app.db
      .insert(schema.shifts)
      .values({ postType: 'red_cross', title: '红十字义诊', location: '社区卫生服务站', communityId: community.id, startsAt: new Date(Date.now() - 86_400_000), endsAt: new Date(Date.now() - 80_000_000), capacity: 3, confirmedCount: 1 })
      .returning();
    await app.db.insert(schema.shiftSignups).values({ shiftId: s.id, userId: alice.id, status: 'confirmed', seq: 1, attendance: 'present', minutes: 120 });
    await app.db.insert(schema.volunteerHours).values({ userId: alice.id, sourceType: 'shift', sourceId: s.id, minutes: 120, servedAt: s.startsAt, year: 2026 });

    const r = await app.get('/api/me/export', alice.token);
    expect(r.status).toBe(200);
    const d = r.body;
    expect(d.exportedAt).toMatch(/\+08:00$/);
    expect(d.profile).toMatchObject({ id: alice.id, displayName: alice.name, phone: alice.phone, community: '石楠社区' });
    expect(d.consents.privacyConsentVersion).toBe('2026-11-01');
    expect(d.card).toMatchObject({ emergencyContact: { name: alice.cardContact }, careTags: ['living-alone'] });
    expect(d.card.qrToken).toBeUndefined();
    expect(d.orders.map((o: { code: string }) => o.code)).toEqual([alice.orderCode]);
    expect(d.orders[0]).toMatchObject({ contactPhone: alice.phone, service: '上门理发', address: '幸福路alice号', description: '理发 alice' });
    expect(d.feedback.map((f: { title: string }) => f.title)).toEqual([alice.feedbackTitle]);
    expect(d.feedback[0].replies).toEqual(expect.any(Array));
    expect(d.volunteer.profile).toMatchObject({ realName: expect.any(String) });
    expect(d.volunteer.signups).toEqual([expect.objectContaining({ shift: '红十字义诊', attendance: 'present', minutes: 120 })]);
    expect(d.volunteer.hours).toEqual([expect.objectContaining({ minutes: 120, source: 'shift' })]);
    expect(d.notifications.map((x: { body: string }) => x.body)).toEqual(['给alice的消息']);

    const text = JSON.stringify(d);
    for (const leak of [bob.id, bob.name, bob.phone, bob.cardContact, bob.feedbackTitle, bob.orderCode, '给bob的消息', '幸福路bob号', '老母亲bob']) {
      expect(text).not.toContain(leak);
    }
    const bobs = await app.get('/api/me/export', bob.token);
    expect(JSON.stringify(bobs.body)).not.toContain(alice.phone);
    expect(bobs.body.volunteer).toEqual({ profile: null, signups: [], hours: [], stars: [] });

    const audit = await app.db.select().from(schema.auditLog).where(eq(schema.auditLog.action, 'user.data_exported'));
    expect(audit.map((x) => x.actorId).sort()).toEqual([alice.id, bob.id].sort());
  });

  it('needs a log-in', async () => {
    expectProblem(await app.get('/api/me/export'), 401);
    expectProblem(await app.del('/api/me'), 401);
  });
});

describe('DELETE /api/me', () => {
  it('clears every personal column, keeps the public item anonymously, frees the shift place and ends the session', async () => {
    const carol = await person('carol', 'volunteer');
    const dave = await person('dave', 'volunteer');
    const admin = await app.login('admin', 'rights');
    // A future shift: carol holds the last place, dave waits.
    const [s] = await app.db
      .insert(schema.shifts)
      .values({ postType: 'red_sunset', title: '红夕阳助老', location: '石楠社区', communityId: community.id, startsAt: new Date(Date.now() + 3 * 86_400_000), endsAt: new Date(Date.now() + 3 * 86_400_000 + 7_200_000), capacity: 1, confirmedCount: 1, waitlistCount: 1 })
      .returning();
    await app.db.insert(schema.shiftSignups).values([
      { shiftId: s.id, userId: carol.id, status: 'confirmed', seq: 1 },
      { shiftId: s.id, userId: dave.id, status: 'waitlisted', seq: 2 },
    ]);
    await app.post('/api/me/subscriptions', { kinds: ['order_completed'] }, carol.token);
    await app.db.insert(schema.idempotencyKeys).values({ scope: `u:${carol.id}`, key: 'k1', method: 'POST', path: '/api/card', status: 201, body: { phone: carol.phone } });
    const wallBefore = await app.get('/api/feedback/wall?limit=100');
    expect(JSON.stringify(wallBefore.body)).toContain(carol.name);

    const r = await app.del('/api/me', carol.token);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ deleted: true, deletedAt: expect.stringMatching(/\+08:00$/) });

    // The token stops working at once.
    expectProblem(await app.get('/api/me', carol.token), 401);
    expectProblem(await app.del('/api/me', carol.token), 401);

    const [u] = await app.db.select().from(schema.users).where(eq(schema.users.id, carol.id));
    expect(u.displayName).toBe('已注销用户');
    expect(u.phone).toBeNull();
    expect(u.openid).toBeNull();
    expect(u.demoKey).toBeNull();
    expect(u.communityId).toBeNull();
    expect(u.gridId).toBeNull();
    expect(u.staffCommunityId).toBeNull();
    expect(u.privacyConsentAt).toBeNull();
    expect(u.privacyConsentVersion).toBeNull();
    expect(u.role).toBe('resident');
    expect(u.deletedAt).toBeInstanceOf(Date);

    expect(await app.db.select().from(schema.cards).where(eq(schema.cards.userId, carol.id))).toHaveLength(0);
    expect(await app.db.select().from(schema.volunteerProfiles).where(eq(schema.volunteerProfiles.userId, carol.id))).toHaveLength(0);
    expect(await app.db.select().from(schema.notifications).where(eq(schema.notifications.userId, carol.id))).toHaveLength(0);
    expect(await app.db.select().from(schema.subscriptionGrants).where(eq(schema.subscriptionGrants.userId, carol.id))).toHaveLength(0);
    expect(await app.db.select().from(schema.idempotencyKeys).where(eq(schema.idempotencyKeys.scope, `u:${carol.id}`))).toHaveLength(0);

    const [item] = await app.db.select().from(schema.feedbackItems).where(eq(schema.feedbackItems.id, carol.feedbackId));
    expect(item.reporterId).toBeNull();
    expect(item.reporterName).toBeNull();
    expect(item.title).toBe(carol.feedbackTitle);
    const wall = await app.get('/api/feedback/wall?limit=100');
    const onWall = wall.body.items.find((x: { id: string }) => x.id === carol.feedbackId);
    expect(onWall).toBeDefined();
    expect(onWall.reporterName).toBeNull();
    expect(JSON.stringify(wall.body)).not.toContain(carol.name);

    const [order] = await app.db.select().from(schema.serviceRequests).where(eq(schema.serviceRequests.id, carol.orderId));
    expect(order).toMatchObject({ contactPhone: null, onBehalfOf: null, status: 'cancelled' });
    const events = await app.db.select().from(schema.requestEvents).where(eq(schema.requestEvents.requestId, carol.orderId));
    expect(events).toEqual([expect.objectContaining({ toStatus: 'cancelled', fromStatus: 'submitted' })]);

    const signups = await app.db.select().from(schema.shiftSignups).where(eq(schema.shiftSignups.shiftId, s.id));
    expect(signups.find((x) => x.userId === carol.id)!.status).toBe('cancelled');
    expect(signups.find((x) => x.userId === dave.id)!.status).toBe('confirmed');
    const [shiftAfter] = await app.db.select().from(schema.shifts).where(eq(schema.shifts.id, s.id));
    expect(shiftAfter).toMatchObject({ confirmedCount: 1, waitlistCount: 0 });

    // Nothing of the neighbour's changed.
    const [daveRow] = await app.db.select().from(schema.users).where(eq(schema.users.id, dave.id));
    expect(daveRow).toMatchObject({ displayName: dave.name, phone: dave.phone, deletedAt: null });
    expect(await app.db.select().from(schema.cards).where(eq(schema.cards.userId, dave.id))).toHaveLength(1);
    const [daveOrder] = await app.db.select().from(schema.serviceRequests).where(eq(schema.serviceRequests.id, dave.orderId));
    expect(daveOrder.contactPhone).toBe(dave.phone);
    expect((await app.get('/api/me', dave.token)).status).toBe(200);

    // The audit log records the deletion, for admins.
    const audit = await app.get('/api/admin/audit?action=user.deleted', admin.token);
    expect(audit.body.items).toEqual([expect.objectContaining({ actorId: carol.id, targetId: carol.id, targetType: 'user' })]);

    // Logging in again with the same demo persona starts a fresh account.
    const again = await app.login('volunteer', 'carol');
    expect(again.user.id).not.toBe(carol.id);
    const rows = await app.db.select().from(schema.users).where(or(eq(schema.users.id, carol.id), eq(schema.users.id, again.user.id)));
    expect(rows).toHaveLength(2);
  });
});

/**
 * Issue 15 item 8, as the attack found it: after DELETE /api/me the order's address,
 * description and rating comment stayed visible to staff and the assignee; a staff member
 * deleting their account wiped a resident's phone on an order they had placed for them;
 * a deleted assignee left the order stuck in `accepted`; a staff export carried the
 * names, phones and addresses of the people they had ordered for.
 */
const ALL_TABLES = (Object.values(schema) as unknown[]).filter((t): t is PgTable => is(t, PgTable));
const tableName = (t: PgTable) => getTableConfig(t).name;

/**
 * What account deletion does with every column that points at a user. The test below
 * enumerates the schema's foreign keys to users and fails on one missing here, so a new
 * table of personal data cannot be added without deciding its deletion.
 */
const USER_COLUMNS: Record<string, string> = {
  'users.id': 'the row stays (orders and hours point at it) with every personal column cleared',
  'service_requests.owner_id': "the resident's own orders: open ones cancelled, address, description, phone, rating comment and notes erased",
  'service_requests.created_by_id': 'orders placed for someone else stay untouched: that data is theirs',
  'service_requests.assignee_id': 'open assignments go back to the pool; completed ones keep the volunteer for the statistics',
  'request_events.actor_id': 'the event stays (what happened when), its note is erased',
  'audit_log.actor_id': "staff actions stay accountable; the actor's row no longer names anyone",
  'audit_log.subject_user_id': 'rows about the user keep action and time; their free-text detail is erased',
  'notifications.user_id': 'deleted',
  'subscription_grants.user_id': 'deleted',
  'cards.user_id': 'deleted',
  'volunteer_profiles.user_id': 'deleted',
  'volunteer_stars.user_id': 'kept: year and star count only (statistics)',
  'volunteer_stars.awarded_by_id': 'kept: who awarded, a staff action',
  'volunteer_hours.user_id': 'kept: minutes, date, order code and service title (statistics)',
  'shift_signups.user_id': 'future sign-ups withdrawn; past attendance kept (statistics)',
  'shifts.created_by_id': 'kept: a staff action',
  'feedback_items.reporter_id': 'set null: the public item stays anonymously',
  'feedback_replies.author_id': 'set null',
  'feedback_reports.reporter_id': 'set null: the report stays (the item may have been hidden because of it), no longer naming anyone',
  'feedback_reports.handled_by_id': 'kept: who settled the report, a staff action',
  'volunteer_profiles.reviewed_by_id': "kept: who confirmed the volunteer's report, a staff action",
  'feedback_supports.user_id': 'deleted; the count on the item stays (a statistic)',
  'grids.worker_id': "a 网格员 who leaves is taken off their grids: worker, published name and work phone cleared",
  'feedback_items.routed_to_id': 'cleared: the item stays with its grid and community',
  'open311_keys.created_by': 'kept: which admin issued the key, a staff action (also in the audit log)',
  'uploads.owner_id': 'unattached photos deleted with their files; photos on an item stay with it (anonymous, like its text), owner cleared',
};

function userColumnsInSchema(): string[] {
  const out = ['users.id', 'audit_log.subject_user_id'];
  for (const t of ALL_TABLES) {
    for (const fk of getTableConfig(t).foreignKeys) {
      const ref = fk.reference();
      if (getTableConfig(ref.foreignTable).name !== 'users') continue;
      for (const c of ref.columns) out.push(`${tableName(t)}.${c.name}`);
    }
  }
  return out.sort();
}

/** Every row of every table, as text: where a leaked value would show. */
async function wholeDatabase(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of ALL_TABLES) out[tableName(t)] = JSON.stringify(await app.db.select().from(t));
  return out;
}

const ok200 = async (p: Promise<{ status: number; text: string; body: any }>) => {
  const r = await p;
  if (r.status !== 200 && r.status !== 201) throw new Error(`${r.status} ${r.text}`);
  return r.body;
};

describe('DELETE /api/me, column by column over every table', () => {
  it('classifies every column that points at a user', () => {
    expect(userColumnsInSchema()).toEqual(Object.keys(USER_COLUMNS).sort());
  });

  it("erases the user's personal data everywhere, keeps the facts, and frees their open assignments", async () => {
    const vic = await person('vic', 'volunteer');
    const nb = await person('nb');
    const helper = await app.login('volunteer', 'dr-helper');
    const staff = await app.login('staff', 'dr-staff');
    // Dispatch is limited to the order's community: the helper serves vic's.
    await app.db.update(schema.users).set({ communityId: community.id }).where(eq(schema.users.id, helper.user.id));
    await app.db.update(schema.volunteerProfiles).set({ status: 'approved', communityId: community.id }).where(eq(schema.volunteerProfiles.userId, helper.user.id));
    await app.db.update(schema.volunteerProfiles).set({ realName: '真名vic', workUnit: '单位vic', phone: '13600009999', status: 'approved', communityId: community.id }).where(eq(schema.volunteerProfiles.userId, vic.id));

    // A: vic's own order, served by helper and rated with a comment.
    const a = await ok200(app.post('/api/requests', { serviceId, description: '描述vic腿脚不便', address: '地址vic88号', preferredTime: '时间vic周六' }, vic.token));
    await ok200(app.post(`/api/requests/${a.id}/dispatch`, { assigneeId: helper.user.id }, staff.token));
    await ok200(app.post(`/api/requests/${a.id}/accept`, {}, helper.token));
    await ok200(app.post(`/api/requests/${a.id}/start`, {}, helper.token));
    await ok200(app.post(`/api/requests/${a.id}/complete`, { note: '已为陈阿姨理发' }, helper.token));
    await ok200(app.post(`/api/requests/${a.id}/rate`, { score: 4, comment: '评价vic很满意' }, vic.token));
    // B: a neighbour's order vic has accepted: it must not stay stuck when vic goes.
    const b = await ok200(app.post('/api/requests', { serviceId, description: '邻居的订单' }, nb.token));
    await ok200(app.post(`/api/requests/${b.id}/dispatch`, { assigneeId: vic.id }, staff.token));
    await ok200(app.post(`/api/requests/${b.id}/accept`, {}, vic.token));
    // C: a neighbour's order vic served to the end: the hours stay.
    const c = await ok200(app.post('/api/requests', { serviceId, description: '邻居的另一单' }, nb.token));
    await ok200(app.post(`/api/requests/${c.id}/accept`, {}, vic.token));
    await ok200(app.post(`/api/requests/${c.id}/start`, {}, vic.token));
    await ok200(app.post(`/api/requests/${c.id}/complete`, { note: '已完成' }, vic.token));
    // D: staff ordered for vic (with an Idempotency-Key: the stored reply names vic).
    await ok200(
      app.post('/api/requests', { serviceId, description: '代办描述vic', ownerId: vic.id, onBehalfOf: { name: '代办名vic', phone: '13600008888', address: '代办地址vic' } }, staff.token, { 'idempotency-key': 'dr-proxy-vic-0001' }),
    );
    // E: vic withdraws an order, giving a reason.
    const e = await ok200(app.post('/api/requests', { serviceId, description: '描述vic第二单' }, vic.token));
    await ok200(app.post(`/api/requests/${e.id}/cancel`, { reason: '理由vic已自行解决' }, vic.token));
    // Staff looked vic up by name (audited with the query).
    await ok200(app.get(`/api/requests/residents?q=${encodeURIComponent(vic.name)}`, staff.token));

    expect((await app.del('/api/me', vic.token)).status).toBe(200);

    // Nothing of vic's own text survives anywhere, in any column of any table.
    const db = await wholeDatabase();
    const markers = [vic.name, vic.phone, vic.cardContact, `老母亲vic`, '幸福路vic号', '理发 vic', '真名vic', '单位vic', '13600009999', '描述vic', '地址vic', '时间vic', '评价vic', '代办描述vic', '代办名vic', '13600008888', '代办地址vic', '理由vic', '给vic的消息'];
    const leaks = Object.entries(db).flatMap(([table, text]) => markers.filter((m) => text.includes(m)).map((m) => `${table}: ${m}`));
    expect(leaks).toEqual([]);

    // A keeps its facts (service, status, times, score) and loses the text.
    const [rowA] = await app.db.select().from(schema.serviceRequests).where(eq(schema.serviceRequests.id, a.id));
    expect(rowA).toMatchObject({ status: 'closed', ratingScore: 4, ratingComment: null, address: null, preferredTime: null, contactPhone: null, onBehalfOf: null, serviceId, communityId: community.id });
    expect(rowA.completedAt).toBeInstanceOf(Date);
    for (const who of [staff, helper]) {
      const seen = await app.get(`/api/requests/${a.id}`, who.token);
      expect(seen.status).toBe(200);
      expect(seen.text).not.toContain('地址vic');
      expect(seen.text).not.toContain('描述vic');
      expect(seen.text).not.toContain('评价vic');
      expect(seen.body.rating).toMatchObject({ score: 4, comment: null });
    }
    const eventsA = await app.db.select().from(schema.requestEvents).where(eq(schema.requestEvents.requestId, a.id));
    expect(eventsA.map((x) => x.type).sort()).toEqual(['accepted', 'completed', 'created', 'dispatched', 'rated', 'started']);
    expect(eventsA.every((x) => x.note === null)).toBe(true);
    const [hoursA] = await app.db.select().from(schema.volunteerHours).where(eq(schema.volunteerHours.sourceId, a.id));
    expect(hoursA.userId).toBe(helper.user.id);

    // B is back in the pool with an event, and its owner can withdraw it again.
    const [rowB] = await app.db.select().from(schema.serviceRequests).where(eq(schema.serviceRequests.id, b.id));
    expect(rowB).toMatchObject({ status: 'submitted', assigneeId: null, description: '邻居的订单' });
    const eventsB = await app.db.select().from(schema.requestEvents).where(eq(schema.requestEvents.requestId, b.id));
    expect(eventsB.find((x) => x.type === 'released')).toMatchObject({ fromStatus: 'accepted', toStatus: 'submitted', actorRole: 'system' });
    const poolB = await app.get(`/api/requests/${b.id}`, helper.token);
    expect(poolB.body.allowedActions).toContain('accept');
    expect((await app.post(`/api/requests/${b.id}/cancel`, { reason: '不需要了' }, nb.token)).status).toBe(200);

    // C keeps vic as the one who served (statistics), and vic's hours stay.
    const [rowC] = await app.db.select().from(schema.serviceRequests).where(eq(schema.serviceRequests.id, c.id));
    expect(rowC).toMatchObject({ status: 'completed', assigneeId: vic.id, description: '邻居的另一单' });
    expect(await app.db.select().from(schema.volunteerHours).where(eq(schema.volunteerHours.sourceId, c.id))).toEqual([expect.objectContaining({ userId: vic.id })]);

    // The neighbour's own data is untouched.
    expect(db.users).toContain(nb.name);
    expect(db.service_requests).toContain('邻居的订单');
    expect(db.cards).toContain(nb.cardContact);
  });

  it("a staff member deleting their account leaves the orders they placed for others as they were", async () => {
    const nb = await person('nb2');
    const s = await app.login('staff', 'dr-leaving-staff');
    const forNb = await ok200(app.post('/api/requests', { serviceId, description: '为nb2代办', ownerId: nb.id, contactPhone: '13600007777', address: 'nb2家' }, s.token));
    const forElder = await ok200(app.post('/api/requests', { serviceId, description: '为老人代办', onBehalfOf: { name: '孙奶奶', phone: '13600006666', address: '孙奶奶家' } }, s.token));
    expect((await app.del('/api/me', s.token)).status).toBe(200);
    const [x] = await app.db.select().from(schema.serviceRequests).where(eq(schema.serviceRequests.id, forNb.id));
    expect(x).toMatchObject({ status: 'submitted', contactPhone: '13600007777', address: 'nb2家', description: '为nb2代办', ownerId: nb.id });
    const [y] = await app.db.select().from(schema.serviceRequests).where(eq(schema.serviceRequests.id, forElder.id));
    expect(y).toMatchObject({ status: 'submitted', contactPhone: '13600006666', address: '孙奶奶家', onBehalfOf: { name: '孙奶奶', phone: '13600006666', address: '孙奶奶家' } });
    // The resident still sees their order, phone included.
    const mine = await app.get(`/api/requests/${forNb.id}`, nb.token);
    expect(mine.body).toMatchObject({ status: 'submitted', contactPhone: '13600007777' });
  });
});

describe('GET /api/me/export for staff', () => {
  it("lists the orders they placed for others without those people's names, phones, addresses or descriptions", async () => {
    const nb = await person('nb3');
    const s = await app.login('staff', 'dr-export-staff');
    const forNb = await ok200(app.post('/api/requests', { serviceId, description: '为nb3代办的描述', ownerId: nb.id, address: 'nb3的地址' }, s.token));
    const forElder = await ok200(app.post('/api/requests', { serviceId, description: '为周爷爷代办', onBehalfOf: { name: '周爷爷', phone: '13600005555', address: '周爷爷家' } }, s.token));
    const d = (await app.get('/api/me/export', s.token)).body;
    expect(d.orders).toEqual([]);
    expect(d.ordersPlacedForOthers.map((o: { code: string }) => o.code).sort()).toEqual([forNb.code, forElder.code].sort());
    expect(d.ordersPlacedForOthers[0]).toEqual({ code: expect.any(String), service: '上门理发', status: 'submitted', createdAt: expect.stringMatching(/\+08:00$/) });
    const text = JSON.stringify(d);
    for (const leak of [nb.id, nb.name, nb.phone, 'nb3的地址', '为nb3代办的描述', '周爷爷', '13600005555', '为周爷爷代办']) expect(text).not.toContain(leak);
    // The resident's own export has the order, address included.
    const theirs = (await app.get('/api/me/export', nb.token)).body;
    expect(theirs.orders.find((o: { code: string }) => o.code === forNb.code)).toMatchObject({ address: 'nb3的地址', description: '为nb3代办的描述' });
  });
});

describe('DELETE /api/me by the last admin', () => {
  it('is refused (409 LAST_ADMIN) and changes nothing, then allowed once another admin exists', async () => {
    const solo = await app.login('admin', 'dr-solo-admin');
    // Make the caller the only admin left, as on a fresh deployment.
    await app.db.update(schema.users).set({ role: 'resident' }).where(eq(schema.users.role, 'admin'));
    await app.db.update(schema.users).set({ role: 'admin' }).where(eq(schema.users.id, solo.user.id));
    expectProblem(await app.del('/api/me', solo.token), 409, 'LAST_ADMIN');
    const [still] = await app.db.select().from(schema.users).where(eq(schema.users.id, solo.user.id));
    expect(still.deletedAt).toBeNull();
    expect(still.role).toBe('admin');

    const other = await app.login('resident', 'dr-next-admin');
    await app.db.update(schema.users).set({ role: 'admin' }).where(eq(schema.users.id, other.user.id));
    expect((await app.del('/api/me', solo.token)).status).toBe(200);
  });
});

describe('photos under the data rights', () => {
  const upload = async (token: string, color: string) => {
    const bytes = await sharp({ create: { width: 40, height: 30, channels: 3, background: color } }).jpeg().toBuffer();
    const fd = new FormData();
    fd.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'p.jpg');
    const res = await fetch(`${app.url}/api/uploads`, { method: 'POST', body: fd, headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string };
  };

  it('exports every photo the user uploaded, and on deletion drops the unused ones (files too) and unlinks the rest', async () => {
    const pat = await app.login('resident', 'dr-photos');
    const used = await upload(pat.token, '#123456');
    const loose = await upload(pat.token, '#654321');
    const fb = await app.post('/api/feedback', { category: 'facilities', title: '健身器材坏了', body: '单杠松动', public: true, photoIds: [used.id] }, pat.token);
    expect(fb.status).toBe(201);

    const d = (await app.get('/api/me/export', pat.token)).body;
    expect(d.photos).toHaveLength(2);
    expect(d.photos.find((p: any) => p.usedOn)).toMatchObject({ usedOn: { feedback: fb.body.code, as: 'report' }, width: 40, height: 30, url: expect.any(String) });
    expect(d.photos.find((p: any) => !p.usedOn)).toMatchObject({ usedOn: null });

    expect((await app.del('/api/me', pat.token)).status).toBe(200);
    const rows = await app.db.select().from(schema.uploads).where(or(eq(schema.uploads.id, used.id), eq(schema.uploads.id, loose.id)));
    expect(rows).toEqual([expect.objectContaining({ id: used.id, ownerId: null, feedbackId: fb.body.id })]);
    expect(await app.runtime.media.get(`private/${loose.id}.jpg`)).toBeNull();
    expect(await app.runtime.media.get(`private/${used.id}.jpg`)).not.toBeNull();
    // The item keeps its photo on the wall.
    const wall = (await app.get('/api/feedback/wall?limit=100')).body;
    expect(wall.items.find((x: { id: string }) => x.id === fb.body.id).photos).toHaveLength(1);
  });
});
