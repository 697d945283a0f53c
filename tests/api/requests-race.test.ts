import { eq } from 'drizzle-orm';
import { schema } from '../../api/_lib/db';
import { onPostgres } from '../support/test-db';
import { startTestApp, type TestApp } from '../support/app';

// PGlite runs one transaction at a time and would hide a missing row lock: this runs on PostgreSQL only.
const onPg = onPostgres() ? describe : describe.skip;

onPg('taking one order at once (PostgreSQL)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { RATE_LIMIT_DISABLED: '1' } });
  });
  afterAll(() => app.close());

  it('50 volunteers taking the same order: exactly one 200, the other 49 get 409', async () => {
    const [service] = await app.db
      .insert(schema.handbookEntries)
      .values({ category: 'yanglao', title: '陪同就医', summary: '志愿者陪同老人就医', body: '红十字岗', requestable: true, serviceMinutes: 120 })
      .returning();
    const owner = await app.login('resident', 'race-owner');
    const volunteers = [];
    for (let i = 0; i < 50; i++) volunteers.push(await app.login('volunteer', `race-v${i}`));
    const created = await app.post('/api/requests', { serviceId: service.id, description: '周三上午去市第一医院复查，需要有人陪同。' }, owner.token);
    expect(created.status).toBe(201);
    const id = created.body.id;

    const results = await Promise.all(volunteers.map((v) => app.post(`/api/requests/${id}/accept`, {}, v.token)));
    const codes = results.map((r) => r.status);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'INVALID_STATE')).toBe(true);

    const winner = volunteers[codes.indexOf(200)];
    const [row] = await app.db.select().from(schema.serviceRequests).where(eq(schema.serviceRequests.id, id));
    expect(row).toMatchObject({ status: 'accepted', assigneeId: winner.user.id });
    const events = await app.db.select().from(schema.requestEvents).where(eq(schema.requestEvents.requestId, id));
    expect(events.map((e) => e.type).sort()).toEqual(['accepted', 'created']);
    const notes = await app.db.select().from(schema.notifications).where(eq(schema.notifications.userId, owner.user.id));
    expect(notes.filter((n) => n.kind === 'order_accepted')).toHaveLength(1);
  });
});
