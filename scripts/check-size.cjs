#!/usr/bin/env node
// The weapp build's weight against issue 20's budget: all packages together ≤ 1.5 MiB, any
// subpackage ≤ 1 MiB, the main package (what every user downloads before the first screen)
// ≤ 600 KiB as the goal. zod (~150 KiB, one copy shared by every subpackage, which WeChat
// allows only through the main package) keeps main above that goal for now, so main fails at
// MAIN_CEILING_KIB (today's size plus a little) and shows the gap to the goal; lower the
// ceiling as main shrinks. WeChat's own hard limits are 2 MB per package and 20 MB in all.
// Run after `npm run build:weapp`: node scripts/check-size.cjs
const fs = require('node:fs');
const path = require('node:path');

const OUT = path.resolve(__dirname, '..', 'dist', 'weapp');
const MAIN_GOAL_KIB = 600;
const MAIN_CEILING_KIB = 640;
const SUB_LIMIT_KIB = 1024;
const TOTAL_LIMIT_KIB = 1536;

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

  const problems = [];
  const width = Math.max(...rows.map(([n]) => n.length), 'total'.length);
  const line = (name, kib, limit) => {
    const over = kib > limit;
    if (over) problems.push(`${name} is ${kib.toFixed(1)} KiB, over ${limit} KiB`);
    console.log(`${name.padEnd(width)}  ${kib.toFixed(1).padStart(8)} KiB  (≤ ${limit})${over ? '  ✖' : ''}`);
  };
  rows.forEach(([name, bytes], i) => line(name, bytes / 1024, i === 0 ? MAIN_CEILING_KIB : SUB_LIMIT_KIB));
  line('total', rows.reduce((s, [, b]) => s + b, 0) / 1024, TOTAL_LIMIT_KIB);
  const mainKib = rows[0][1] / 1024;
  if (mainKib > MAIN_GOAL_KIB) console.log(`main is ${(mainKib - MAIN_GOAL_KIB).toFixed(1)} KiB above the ${MAIN_GOAL_KIB} KiB goal (issue 20; docs/performance.md says why)`);
  if (problems.length) {
    console.error(`Over budget: ${problems.join('; ')}. Move pages or heavy dependencies out of the main package, or share code between subpackages (config/index.ts).`);
    process.exit(1);
  }
}

main();
