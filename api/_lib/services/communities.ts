import { asc } from 'drizzle-orm';
import type { Community } from '../../../shared/communities';
import { schema } from '../db';
import type { Ctx } from './context';
import { cached } from './reader-cache';

/** The reader cache's family; the demo/reference seed bumps it when it writes communities. */
export const COMMUNITIES_CACHE = 'communities';

/**
 * Through the versioned reader cache, under this deployment's namespace: a fixed Redis key
 * let one database's communities be served to another deployment sharing the Redis.
 */
export async function listCommunities({ ctx }: { ctx: Ctx }): Promise<{ items: Community[] }> {
  return cached(ctx, COMMUNITIES_CACHE, null, async () => {
    const [communities, grids] = await Promise.all([
      ctx.db.select().from(schema.communities).orderBy(asc(schema.communities.sortOrder), asc(schema.communities.name)),
      ctx.db.select().from(schema.grids).orderBy(asc(schema.grids.sortOrder), asc(schema.grids.name)),
    ]);
    return {
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
  });
}
