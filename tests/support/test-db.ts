import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { openPglite, openPostgres, type DbHandle } from '../../api/_lib/db';
import { pgTemplateName, pgliteTemplateDir, testDatabaseUrl, withDatabase } from './template';

export interface TestDb extends DbHandle {
  /** The connection string when on PostgreSQL (for tests that need a second pool). */
  url: string | null;
}

/** A database of this test file's own, cloned from the migrated template. */
export async function createTestDb(): Promise<TestDb> {
  const url = testDatabaseUrl();
  if (url) {
    const name = `shinan_t_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${pgTemplateName()}`);
    await admin.end();
    const dbUrl = withDatabase(url, name);
    const handle = await openPostgres(dbUrl, 20);
    return {
      ...handle,
      url: dbUrl,
      async close() {
        await handle.close();
        const a = new Client({ connectionString: url });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinan-test-'));
  fs.cpSync(path.join(pgliteTemplateDir(), 'pglite'), path.join(dir, 'pglite'), { recursive: true });
  const handle = await openPglite(path.join(dir, 'pglite'), { migrate: false });
  return {
    ...handle,
    url: null,
    async close() {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const onPostgres = () => testDatabaseUrl() !== null;
