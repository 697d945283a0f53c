import { getConfig } from '../api/_lib/config';
import { MIGRATIONS_DIR, openPglite, openPostgres } from '../api/_lib/db';
import { seedDemo, seedReference } from './seed';

/** `npm run db:migrate [-- --demo]`: applies migrations to DATABASE_URL (or the embedded database) and loads reference data. */
async function main() {
  const config = getConfig();
  const withDemo = process.argv.includes('--demo');
  if (config.databaseUrl) {
    const handle = await openPostgres(config.databaseUrl, 2);
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    await migrate(handle.db as never, { migrationsFolder: MIGRATIONS_DIR });
    if (withDemo) await seedDemo(handle.db);
    else await seedReference(handle.db);
    await handle.close();
  } else {
    const handle = await openPglite(`${config.dataDir}/pglite`);
    if (withDemo) await seedDemo(handle.db);
    else await seedReference(handle.db);
    await handle.close();
  }
  process.stdout.write('migrations applied\n');
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
