import { eq } from 'drizzle-orm';
import { schema } from '../../api/_lib/db';
import { REQUEST_STATUSES } from '../../shared/requests';
import { seedRequests } from '../../scripts/seed/requests';
import { startTestApp, type TestApp } from '../support/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMIT_DISABLED: '1' } });
});
afterAll(() => app.close());

it('seeds demo orders in every state, with timelines the demo personas can open', async () => {
  const titles = ['助老陪诊', '家电维修上门', '助餐送餐上门', '义务理发上门', '上门代办（老年、体弱、残疾人）', '社区小时班托管', '法律咨询预约'];
  await app.db.insert(schema.handbookEntries).values(titles.map((title) => ({ category: 'elderly', title, summary: title, body: title, requestable: true })));
  await seedRequests(app.db);
  await seedRequests(app.db); // a second run adds nothing
  const rows = await app.db.select().from(schema.serviceRequests);
  expect(rows).toHaveLength(9);
  expect(new Set(rows.map((r) => r.status))).toEqual(new Set(REQUEST_STATUSES));
  expect(rows.every((r) => /^FW-\d{8}-\d{4}$/.test(r.code))).toBe(true);

  const resident = await app.login('resident', 'demo');
  const mine = await app.get('/api/requests?scope=mine', resident.token);
  expect(mine.body.items.map((i: any) => i.status).sort()).toEqual(['cancelled', 'completed', 'in_progress', 'submitted']);
  const completed = mine.body.items.find((i: any) => i.status === 'completed');
  expect(completed.allowedActions).toEqual(['rate']);
  const detail = await app.get(`/api/requests/${completed.id}`, resident.token);
  expect(detail.body.events.map((e: any) => e.type)).toEqual(['created', 'dispatched', 'accepted', 'started', 'completed']);

  const volunteer = await app.login('volunteer', 'demo');
  expect(volunteer.user.volunteer.skills).toContain('助老服务');
  const tasks = await app.get('/api/requests?scope=assigned', volunteer.token);
  expect(tasks.body.items.map((i: any) => i.status).sort()).toEqual(['dispatched', 'in_progress']);
  expect((await app.get('/api/requests?scope=available', volunteer.token)).body.items).toHaveLength(2);
  const staff = await app.login('staff', 'demo');
  expect((await app.get('/api/requests?scope=all&limit=100', staff.token)).body.items).toHaveLength(9);

  const hours = await app.db.select().from(schema.volunteerHours).where(eq(schema.volunteerHours.sourceType, 'request'));
  expect(hours).toHaveLength(3);
});
