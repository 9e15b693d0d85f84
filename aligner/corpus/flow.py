"""Corpus mode end to end: paths -> profiles -> candidates -> evidence -> stars -> aligned pairs.

The three heavy stages (reading and embedding every document, verifying the
candidate pairs, aligning the accepted ones) run as chunked tasks on an
executor (:mod:`aligner.corpus.execution`): in this process, or on Dask
workers that read the files themselves and return small results (a mean
vector per document, an :class:`Evidence` per pair, beads per aligned pair).
The decisions between the stages (:mod:`aligner.corpus.matching`) run here.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

import numpy as np

from ..errors import AlignerError
from ..facts import annotate
from ..scoring.params import Params
from ..summary import summarise
from ..types import Bead, Document, TargetAlignment
from . import direction as dirmod
from .ann import candidates
from .documents import list_documents, load_document
from .execution import Failure, LocalModels, SerialExecutor, chunked
from .matching import (CorpusParams, Evidence, accepted, decide, document_vectors, evidence_of, mean_vector,
                       search_beads, swap_beads)

#: rounds of pairing: a pair the full alignment refutes frees its documents for their next-best partners
ROUNDS = 3

#: progress(stage, done, total)
Progress = Callable[[str, int, int], None]


@dataclass
class Profile:
    """What corpus mode keeps of a document between stages (never its sentences)."""

    path: str
    lang: str
    n_sentences: int
    vector: np.ndarray              # mean sentence embedding (raw, not centred)


@dataclass
class CorpusPair:
    source: Document
    target: Document
    beads: list[Bead]
    coverage: dict[str, float]      # coverage of each side, as defined in aligner.summary
    score: float                    # verification evidence (see Evidence.score)
    direction: str                  # "original" (source told apart) or "uncertain"
    evidence: str                   # one-line explanation of the direction


@dataclass
class Unmatched:
    path: Optional[str]
    lang: Optional[str]
    nearest: Optional[str]
    reason: str


@dataclass
class CorpusResult:
    pairs: list[CorpusPair]
    unmatched: list[Unmatched]
    signature: str
    failed: list[tuple[str, str, str]] = field(default_factory=list)   # (source, target, reason) not aligned


# ---- tasks (run on workers; inputs and outputs are small and picklable) ----------------
def profile_task(paths: list[str], models, presegmented: bool) -> list:
    """Read, segment and embed documents -> a Profile, or (path, reason) when unreadable."""
    emb, _ = models.load()
    docs, out = [], []
    for p in paths:
        try:
            docs.append(load_document(p, None, presegmented))
        except AlignerError as e:
            out.append((p, f"unreadable: {e}"))
    emb.prefetch(s.text for d in docs for s in d.sentences)
    for d in docs:
        out.append(Profile(d.path, d.lang, len(d.sentences),
                           mean_vector(emb.embed([s.text for s in d.sentences]), emb.dim)))
    return out


def verify_task(items: list[tuple[int, int, str, str]], models, presegmented: bool, params: Params) -> list[Evidence]:
    """Evidence for candidate pairs ``(i, j, path_i, path_j)``."""
    emb, _ = models.load()
    out = []
    for i, j, pi, pj in items:
        a, b = load_document(pi, None, presegmented), load_document(pj, None, presegmented)
        ea, eb = emb.embed([s.text for s in a.sentences]), emb.embed([s.text for s in b.sentences])
        beads = search_beads(a, b, ea, eb, params)
        out.append(evidence_of(i, j, beads, len(a.sentences), len(b.sentences)))
    return out


@dataclass
class Aligned:
    root: int
    other: int
    source: Document
    target: Document
    beads: list[Bead]
    signals: dirmod.Signals


def align_task(items: list[tuple[int, int, str, str]], models, presegmented: bool, params: Params) -> list[Aligned]:
    """The full alignment of accepted pairs ``(root, other, path_root, path_other)``."""
    from ..align.pipeline import align_pair

    emb, _ = models.load()
    out = []
    for r, d, pr, pd in items:
        a, b = load_document(pr, None, presegmented), load_document(pd, None, presegmented)
        beads = align_pair(a, b, emb, params)
        out.append(Aligned(r, d, a, b, beads, dirmod.signals(a, b, beads)))
    return out


# ---- the flow ------------------------------------------------------------------------------
def find_translations(paths: Sequence[str], models=None, executor=None, params: Optional[CorpusParams] = None,
                      align_params: Optional[Params] = None, presegmented: bool = False,
                      progress: Optional[Progress] = None, skipped: Sequence[tuple[str, str]] = (),
                      chunk_size: int = 16) -> CorpusResult:
    """Pairs of translations among the documents at ``paths``, each aligned, and those left unmatched.

    ``models``: a :class:`~aligner.corpus.execution.ModelSpec` (any executor) or
    :class:`~aligner.corpus.execution.LocalModels` (in-process only); default:
    the bundled embedder in this process.
    """
    from ..align.pipeline import Options, signature
    from ..scoring.embed import default_embedder

    p = params or CorpusParams()
    ap = align_params or Params()
    models = models or LocalModels(default_embedder())
    executor = executor or SerialExecutor()
    tick = progress or (lambda stage, done, total: None)

    # 1. read and embed every document
    order = {path: k for k, path in enumerate(paths)}
    profiles: list[Profile] = []
    unmatched = [Unmatched(path, None, None, reason) for path, reason in skipped]
    n = 0
    for chunk, res in executor.map(profile_task, chunked(paths, chunk_size), models, presegmented):
        for item in ([(path, f"unreadable: {res.reason}") for path in chunk] if isinstance(res, Failure) else res):
            if isinstance(item, Profile):
                profiles.append(item)
            else:
                unmatched.append(Unmatched(item[0], None, None, item[1]))
        n += len(chunk)
        tick("reading", n, len(paths))
    profiles.sort(key=lambda pr: order[pr.path])
    docs = profiles
    langs = [d.lang for d in docs]
    sizes = [d.n_sentences for d in docs]

    # 2. candidates: nearest documents per other language
    dim = max((d.vector.shape[0] for d in docs), default=1)
    V = document_vectors(np.stack([d.vector for d in docs]) if docs else np.zeros((0, dim), np.float32),
                         langs, p.centre_shrink)
    cand = candidates(V, langs, p.top_k) if docs else []
    todo = sorted({(min(i, j), max(i, j)) for i, js in enumerate(cand) for j in js})

    # 3. verify each candidate pair
    evidence: dict[tuple[int, int], Evidence] = {}
    n = 0
    items = [(i, j, docs[i].path, docs[j].path) for i, j in todo]
    for chunk, res in executor.map(verify_task, chunked(items, 2 * chunk_size), models, presegmented, ap):
        if not isinstance(res, Failure):
            for ev in res:
                evidence[(ev.a, ev.b)] = ev
        n += len(chunk)
        tick("verifying", n, len(items))
    # 4. align the accepted pairs; the full alignment must confirm the verification (same-topic or
    # short documents can pass the cheap search with a few large groups and then keep no confident
    # link at all).  A refuted pair leaves the evidence and its documents take their next-best
    # partners in another round (at most ``ROUNDS``); alignments already made are reused.
    done: dict[tuple[int, int], Aligned] = {}
    refuted: dict[tuple[int, int], tuple[Aligned, Evidence]] = {}
    failed: list[tuple[str, str, str]] = []
    failed_idx: set[tuple[int, int]] = set()
    stars: list[tuple[int, int]] = []
    for _ in range(ROUNDS):
        stars = decide([ev for k, ev in evidence.items() if k not in refuted], sizes, langs, p)
        items = [(r, d, docs[r].path, docs[d].path) for r, d in stars if (r, d) not in done and (r, d) not in failed_idx]
        if not items:
            break
        n = 0
        for chunk, res in executor.map(align_task, chunked(items, max(1, chunk_size // 4)), models, presegmented, ap):
            if isinstance(res, Failure):
                failed += [(pr, pd, res.reason) for _, _, pr, pd in chunk]
                failed_idx |= {(r, d) for r, d, _, _ in chunk}
            else:
                for a in res:
                    done[(a.root, a.other)] = a
            n += len(chunk)
            tick("aligning", n, len(items))
        new_refuted = False
        for r, d, _, _ in items:
            a = done.get((r, d))
            if a is None:
                continue
            full = evidence_of(a.root, a.other, a.beads, len(a.source.sentences), len(a.target.sentences))
            if not accepted(full, p):
                refuted[(min(r, d), max(r, d))] = (a, full)
                new_refuted = True
        if not new_refuted:
            break
    aligned = sorted((done[s] for s in stars if s in done and (min(s), max(s)) not in refuted),
                     key=lambda a: (a.root, a.other))
    rejected = list(refuted.values())
    pairs = []
    for a, (src_is_root, how, why) in zip(aligned, dirmod.decide_directions(aligned, langs, p)):
        src, tgt, beads = (a.source, a.target, a.beads) if src_is_root else (a.target, a.source, swap_beads(a.beads))
        beads = annotate(src, tgt, beads)  # changed numbers, dates, names (signature: facts:1)
        summ = summarise(TargetAlignment(tgt, beads), len(src.sentences))
        ev = evidence[(min(a.root, a.other), max(a.root, a.other))]
        pairs.append(CorpusPair(src, tgt, beads, {"source": round(summ.coverage, 4),
                                                  "target": round(summ.target_coverage, 4)}, ev.score, how, why))

    paired = {x for a in aligned for x in (a.root, a.other)} | {x for r, d in stars if (r, d) in failed_idx
                                                              for x in (r, d)}
    rejected.sort(key=lambda v: (v[0].root, v[0].other))
    for a, full in rejected:
        for i, j, cov in ((a.root, a.other, full.coverage_a), (a.other, a.root, full.coverage_b)):
            if i in paired:
                continue
            unmatched.append(Unmatched(docs[i].path, docs[i].lang, docs[j].path,
                                       f"the full alignment with {os.path.basename(docs[j].path)} keeps confident "
                                       f"links for {cov:.0%} of this document (a translation needs "
                                       f"{p.min_coverage:.0%} of both): same topic at most"))
            paired.add(i)
    for i in range(len(docs)):
        if i not in paired:
            unmatched.append(_why_unmatched(i, docs, evidence, V, p))
    embedder = models.load()[0]
    sig = f"{signature(Options(params=ap, presegmented=presegmented), embedder)}|{p.signature()}"
    return CorpusResult(pairs, unmatched, sig, failed)


def _why_unmatched(i: int, docs: Sequence[Profile], evidence: dict[tuple[int, int], Evidence],
                   V: np.ndarray, p: CorpusParams) -> Unmatched:
    doc = docs[i]
    mine = [ev for (a, b), ev in evidence.items() if i in (a, b)]
    same = [j for j in range(len(docs)) if j != i and docs[j].lang == doc.lang]
    dup = max(same, key=lambda j: float(V[i] @ V[j]), default=None)
    dup_note = ""
    if dup is not None and float(V[i] @ V[dup]) >= p.duplicate_cosine:
        dup_note = f"; near-duplicate of {docs[dup].path} (same language)"
    if not mine:
        reason = "no document in another language to compare with"
        return Unmatched(doc.path, doc.lang, None, reason + dup_note)
    best = max(mine, key=lambda ev: (ev.score, -min(ev.a, ev.b)))
    j = best.b if best.a == i else best.a
    mine_cov, there_cov = (best.coverage_a, best.coverage_b) if best.a == i else (best.coverage_b, best.coverage_a)
    other = os.path.basename(docs[j].path or "?")
    if accepted(best, p):
        reason = (f"translation-like (coverage {mine_cov:.0%} here, {there_cov:.0%} there) but {other} "
                  f"was paired with another {doc.lang} document")
    else:
        reason = (f"sentence-level evidence too weak: aligned with the nearest candidate {other}, "
                  f"{mine_cov:.0%} of this document and {there_cov:.0%} of that one have a good counterpart "
                  f"(score-weighted, {best.n_links} links); a translation needs {p.min_coverage:.0%} of both: "
                  f"same topic at most")
    return Unmatched(doc.path, doc.lang, docs[j].path, reason + dup_note)


def corpus_from_folder(folder: str, models=None, params: Optional[CorpusParams] = None,
                       align_params: Optional[Params] = None, presegmented: bool = False,
                       progress: Optional[Progress] = None, executor=None,
                       exclude: Sequence[str] = ()) -> CorpusResult:
    """List and pair the documents of ``folder`` (see :func:`find_translations`).

    ``models`` may also be an Embedder instance (run in this process).
    """
    from ..scoring.embed import Embedder

    if isinstance(models, Embedder):
        models = LocalModels(models)
    paths, skipped = list_documents(folder, exclude)
    return find_translations(paths, models, executor, params, align_params, presegmented, progress, skipped)
