import { schema } from '../../api/_lib/db';
import { FeedbackPageSchema, FeedbackStatsSchema } from '../../shared/feedback';
import { seedFeedback } from '../../scripts/seed/feedback';
import { startTestApp, type TestApp } from '../support/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

it('seeds a credible public board: open items with plans (some overdue), results with ratings, private kept off', async () => {
  await seedFeedback(app.db);
  await seedFeedback(app.db); // a second run adds nothing
  const rows = await app.db.select().from(schema.feedbackItems);
  expect(rows).toHaveLength(15);
  expect(rows.every((r) => /^WT-\d{8}-\d{4}$/.test(r.code))).toBe(true);

  const wall = FeedbackPageSchema.parse((await app.get('/api/feedback/wall?limit=100')).body).items;
  expect(wall.length).toBe(8);
  expect(wall.filter((i) => i.overdue).length).toBe(2);
  expect(wall[0].overdue).toBe(true); // most urgent first
  expect(wall.filter((i) => i.status === 'in_progress').every((i) => i.responsibleParty && i.measures && i.deadline)).toBe(true);
  expect(wall.map((i) => i.title)).not.toContain('对门独居老人最近很少出门');

  const echo = FeedbackPageSchema.parse((await app.get('/api/feedback/echo?limit=100')).body).items;
  expect(echo.length).toBe(6);
  expect(echo.every((i) => i.result)).toBe(true);
  expect(new Set(echo.map((i) => i.rating))).toEqual(new Set(['satisfied', 'basically_satisfied', 'unsatisfied', null]));

  const stats = FeedbackStatsSchema.parse((await app.get('/api/feedback/stats')).body);
  expect(stats.items.length).toBeGreaterThan(5);
  expect(stats.totals.satisfaction).toBeGreaterThan(0.5);

  const resident = await app.login('resident', 'demo');
  const mine = (await app.get('/api/feedback/mine', resident.token)).body.items;
  expect(mine.map((i: any) => i.title)).toEqual(expect.arrayContaining(['石楠路18号院垃圾分类亭满溢', '对门独居老人最近很少出门']));
  const resolved = mine.find((i: any) => i.status === 'resolved');
  expect((await app.get(`/api/feedback/${resolved.id}`, resident.token)).body.canRate).toBe(true);
  const staff = await app.login('staff', 'demo');
  expect((await app.get('/api/feedback/inbox?overdue=true', staff.token)).body.items).toHaveLength(2);
});

it('puts generated photos on demo items: before photos on the wall, before and after on 回音壁, each served', async () => {
  const { seedPhotos } = await import('../../scripts/seed/photos');
  await seedFeedback(app.db);
  await seedPhotos(app.db);
  await seedPhotos(app.db); // a second run adds nothing
  expect(await app.db.select().from(schema.uploads)).toHaveLength(4);
  const wall = FeedbackPageSchema.parse((await app.get('/api/feedback/wall?limit=100')).body).items;
  const bins = wall.find((i) => i.title === '石楠路18号院垃圾分类亭满溢')!;
  expect(bins.photos).toHaveLength(1);
  const echo = FeedbackPageSchema.parse((await app.get('/api/feedback/echo?limit=100')).body).items;
  const lamps = echo.find((i) => i.title === '石楠路与枫林路交叉口路灯不亮')!;
  expect([lamps.photos.length, lamps.resultPhotos.length]).toEqual([1, 1]);
  for (const url of [bins.photos[0].url, lamps.resultPhotos[0].thumbUrl]) {
    const res = await fetch(app.url + url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
  }
});
