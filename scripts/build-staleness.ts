import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
/** Everything that changes the H5 and weapp bundles. */
const BUILD_SOURCES = ['miniprogram', 'shared', 'config', 'babel.config.js', 'package.json', 'package-lock.json'];

function newestMtime(p: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file only shows as its folder's mtime
  for (const entry of fs.readdirSync(p)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  }
  return newest;
}

/**
 * Why a build must be (re)made, or null when its `marker` file (relative to the repo, e.g.
 * `dist/h5/index.html`) is newer than every source. The H5 and weapp builds both ask this.
 */
export function buildStaleReason(marker: string): string | null {
  const file = path.join(ROOT, marker);
  if (!fs.existsSync(file)) return `${path.dirname(marker)} is missing`;
  const built = fs.statSync(file).mtimeMs;
  for (const src of BUILD_SOURCES) {
    if (newestMtime(path.join(ROOT, src)) > built) return `${src} changed since the last build`;
  }
  return null;
}
