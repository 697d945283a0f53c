import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import * as schema from './schema';
import { MIGRATIONS_DIR, type Db, type DbHandle } from './index';

/** @public Loaded with require() where needed, which the unused-export check cannot follow. */
export async function openPgliteDb(dataDir: string, options: { migrate?: boolean } = {}): Promise<DbHandle> {
  fs.mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create({ dataDir, extensions: { pg_trgm } });
  const db = drizzle(client, { schema }) as unknown as Db;
  if (options.migrate !== false) {
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_DIR });
  }
  return { db, driver: 'pglite', close: () => client.close() };
}
