#!/usr/bin/env bash
# Set up everything the tests need, from the project's own files, then run them.
#   bash scripts/test.sh [pytest args]
# Creates .venv (if missing), installs aligner with the [test], [mt], [formats] and [batch] extras
# (torch pinned to the CPU build 2.13.0), the benchmark's peer aligners
# (scripts/install-peers.sh), Debian's Chromium for the viewer tests, then runs pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install --quiet -e '.[test,mt,formats,batch]'
bash scripts/install-peers.sh
bash scripts/setup-browser.sh >/dev/null
export ALIGNER_CACHE_DIR=${ALIGNER_CACHE_DIR:-$PWD/.cache/aligner-test}
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
