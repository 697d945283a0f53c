import { eq } from 'drizzle-orm';
import { schema } from '../../api/_lib/db';
import { seedCommunities } from '../../scripts/seed/communities';
import { startTestApp } from '../support/app';

/**
 * The communities list is cached in Redis. On the PostgreSQL + Redis run (TEST_REDIS_URL)
 * the apps below share one real Redis, as two deployments (or a deployment and a fresh
 * database) would; on the embedded run each has its own store.
 */
describe('GET /api/communities cache', () => {
  it("never serves one deployment's communities to another that shares the Redis", async () => {
    const a = await startTestApp();
    const fromA = await a.get('/api/communities');
    expect(fromA.status).toBe(200);
    await a.close();

    // Another deployment: its own database (cloned from the same template, so the same ids)
    // and its own namespace, with a community named differently before anything is cached.
    const b = await startTestApp();
    try {
      const id = fromA.body.items[0].id as string;
      await b.db.update(schema.communities).set({ name: '另一库的石楠社区' }).where(eq(schema.communities.id, id));
      const fromB = await b.get('/api/communities');
      expect(fromB.body.items.find((c: { id: string }) => c.id === id).name).toBe('另一库的石楠社区');
    } finally {
      await b.close();
    }
  });

  it('shows communities written by the reference seed at once, though the list was cached', async () => {
    const app = await startTestApp();
    try {
      const before = await app.get('/api/communities');
      // A later release's reference data adds a community (the seed skips existing ones).
      await app.db.delete(schema.grids).where(eq(schema.grids.communityId, before.body.items.at(-1).id));
      await app.db.delete(schema.communities).where(eq(schema.communities.id, before.body.items.at(-1).id));
      await seedCommunities(app.db);
      const after = await app.get('/api/communities');
      expect(after.body.items).toHaveLength(before.body.items.length);
      expect(after.body.items.at(-1).id).not.toBe(before.body.items.at(-1).id);
      expect(after.body.items.at(-1).grids.length).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });
});
