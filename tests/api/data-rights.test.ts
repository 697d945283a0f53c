import { eq, or } from 'drizzle-orm';
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
    .values({ code: orderCode, serviceId, ownerId: user.id, createdById: user.id, communityId: community.id, description: `理发 ${handle}`, contactPhone: phone, onBehalfOf: { name: `老母亲${handle}`, phone: '13955556666' } })
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
    expect(d.orders[0]).toMatchObject({ contactPhone: alice.phone, service: '上门理发' });
    expect(d.feedback.map((f: { title: string }) => f.title)).toEqual([alice.feedbackTitle]);
    expect(d.feedback[0].replies).toEqual(expect.any(Array));
    expect(d.volunteer.profile).toMatchObject({ realName: expect.any(String) });
    expect(d.volunteer.signups).toEqual([expect.objectContaining({ shift: '红十字义诊', attendance: 'present', minutes: 120 })]);
    expect(d.volunteer.hours).toEqual([expect.objectContaining({ minutes: 120, source: 'shift' })]);
    expect(d.notifications.map((x: { body: string }) => x.body)).toEqual(['给alice的消息']);

    const text = JSON.stringify(d);
    for (const leak of [bob.id, bob.name, bob.phone, bob.cardContact, bob.feedbackTitle, bob.orderCode, '给bob的消息']) {
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
