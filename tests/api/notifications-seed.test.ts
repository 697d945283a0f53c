import { seedDemo } from '../../scripts/seed';
import { startTestApp, type TestApp } from '../support/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMIT_DISABLED: '1' } });
});
afterAll(() => app.close());

it("gives the demo resident a message centre and the demo staff the overdue items, once", async () => {
  expect(await seedDemo(app.db)).toBe(true);
  expect(await seedDemo(app.db)).toBe(false);
  const resident = await app.login('resident', 'demo');
  const inbox = await app.get('/api/me/messages?limit=100', resident.token);
  expect(inbox.status).toBe(200);
  const kinds = new Set(inbox.body.items.map((m: { kind: string }) => m.kind));
  expect(kinds.has('feedback_replied')).toBe(true);
  expect(inbox.body.items.every((m: { delivery: string }) => m.delivery === 'skipped')).toBe(true);
  const staff = await app.login('staff', 'demo');
  const staffInbox = await app.get('/api/me/messages?limit=100', staff.token);
  expect(staffInbox.body.items.filter((m: { kind: string }) => m.kind === 'feedback_overdue').length).toBeGreaterThanOrEqual(1);
  const desk = await app.get('/api/staff/dashboard', staff.token);
  expect(desk.status).toBe(200);
  expect(desk.body.series.ordersPerWeek.some((w: { count: number }) => w.count > 0)).toBe(true);
  expect(desk.body.series.volunteerHoursPerMonth.some((m: { hours: number }) => m.hours > 0)).toBe(true);
});
