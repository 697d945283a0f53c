/**
 * `npm run check:open311 -- <base-url>`: the GeoReport v2 conformance checks
 * (scripts/open311/checks.ts) against any endpoint, e.g. a city's before OPEN311_UPSTREAM_URL
 * points at it, or ours: `npm run check:open311 -- http://127.0.0.1:3000/api/open311/v2`.
 * Prints one line per check and exits 1 when any fails.
 */
import { runOpen311Checks } from './open311/checks';

async function main() {
  const base = process.argv.slice(2).find((a) => !a.startsWith('-'));
  if (!base || !/^https?:\/\//.test(base)) {
    process.stderr.write('usage: npm run check:open311 -- <base-url>   (e.g. https://city.example/open311/v2)\n');
    process.exit(2);
  }
  const results = await runOpen311Checks(base);
  for (const r of results) process.stdout.write(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name}${r.detail ? `\n      ${r.detail}` : ''}\n`);
  const failed = results.filter((r) => !r.ok).length;
  process.stdout.write(`\n${results.length - failed} of ${results.length} checks passed against ${base}\n`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  process.stderr.write(`check:open311 could not run: ${(err as Error).message}\n`);
  process.exit(2);
});
