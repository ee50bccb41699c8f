#!/usr/bin/env bash
# Prints the path of the trainer's Python virtual environment, creating it first when needed.
#
# The environment lives outside the repository, under ${XDG_CACHE_HOME:-~/.cache}/luodi/python-<hash>,
# so fresh clones (CI runs) reuse it. The hash covers the pinned requirements and the interpreter version.
# A `.ready` marker is written only after pip succeeds; a folder without it is rebuilt.
#
#   LUODI_PYTHON      interpreter to build from (default python3); needs Python 3.11 or newer
#   LUODI_PYTHON_DEV  set to 1 to add trainer/requirements-dev.txt (pytest)
#
# The environment contains the dependencies only: run the trainer with PYTHONPATH=<repo>/trainer.
# Progress goes to stderr; stdout carries only the path.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
python="${LUODI_PYTHON:-python3}"

fail() {
  echo "luodi: $*" >&2
  exit 1
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum | cut -d' ' -f1; else shasum -a 256 | cut -d' ' -f1; fi
}

command -v "$python" >/dev/null 2>&1 ||
  fail "Python interpreter '$python' was not found. Install Python 3.11 or newer, or set LUODI_PYTHON to its path."
version="$("$python" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')" ||
  fail "'$python' did not run; set LUODI_PYTHON to a working Python 3.11 or newer."
"$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' ||
  fail "Python $version ('$python') is too old; the trainer needs Python 3.11 or newer. Install it and set LUODI_PYTHON to its path."
"$python" -c 'import ensurepip, venv' 2>/dev/null ||
  fail "Python $version ('$python') cannot create virtual environments because the venv or ensurepip module is missing (Debian and Ubuntu: apt-get install python3-venv)."

requirements="$root/trainer/requirements.txt"
hash_inputs=("$root/trainer/requirements.txt")
if [ "${LUODI_PYTHON_DEV:-0}" = 1 ]; then
  # requirements-dev.txt includes requirements.txt.
  requirements="$root/trainer/requirements-dev.txt"
  hash_inputs+=("$root/trainer/requirements-dev.txt")
fi

hash="$({ echo "python $version"; cat "${hash_inputs[@]}"; } | sha256 | cut -c1-12)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/luodi"
venv="$cache/python-$hash"

if [ -f "$venv/.ready" ]; then
  echo "$venv"
  exit 0
fi

mkdir -p "$cache"
# Two runs at once (start and test, or two clones) would build into the same folder: the second waits
# for the first and then reuses its result. flock is missing on macOS, where runs are not serialised.
exec 9>"$venv.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi
if [ -f "$venv/.ready" ]; then
  echo "$venv"
  exit 0
fi

echo "luodi: creating the trainer's Python environment in $venv (Python $version)" >&2
rm -rf "$venv"
"$python" -m venv "$venv" >&2 || fail "'$python -m venv $venv' failed; see the output above."
"$venv/bin/python" -m pip install --disable-pip-version-check --no-input -r "$requirements" >&2 ||
  fail "pip could not install $requirements; see pip's output above. Check the network or the package index (PIP_INDEX_URL) and run this command again."

touch "$venv/.ready"
echo "$venv"
