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

/** `scripts/serve.ts` in a child process, as the browser (tests/e2e) and simulated WeChat (tests/weapp) tests run it. */

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function startServer(port: number, dataDir: string, extraEnv: Record<string, string> = {}): Promise<{ child: ChildProcess; log: () => string }> {
  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, ['scripts/serve.ts'], {
    cwd: ROOT,
    // DEMO_LOGIN and a secret by name: were DATABASE_URL set, demo log-in would otherwise be off.
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, NODE_ENV: 'development', DEMO_LOGIN: '1', SESSION_SECRET: 'e2e-session-secret-0123456789abcdef012345', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: false,
  });
  let out = '';
  const append = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-50000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const ready = `http://127.0.0.1:${port}`;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not print ${ready} within 120 s:\n${out}`));
    }, 120_000);
    const onData = () => {
      if (out.includes(ready)) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve({ child, log: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready:\n${out}`));
    });
  });
}

export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
