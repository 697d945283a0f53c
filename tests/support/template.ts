import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..');
export const CACHE_DIR = path.join(ROOT, '.cache');

/** Changes whenever the migrations or the reference seed change, so stale templates are never reused. */
export function templateHash(): string {
  const h = createHash('sha1');
  const files = [
    ...fs.readdirSync(path.join(ROOT, 'drizzle')).filter((f) => f.endsWith('.sql')).map((f) => path.join(ROOT, 'drizzle', f)),
    path.join(ROOT, 'scripts', 'seed', 'communities.ts'),
  ].sort();
  for (const f of files) h.update(fs.readFileSync(f));
  return h.digest('hex').slice(0, 12);
}

export const pgliteTemplateDir = () => path.join(CACHE_DIR, `pglite-template-${templateHash()}`);
export const pgTemplateName = () => `shinan_tpl_${templateHash()}`;

/** Real PostgreSQL when TEST_DATABASE_URL names a server to create test databases on. */
export const testDatabaseUrl = () => process.env.TEST_DATABASE_URL || null;

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
