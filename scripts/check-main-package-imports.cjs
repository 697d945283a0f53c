#!/usr/bin/env node
// Walks the runtime imports of the mini-program's main package (app + tab pages) and fails
// if any reaches zod: the tab pages must not evaluate it (its one copy sits in the main
// package's vendors.js for the subpackages, config/index.ts; the first screen never runs it).
const fs = require('node:fs');
const path = require('node:path');
const root = path.join(__dirname, '..', 'miniprogram');
const entries = ['app.ts', 'pages/index/index.tsx', 'pages/handbook/index.tsx', 'pages/redpost/index.tsx', 'pages/mine/index.tsx'].map((f) => path.join(root, f));
const seen = new Map();
const bad = [];
function resolve(from, spec) {
  const base = path.resolve(path.dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  }
  return null;
}
function walk(file, chain) {
  if (seen.has(file)) return;
  seen.set(file, chain);
  const src = fs.readFileSync(file, 'utf8');
  const re = /^\s*(?:import|export)\s+(?!type\b)([^'"]*?)\s*from\s*['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;
  let m;
  while ((m = re.exec(src))) {
    const spec = m[2] || m[3];
    if (spec === 'zod' || spec.startsWith('zod/')) bad.push([...chain, file].map((f) => path.relative(root, f)).join(' → '));
    if (spec.startsWith('.')) {
      const target = resolve(file, spec);
      if (target && /\.(ts|tsx)$/.test(target)) walk(target, [...chain, file]);
    }
  }
}
for (const e of entries) walk(e, []);
if (bad.length) {
  console.error('zod reaches the main package through:\n  ' + bad.join('\n  '));
  process.exit(1);
}
console.log(`main package imports: ${seen.size} modules, none imports zod`);
