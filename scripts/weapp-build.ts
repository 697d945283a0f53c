import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildStaleReason } from './build-staleness';

const ROOT = path.resolve(__dirname, '..');
const OUTPUT_MARKER = path.join(ROOT, 'dist', 'weapp', 'app.js');

/**
 * Builds the weapp target when dist/weapp is missing or stale (the simulated-WeChat tests
 * use it). A production build needs an API origin; any will do for the tests, whose
 * wx.request goes to their own local server.
 */
export async function ensureWeappBuild(): Promise<void> {
  const reason = buildStaleReason(path.relative(ROOT, OUTPUT_MARKER));
  if (!reason) return;
  process.stderr.write(`Building the weapp app (${reason}) …\n`);
  const taroBin = require.resolve('@tarojs/cli/bin/taro', { paths: [ROOT] });
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [taroBin, 'build', '--type', 'weapp'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        TARO_ENV: 'weapp',
        TARO_APP_API_BASE: process.env.TARO_APP_API_BASE || 'http://127.0.0.1:3000',
      },
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
      // Taro exits 0 even when webpack reports errors.
      const ok = code === 0 && /Compiled successfully/.test(log) && fs.existsSync(OUTPUT_MARKER);
      // webpack leaves unchanged files untouched, so the marker's time is set by hand.
      if (ok) {
        const now = new Date();
        fs.utimesSync(OUTPUT_MARKER, now, now);
        resolve();
      } else {
        process.stderr.write(log);
        reject(new Error(`weapp build failed (exit ${code})`));
      }
    });
  });
  process.stderr.write('weapp build ready.\n');
}

if (require.main === module) {
  ensureWeappBuild().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
