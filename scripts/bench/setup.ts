import { randomBytes } from 'node:crypto';
/** Shared plumbing for `npm run bench`: the database, the Redis bridge and the server children. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';

export const ROOT = path.join(__dirname, '..', '..');
export const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

export function withDatabase(url: string, db: string) {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** A fresh database with migrations and the demo data (`scripts/migrate.ts --demo`). */
export async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, name);
  // The configuration wants a secret whenever DATABASE_URL is set; migrating never signs anything.
  await run(process.execPath, [TSX, path.join(ROOT, 'scripts/migrate.ts'), '--demo'], { DATABASE_URL: url, LOG_LEVEL: 'silent', SESSION_SECRET: process.env.SESSION_SECRET || randomBytes(24).toString('hex') });
  return url;
}

export function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(args[1] ?? cmd)} exited with ${code}`))));
  });
}

export interface Stats {
  cpu: NodeJS.CpuUsage;
  rss: number;
}

/** A server in its own process (so its CPU time is its own), spoken to over IPC. */
export class ServerChild {
  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(name: string, script: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<ServerChild> {
    const child = spawn(process.execPath, [...nodeArgs, '--require', path.join(__dirname, 'trace-sql.cjs'), '--import', 'tsx', script], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`${name} did not start within 60 s`)), 60_000);
      child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
      child.on('message', (m: { type: string; port?: number }) => {
        if (m.type === 'ready') {
          clearTimeout(t);
          resolve(m.port!);
        }
      });
    });
    return new ServerChild(name, child, port);
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  private ask<T>(type: string): Promise<T> {
    return new Promise((resolve) => {
      const on = (m: { type: string }) => {
        if (m.type === type) {
          this.child.off('message', on);
          resolve(m as T);
        }
      };
      this.child.on('message', on);
      this.child.send({ type });
    });
  }

  stats(): Promise<Stats> {
    return this.ask<Stats>('stats');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.send({ type: 'stop' });
    const t = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(t);
  }
}

export const cpuMicros = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage) => b.user - a.user + (b.system - a.system);
