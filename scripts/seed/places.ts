import { and, asc, eq, isNull } from 'drizzle-orm';
import { schema, type Db } from '../../api/_lib/db';
import { COMMUNITIES_CACHE } from '../../api/_lib/services/communities';
import { bumpCacheVersion } from '../../api/_lib/services/reader-cache';
import { buildingKey } from '../../shared/places';

/** Demo 网格员: one staff account per grid, of the grid's community (张丽华, the staff persona, holds 石楠一网格). */
const WORKERS = ['赵红梅', '钱卫东', '孙晓燕', '周建华', '吴秀兰', '郑国强', '冯丽娟', '陈海涛', '褚玉芳', '卫志刚', '蒋春花', '沈明亮', '韩桂英'];

/** Rough centres of the demo communities (兰州, where the street's 0931 numbers ring), for the map view. */
const CENTRES: Record<string, [number, number]> = {
  shinan: [36.0611, 103.8343],
  caihongqiao: [36.0647, 103.8419],
  guixiang: [36.0572, 103.8288],
  yinxing: [36.0683, 103.8301],
  dingxiang: [36.0536, 103.8395],
  fenglin: [36.0594, 103.8462],
};

/**
 * Demo places: every grid gets its 网格员 (a staff account limited to the grid's community,
 * logging in as `staff:grid-<n>`), and the demo reports find their grid from the building
 * their location names, and a point on the map near their community.
 */
export async function seedPlaces(db: Db) {
  const grids = await db
    .select({ id: schema.grids.id, communityId: schema.grids.communityId, slug: schema.communities.slug, workerId: schema.grids.workerId })
    .from(schema.grids)
    .innerJoin(schema.communities, eq(schema.communities.id, schema.grids.communityId))
    .orderBy(asc(schema.communities.sortOrder), asc(schema.grids.sortOrder));
  const [persona] = await db.select({ id: schema.users.id, displayName: schema.users.displayName }).from(schema.users).where(eq(schema.users.demoKey, 'staff:demo'));
  for (const [i, grid] of grids.entries()) {
    if (grid.workerId) continue;
    const phone = `1381234${String(5601 + i).padStart(4, '0')}`;
    let worker = i === 0 && persona ? persona : null;
    if (!worker) {
      const demoKey = `staff:grid-${i + 1}`;
      await db
        .insert(schema.users)
        .values({ demoKey, role: 'staff', displayName: WORKERS[i % WORKERS.length], phone, communityId: grid.communityId, staffCommunityId: grid.communityId })
        .onConflictDoNothing({ target: schema.users.demoKey });
      [worker] = await db.select({ id: schema.users.id, displayName: schema.users.displayName }).from(schema.users).where(eq(schema.users.demoKey, demoKey));
    }
    await db.update(schema.grids).set({ workerId: worker.id, workerName: worker.displayName, workerPhone: phone }).where(eq(schema.grids.id, grid.id));
  }

  const buildings = await db.select().from(schema.gridBuildings);
  const workers = new Map((await db.select({ id: schema.grids.id, workerId: schema.grids.workerId }).from(schema.grids)).map((g) => [g.id, g.workerId]));
  const items = await db
    .select({ id: schema.feedbackItems.id, communityId: schema.feedbackItems.communityId, location: schema.feedbackItems.location, slug: schema.communities.slug })
    .from(schema.feedbackItems)
    .innerJoin(schema.communities, eq(schema.communities.id, schema.feedbackItems.communityId))
    .where(and(isNull(schema.feedbackItems.gridId), isNull(schema.feedbackItems.latitude)))
    .orderBy(asc(schema.feedbackItems.code));
  for (const [i, item] of items.entries()) {
    const named = item.location?.match(/(\d+)\s*(号楼|栋|幢)/);
    const building = named ? buildings.find((b) => b.communityId === item.communityId && b.key === buildingKey(named[0])) : undefined;
    const [lat, lng] = CENTRES[item.slug] ?? CENTRES.shinan;
    // Spread the pins a little around the centre so they do not sit on top of each other.
    const angle = (i * 137.5 * Math.PI) / 180;
    await db
      .update(schema.feedbackItems)
      .set({
        gridId: building?.gridId ?? null,
        building: building?.name ?? null,
        routedToId: building ? (workers.get(building.gridId) ?? null) : null,
        latitude: +(lat + 0.0018 * Math.sin(angle)).toFixed(6),
        longitude: +(lng + 0.0022 * Math.cos(angle)).toFixed(6),
      })
      .where(eq(schema.feedbackItems.id, item.id));
  }
  await bumpCacheVersion(db, COMMUNITIES_CACHE, new Date());
}
