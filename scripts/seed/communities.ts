import { buildingKey } from '../../shared/places';
import { schema, type Db } from '../../api/_lib/db';
import { COMMUNITIES_CACHE } from '../../api/_lib/services/communities';
import { bumpCacheVersion } from '../../api/_lib/services/reader-cache';

/** 石楠街道's communities; 彩虹桥 is the party-building brand the report names. Each grid with the buildings in it. */
const COMMUNITIES = [
  { slug: 'shinan', name: '石楠社区', address: '石楠街道石楠路 18 号', hotline: '0931-8765 4301', grids: { 石楠一网格: [1, 4], 石楠二网格: [5, 8], 石楠三网格: [9, 12] } },
  { slug: 'caihongqiao', name: '彩虹桥社区', address: '石楠街道彩虹桥路 6 号', hotline: '0931-8765 4302', grids: { 彩虹一网格: [1, 5], 彩虹二网格: [6, 10] } },
  { slug: 'guixiang', name: '桂香社区', address: '石楠街道桂香巷 25 号', hotline: '0931-8765 4303', grids: { 桂香一网格: [1, 6], 桂香二网格: [7, 12] } },
  { slug: 'yinxing', name: '银杏社区', address: '石楠街道银杏大道 102 号', hotline: '0931-8765 4304', grids: { 银杏一网格: [1, 4], 银杏二网格: [5, 8] } },
  { slug: 'dingxiang', name: '丁香社区', address: '石楠街道丁香里 9 号', hotline: '0931-8765 4305', grids: { 丁香一网格: [1, 5], 丁香二网格: [6, 10] } },
  { slug: 'fenglin', name: '枫林社区', address: '石楠街道枫林路 66 号', hotline: '0931-8765 4306', grids: { 枫林一网格: [1, 6], 枫林二网格: [7, 12] } },
] satisfies { slug: string; name: string; address: string; hotline: string; grids: Record<string, [number, number]> }[];

const range = ([from, to]: [number, number]) => Array.from({ length: to - from + 1 }, (_, i) => `${from + i}号楼`);

/**
 * Reference data: the communities, their grids and the buildings in each. No 网格员: a real
 * community assigns its own (a made-up name and phone on every card would send residents'
 * calls nowhere); the demo data assigns demo staff accounts (scripts/seed/places.ts).
 */
export async function seedCommunities(db: Db) {
  for (const [i, c] of COMMUNITIES.entries()) {
    const [row] = await db
      .insert(schema.communities)
      .values({ slug: c.slug, name: c.name, address: c.address, hotline: c.hotline, sortOrder: i })
      .onConflictDoNothing({ target: schema.communities.slug })
      .returning({ id: schema.communities.id });
    if (!row) continue;
    for (const [j, [name, span]] of Object.entries(c.grids).entries()) {
      const [grid] = await db.insert(schema.grids).values({ communityId: row.id, name, sortOrder: j }).returning({ id: schema.grids.id });
      await db
        .insert(schema.gridBuildings)
        .values(range(span).map((b, k) => ({ communityId: row.id, gridId: grid.id, name: b, key: buildingKey(b), sortOrder: k })));
    }
  }
  await bumpCacheVersion(db, COMMUNITIES_CACHE, new Date());
}
