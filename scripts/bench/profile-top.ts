/**
 * Summarises a V8 .cpuprofile (from BENCH_CPU_PROF): the functions with the most self
 * time, and self time grouped by package/folder. Usage: npx tsx scripts/bench/profile-top.ts FILE [N]
 */
import fs from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

const [file, n = '30'] = process.argv.slice(2);
const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: Node[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };
const selfUs = new Map<number, number>();
prof.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
const byFn = new Map<string, number>();
const byArea = new Map<string, number>();
let total = 0;
const area = (url: string) => {
  if (!url) return '(native/gc/idle)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.startsWith('node:')) return url.split('/')[0];
  const r = /\/work\/main\/(.*?)\/[^/]*$/.exec(url);
  return r ? r[1] : url;
};
for (const node of prof.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  if (!us) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'}  ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/\/work\/main\//, '')}:${lineNumber + 1}`;
  byFn.set(key, (byFn.get(key) ?? 0) + us);
  const a = functionName === '(idle)' ? '(idle)' : area(url.replace(/^file:\/\//, ''));
  byArea.set(a, (byArea.get(a) ?? 0) + us);
  if (functionName !== '(idle)') total += us;
}
const pc = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)}%`;
process.stdout.write(`busy ${(total / 1000).toFixed(0)} ms of ${((prof.endTime - prof.startTime) / 1000).toFixed(0)} ms profiled\n\nby area (self time):\n`);
for (const [k, v] of [...byArea].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 15)) process.stdout.write(`  ${pc(v)}  ${k}\n`);
process.stdout.write(`\ntop functions (self time):\n`);
for (const [k, v] of [...byFn].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, Number(n))) process.stdout.write(`  ${pc(v)}  ${k}\n`);
