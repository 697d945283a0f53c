import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pgliteTemplateDir } from './template';

/**
 * The real `scripts/serve.ts` as a child process, for attacks whose symptom is the process
 * dying (an in-process server would take the jest worker down with it and hide which request
 * did it). On PostgreSQL when `databaseUrl` is given, otherwise on a PGlite copy of the template.
 */
const ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

export const TEST_SESSION_SECRET = 'test-session-secret-0123456789abcdef0123456789';

export interface ServerProcess {
  base: string;
  port: number;
  child: ChildProcess;
  /** Everything the process wrote to stderr (crash traces end up here). */
  stderr(): string;
  /** Null while running; the exit code (or signal) once it ended. */
  exited(): { code: number | null; signal: NodeJS.Signals | null } | null;
  stop(): Promise<void>;
}

export async function startServerProcess(options: { databaseUrl?: string | null; env?: Record<string, string> } = {}): Promise<ServerProcess> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinan-proc-'));
  if (!options.databaseUrl) {
    // A migrated copy saves the child its own migration; the demo seed still runs on first start.
    fs.cpSync(path.join(pgliteTemplateDir(), 'pglite'), path.join(dataDir, 'pglite'), { recursive: true });
  }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.tmpdir(),
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'error',
    RATE_LIMIT_DISABLED: '1',
    LOCAL_CRON_MINUTES: '0',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl, SESSION_SECRET: TEST_SESSION_SECRET, DEMO_LOGIN: '1' } : {}),
    ...options.env,
  };
  // Own process group, so stop() reaches tsx and the node process it starts.
  const child = spawn(TSX, ['scripts/serve.ts'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  child.on('exit', (code, signal) => {
    exit = { code, signal };
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exit) throw new Error(`server exited before it was ready: ${JSON.stringify(exit)}\n${err}`);
    try {
      if ((await fetch(`${base}/api/communities`, { signal: AbortSignal.timeout(2000) })).status === 200) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start\n${err}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    port,
    child,
    stderr: () => err,
    exited: () => exit,
    async stop() {
      if (!exit && child.pid) {
        const gone = new Promise((r) => child.once('exit', r));
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
        await gone;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * One request written byte for byte on a socket: fetch() and curl without --path-as-is
 * normalise the target (`/%zz`, `//`, `/../`), which is exactly what an attacker does not do.
 */
export function rawRequest(port: number, requestLine: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error('timed out')));
    socket.on('connect', () => {
      const head = Object.entries({ Host: '127.0.0.1', Connection: 'close', ...headers })
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      socket.write(`${requestLine}\r\n${head}\r\n`);
    });
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (!m) return reject(new Error(`no HTTP answer (connection closed after ${text.length} bytes)`));
      const [head, ...rest] = text.split('\r\n\r\n');
      const hs: Record<string, string> = {};
      for (const line of head.split('\r\n').slice(1)) {
        const i = line.indexOf(':');
        if (i > 0) hs[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      resolve({ status: Number(m[1]), headers: hs, body: rest.join('\r\n\r\n') });
    });
  });
}
