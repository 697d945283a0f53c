import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { MIGRATIONS_DIR, openPglite, openPostgres } from '../../api/_lib/db';
import { seedReference } from '../../scripts/seed';
import { CACHE_DIR, pgTemplateName, pgliteTemplateDir, testDatabaseUrl, withDatabase } from './template';

/** Builds each migrated template once per run; every test file then clones its own database from it. */
export default async function globalSetup() {
  const url = testDatabaseUrl();
  if (url) {
    const name = pgTemplateName();
    const admin = new Client({ connectionString: url });
    await admin.connect();
    // Several test runs may start at once (developers, CI): one builds, the others wait.
    await admin.query('SELECT pg_advisory_lock(727274)');
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!exists.rowCount) {
      const building = `${name}_building`;
      await admin.query(`DROP DATABASE IF EXISTS ${building}`);
      await admin.query(`CREATE DATABASE ${building}`);
      const handle = await openPostgres(withDatabase(url, building), 2);
      const { migrate } = await import('drizzle-orm/node-postgres/migrator');
      await migrate(handle.db as never, { migrationsFolder: MIGRATIONS_DIR });
      await seedReference(handle.db);
      await handle.close();
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    }
    await admin.end();
    return;
  }
  const dir = pgliteTemplateDir();
  if (fs.existsSync(path.join(dir, 'ready'))) return;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const handle = await openPglite(path.join(dir, 'pglite'));
  await seedReference(handle.db);
  await handle.close();
  fs.writeFileSync(path.join(dir, 'ready'), new Date().toISOString());
}
