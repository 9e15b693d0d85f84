#!/usr/bin/env python
"""Measure aligner on the dev sets with given scorer parameters (for tuning; never on seeds alone).

    python scripts/make_devsets.py            # once: writes out/devsets
    python scripts/tune.py --sets ntrex-id,ntrex-vi,textberg --set skip=1.2 mn_cost=1.0

Prints pooled link / added / dropped / strict F1 per set.
"""
from __future__ import annotations

import argparse
import dataclasses
import glob
import json
import os
import sys
import time

from aligner.eval import metrics as ev
from aligner.align.pipeline import align_pair, make_document
from aligner.scoring.embed import default_embedder
from aligner.scoring.pairs import Params
from aligner.textio import read_text

DATA = os.environ.get("ALIGNER_DATA", os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data"))


def run_devset(directory: str, params: Params, limit: int | None = None) -> ev.EvalResult:
    emb = default_embedder()
    results = []
    for gpath in sorted(glob.glob(os.path.join(directory, "*.gold.json")))[:limit]:
        gold = ev.load_gold(gpath)
        g = json.load(open(gpath, encoding="utf-8"))
        src = make_document(read_text(os.path.join(directory, g["source"]["file"])), g["source"]["lang"], False)
        tgt = make_document(read_text(os.path.join(directory, g["target"]["file"])), g["target"]["lang"], False)
        beads = align_pair(src, tgt, emb, params)
        results.append(ev.evaluate_beads(gold, src.sentences, tgt.sentences, beads))
    return ev.pool(results)


def run_textberg(params: Params) -> ev.EvalResult:
    d = os.path.join(DATA, "textberg-dev")
    src_text, tgt_text = read_text(os.path.join(d, "dev.de")), read_text(os.path.join(d, "dev.fr"))
    gold = ev.load_gold(os.path.join(d, "dev.defr"), os.path.join(d, "dev.de"), os.path.join(d, "dev.fr"))
    src = make_document(src_text, "de", True)
    tgt = make_document(tgt_text, "fr", True)
    beads = align_pair(src, tgt, default_embedder(), params)
    return ev.evaluate_beads(gold, src.sentences, tgt.sentences, beads)


def parse_set(items: list[str]) -> dict:
    out = {}
    fields = {f.name: f for f in dataclasses.fields(Params)}
    for it in items:
        k, v = it.split("=", 1)
        if k not in fields:
            raise SystemExit(f"unknown parameter {k}")
        out[k] = type(getattr(Params(), k))(v)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", default="ntrex-id,ntrex-vi,textberg")
    ap.add_argument("--devsets", default="out/devsets")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--set", nargs="*", default=[])
    args = ap.parse_args()
    params = Params(**parse_set(args.set))
    for name in args.sets.split(","):
        t = time.time()
        r = run_textberg(params) if name == "textberg" else run_devset(os.path.join(args.devsets, name), params, args.limit)
        m = r.metrics
        f = lambda c: "  -  " if c.f1 is None else f"{c.f1:.3f}"
        print(f"{name:<10} link {f(m['pairs'])} added {f(m['added'])} dropped {f(m['dropped'])} "
              f"strict {f(m['strict'])} lax {f(m['lax'])} moved-R {m['moved'].recall if m['moved'].n_r else float('nan'):.3f} "
              f"({time.time() - t:.0f}s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
