/**
 * `npm run bench:handbook`: handbook search over 1,000 entries on PostgreSQL, uncached
 * (every query reaches the database). Target: median under 20 ms.
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names a server
 * where a throw-away database is created and dropped.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { Client } from 'pg';
import { MIGRATIONS_DIR, openPostgres, schema } from '../api/_lib/db';
import { queryEntries } from '../api/_lib/services/handbook/entries';
import { HandbookQuerySchema } from '../shared/handbook';
import { handbookSearchKeys } from '../api/_lib/services/handbook/search-keys';
import { HANDBOOK_SEED, HANDBOOK_SYNONYMS_SEED } from './seed/handbook';

const SERVER = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const ENTRIES = 1000;
const ROUNDS = 60;
const QUERIES = ['养老', '低保', '体检', '小时班', '一岗双扶', '残疾人证', '法律援助', '代办', '免费 体检', '爱心诊所免费体验预约', '高龄津贴申领', '火星移民', '残疾证', '老年卡', '民政', 'dibao', 'db'];
const PLACES = ['石楠', '彩虹桥', '桂香', '银杏', '丁香', '枫林', '红星', '和平', '朝阳', '春晖', '南湖', '北苑', '东岗', '西站'];

function withDatabase(url: string, db: string) {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main() {
  const name = `shinan_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const handle = await openPostgres(withDatabase(SERVER, name), 4);
  try {
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    await migrate(handle.db as never, { migrationsFolder: MIGRATIONS_DIR });
    // 1,000 entries: the real handbook, then each community's own versions of its services.
    const rows = Array.from({ length: ENTRIES }, (_, i) => {
      const e = HANDBOOK_SEED[i % HANDBOOK_SEED.length];
      const round = Math.floor(i / HANDBOOK_SEED.length);
      const place = round === 0 ? '' : `${PLACES[round % PLACES.length]}社区第${round}期·`;
      const title = `${place}${e.title}`;
      return {
        category: e.category,
        title,
        tags: e.tags ?? [],
        // As the API writes them: once per entry, at write time.
        searchKeys: handbookSearchKeys({ category: e.category, title, tags: e.tags ?? [] }),
        summary: e.summary,
        body: `${e.body}${round ? `（${PLACES[round % PLACES.length]}社区办理点，编号 ${i}）` : ''}`,
        eligibility: e.eligibility ?? '',
        materials: e.materials ?? '',
        location: e.location ?? '',
        hours: e.hours ?? '',
        phone: e.phone ?? '',
        requestable: e.requestable ?? false,
        sortOrder: i,
      };
    });
    for (let i = 0; i < rows.length; i += 200) await handle.db.insert(schema.handbookEntries).values(rows.slice(i, i + 200));
    await handle.db.insert(schema.handbookSynonyms).values(HANDBOOK_SYNONYMS_SEED);
    await handle.db.execute(sql`ANALYZE handbook_entries`);

    const parsed = QUERIES.map((q) => HandbookQuerySchema.parse({ q }));
    for (const query of parsed) await queryEntries(handle.db, query); // warm up connections and plans
    const all: number[] = [];
    const perQuery: { q: string; median: number; hits: number; first: string }[] = [];
    for (const [i, query] of parsed.entries()) {
      const times: number[] = [];
      let result = await queryEntries(handle.db, query);
      for (let r = 0; r < ROUNDS; r++) {
        const t0 = performance.now();
        result = await queryEntries(handle.db, query);
        times.push(performance.now() - t0);
      }
      all.push(...times);
      times.sort((a, b) => a - b);
      perQuery.push({ q: QUERIES[i], median: pct(times, 50), hits: result.items.length, first: result.items[0]?.title ?? '—' });
    }
    all.sort((a, b) => a - b);
    const [{ n }] = ((await handle.db.execute(sql`SELECT count(*)::int AS n FROM handbook_entries`)) as unknown as { rows: { n: number }[] }).rows;
    process.stdout.write(`handbook search on PostgreSQL, ${n} entries, ${all.length} uncached searches (${ROUNDS} per query)\n`);
    for (const p of perQuery) process.stdout.write(`  ${p.q.padEnd(12, '　')} median ${p.median.toFixed(2)} ms  first page ${p.hits}  top: ${p.first}\n`);
    const median = pct(all, 50);
    process.stdout.write(`overall: median ${median.toFixed(2)} ms, p95 ${pct(all, 95).toFixed(2)} ms, max ${all[all.length - 1].toFixed(2)} ms (target: median < 20 ms) ${median < 20 ? 'PASS' : 'FAIL'}\n`);
    if (median >= 20) process.exitCode = 1;
  } finally {
    await handle.close();
    if (process.env.BENCH_KEEP) process.stdout.write(`kept database ${name}\n`);
    else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
