import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildStaleReason } from './build-staleness';

const ROOT = path.resolve(__dirname, '..');
const OUTPUT_MARKER = path.join(ROOT, 'dist', 'h5', 'index.html');
/** Why the H5 build must be (re)made, or null when dist/h5 is up to date. */
const h5BuildStaleReason = () => buildStaleReason(path.relative(ROOT, OUTPUT_MARKER));

/**
 * Builds the H5 app when dist/h5 is missing or older than its sources; used by
 * `npm start` and the browser-test harness. Build output goes to stderr so the
 * server's "ready at http://…" line stays the only thing a caller reads on stdout.
 */
export async function ensureH5Build(options: { force?: boolean } = {}): Promise<void> {
  if (!options.force && !h5BuildStaleReason()) return;
  // Several test runs (or `npm start` beside a test run) may ask at once; two Taro builds
  // writing dist/h5 together corrupt it. One builds, the others wait and re-check.
  const release = await acquireLock();
  try {
    const reason = options.force ? 'forced' : h5BuildStaleReason();
    if (!reason) return;
    await runBuild(reason);
  } finally {
    release();
  }
}

const LOCK_DIR = path.join(ROOT, 'dist', '.h5-build.lock');
const OUTPUT_DIR = path.join(ROOT, 'dist', 'h5');
const STAGING_DIR = path.join(ROOT, 'dist', '.h5-staging');

function copyTree(from: string, to: string, skip?: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (entry.name === skip) continue;
    const src = path.join(from, entry.name);
    const dest = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(src, dest);
    else fs.copyFileSync(src, dest);
  }
}

/**
 * Merges the staged build into dist/h5, index.html last. Old hashed chunks are kept, so a
 * browser that loaded the previous index.html (a running test, an open tab) can still
 * fetch its pages; the folder is small and a plain `npm run build:h5` starts it afresh.
 */
function publishStaging(): void {
  copyTree(STAGING_DIR, OUTPUT_DIR, 'index.html');
  fs.copyFileSync(path.join(STAGING_DIR, 'index.html'), OUTPUT_MARKER);
  fs.rmSync(STAGING_DIR, { recursive: true, force: true });
}

function lockHolderAlive(): boolean {
  try {
    const pid = Number(fs.readFileSync(path.join(LOCK_DIR, 'pid'), 'utf8'));
    if (!pid) return false;
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function acquireLock(): Promise<() => void> {
  fs.mkdirSync(path.dirname(LOCK_DIR), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(LOCK_DIR);
      fs.writeFileSync(path.join(LOCK_DIR, 'pid'), String(process.pid));
      return () => fs.rmSync(LOCK_DIR, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // A holder that died (or has not written its pid after 10 s) leaves a stale lock.
      const age = Date.now() - fs.statSync(LOCK_DIR).mtimeMs;
      if (!lockHolderAlive() && age > 10_000) {
        fs.rmSync(LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      if (Date.now() - started > 15 * 60_000) throw new Error(`timed out waiting for another H5 build (${LOCK_DIR})`, { cause: err });
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

async function runBuild(reason: string): Promise<void> {
  process.stderr.write(`Building the H5 app (${reason}) …\n`);
  const taroBin = require.resolve('@tarojs/cli/bin/taro', { paths: [ROOT] });
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [taroBin, 'build', '--type', 'h5'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production', TARO_ENV: 'h5', TARO_OUTPUT_ROOT: path.relative(ROOT, STAGING_DIR) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    const keep = (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-20000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('exit', (code) => {
      // Taro exits 0 even when webpack reports errors; the marker file is the real signal.
      if (code === 0 && /Compiled successfully/.test(log) && fs.existsSync(path.join(STAGING_DIR, 'index.html'))) {
        publishStaging();
        resolve();
      } else {
        process.stderr.write(log);
        reject(new Error(`H5 build failed (exit ${code})`));
      }
    });
  });
  process.stderr.write('H5 build ready.\n');
}

if (require.main === module) {
  ensureH5Build({ force: process.argv.includes('--force') }).catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
