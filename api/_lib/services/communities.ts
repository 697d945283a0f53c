import { asc } from 'drizzle-orm';
import type { Community } from '../../../shared/communities';
import { schema } from '../db';
import type { Ctx } from '../http/types';

const CACHE_KEY = 'cache:communities:v1';

export async function listCommunities({ ctx }: { ctx: Ctx }): Promise<{ items: Community[] }> {
  const cached = await ctx.runtime.store.getJson<{ items: Community[] }>(CACHE_KEY);
  if (cached) return cached;
  const [communities, grids] = await Promise.all([
    ctx.db.select().from(schema.communities).orderBy(asc(schema.communities.sortOrder), asc(schema.communities.name)),
    ctx.db.select().from(schema.grids).orderBy(asc(schema.grids.sortOrder), asc(schema.grids.name)),
  ]);
  const result = {
    items: communities.map((c) => ({
      id: c.id,
      name: c.name,
      address: c.address,
      hotline: c.hotline,
      grids: grids
        .filter((g) => g.communityId === c.id)
        .map((g) => ({ id: g.id, name: g.name, workerName: g.workerName, workerPhone: g.workerPhone })),
    })),
  };
  await ctx.runtime.store.setJson(CACHE_KEY, result, 600);
  return result;
}
