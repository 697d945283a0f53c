/**
 * `npm run bench`: our server against a bare `http` + `pg` baseline, both on the real
 * PostgreSQL (a fresh `shinan_bench` database with the demo data) and ours on the real
 * Redis through the Upstash REST bridge. Each server runs in its own process, so the
 * CPU time per request is that process's cpuUsage over the run divided by its answers.
 *
 * Prints one table (requests/s, p50, p99, CPU per request, ours/baseline), the cold start
 * of each function in the `vercel build` output against a bare Node process, and the
 * memory growth of our server under a steady load.
 *
 * Environment:
 *   BENCH_DATABASE_URL       server to create shinan_bench on (default postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_REDIS_URL          default redis://127.0.0.1:6379
 *   BENCH_SECONDS            seconds per scenario and server (default 10), after 2 s of warm-up
 *   BENCH_ROUNDS             alternate ours and the baseline this many times per scenario (default 1) and
 *                            report the medians; the ratio is the median of each round's ratio, so both
 *                            servers of a round saw about the same background load
 *   BENCH_CONNECTIONS        default 10
 *   BENCH_STEADY_SECONDS     steady-load length (default 120; 0 skips)
 *   BENCH_COLD=0             skip cold starts; BENCH_VERCEL_BUILD=1 rebuilds .vercel/output first
 *   BENCH_ONLY=a,b           run only these scenarios (names in the table)
 *   BENCH_CPU_PROF=dir       run our server with --cpu-prof into dir (see scripts/bench/profile-top.ts)
 *   BENCH_JSON=file          also write the figures as JSON
 *   BENCH_STORE=memory       our server without Redis (in-process store), to see what Upstash REST costs
 */
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { coldStarts, type ColdStartRow } from './bench/cold-start';
import { ROOT, ServerChild, cpuMicros, freshDatabase, run } from './bench/setup';
import { startUpstashBridge } from './upstash-bridge';

const SERVER = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 1));
const STEADY = Number(process.env.BENCH_STEADY_SECONDS ?? 120);
const ONLY = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const RACE_CLIENTS = 200;
const RACE_CAPACITY = 10;

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  cpuUs: number;
  answers: number;
  errors: number;
}

interface Row {
  name: string;
  kind: 'read' | 'write';
  ours: Figures;
  base: Figures;
  /** With BENCH_ROUNDS > 1: the median of the rounds' ratios (otherwise ours.rps / base.rps). */
  ratio?: number;
  note?: string;
}

interface Scenario {
  name: string;
  kind: 'read' | 'write';
  method: 'GET' | 'POST';
  /** Our path, and the baseline's. */
  path: string;
  basePath: string;
  headers?: Record<string, string>;
  body?: string;
}

const log = (s: string) => process.stderr.write(`${s}\n`);

