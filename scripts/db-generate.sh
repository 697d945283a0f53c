#!/usr/bin/env bash
# Regenerates the migrations from the schema. Nothing has shipped yet, so the history is
# kept to two files (extensions, then the schema); the lock lets several people run it.
set -euo pipefail
cd "$(dirname "$0")/.."
exec 9>/tmp/shinan-db-generate.lock
flock 9
rm -rf drizzle
npx drizzle-kit generate --custom --name=extensions >/dev/null
ext=$(ls drizzle/0000_*.sql)
printf -- '-- pg_trgm powers Chinese handbook search (trigram GIN index); PGlite loads it as a contrib extension.\nCREATE EXTENSION IF NOT EXISTS pg_trgm;\n' > "$ext"
npx drizzle-kit generate --name=schema
