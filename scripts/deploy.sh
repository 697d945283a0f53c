#!/usr/bin/env bash
# Deploys to Vercel with one bundled file per function (scripts/bundle-functions.ts): builds
# here with the project's settings and variables, bundles, uploads only the output.
#   VERCEL_TOKEN=… bash scripts/deploy.sh            # production
#   VERCEL_TOKEN=… bash scripts/deploy.sh preview    # a preview deployment
# The project must be linked once (`npx vercel link`), or VERCEL_ORG_ID and
# VERCEL_PROJECT_ID set, as in .github/workflows/deploy.yml.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-production}"
prod=(); [ "$target" = production ] && prod=(--prod)
token=(); [ -n "${VERCEL_TOKEN:-}" ] && token=(--token "$VERCEL_TOKEN")
npx vercel pull --yes --environment="$target" "${token[@]}"
rm -rf .vercel/output
npx vercel build "${prod[@]}" "${token[@]}"
npx tsx scripts/bundle-functions.ts
npx vercel deploy --prebuilt "${prod[@]}" "${token[@]}"
