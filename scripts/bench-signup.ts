/**
 * `npm run bench:signup`: the 200-for-10 race through the HTTP API on PostgreSQL.
 * A throw-away database is created on BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres), the real server (`scripts/serve.ts`) is started
 * against it in its own process, 200 volunteers sign up for a 10-place shift at the same
 * moment, and the script reports p50/p99 sign-up latency, the confirmed count, and whether
 * the stored sign-ups agree (exactly 10 confirmed, arrival numbers 1..200, nothing doubled).
 * BENCH_CLIENTS (default 200) and BENCH_CAPACITY (default 10) change the race.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { MIGRATIONS_DIR, openPostgres } from '../api/_lib/db';
import { seedReference } from './seed';

const SERVER = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
const CAPACITY = Number(process.env.BENCH_CAPACITY ?? 10);

function withDatabase(url: string, db: string) {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function main() {
  const name = `shinan_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const dbUrl = withDatabase(SERVER, name);
  const handle = await openPostgres(dbUrl, 2);
  let child: ReturnType<typeof spawn> | null = null;
  try {
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    await migrate(handle.db as never, { migrationsFolder: MIGRATIONS_DIR });
    await seedReference(handle.db);

    const port = await freePort();
    const root = path.join(__dirname, '..');
    child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'scripts/serve.ts')], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: dbUrl, SESSION_SECRET: 'bench-signup-session-secret-0123456789ab', DEMO_LOGIN: '1', PORT: String(port), LOG_LEVEL: 'error', RATE_LIMIT_DISABLED: '1', NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('server did not start within 60 s')), 60_000);
      child!.stdout!.on('data', (b: Buffer) => {
        if (b.toString().includes('is ready at')) {
          clearTimeout(t);
          resolve();
        }
      });
      child!.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    const base = `http://127.0.0.1:${port}`;
    const call = async (method: string, p: string, token?: string, body?: unknown) => {
      const res = await fetch(base + p, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json().catch(() => null)) as any };
    };
    const login = async (persona: string, handle: string) => (await call('POST', '/api/auth/demo-login', undefined, { persona, handle })).body.token as string;

    const staff = await login('staff', 'bench-staff');
    const tokens: string[] = [];
    for (let i = 0; i < CLIENTS; i += 20) {
      tokens.push(...(await Promise.all(Array.from({ length: Math.min(20, CLIENTS - i) }, (_, j) => login('volunteer', `bench-${i + j}`)))));
    }
    const start = new Date(Date.now() + 3 * 86400_000);
    const shift = await call('POST', '/api/redpost/shifts', staff, {
      postType: 'red_cross',
      title: '压测·爱心诊所义诊',
      location: '石楠社区党群服务中心',
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 2 * 3600_000).toISOString(),
      capacity: CAPACITY,
    });
    if (shift.status !== 201) throw new Error(`publishing failed: ${shift.status} ${JSON.stringify(shift.body)}`);
    const shiftId = shift.body.id as string;

    // Warm the server's pool and code paths on another shift, so the figures are the race, not start-up.
    const warm = await call('POST', '/api/redpost/shifts', staff, { ...{ postType: 'red_card', title: '预热', location: '石楠', capacity: 5 }, startsAt: new Date(start.getTime() + 86400_000).toISOString(), endsAt: new Date(start.getTime() + 86400_000 + 3600_000).toISOString() });
    await Promise.all(tokens.slice(0, 10).map((t) => call('POST', `/api/redpost/shifts/${warm.body.id}/signup`, t)));

    const t0 = performance.now();
    const results = await Promise.all(
      tokens.map(async (t) => {
        const s = performance.now();
        const r = await call('POST', `/api/redpost/shifts/${shiftId}/signup`, t);
        return { ms: performance.now() - s, status: r.status, signup: r.body?.status as string | undefined };
      }),
    );
    const wall = performance.now() - t0;

    const lat = results.map((r) => r.ms).sort((a, b) => a - b);
    const byStatus = results.reduce<Record<string, number>>((acc, r) => ((acc[String(r.status)] = (acc[String(r.status)] ?? 0) + 1), acc), {});
    const confirmedAnswers = results.filter((r) => r.signup === 'confirmed').length;
    const waitlistedAnswers = results.filter((r) => r.signup === 'waitlisted').length;
    const stored = await admin.query(`SELECT 1`).then(async () => {
      const c = new Client({ connectionString: dbUrl });
      await c.connect();
      const rows = (await c.query('SELECT status, seq FROM shift_signups WHERE shift_id = $1 ORDER BY seq', [shiftId])).rows as { status: string; seq: number }[];
      const counts = (await c.query('SELECT confirmed_count, waitlist_count FROM shifts WHERE id = $1', [shiftId])).rows[0];
      await c.end();
      return { rows, counts };
    });
    const confirmedRows = stored.rows.filter((r) => r.status === 'confirmed');
    const seqOk = stored.rows.every((r, i) => r.seq === i + 1);
    const orderOk = confirmedRows.every((r) => r.seq <= CAPACITY);
    const ok =
      confirmedRows.length === Math.min(CAPACITY, CLIENTS) &&
      confirmedAnswers === confirmedRows.length &&
      stored.rows.length === (byStatus['201'] ?? 0) &&
      seqOk &&
      orderOk &&
      stored.counts.confirmed_count === confirmedRows.length &&
      stored.counts.waitlist_count === stored.rows.length - confirmedRows.length;

    const f = (n: number) => `${n.toFixed(1)} ms`;
    process.stdout.write(
      [
        `红岗报名压测 · ${CLIENTS} volunteers, ${CAPACITY} places, PostgreSQL through the HTTP API (scripts/serve.ts)`,
        `  answers:        ${Object.entries(byStatus).map(([k, v]) => `${v}× ${k}`).join(', ')}`,
        `  confirmed:      ${confirmedRows.length} stored, ${confirmedAnswers} answered; waitlisted ${waitlistedAnswers}`,
        `  arrival order:  seq 1..${stored.rows.length} ${seqOk ? 'without gaps' : 'BROKEN'}; confirmed are the first ${CAPACITY}: ${orderOk ? 'yes' : 'NO'}`,
        `  counters:       confirmed_count ${stored.counts.confirmed_count}, waitlist_count ${stored.counts.waitlist_count}`,
        `  latency:        p50 ${f(pct(lat, 50))}, p99 ${f(pct(lat, 99))}, max ${f(lat[lat.length - 1])}; all ${CLIENTS} done in ${f(wall)}`,
        `  result:         ${ok ? 'OK' : 'FAILED'}`,
        '',
      ].join('\n'),
    );
    if (!ok) process.exitCode = 1;
  } finally {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child!.once('exit', r));
    }
    await handle.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
