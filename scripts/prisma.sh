#!/usr/bin/env bash
# Runs any Prisma CLI command without network access, for example:
#   scripts/prisma.sh migrate status
#   scripts/prisma.sh migrate resolve --rolled-back 20260101000000_add_index
# The CLI would otherwise download its native schema engine first, so this points it at the wasm shim in
# scripts/prisma-schema-engine.mjs and turns off telemetry and update checks. Commands run from the
# repository root so that prisma.config.ts is found. DATABASE_URL (or .env) selects the database.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PRISMA_SCHEMA_ENGINE_BINARY="$root/scripts/prisma-schema-engine.mjs"
export CHECKPOINT_DISABLE=1
export PRISMA_HIDE_UPDATE_MESSAGE=1

cd "$root"
exec "$root/node_modules/.bin/prisma" "$@"
