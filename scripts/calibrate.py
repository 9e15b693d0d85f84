#!/usr/bin/env python
"""Fit the bead model of aligner/scoring/calibration.py on the dev sets (never on the seeds).

    python scripts/calibrate.py                 # collect candidates (cached in out/calib), fit, print WEIGHTS
    python scripts/calibrate.py --refit-only    # fit again from the cached candidates

For every document of the dev sets that scripts/bench.py builds (perturbed NTREX and FLORES en-id
and en-vi with lexical tables trained without them, Text+Berg de-fr dev with no lexical model),
the scorer is built exactly as at run time and the candidates the search weighs are described by
their features: every 1-1 cell among the top 5 of its row or column, every m-n group the run-time
screen lets through, and every gold link.  A candidate is positive when it is exactly a gold
link.  A logistic model with L2 penalty is fitted; each set weighs the same in total, so the
2,000-sentence Text+Berg document counts as much as the 60 NTREX documents of one language.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import bench  # noqa: E402

from aligner.align.pipeline import build_scorer, make_document  # noqa: E402
from aligner.eval import metrics as ev  # noqa: E402
from aligner.scoring import calibration, groups  # noqa: E402
from aligner.scoring.embed import default_embedder  # noqa: E402
from aligner.scoring.params import Params  # noqa: E402

OUT = os.path.join(bench.ROOT, "out", "calib")


def gold_in_our_indices(gold: ev.Gold, src_s, tgt_s) -> set[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Gold links over our sentence indices (our sentences mapping only into each link's sentences)."""
    smap, tmap = ev.map_sentences(src_s, gold.src_sentences), ev.map_sentences(tgt_s, gold.tgt_sentences)
    out = set()
    for link in gold.links:
        S = tuple(i for i, g in enumerate(smap) if g and set(g) <= set(link.src))
        T = tuple(j for j, g in enumerate(tmap) if g and set(g) <= set(link.tgt))
        if S and T and S == tuple(range(S[0], S[-1] + 1)) and T == tuple(range(T[0], T[-1] + 1)):
            out.add((S, T))
    return out


def collect(doc: bench.Doc, params: Params, top: int = 5) -> tuple[np.ndarray, np.ndarray]:
    emb = default_embedder()
    src = make_document(doc.src_text, doc.src_lang, doc.presegmented)
    tgt = make_document(doc.tgt_text, doc.tgt_lang, doc.presegmented)
    scorer = build_scorer(src, tgt, emb, params)
    gold = gold_in_our_indices(doc.gold, src.sentences, tgt.sentences)
    n, m = scorer.n, scorer.m
    band = scorer.band
    # 1-1: top cells of each row and column, and the gold 1-1 links
    cos = scorer.cos_band
    ii, kk = np.nonzero(~np.isnan(cos))
    r, c = ii - 1, band.lo[ii] + kk - 1
    z = scorer.z11(r, c, cos[ii, kk])
    keep = np.zeros(len(r), bool)
    for key in (r, c):
        order = np.lexsort((-z, key))
        ks = key[order]
        first = np.r_[0, np.flatnonzero(np.diff(ks)) + 1]
        rank = np.arange(len(order)) - np.repeat(first, np.diff(np.r_[first, len(order)]))
        keep[order[rank < top]] = True
    cells = set(zip(r[keep].tolist(), c[keep].tolist()))
    cells |= {(s[0], t[0]) for s, t in gold if len(s) == 1 and len(t) == 1}
    cells_a = np.array(sorted(cells), dtype=np.int64).reshape(-1, 2)
    feats = [scorer.features11(cells_a[:, 0], cells_a[:, 1])]
    labels = [np.array([((i,), (j,)) in gold for i, j in cells_a.tolist()], dtype=float)]
    # m-n: what the run-time screen keeps, and the gold groups
    zmat = np.full((n + 1, band.width), -np.inf)
    zmat[ii, kk] = z
    g11 = np.full((n + 1, band.width), -1e9, np.float32)
    g11[ii, kk] = scorer.gains_many(r[:, None], c[:, None])
    chosen = {(tuple(range(ie - a, ie)), tuple(range(je - b, je))) for a, b, ie, je, *_ in groups.screen(scorer, zmat, g11)}
    chosen |= {(s, t) for s, t in gold if len(s) + len(t) > 2 and (len(s), len(t)) in params.types}
    scorer.prefetch_spans([sp for s, t in chosen for sp in (("s", s), ("t", t))])
    by_shape: dict = {}
    for s, t in chosen:
        by_shape.setdefault((len(s), len(t)), []).append((s, t))
    for (a, b), lst in by_shape.items():
        S = np.array([s for s, _ in lst], dtype=np.int64)
        T = np.array([t for _, t in lst], dtype=np.int64)
        feats.append(scorer.features_many(S, T))
        labels.append(np.array([(s, t) in gold for s, t in lst], dtype=float))
    return np.concatenate(feats), np.concatenate(labels)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--refit-only", action="store_true")
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--limit", type=int, default=None, help="documents per set")
    ap.add_argument("--drop", default="", help="comma list of features left out of the fit (weight 0)")
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    params = Params()
    data = {}
    for name, docs in bench.accuracy_sets().items():
        if name.startswith("seed"):
            continue
        path = os.path.join(OUT, name.replace(" ", "_").replace("/", "-") + ".npz")
        if args.refit_only and os.path.exists(path):
            d = np.load(path)
            data[name] = (d["X"], d["y"])
            continue
        t = time.time()
        with bench.lexicon_for(name):
            parts = [collect(d, params) for d in docs[: args.limit]]
        X = np.concatenate([p[0] for p in parts])
        y = np.concatenate([p[1] for p in parts])
        np.savez_compressed(path, X=X, y=y)
        data[name] = (X, y)
        print(f"{name}: {len(y)} candidates, {int(y.sum())} positive ({time.time() - t:.0f}s)", flush=True)
    X = np.concatenate([d[0] for d in data.values()])
    y = np.concatenate([d[1] for d in data.values()])
    sw = np.concatenate([np.full(len(d[1]), len(y) / (len(data) * len(d[1]))) for d in data.values()])
    drop = [calibration.IDX[f] for f in args.drop.split(",") if f]
    X[:, drop] = 0.0
    w = calibration.fit_logistic(X, y, l2=args.l2, sample_weight=sw)
    p = 1 / (1 + np.exp(-(X @ w)))
    for name, (Xs, ys) in data.items():
        ps = 1 / (1 + np.exp(-(Xs @ w)))
        pred = ps > 0.5
        tp = float((pred & (ys > 0)).sum())
        print(f"  {name}: P {tp / max(1, pred.sum()):.3f} R {tp / max(1, ys.sum()):.3f} (candidates {len(ys)})")
    print(f"log-loss {float(-np.mean(y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12))):.4f}")
    print("WEIGHTS: dict[str, float] = {")
    print("    " + ", ".join(f'"{k}": {v:.3f}' for k, v in zip(calibration.FEATURES, w)) + ",")
    print("}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