async function call(base: string, method: string, p: string, token?: string, body?: unknown) {
  const res = await fetch(base + p, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
}

function load(url: string, s: Pick<Scenario, 'method' | 'headers' | 'body'>, seconds: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method: s.method,
        headers: { 'content-type': 'application/json', ...(s.headers ?? {}) },
        body: s.body,
        connections: CONNECTIONS,
        duration: seconds,
        idReplacement: true,
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

async function measure(server: ServerChild, url: string, s: Scenario): Promise<Figures> {
  await load(url, s, 2); // warm-up: JIT, pool, caches
  const before = await server.stats();
  const r = await load(url, s, SECONDS);
  const after = await server.stats();
  const answers = r.requests.total;
  const bad = r.non2xx + r.errors + r.timeouts;
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    cpuUs: answers ? cpuMicros(before.cpu, after.cpu) / answers : 0,
    answers,
    errors: bad,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const medianFigures = (fs: Figures[]): Figures => ({
  rps: median(fs.map((f) => f.rps)),
  p50: median(fs.map((f) => f.p50)),
  p99: median(fs.map((f) => f.p99)),
  cpuUs: median(fs.map((f) => f.cpuUs)),
  answers: fs.reduce((n, f) => n + f.answers, 0),
  errors: fs.reduce((n, f) => n + f.errors, 0),
});

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** The 200-for-10 race: every volunteer at once, each on its own connection. */
async function race(server: ServerChild, shiftId: string, tokens: string[], db: Client): Promise<Figures & { ok: boolean }> {
  const before = await server.stats();
  const t0 = performance.now();
  const results = await Promise.all(
    tokens.map(async (t) => {
      const s = performance.now();
      const r = await call(server.url, 'POST', `/api/redpost/shifts/${shiftId}/signup`, t);
      return { ms: performance.now() - s, status: r.status };
    }),
  );
  const wall = performance.now() - t0;
  const after = await server.stats();
  const lat = results.map((r) => r.ms).sort((a, b) => a - b);
  const rows = (await db.query('SELECT status, seq FROM shift_signups WHERE shift_id = $1 ORDER BY seq', [shiftId])).rows as { status: string; seq: number }[];
  const counts = (await db.query('SELECT confirmed_count, waitlist_count FROM shifts WHERE id = $1', [shiftId])).rows[0];
  const confirmed = rows.filter((r) => r.status === 'confirmed');
  const ok =
    results.every((r) => r.status === 201) &&
    rows.length === tokens.length &&
    confirmed.length === RACE_CAPACITY &&
    confirmed.every((r) => r.seq <= RACE_CAPACITY) &&
    rows.every((r, i) => r.seq === i + 1) &&
    counts.confirmed_count === RACE_CAPACITY &&
    counts.waitlist_count === tokens.length - RACE_CAPACITY;
  return {
    rps: (tokens.length / wall) * 1000,
    p50: pct(lat, 50),
    p99: pct(lat, 99),
    cpuUs: cpuMicros(before.cpu, after.cpu) / tokens.length,
    answers: tokens.length,
    errors: results.filter((r) => r.status !== 201).length,
    ok,
  };
}

const loadAtStart = os.loadavg();

async function main() {
  const started = new Date();
  log(`bench: fresh database shinan_bench on ${SERVER} (migrations + demo data)…`);
  const dbUrl = await freshDatabase(SERVER, 'shinan_bench');
  const bridge = await startUpstashBridge({ redisUrl: REDIS });
  const prefix = `bench${Date.now().toString(36)}`;
  const env = {
    DATABASE_URL: dbUrl,
    // A real database: the demo personas and a secret must be asked for by name (issue 15).
    SESSION_SECRET: randomBytes(24).toString('hex'),
    DEMO_LOGIN: '1',
    // BENCH_STORE=memory leaves Redis out (the in-process store), to see what Upstash REST costs.
    ...(process.env.BENCH_STORE === 'memory' ? {} : { UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridge.token }),
    RATE_LIMIT_PREFIX: prefix,
    RATE_LIMIT_DISABLED: '1',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'production' === process.env.BENCH_NODE_ENV ? 'production' : 'development',
    PORT: '0',
  };
  const traceFile = path.join(os.tmpdir(), `shinan-bench-trace-${process.pid}.jsonl`);
  fs.writeFileSync(traceFile, '');
  const profArgs = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(process.env.BENCH_CPU_PROF)] : [];
  const ours = await ServerChild.start('our server', path.join(ROOT, 'scripts/bench/our-server.ts'), { ...env, BENCH_SQL_TRACE: traceFile }, profArgs);
  const db = new Client({ connectionString: dbUrl });
  await db.connect();
  let base: ServerChild | null = null;
  const rows: Row[] = [];
  let cold: ColdStartRow[] = [];
  let steady: { seconds: number; rssStart: number; rssEnd: number; rssMax: number; rps: number; p99: number } | null = null;
  const tokens: { resident?: string; staff?: string } = {};
  try {
    // ---- fixtures, through our API ------------------------------------------------
    const login = async (persona: string, handle?: string) => {
      const r = await call(ours.url, 'POST', '/api/auth/demo-login', undefined, { persona, ...(handle ? { handle } : {}) });
      if (r.status !== 200) throw new Error(`demo log-in failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.token as string;
    };
    const resident = await login('resident');
    const staff = await login('staff');
    Object.assign(tokens, { resident, staff });

    // ---- cold starts first, on the demo data: after the write scenarios the staff
    // dashboard would be aggregating ~30,000 bench feedback rows, a query cost, not start-up.
    if (process.env.BENCH_COLD !== '0') {
      if (process.env.BENCH_VERCEL_BUILD === '1' || !fs.existsSync(path.join(ROOT, '.vercel/output/functions/api'))) {
        log('bench: vercel build and bundling (scripts/check-functions.sh)…');
        await run('bash', [path.join(ROOT, 'scripts/check-functions.sh')]);
      }
      log('bench: cold starts…');
      cold = await coldStarts({ DATABASE_URL: dbUrl, SESSION_SECRET: env.SESSION_SECRET, LOG_LEVEL: 'silent' }, tokens, { redisUrl: process.env.BENCH_STORE === 'memory' ? undefined : REDIS });
    }
    const mine = await call(ours.url, 'GET', '/api/requests?limit=100', resident);
    if (mine.status !== 200 || !mine.body.items.length) throw new Error(`the demo resident has no orders: ${mine.status}`);
    // The order with the longest timeline the demo resident owns.
    let orderId = mine.body.items[0].id as string;
    let longest = -1;
    for (const o of mine.body.items as { id: string }[]) {
      const d = await call(ours.url, 'GET', `/api/requests/${o.id}`, resident);
      const n = (d.body?.timeline ?? d.body?.events ?? []).length;
      if (n > longest) [longest, orderId] = [n, o.id];
    }
    const feedbackBody = JSON.stringify({ category: 'environment', title: '压测：楼道灯不亮', body: '三号楼二单元楼道灯坏了一周，晚上老人上下楼看不清，请尽快修理。', location: '石楠社区三号楼', public: true, anonymous: true });

    // ---- capture the SQL of each read on a cold cache, for the baseline to replay ----
    const reads: { name: string; path: string; token?: string }[] = [
      { name: 'handbook list', path: '/api/handbook' },
      { name: 'handbook search 养老', path: `/api/handbook?q=${encodeURIComponent('养老')}` },
      { name: 'problem wall', path: '/api/feedback/wall' },
      { name: 'order detail + timeline', path: `/api/requests/${orderId}`, token: resident },
    ];
    const scripts: Record<string, { text: string; values: unknown[] }[]> = {};
    const traceOf = async (fn: () => Promise<unknown>) => {
      const from = fs.statSync(traceFile).size;
      await fn();
      await new Promise((r) => setTimeout(r, 50));
      const text = fs.readFileSync(traceFile).subarray(from).toString('utf8');
      return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { text: string; values: unknown[] });
    };
    for (const [i, r] of reads.entries()) {
      // Bump the handbook cache version first so this request misses and shows the whole work.
      await db.query(`UPDATE app_settings SET value = to_jsonb((value::text)::bigint + 1) WHERE key LIKE 'cache_version:%'`);
      const statements = await traceOf(async () => {
        const res = await call(ours.url, 'GET', r.path, r.token);
        if (res.status !== 200) throw new Error(`${r.path}: ${res.status} ${JSON.stringify(res.body)}`);
      });
      scripts[`r${i}`] = statements.filter((s) => !/^(begin|commit|rollback)$/i.test(s.text.trim()));
    }
    const feedbackTrace = await traceOf(() =>
      fetch(`${ours.url}/api/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${resident}`, 'idempotency-key': `bench-trace-${Date.now()}` },
        body: feedbackBody,
      }).then((r) => r.text()),
    );
    if (process.env.BENCH_SHOW_SQL) {
      for (const [k, v] of Object.entries(scripts)) log(`-- ${k}\n${v.map((s) => `${s.text}  ${JSON.stringify(s.values)}`).join('\n')}`);
      log(`-- feedback\n${feedbackTrace.map((s) => `${s.text}  ${JSON.stringify(s.values)}`).join('\n')}`);
    }

    ours.child.send({ type: 'trace-off' });
    base = await ServerChild.start('baseline', path.join(ROOT, 'scripts/bench/baseline-server.ts'), env);
    await new Promise<void>((resolve) => {
      base!.child.once('message', () => resolve());
      base!.child.send({ type: 'scripts', scripts });
    });

    const scenarios: Scenario[] = [
      ...reads.map((r, i): Scenario => ({
        name: r.name,
        kind: 'read',
        method: 'GET',
        path: r.path,
        basePath: `/replay/r${i}`,
        headers: r.token ? { authorization: `Bearer ${r.token}` } : {},
      })),
      {
        name: 'create feedback (Idempotency-Key)',
        kind: 'write',
        method: 'POST',
        path: '/api/feedback',
        basePath: '/api/feedback',
        headers: { authorization: `Bearer ${resident}`, 'idempotency-key': 'bench-[<id>]' },
        body: feedbackBody,
      },
    ];

    // ---- load -------------------------------------------------------------------------
    for (const s of scenarios) {
      if (ONLY && !ONLY.includes(s.name)) continue;
      const o: Figures[] = [];
      const b: Figures[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        const of = ROUNDS > 1 ? ` (round ${round}/${ROUNDS})` : '';
        log(`bench: ${s.name} — ours…${of}`);
        o.push(await measure(ours, ours.url + s.path, s));
        log(`bench: ${s.name} — baseline…${of}`);
        b.push(await measure(base, base.url + s.basePath, s));
      }
      rows.push({
        name: s.name,
        kind: s.kind,
        ours: medianFigures(o),
        base: medianFigures(b),
        ...(ROUNDS > 1 ? { ratio: median(o.map((x, i) => x.rps / b[i].rps)), note: `${ROUNDS} rounds, ratios ${o.map((x, i) => (x.rps / b[i].rps).toFixed(2)).join(' ')}` } : {}),
      });
    }

    if (!ONLY || ONLY.includes('sign-up race')) {
      log(`bench: sign-up race ${RACE_CLIENTS} for ${RACE_CAPACITY}…`);
      const tokens: string[] = [];
      for (let i = 0; i < RACE_CLIENTS; i += 20) {
        tokens.push(...(await Promise.all(Array.from({ length: Math.min(20, RACE_CLIENTS - i) }, (_, j) => login('volunteer', `bench-${i + j}`)))));
      }
      const day = 86400_000;
      const publish = async (offsetDays: number, title: string) => {
        const start = new Date(Date.now() + offsetDays * day);
        const r = await call(ours.url, 'POST', '/api/redpost/shifts', staff, {
          postType: 'red_cross',
          title,
          location: '石楠社区党群服务中心',
          startsAt: start.toISOString(),
          endsAt: new Date(start.getTime() + 2 * 3600_000).toISOString(),
          capacity: RACE_CAPACITY,
        });
        if (r.status !== 201) throw new Error(`publishing a shift failed: ${r.status} ${JSON.stringify(r.body)}`);
        return r.body.id as string;
      };
      // Warm both on their own shifts (other days, so the overlap check passes later).
      const warmOurs = await publish(10, '预热·ours');
      const warmBase = await publish(11, '预热·baseline');
      await Promise.all(tokens.slice(0, 20).map((t) => call(ours.url, 'POST', `/api/redpost/shifts/${warmOurs}/signup`, t)));
      await Promise.all(tokens.slice(0, 20).map((t) => call(base!.url, 'POST', `/api/redpost/shifts/${warmBase}/signup`, t)));
      const o = await race(ours, await publish(3, '压测·爱心诊所义诊'), tokens, db);
      const b = await race(base, await publish(5, '压测·爱心诊所义诊（基线）'), tokens, db);
      rows.push({
        name: 'sign-up race 200→10',
        kind: 'write',
        ours: o,
        base: b,
        note: `ours ${o.ok ? 'exact' : 'WRONG'}, baseline ${b.ok ? 'exact' : 'WRONG'} (10 confirmed, seq 1..200)`,
      });
    }
    await base.stop();
    base = null;

    // ---- steady load: memory ------------------------------------------------------------
    if (STEADY > 0) {
      log(`bench: steady load ${STEADY} s on our server (handbook, wall, order detail)…`);
      const mix = reads.map((r) => ({ method: 'GET' as const, path: r.path, headers: (r.token ? { authorization: `Bearer ${r.token}` } : {}) as Record<string, string> }));
      await load(ours.url + mix[0].path, { method: 'GET' }, 5);
      const rssStart = (await ours.stats()).rss;
      let rssMax = rssStart;
      const sampler = setInterval(async () => {
        rssMax = Math.max(rssMax, (await ours.stats()).rss);
      }, 5000);
      const r = await new Promise<autocannon.Result>((resolve, reject) =>
        autocannon(
          { url: ours.url, connections: CONNECTIONS, duration: STEADY, requests: mix.map((m) => ({ method: m.method, path: m.path, headers: m.headers })) },
          (err, res) => (err ? reject(err) : resolve(res)),
        ),
      );
      clearInterval(sampler);
      const rssEnd = (await ours.stats()).rss;
      steady = { seconds: STEADY, rssStart, rssEnd, rssMax: Math.max(rssMax, rssEnd), rps: r.requests.average, p99: r.latency.p99 };
    }
  } finally {
    await base?.stop();
    await ours.stop();
    await db.end();
    await bridge.close();
    fs.rmSync(traceFile, { force: true });
  }

  report({ started, rows, cold, steady });
}

function report(r: {
  started: Date;
  rows: Row[];
  cold: ColdStartRow[];
  steady: { seconds: number; rssStart: number; rssEnd: number; rssMax: number; rps: number; p99: number } | null;
}) {
  const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)}`;
  const lines: string[] = [];
  lines.push(`石楠邻里 bench · ${r.started.toISOString()} · ${os.cpus().length}× ${os.cpus()[0]?.model ?? '?'} · Node ${process.version} · load at start ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}, at end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (1/5/15 min)`);
  lines.push(`${CONNECTIONS} connections, ${SECONDS} s per run after 2 s warm-up${ROUNDS > 1 ? `, ${ROUNDS} alternating rounds (medians)` : ''}; CPU = server process user+system µs per answer`);
  lines.push('');
  const head = ['scenario', 'req/s ours', 'base', 'ratio', 'p50 ms ours', 'base', 'p99 ms ours', 'base', 'CPU µs ours', 'base', 'target', ''];
  const table = [head];
  for (const row of r.rows) {
    const ratio = row.ratio ?? row.ours.rps / row.base.rps;
    const need = row.kind === 'read' ? 0.7 : 0.5;
    const okRatio = ratio >= need;
    const okP99 = row.kind === 'write' || row.ours.p99 < 50;
    table.push([
      row.name,
      row.ours.rps.toFixed(0),
      row.base.rps.toFixed(0),
      `${ratio.toFixed(2)}×`,
      ms(row.ours.p50),
      ms(row.base.p50),
      ms(row.ours.p99),
      ms(row.base.p99),
      row.ours.cpuUs.toFixed(0),
      row.base.cpuUs.toFixed(0),
      `≥${need}×${row.kind === 'read' ? ', p99<50' : ''}`,
      `${okRatio && okP99 ? 'met' : 'MISSED'}${row.ours.errors || row.base.errors ? ` (errors ${row.ours.errors}/${row.base.errors})` : ''}${row.note ? ` · ${row.note}` : ''}`,
    ]);
  }
  const widths = head.map((_, i) => Math.max(...table.map((t) => [...t[i]].length)));
  for (const t of table) lines.push(t.map((c, i) => (i === 0 || i === t.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd());
  if (r.cold.length) {
    lines.push('');
    lines.push(`cold start (spawn → first answer, median of 5${process.env.BENCH_STORE === 'memory' ? ', without Redis' : ', with Upstash and rate limits as in production'}), target ≤ 2× a bare Node process answering one request from PostgreSQL`);
    for (const c of r.cold) lines.push(`  ${c.name.padEnd(16)} ${String(c.medianMs.toFixed(0)).padStart(5)} ms  ${c.ratio ? `${c.ratio.toFixed(2)}×` : ''}  ${c.detail}`);
  }
  if (r.steady) {
    const g = (r.steady.rssEnd - r.steady.rssStart) / r.steady.rssStart;
    const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
    lines.push('');
    lines.push(
      `steady load ${r.steady.seconds} s (handbook, search, wall, order detail): ${r.steady.rps.toFixed(0)} req/s, p99 ${r.steady.p99} ms; RSS ${mb(r.steady.rssStart)} → ${mb(r.steady.rssEnd)} (max ${mb(r.steady.rssMax)}), growth ${(g * 100).toFixed(1)}% (target < 10%: ${g < 0.1 ? 'met' : 'MISSED'})`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (process.env.BENCH_JSON) fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify({ ...r, connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS }, null, 2));
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
