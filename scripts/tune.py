#!/usr/bin/env python
"""Measure aligner on the dev sets with given parameters (for tuning; never on the seeds alone).

    python scripts/tune.py --set skip=1.2 mn_cost=1.0          # all dev sets, as scripts/bench.py builds them
    python scripts/tune.py --sets ntrex,textberg --limit 20     # sets whose name contains one of these

The sets, their lexicon rules (tables trained without the evaluated corpus) and the metrics are
exactly those of ``scripts/bench.py``.  Prints pooled link / added / dropped / strict F1 per set
and their mean over the news sets.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import bench  # noqa: E402

from aligner.scoring.params import Params  # noqa: E402


def parse_set(items: list[str]) -> dict:
    out = {}
    fields = {f.name: f for f in dataclasses.fields(Params)}
    for it in items:
        k, v = it.split("=", 1)
        if k not in fields:
            raise SystemExit(f"unknown parameter {k}")
        cur = getattr(Params(), k)
        out[k] = (v.lower() in ("1", "true", "yes")) if isinstance(cur, bool) else type(cur)(v)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default="", help="comma list of substrings of set names (default: all but seeds)")
    ap.add_argument("--limit", type=int, default=None, help="documents per set")
    ap.add_argument("--seeds", action="store_true", help="also the seeds (report only; never tune on them)")
    ap.add_argument("--set", nargs="*", default=[], help="Params overrides, name=value")
    args = ap.parse_args()
    params = Params(**parse_set(args.set))
    wanted = [w.strip().lower() for w in args.sets.split(",") if w.strip()]
    f = lambda c: "  -  " if c.f1 is None else f"{c.f1:.3f}"  # noqa: E731
    news = []
    for name, docs in bench.accuracy_sets().items():
        if name.startswith("seed") and not args.seeds:
            continue
        if wanted and not any(w in name.lower() for w in wanted):
            continue
        with bench.lexicon_for(name):
            t = time.time()
            r = bench.run_set(name, docs[: args.limit], params=params)
            m = r.ours.metrics
            print(f"{name:<34} link {f(m['pairs'])} added {f(m['added'])} dropped {f(m['dropped'])} "
                  f"strict {f(m['strict'])} ({time.time() - t:.0f}s)", flush=True)
            if not name.startswith(("seed", "Text")):
                news.append([m[k].f1 or 0.0 for k in ("pairs", "added", "dropped", "strict")])
    if news:
        mean = [sum(x) / len(news) for x in zip(*news)]
        print(f"{'news mean':<34} link {mean[0]:.3f} added {mean[1]:.3f} dropped {mean[2]:.3f} strict {mean[3]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
