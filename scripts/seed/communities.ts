import { schema, type Db } from '../../api/_lib/db';
import { COMMUNITIES_CACHE } from '../../api/_lib/services/communities';
import { bumpCacheVersion } from '../../api/_lib/services/reader-cache';

/** 石楠街道's communities; 彩虹桥 is the party-building brand the report names. */
const COMMUNITIES = [
  { slug: 'shinan', name: '石楠社区', address: '石楠街道石楠路 18 号', hotline: '0931-8765 4301', grids: ['石楠一网格', '石楠二网格', '石楠三网格'] },
  { slug: 'caihongqiao', name: '彩虹桥社区', address: '石楠街道彩虹桥路 6 号', hotline: '0931-8765 4302', grids: ['彩虹一网格', '彩虹二网格'] },
  { slug: 'guixiang', name: '桂香社区', address: '石楠街道桂香巷 25 号', hotline: '0931-8765 4303', grids: ['桂香一网格', '桂香二网格'] },
  { slug: 'yinxing', name: '银杏社区', address: '石楠街道银杏大道 102 号', hotline: '0931-8765 4304', grids: ['银杏一网格', '银杏二网格'] },
  { slug: 'dingxiang', name: '丁香社区', address: '石楠街道丁香里 9 号', hotline: '0931-8765 4305', grids: ['丁香一网格', '丁香二网格'] },
  { slug: 'fenglin', name: '枫林社区', address: '石楠街道枫林路 66 号', hotline: '0931-8765 4306', grids: ['枫林一网格', '枫林二网格'] },
];

const WORKERS = ['赵红梅', '钱卫东', '孙晓燕', '周建华', '吴秀兰', '郑国强', '冯丽娟', '陈海涛', '褚玉芳', '卫志刚', '蒋春花', '沈明亮', '韩桂英'];

export async function seedCommunities(db: Db) {
  let w = 0;
  for (const [i, c] of COMMUNITIES.entries()) {
    const [row] = await db
      .insert(schema.communities)
      .values({ slug: c.slug, name: c.name, address: c.address, hotline: c.hotline, sortOrder: i })
      .onConflictDoNothing({ target: schema.communities.slug })
      .returning({ id: schema.communities.id });
    if (!row) continue;
    await db.insert(schema.grids).values(
      c.grids.map((name, j) => {
        const worker = WORKERS[w++ % WORKERS.length];
        return { communityId: row.id, name, workerName: worker, workerPhone: `1381234${String(5600 + w).padStart(4, '0')}`, sortOrder: j };
      }),
    );
  }
  await bumpCacheVersion(db, COMMUNITIES_CACHE, new Date());
}
