# Installs what Luodi needs to run, skipping each step whose inputs did not change since it last
# succeeded. Sourced (not run) by ./luodi and scripts/test.sh from the repository root; it exports
# LUODI_PYTHON_ENV and exits the calling shell when a step fails.
#
#   1. checks the Node.js version
#   2. npm ci, when node_modules is missing or package-lock.json changed
#   3. prisma generate, when prisma/schema.prisma or package-lock.json changed
#   4. the trainer's Python virtual environment (scripts/python-env.sh); LUODI_PYTHON_DEV=1 adds the
#      test requirements

luodi_fail() {
  echo "luodi: $*" >&2
  exit 1
}

luodi_sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum | cut -d' ' -f1; else shasum -a 256 | cut -d' ' -f1; fi
}

luodi_check_node() {
  command -v node >/dev/null 2>&1 ||
    luodi_fail "Node.js was not found. Install Node.js 20.19+, 22.12+ or 24+ (https://nodejs.org) and run this command again."

  local version major minor
  version="$(node -p 'process.versions.node')"
  IFS=. read -r major minor _ <<<"$version"
  # The engines field of Prisma 7.10 (prisma and @prisma/client) is "^20.19 || ^22.12 || >=24.0".
  if ((major < 20 || (major == 20 && minor < 19) || major == 21 || (major == 22 && minor < 12) || major == 23)); then
    luodi_fail "Node.js $version is not supported; Luodi needs Node.js 20.19+, 22.12+ or 24+. Install one and run this command again."
  fi
}

luodi_install_npm_packages() {
  local lock_hash
  lock_hash="$(luodi_sha256 <package-lock.json)"
  if [ -d node_modules ] && [ "$(cat node_modules/.luodi-lock-hash 2>/dev/null)" = "$lock_hash" ]; then return 0; fi

  echo "luodi: installing npm packages (npm ci)" >&2
  # onnxruntime-node's install script downloads CUDA files from a host that air-gapped machines cannot
  # reach; CPU inference works without them.
  ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund ||
    luodi_fail "npm ci failed; see npm's output above. Fix the cause (network, disk space) and run this command again."
  printf '%s\n' "$lock_hash" >node_modules/.luodi-lock-hash
}

luodi_generate_prisma_client() {
  local schema_hash marker=lib/db/generated/.luodi-schema-hash
  schema_hash="$(cat prisma/schema.prisma package-lock.json | luodi_sha256)"
  if [ -f lib/db/generated/client.ts ] && [ "$(cat "$marker" 2>/dev/null)" = "$schema_hash" ]; then return 0; fi

  echo "luodi: generating the Prisma client (prisma generate)" >&2
  # Generating needs no schema engine, and the Prisma CLI would otherwise download one.
  PRISMA_SCHEMA_ENGINE_BINARY=/bin/false CHECKPOINT_DISABLE=1 node_modules/.bin/prisma generate >&2 ||
    luodi_fail "prisma generate failed; see its output above."
  printf '%s\n' "$schema_hash" >"$marker"
}

# LUODI_PYTHON may be set in .env, which the shell does not read: take its last assignment there.
luodi_python_from_dotenv() {
  [ -f .env ] || return 0
  sed -n -E 's/^[[:space:]]*(export[[:space:]]+)?LUODI_PYTHON[[:space:]]*=[[:space:]]*//p' .env | tail -n 1 |
    sed -E -e 's/[[:space:]]+$//' -e "s/^['\"]//" -e "s/['\"]$//"
}

luodi_prepare_python_env() {
  local python="${LUODI_PYTHON:-}"
  [ -n "$python" ] || python="$(luodi_python_from_dotenv)"
  LUODI_PYTHON_ENV="$(LUODI_PYTHON="${python:-python3}" bash scripts/python-env.sh)" ||
    luodi_fail "the trainer's Python environment could not be prepared; see the messages above."
  export LUODI_PYTHON_ENV
}

luodi_check_node
luodi_install_npm_packages
luodi_generate_prisma_client
luodi_prepare_python_env
