#!/usr/bin/env bash
# Install the peer aligners that scripts/bench.py runs beside aligner (never part of the default install):
#   bash scripts/install-peers.sh            # into .venv (or $VENV)
# The [bench] extra brings sentalign (Vecalign's dynamic programme), numba and scipy (Bertalign's
# kernels) and torch (Bertalign's top-k). bertalign 2.0.1 itself is installed without its
# dependencies: it declares Python >= 3.12 and requires sentence-transformers, lingua and a sentence
# splitter that the adapter (aligner/eval/peers.py) never uses. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${VENV:-.venv}/bin/python"
"$PY" -m pip install --quiet -e '.[bench]'
if ! "$PY" -m pip show bertalign 2>/dev/null | grep -qx 'Version: 2.0.1'; then
    "$PY" -m pip install --quiet --no-deps --ignore-requires-python bertalign==2.0.1
fi
