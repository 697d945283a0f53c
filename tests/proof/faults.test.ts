import { Client } from 'pg';
import { openPostgres } from '../../api/_lib/db';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { expectProblem, startTestApp, type TestApp } from '../support/app';
import { createTestDb, onPostgres, type TestDb } from '../support/test-db';

/** PostgreSQL going away under a running server: 503 quickly, full service when it is back, no restart. */
(onPostgres() ? describe : describe.skip)('PostgreSQL outage', () => {
  let proxy: TcpProxy;
  let backing: TestDb;
  let app: TestApp;

  beforeAll(async () => {
    backing = await createTestDb();
    const url = new URL(backing.url!);
    proxy = await startTcpProxy(url.hostname, Number(url.port || 5432));
    url.host = `127.0.0.1:${proxy.port}`;
    const handle = await openPostgres(url.toString(), 5);
    // In-process store: a Redis cache would answer reads the outage should refuse.
    app = await startTestApp({ dbOverride: { ...handle, url: url.toString() }, store: 'memory' });
  });
  afterAll(async () => {
    await app.close();
    await proxy.close();
    await backing.close();
  });

  it('answers 503 problem+json within 5 seconds while the database is down, and recovers by itself', async () => {
    const { token } = await app.login('resident', 'fault-pg');
    expect((await app.get('/api/me', token)).status).toBe(200);

    await proxy.stop();
    const started = Date.now();
    const down = await app.get('/api/communities');
    expect(Date.now() - started).toBeLessThan(5000);
    expectProblem(down, 503, 'DATABASE_UNAVAILABLE');
    const meDown = await app.get('/api/me', token);
    expectProblem(meDown, 503);
    expect(Date.now() - started).toBeLessThan(10_000);

    await proxy.start();
    let back = 0;
    for (let i = 0; i < 20 && back !== 200; i++) {
      back = (await app.get('/api/me', token)).status;
      if (back !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(back).toBe(200);
    expect((await app.get('/api/communities')).status).toBe(200);
  });

  it('loses nothing written before the outage', async () => {
    const c = new Client({ connectionString: backing.url! });
    await c.connect();
    const r = await c.query("SELECT count(*)::int AS n FROM users WHERE demo_key = 'resident:fault-pg'");
    await c.end();
    expect(r.rows[0].n).toBe(1);
  });
});
