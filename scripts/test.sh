#!/usr/bin/env bash
# The test command (`./luodi test`): installs what the tests need, then runs the type check, the
# integration tests (vitest, against the real embedded database and queue), the trainer's pytest suite,
# a production build and the Playwright end-to-end tests in Debian's Chromium.
# Pass a step name (types, unit, python, build, e2e) to run only that step.
set -uo pipefail
cd "$(dirname "$0")/.."

export NEXT_TELEMETRY_DISABLED=1
export LUODI_PYTHON_DEV=1
# shellcheck source=scripts/install.sh
source scripts/install.sh

only="${1:-all}"
passed=0
failed=0
failed_steps=()

run_step() {
  local name="$1"
  shift
  if [ "$only" != all ] && [ "$only" != "$name" ]; then return; fi
  echo
  echo "=== $name: $*"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failed_steps+=("$name")
  fi
}

run_step types npx tsc --noEmit -p .
run_step unit npx vitest run
run_step python "$LUODI_PYTHON_ENV/bin/python" -m pytest -q trainer/tests
run_step build npx next build
run_step e2e npx playwright test

echo
if [ "$failed" -gt 0 ]; then echo "Failed steps: ${failed_steps[*]}"; fi
echo "luodi: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
