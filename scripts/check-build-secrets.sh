#!/usr/bin/env bash
# Builds both targets with marker values in every server secret and fails if any marker
# reaches the output: nothing from the server's environment may ship to phones or browsers.
set -euo pipefail
cd "$(dirname "$0")/.."
marker="SN-SECRET-MARKER-$RANDOM$RANDOM"
export SESSION_SECRET="${marker}-session-0123456789abcdef"
export WECHAT_SECRET="${marker}-wechat"
export CRON_SECRET="${marker}-cron"
export UPSTASH_REDIS_REST_TOKEN="${marker}-upstash"
export DATABASE_URL="postgres://user:${marker}@db.invalid/app"
# A production weapp build must name its API origin (config/api-base.ts); CI's is the local server.
export TARO_APP_API_BASE="${TARO_APP_API_BASE:-http://127.0.0.1:3000}"
# The checks after this one (check:weapp, size) must see this production build: Taro exits 0
# without building when it rejects its config, which would leave an older dist/weapp in place.
rm -rf dist/weapp
npm run build:weapp >/dev/null
test -f dist/weapp/app.json || { echo "npm run build:weapp produced no dist/weapp/app.json" >&2; exit 1; }
npm run build:h5 >/dev/null
if grep -rl "$marker" dist/weapp dist/h5; then
  echo "a server secret leaked into the build output (files above)" >&2
  exit 1
fi
echo "no server secret in dist/weapp or dist/h5"
