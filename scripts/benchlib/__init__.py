"""Shared paths and seeds of the benchmark (``scripts/bench.py``), split into one module per job.

``datasets``: the accuracy sets; ``accuracy``: aligner and the peers on them; ``facts``: changed facts and
uncovered spans; ``children``: the measured work of the fresh processes; ``speed``: speed and memory runs;
``report``: the markdown of BENCHMARKS.md.
"""
from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # scripts/
ROOT = os.path.dirname(HERE)
#: the entry point: children run ``python scripts/bench.py --_child ...``
BENCH = os.path.join(HERE, "bench.py")
if HERE not in sys.path:
    sys.path.insert(0, HERE)  # make_devsets, bench_pairs, bench_scale

DATA = os.environ.get("ALIGNER_DATA", os.path.join(ROOT, "..", "shared", "data"))
GOLD = os.path.join(ROOT, "..", "shared", "gold")
SEED = 13  # make_devsets.py's default seed
SEED_SRC = "seeds/001_d2f976fb6cc27d5b.txt"
SEED_TGTS = {"id": "seeds/000_1b1116d275565c70.txt", "vi": "seeds/004_6868d14cbacc0bf2.txt"}
