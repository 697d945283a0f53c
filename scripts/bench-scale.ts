/**
 * `npm run bench:scale`: how the app behaves when a street has run for years. For each
 * factor (1×, 10×, 100× a district; see scripts/bench/scale-data.ts) it builds a fresh
 * PostgreSQL database (migrations + demo data + generated rows), starts our server on it
 * (with Redis through the Upstash REST bridge, as deployed), and measures every hot read
 * at 10 connections: p50, p99 and CPU per request of the server process. It times the
 * cron tick, and runs EXPLAIN on every statement the reads sent, printing each plan that
 * reads a large table without an index.
 *
 * Goals (issue 20): at the largest factor p99 < 50 ms for every read, CPU per request
 * ≤ 1.5× the 1× figure, the cron tick < 10 s, and no sequential scan of a large table.
 * The script exits non-zero when a goal is missed and BENCH_SCALE_STRICT=1.
 *
 * Environment:
 *   BENCH_SCALE               factors, default 1,10,100 (CI runs 1,10)
 *   BENCH_DATABASE_URL        server to create shinan_scale on (default postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_REDIS_URL           default redis://127.0.0.1:6379
 *   BENCH_SECONDS             seconds per read (default 5, after 1 s of warm-up); 0 = plans and the tick only
 *   BENCH_CONNECTIONS         default 10
 *   BENCH_JSON=file           also write the figures as JSON
 *   BENCH_SCALE_STRICT=1      fail when a goal is missed
 */
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { ROOT, ServerChild, cpuMicros, freshDatabase } from './bench/setup';
import { generateScale } from './bench/scale-data';
import { startUpstashBridge } from './upstash-bridge';

const SERVER = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
const FACTORS = (process.env.BENCH_SCALE ?? '1,10,100').split(',').map(Number).filter((f) => f > 0);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const P99_GOAL_MS = 50;
const CPU_RATIO_GOAL = 1.5;
const TICK_GOAL_MS = 10_000;
/** A table this large read without an index is a plan to print. */
const LARGE_TABLE_ROWS = 20_000;

const log = (s: string) => process.stderr.write(`${s}\n`);

interface ReadFigures {
  p50: number;
  p99: number;
  rps: number;
  cpuUs: number;
  errors: number;
}
interface FactorResult {
  factor: number;
  buildSeconds: number;
  reads: Record<string, ReadFigures>;
  tickMs: number[];
  seqScans: { read: string; table: string; rows: number; sql: string }[];
}

type Who = 'public' | 'resident' | 'staff' | 'admin';
const READS: { name: string; path: string; who: Who }[] = [
  { name: '问题墙 wall', path: '/api/feedback/wall', who: 'public' },
  { name: '问题墙 wall, open only', path: '/api/feedback/wall?status=in_progress', who: 'public' },
  { name: '回音壁 echo', path: '/api/feedback/echo', who: 'public' },
  { name: 'feedback stats', path: '/api/feedback/stats', who: 'public' },
  { name: 'Open311 requests', path: '/api/open311/v2/requests.json', who: 'public' },
  { name: 'staff inbox', path: '/api/feedback/inbox', who: 'staff' },
  { name: 'staff dashboard', path: '/api/staff/dashboard', who: 'staff' },
  { name: 'orders (staff)', path: '/api/requests?limit=20', who: 'staff' },
  { name: 'my orders', path: '/api/requests?limit=20', who: 'resident' },
  { name: 'my feedback', path: '/api/feedback/mine', who: 'resident' },
  { name: 'my messages', path: '/api/me/messages', who: 'resident' },
  { name: 'shifts', path: '/api/redpost/shifts', who: 'resident' },
  { name: 'volunteers (staff)', path: '/api/volunteers', who: 'staff' },
  { name: 'handbook search 养老', path: `/api/handbook?q=${encodeURIComponent('养老')}`, who: 'public' },
  { name: 'audit log', path: '/api/admin/audit', who: 'admin' },
  { name: 'export: my data', path: '/api/me/export', who: 'resident' },
];

function load(url: string, headers: Record<string, string>, seconds: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, headers, connections: CONNECTIONS, duration: seconds }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

async function call(base: string, method: string, p: string, headers: Record<string, string> = {}, body?: unknown, retry = true): Promise<{ status: number; body: any }> {
  // Building 100× takes minutes: the server has closed the idle keep-alive socket by then.
  const res = await fetch(base + p, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) }).catch((err: unknown) => {
    if (retry) return null;
    throw err;
  });
  if (!res) return call(base, method, p, headers, body, false);
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
}

