/**
 * Cold start of each function in `.vercel/output/functions/api/*.func` (what `vercel build`
 * and `scripts/bundle-functions.ts` would deploy): a whole new Node process loads the built
 * handler and answers one request that reaches PostgreSQL where the function has such a
 * route; the time is from spawn to the answer having arrived (the child then prints its
 * status and exits); median of 5. The reference is a bare Node process doing the same with
 * `http` + `pg` and one query.
 *
 * The exit is not counted: a function instance is frozen, not exited, and after a `fetch()`
 * (the Upstash client's) Node's teardown waits ~70 ms for undici's WebAssembly compiles,
 * which would be measured as start-up.
 *
 * The runs go round by round (bare, then every function once), so a burst of background
 * load on this shared machine hits the bare process and the functions alike.
 *
 * Standalone, to compare builds (copy `.vercel/output/functions` aside after each
 * `scripts/check-functions.sh`):
 *   npx tsx scripts/bench/cold-start.ts [--runs 15] [--check] [functions-dir ...]
 * `--redis` configures the functions as in production (Upstash and rate limits; `npm run bench`
 * does so unless BENCH_STORE=memory).
 * `--check` (CI) exits non-zero unless every function answered its probe with 200: the
 * bundles are what would be deployed, so each must load and reach the database on its own.
 * runs on a fresh `shinan_cold` database with the demo data (BENCH_DATABASE_URL names the
 * server, as for the bench) and signs the probes' session tokens itself.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startUpstashBridge } from '../upstash-bridge';
import { ROOT } from './setup';

export interface ColdStartRow {
  name: string;
  medianMs: number;
  ratio: number | null;
  detail: string;
  /** The last run's answer: an HTTP status, or how the process failed. */
  status?: string;
}

/** One request per function: a read that touches the database where the function has one. */
const PROBES: Record<string, { path: string; auth?: 'resident' | 'staff' | 'cron' }> = {
  content: { path: '/api/communities' },
  feedback: { path: '/api/feedback/wall' },
  requests: { path: '/api/requests/menu' },
  redpost: { path: '/api/redpost/shifts' },
  auth: { path: '/api/me', auth: 'resident' },
  card: { path: '/api/card/scans', auth: 'resident' },
  staff: { path: '/api/staff/dashboard', auth: 'staff' },
  meta: { path: '/api/openapi.json' },
  cron: { path: '/api/cron/tick', auth: 'cron' },
};

const childFor = (handlerFile: string, probe: string, token: string | undefined) => `
const http = require('node:http');
const h = require(${JSON.stringify(handlerFile)});
const handler = h.default || h;
const server = http.createServer((req, res) => handler(req, res));
server.listen(0, '127.0.0.1', () => {
  http.get({ host: '127.0.0.1', port: server.address().port, path: ${JSON.stringify(probe)}, headers: ${JSON.stringify(token ? { authorization: `Bearer ${token}` } : {})} }, (res) => {
    res.resume();
    res.on('end', () => { process.stdout.write(String(res.statusCode)); process.exit(0); });
  });
});`;

const bareChild = `
const http = require('node:http');
const { Client } = require('pg');
const server = http.createServer(async (req, res) => {
  const c = new Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  const { rows } = await c.query('select id, name from communities order by name');
  await c.end();
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ items: rows }));
});
server.listen(0, '127.0.0.1', () => {
  http.get('http://127.0.0.1:' + server.address().port + '/api/communities', (res) => {
    res.resume();
    res.on('end', () => { process.stdout.write(String(res.statusCode)); process.exit(0); });
  });
});`;

