#!/usr/bin/env bash
# Proves what Vercel would deploy: runs `vercel build` offline, bundles each function into
# one file (scripts/bundle-functions.ts, which also refuses to ship the embedded database),
# and counts the functions (Hobby allows 12).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .vercel
[ -f .vercel/project.json ] || echo '{"projectId":"prj_local","orgId":"team_local","settings":{"framework":null}}' > .vercel/project.json
rm -rf .vercel/output
npx vercel build --yes > .vercel/build.log 2>&1 || { tail -40 .vercel/build.log; exit 1; }
npx tsx scripts/bundle-functions.ts
funcs=$(find .vercel/output/functions -maxdepth 3 -type d -name '*.func' | sort)
count=$(echo "$funcs" | grep -c . || true)
echo "Vercel functions: $count (limit 12)"
for f in $funcs; do
  printf '  %-40s %6s\n' "${f#.vercel/output/functions/}" "$(du -sh "$f" | cut -f1)"
done
[ "$count" -le 12 ] || { echo "too many functions: $count > 12" >&2; exit 1; }