/** Every Seq Scan node over a large table in a JSON plan. */
function seqScansIn(plan: any, sizes: Map<string, number>): { table: string; rows: number }[] {
  const found: { table: string; rows: number }[] = [];
  const walk = (node: any) => {
    if (node['Node Type'] === 'Seq Scan' && (sizes.get(node['Relation Name']) ?? 0) >= LARGE_TABLE_ROWS) {
      found.push({ table: node['Relation Name'], rows: sizes.get(node['Relation Name'])! });
    }
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(plan);
  return found;
}

async function runFactor(factor: number): Promise<FactorResult> {
  log(`bench:scale ${factor}×: fresh database shinan_scale (migrations + demo data)…`);
  const dbUrl = await freshDatabase(SERVER, 'shinan_scale');
  const bridge = await startUpstashBridge({ redisUrl: REDIS });
  const traceFile = path.join(os.tmpdir(), `shinan-scale-trace-${process.pid}.jsonl`);
  fs.writeFileSync(traceFile, '');
  const cronSecret = randomBytes(24).toString('hex');
  const server = await ServerChild.start('our server', path.join(ROOT, 'scripts/bench/our-server.ts'), {
    DATABASE_URL: dbUrl,
    SESSION_SECRET: randomBytes(24).toString('hex'),
    CRON_SECRET: cronSecret,
    DEMO_LOGIN: '1',
    UPSTASH_REDIS_REST_URL: bridge.url,
    UPSTASH_REDIS_REST_TOKEN: bridge.token,
    RATE_LIMIT_PREFIX: `scale${Date.now().toString(36)}`,
    RATE_LIMIT_DISABLED: '1',
    LOG_LEVEL: 'silent',
    PORT: '0',
    BENCH_SQL_TRACE: traceFile,
  });
  const db = new Client({ connectionString: dbUrl });
  await db.connect();
  try {
    const login = async (persona: string) => {
      const r = await call(server.url, 'POST', '/api/auth/demo-login', {}, { persona, handle: `scale-${persona}` });
      if (r.status !== 200) throw new Error(`demo log-in failed: ${r.status} ${JSON.stringify(r.body)}`);
      return { token: r.body.token as string, id: r.body.user.id as string };
    };
    const resident = await login('resident');
    const staff = await login('staff');
    const admin = await login('admin');
    await call(server.url, 'POST', '/api/me/privacy-consent', { authorization: `Bearer ${resident.token}` }, { version: '2026-11-01' });
    const headersOf: Record<Who, Record<string, string>> = {
      public: {},
      resident: { authorization: `Bearer ${resident.token}` },
      staff: { authorization: `Bearer ${staff.token}` },
      admin: { authorization: `Bearer ${admin.token}` },
    };

    const t0 = Date.now();
    log(`bench:scale ${factor}×: generating rows…`);
    await generateScale(db, factor, { residentId: resident.id }, log);
    const buildSeconds = (Date.now() - t0) / 1000;

    // One cold call per read, traced, so each statement can be EXPLAINed.
    const traces: Record<string, { text: string; values: unknown[] }[]> = {};
    for (const r of READS) {
      const from = fs.statSync(traceFile).size;
      const res = await call(server.url, 'GET', r.path, headersOf[r.who]);
      if (res.status !== 200) throw new Error(`${r.path} as ${r.who}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      await new Promise((done) => setTimeout(done, 50));
      traces[r.name] = fs
        .readFileSync(traceFile)
        .subarray(from)
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { text: string; values: unknown[] })
        .filter((s) => /^\s*(select|with)\b/i.test(s.text));
    }
    server.child.send({ type: 'trace-off' });

    const sizes = new Map<string, number>(
      (await db.query(`SELECT relname, reltuples::bigint AS n FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`)).rows.map((r) => [r.relname as string, Number(r.n)]),
    );
    const seqScans: FactorResult['seqScans'] = [];
    for (const [read, statements] of Object.entries(traces)) {
      for (const s of statements) {
        const plan = (await db.query(`EXPLAIN (FORMAT JSON) ${s.text}`, s.values as unknown[])).rows[0]['QUERY PLAN'][0].Plan;
        for (const scan of seqScansIn(plan, sizes)) seqScans.push({ read, ...scan, sql: s.text });
      }
    }

    const reads: Record<string, ReadFigures> = {};
    for (const r of SECONDS > 0 ? READS : []) {
      log(`bench:scale ${factor}×: ${r.name}…`);
      await load(server.url + r.path, headersOf[r.who], 1);
      const before = await server.stats();
      const result = await load(server.url + r.path, headersOf[r.who], SECONDS);
      const after = await server.stats();
      const answers = result.requests.total;
      if (!answers) log(`bench:scale ${factor}×: ${r.name} gave no answer in ${SECONDS} s`);
      reads[r.name] = {
        p50: result.latency.p50,
        p99: result.latency.p99,
        rps: result.requests.average,
        cpuUs: answers ? cpuMicros(before.cpu, after.cpu) / answers : 0,
        // A read that never answered within the run counts as failed, not as 0 ms.
        errors: result.non2xx + result.errors + result.timeouts + (answers ? 0 : 1),
      };
    }

    // The tick the scheduler runs every few minutes; the first does the day's reminders.
    const tickMs: number[] = [];
    for (let i = 0; i < 2; i++) {
      const started = Date.now();
      const tick = await call(server.url, 'GET', '/api/cron/tick', { authorization: `Bearer ${cronSecret}` });
      if (tick.status !== 200) throw new Error(`cron tick: ${tick.status} ${JSON.stringify(tick.body)}`);
      tickMs.push(Date.now() - started);
    }
    return { factor, buildSeconds, reads, tickMs, seqScans };
  } finally {
    await db.end();
    await server.stop();
    await bridge.close();
  }
}

const fmt = (n: number, d = 1) => n.toFixed(d);

async function main() {
  const results: FactorResult[] = [];
  for (const f of FACTORS) results.push(await runFactor(f));
  const first = results[0];
  const last = results[results.length - 1];
  const misses: string[] = [];

  const out: string[] = [];
  out.push(`bench:scale — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load at end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, ${CONNECTIONS} connections, ${SECONDS} s per read`);
  out.push(`rows built in: ${results.map((r) => `${r.factor}× ${fmt(r.buildSeconds, 0)} s`).join(', ')}`);
  out.push('');
  out.push(`| read | ${results.map((r) => `${r.factor}× p50 / p99 ms`).join(' | ')} | ${results.map((r) => `${r.factor}× CPU µs/req`).join(' | ')} | CPU ${last.factor}×/${first.factor}× |`);
  out.push(`| --- | ${results.map(() => '---').join(' | ')} | ${results.map(() => '---').join(' | ')} | --- |`);
  for (const r of SECONDS > 0 ? READS : []) {
    const lastFig = last.reads[r.name];
    const ratio = lastFig.cpuUs / first.reads[r.name].cpuUs;
    if (lastFig.p99 >= P99_GOAL_MS) misses.push(`${r.name}: p99 ${lastFig.p99} ms at ${last.factor}×`);
    if (ratio > CPU_RATIO_GOAL) misses.push(`${r.name}: CPU ${fmt(ratio, 2)}× the ${first.factor}× figure`);
    if (results.some((x) => x.reads[r.name].errors)) misses.push(`${r.name}: errors ${results.map((x) => x.reads[r.name].errors).join('/')}`);
    out.push(
      `| ${r.name} | ${results.map((x) => `${x.reads[r.name].p50} / ${x.reads[r.name].p99}`).join(' | ')} | ${results.map((x) => fmt(x.reads[r.name].cpuUs, 0)).join(' | ')} | ${fmt(ratio, 2)} |`,
    );
  }
  out.push('');
  out.push(`cron tick (first, second): ${results.map((r) => `${r.factor}× ${r.tickMs.join(' ms, ')} ms`).join('; ')}`);
  if (Math.max(...last.tickMs) >= TICK_GOAL_MS) misses.push(`cron tick ${Math.max(...last.tickMs)} ms at ${last.factor}×`);
  for (const r of results) {
    if (!r.seqScans.length) continue;
    out.push('');
    out.push(`sequential scans of large tables at ${r.factor}×:`);
    for (const s of r.seqScans) out.push(`- ${s.read}: ${s.table} (${s.rows} rows) in: ${s.sql.replace(/\s+/g, ' ').slice(0, 300)}`);
  }
  if (last.seqScans.length) misses.push(`${last.seqScans.length} sequential scans of large tables at ${last.factor}×`);
  out.push('');
  out.push(misses.length ? `goals missed at ${last.factor}×:\n${misses.map((m) => `- ${m}`).join('\n')}` : `every goal met at ${last.factor}×`);
  process.stdout.write(`${out.join('\n')}\n`);
  if (process.env.BENCH_JSON) fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify({ results, misses }, null, 2));
  if (misses.length && process.env.BENCH_SCALE_STRICT === '1') process.exit(1);
}

main().catch((err) => {
  log(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
