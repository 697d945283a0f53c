#!/usr/bin/env node
// Fails when the weapp main package or any subpackage exceeds 1 MiB. WeChat's hard
// limit is 2 MB per package; we keep half of it as headroom for the capabilities still
// to come. Run after `npm run build:weapp`: node scripts/check-size.cjs
const fs = require('node:fs');
const path = require('node:path');

const OUT = path.resolve(__dirname, '..', 'dist', 'weapp');
const LIMIT_KIB = 1024;

function sizeOf(p) {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.size;
  return fs.readdirSync(p).reduce((sum, name) => sum + sizeOf(path.join(p, name)), 0);
}

function main() {
  const appJsonPath = path.join(OUT, 'app.json');
  if (!fs.existsSync(appJsonPath)) {
    console.error('dist/weapp/app.json not found: run `npm run build:weapp` first.');
    process.exit(2);
  }
  const app = JSON.parse(fs.readFileSync(appJsonPath, 'utf8'));
  const subRoots = (app.subPackages || app.subpackages || []).map((p) => p.root.replace(/\/+$/, ''));

  // The main package is everything in the output that is not inside a subpackage root.
  // Source maps are not uploaded to WeChat, so they do not count.
  let main = 0;
  const walk = (dir) => {
    for (const name of fs.readdirSync(dir)) {
      const full = path.join(dir, name);
      const rel = path.relative(OUT, full).split(path.sep).join('/');
      if (subRoots.includes(rel)) continue;
      if (fs.statSync(full).isDirectory()) walk(full);
      else if (!name.endsWith('.map')) main += fs.statSync(full).size;
    }
  };
  walk(OUT);

  const rows = [['主包 main', main]];
  for (const root of subRoots) {
    const dir = path.join(OUT, root);
    rows.push([`分包 ${root}`, fs.existsSync(dir) ? sizeOf(dir) : 0]);
  }

  let failed = false;
  const width = Math.max(...rows.map(([n]) => n.length));
  for (const [name, bytes] of rows) {
    const kib = bytes / 1024;
    const over = kib > LIMIT_KIB;
    if (over) failed = true;
    console.log(`${name.padEnd(width)}  ${kib.toFixed(1).padStart(8)} KiB${over ? `  ✖ over ${LIMIT_KIB} KiB` : ''}`);
  }
  const total = rows.reduce((s, [, b]) => s + b, 0) / 1024;
  console.log(`${'total'.padEnd(width)}  ${total.toFixed(1).padStart(8)} KiB`);
  if (failed) {
    console.error(`A package exceeds ${LIMIT_KIB} KiB; move pages or heavy dependencies into a subpackage.`);
    process.exit(1);
  }
}

main();
