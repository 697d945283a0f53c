import { eq } from 'drizzle-orm';
import { schema, type Db } from '../../api/_lib/db';
import { seedStreetSettings } from '../../api/_lib/services/settings';
import { seedCommunities } from './communities';
import { seedFeedback } from './feedback';
import { seedHandbook } from './handbook';
import { seedPhotos } from './photos';
import { seedPlaces } from './places';
import { seedLinks } from './links';
import { seedNotifications } from './notifications';
import { seedRedpost } from './redpost';
import { seedRequests } from './requests';

/**
 * Reference data every database needs (the street's settings row, communities and grids), then the demo content
 * that shows the product off. Each step is idempotent, and the whole runs once per database.
 */
export async function seedReference(db: Db) {
  await seedStreetSettings(db);
  await seedCommunities(db);
}

type DemoStep = { name: string; run: (db: Db) => Promise<void> };
/** Capability modules append their demo content here. */
export const DEMO_STEPS: DemoStep[] = [
  // First: the service menu (requestable handbook entries) must exist before orders are seeded.
  { name: 'handbook and official-account links', run: async (db) => { await seedHandbook(db); await seedLinks(db); } },
  { name: 'service orders (菜单式服务)', run: (db) => seedRequests(db) },
  { name: 'problem wall and echo wall (问题墙 / 回音壁)', run: (db) => seedFeedback(db) },
  { name: 'photos on the walls (generated images)', run: (db) => seedPhotos(db) },
  // After the problem wall: 张丽华 (staff:demo) becomes 石楠一网格's worker, and the reports find their grid.
  { name: 'grid workers, and the reports placed in their grids (网格)', run: (db) => seedPlaces(db) },
  { name: 'red-post shifts and volunteers (红岗)', run: (db) => seedRedpost(db) },
  { name: 'message centre (消息) and a first cron pass', run: (db) => seedNotifications(db) },
];

export async function seedDemo(db: Db): Promise<boolean> {
  const [done] = await db.select().from(schema.appSettings).where(eq(schema.appSettings.key, 'demo_seeded')).limit(1);
  if (done) return false;
  await seedReference(db);
  for (const step of DEMO_STEPS) await step.run(db);
  await db.insert(schema.appSettings).values({ key: 'demo_seeded', value: { at: new Date().toISOString() } }).onConflictDoNothing();
  return true;
}
