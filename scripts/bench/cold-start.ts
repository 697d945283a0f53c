/**
 * Cold start of each function in `.vercel/output/functions/api/*.func` (what `vercel build`
 * would deploy): a whole new Node process loads the built handler, answers one request
 * that reaches PostgreSQL where the function has such a route, and exits; median of 5.
 * The reference is a bare Node process doing the same with `http` + `pg` and one query.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './setup';

export interface ColdStartRow {
  name: string;
  medianMs: number;
  ratio: number | null;
  detail: string;
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

function median5(script: string, env: Record<string, string>, cwd: string): { median: number; runs: number[]; status: string } {
  const runs: number[] = [];
  let status = '';
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['-e', script], { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
    runs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    status = r.status === 0 ? r.stdout.trim() : `exit ${r.status}: ${r.stderr.trim().split('\n').slice(-1)[0]}`;
  }
  const sorted = [...runs].sort((a, b) => a - b);
  return { median: sorted[2], runs, status };
}

const CRON_SECRET = 'bench-cron-secret-for-the-cold-start-probe';

export async function coldStarts(env: Record<string, string>, sessions: { resident?: string; staff?: string } = {}): Promise<ColdStartRow[]> {
  env = { ...env, CRON_SECRET };
  const tokens = { ...sessions, cron: CRON_SECRET };
  const dir = path.join(ROOT, '.vercel/output/functions/api');
  // pg resolves from the repository's node_modules for the bare process.
  const bare = median5(bareChild, env, ROOT);
  const out: ColdStartRow[] = [
    { name: 'bare node+pg', medianMs: bare.median, ratio: null, detail: `runs ${bare.runs.map((t) => t.toFixed(0)).join(', ')} ms; status ${bare.status}` },
  ];
  const built = fs.statSync(dir).mtime;
  for (const f of fs.readdirSync(dir).filter((d) => d.endsWith('.func')).sort()) {
    const name = f.replace(/\.func$/, '');
    const probe = PROBES[name] ?? { path: `/api/${name}` };
    const handlerFile = path.join(dir, f, 'api', `${name}.js`);
    if (!fs.existsSync(handlerFile)) continue;
    const token = probe.auth ? tokens[probe.auth] : undefined;
    const r = median5(childFor(handlerFile, probe.path, token), env, path.join(dir, f));
    out.push({
      name: `api/${name}`,
      medianMs: r.median,
      ratio: r.median / bare.median,
      detail: `GET ${probe.path} → ${r.status}; runs ${r.runs.map((t) => t.toFixed(0)).join(', ')} ms`,
    });
  }
  out.push({ name: '(build)', medianMs: 0, ratio: null, detail: `.vercel/output built ${built.toISOString()}` });
  return out;
}