interface Series {
  script: string;
  cwd: string;
  runs: number[];
  status: string;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

async function runOnce(s: Series, env: Record<string, string>) {
  // The previous process's PostgreSQL backends are still exiting (the staff dashboard opened
  // ten); let them go so each run starts on a quiet server.
  await settle();
  const t0 = process.hrtime.bigint();
  // Not spawnSync: with --redis the Upstash bridge answers from this process's event loop.
  const child = spawn(process.execPath, ['-e', s.script], { cwd: s.cwd, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  let answeredAt: bigint | null = null;
  child.stdout.on('data', (d: Buffer) => {
    // The child prints the status once the answer has fully arrived, then exits.
    answeredAt ??= process.hrtime.bigint();
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  s.runs.push(Number((answeredAt ?? process.hrtime.bigint()) - t0) / 1e6);
  const why = stderr.split('\n').find((l) => /Error/.test(l)) ?? stderr.trim().split('\n').slice(-1)[0];
  s.status = code === 0 ? stdout.trim() : `exit ${code}: ${why}`;
}

function median(runs: number[]) {
  const s = [...runs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const CRON_SECRET = 'bench-cron-secret-for-the-cold-start-probe';

/**
 * `dirs`: `vercel build` function folders to measure (default the checkout's own); with
 * more than one, each row is named `api/<fn> @<folder>`.
 */
export async function coldStarts(
  env: Record<string, string>,
  sessions: { resident?: string; staff?: string } = {},
  options: { dirs?: string[]; runs?: number; redisUrl?: string } = {},
): Promise<ColdStartRow[]> {
  // With Redis the functions run as in production: Upstash (the REST bridge, served from this
  // process) and rate limits on, so the first request also loads the Upstash client and calls it.
  const bridge = options.redisUrl ? await startUpstashBridge({ redisUrl: options.redisUrl }) : null;
  try {
    const upstash: Record<string, string> = bridge
      ? { UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridge.token, RATE_LIMIT_PREFIX: `cold${Date.now().toString(36)}` }
      : {};
    return await measure({ ...env, ...upstash, CRON_SECRET }, sessions, options);
  } finally {
    await bridge?.close();
  }
}

async function measure(
  env: Record<string, string>,
  sessions: { resident?: string; staff?: string },
  options: { dirs?: string[]; runs?: number },
): Promise<ColdStartRow[]> {
  const tokens = { ...sessions, cron: CRON_SECRET };
  const dirs = options.dirs ?? [path.join(ROOT, '.vercel/output/functions')];
  const rounds = options.runs ?? 5;
  // pg resolves from the repository's node_modules for the bare process.
  const bare: Series = { script: bareChild, cwd: ROOT, runs: [], status: '' };
  const fns: { name: string; probe: string; series: Series }[] = [];
  for (const dir of dirs) {
    const api = path.join(dir, 'api');
    for (const f of fs.readdirSync(api).filter((d) => d.endsWith('.func')).sort()) {
      const name = f.replace(/\.func$/, '');
      const probe = PROBES[name] ?? { path: `/api/${name}` };
      const handlerFile = path.join(api, f, 'api', `${name}.js`);
      if (!fs.existsSync(handlerFile)) continue;
      const token = probe.auth ? tokens[probe.auth] : undefined;
      fns.push({
        name: `api/${name}${dirs.length > 1 ? ` @${path.basename(dir)}` : ''}`,
        probe: probe.path,
        series: { script: childFor(handlerFile, probe.path, token), cwd: path.join(api, f), runs: [], status: '' },
      });
    }
  }
  for (let i = 0; i < rounds; i++) {
    await runOnce(bare, env);
    for (const f of fns) await runOnce(f.series, env);
  }
  const bareMs = median(bare.runs);
  const runsText = (runs: number[]) => runs.map((t) => t.toFixed(0)).join(', ');
  const out: ColdStartRow[] = [{ name: 'bare node+pg', medianMs: bareMs, ratio: null, detail: `runs ${runsText(bare.runs)} ms; status ${bare.status}`, status: bare.status }];
  for (const f of fns) {
    const ms = median(f.series.runs);
    out.push({ name: f.name, medianMs: ms, ratio: ms / bareMs, detail: `GET ${f.probe} → ${f.series.status}; runs ${runsText(f.series.runs)} ms`, status: f.series.status });
  }
  for (const dir of dirs) out.push({ name: '(build)', medianMs: 0, ratio: null, detail: `${dir} built ${fs.statSync(path.join(dir, 'api')).mtime.toISOString()}` });
  return out;
}

async function main() {
  const args = process.argv.slice(2);
  const at = args.indexOf('--runs');
  const runs = at >= 0 ? Number(args.splice(at, 2)[1]) : 5;
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 && args.splice(i, 1).length > 0;
  };
  const check = flag('--check');
  const redis = flag('--redis');
  const dirs = args.length ? args.map((d) => path.resolve(d)) : undefined;
  const { freshDatabase } = await import('./setup');
  const { Client } = await import('pg');
  const { parseConfig } = await import('../../api/_lib/config');
  const { signSession } = await import('../../api/_lib/auth/tokens');
  const server = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  process.stderr.write(`cold start: fresh database shinan_cold on ${server} (migrations + demo data)…\n`);
  const dbUrl = await freshDatabase(server, 'shinan_cold');
  const db = new Client({ connectionString: dbUrl });
  await db.connect();
  const idOf = async (role: string) =>
    ((await db.query('SELECT id FROM users WHERE role = $1 AND deleted_at IS NULL ORDER BY created_at LIMIT 1', [role])).rows[0] as { id: string }).id;
  const [resident, staff] = [await idOf('resident'), await idOf('staff')];
  await db.end();
  // The children are given this same secret (a real database requires one), so they accept these tokens.
  const secret = parseConfig({ ...process.env, DATABASE_URL: dbUrl, SESSION_SECRET: process.env.SESSION_SECRET || randomBytes(24).toString('hex') }).sessionSecret;
  const sessions = { resident: await signSession(resident, secret, 3600), staff: await signSession(staff, secret, 3600) };
  const load = os.loadavg();
  const redisUrl = redis ? process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379' : undefined;
  const rows = await coldStarts({ DATABASE_URL: dbUrl, SESSION_SECRET: secret, LOG_LEVEL: 'silent' }, sessions, { dirs, runs, redisUrl });
  const fmt = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  process.stdout.write(`cold start (spawn → first answer)${redis ? ' with Upstash (bridge) and rate limits' : ' without Redis'}, median of ${runs} · load ${fmt(load)} at start, ${fmt(os.loadavg())} at end (1/5/15 min)\n`);
  for (const r of rows) {
    process.stdout.write(`  ${r.name.padEnd(28)} ${r.medianMs ? `${r.medianMs.toFixed(0).padStart(5)} ms` : '        '}  ${r.ratio ? `${r.ratio.toFixed(2)}×` : '     '}  ${r.detail}\n`);
  }
  const failed = rows.filter((r) => r.status !== undefined && r.status !== '200');
  if (check && (failed.length || !rows.some((r) => r.ratio !== null))) {
    throw new Error(`functions that did not answer 200: ${failed.map((r) => `${r.name} (${r.status})`).join(', ') || 'none found'}`);
  }
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.exit(1);
  });
}
