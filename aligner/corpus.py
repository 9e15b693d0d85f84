"""Corpus mode: find which documents in a folder translate which, and align every pair.

Four named steps, each a function of typed inputs:

1. **Retrieve** (:func:`candidates`): one vector per document, the mean of its
   sentence embeddings minus the mean document vector of its language
   (without that centring, documents cluster by language, not by content),
   L2-normalised.  Each document keeps its ``top_k`` nearest documents of
   *other* languages, plus its nearest one in every other language.  Documents
   in the same language are never candidates.
2. **Verify** each candidate pair with the aligner's own scorer and monotonic
   search (:func:`search_beads`: no model call, sentence embeddings are
   reused).  Evidence (:func:`evidence_of`) is the *score-weighted coverage*
   of each side: the sum, over its sentences in a non-weak link, of the link's
   score, divided by its sentence count.  Same-topic articles share names and
   words, so the search finds some links, but weak or few of them.
3. **Decide** (:func:`accepted`, :func:`decide`): a pair is a translation when
   *both* coverages reach ``min_coverage``.  Accepted pairs are grouped into
   stars: the hub (the original) is the document whose best accepted pair per
   other language has the highest summed evidence; it takes its best partner in
   each other language; repeat over the rest.  Within a triple of translations
   the original wins because each translation is closer to it than to its
   sibling.  Caveat: the lexical scorer exists only for en-id and en-vi, so
   id-vi alignments score lower than they would with a dictionary; that bias
   favours English as hub.  It is what was measured and it held on the dev
   folder, but in a folder of id/vi originals translated to English it leans
   the wrong way when the evidence is close.
4. **Align** each pair with :func:`aligner.align.pipeline.align_pair` (the full
   aligner), and choose the direction (:func:`direction`).

Direction rule: the side with clearly more unaligned body sentences (not
headings) is the translation (it adds commentary, a summary, notes).  "Clearly"
means the shares differ by ``direction_margin``.  Otherwise the direction is
``"uncertain"`` unless the document is already the source (or translation) of
another pair; the displayed source is then the hub.  Caveat: a partial
translation looks, by this rule alone, like an original with additions.

Thresholds were chosen on the NTREX dev folder built by
``scripts/make_corpus_devset.py`` (see :class:`CorpusParams`).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import Callable, Optional, Sequence

import numpy as np

from .errors import AlignerError, InputError
from .readers import DOCUMENT_SUFFIXES as READER_SUFFIXES
from .scoring.embed import Embedder
from .scoring.pairs import Params
from .summary import summarise
from .types import Alignment, Bead, Document, TargetAlignment, bead_kind

#: file name suffixes read as documents
TEXT_SUFFIXES = (".txt", ".text", ".md")
#: what corpus mode reads: text files, saved web pages and Word documents (aligner.readers)
DOCUMENT_SUFFIXES = TEXT_SUFFIXES + READER_SUFFIXES

#: progress(stage, done, total)
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class CorpusParams:
    top_k: int = 3                  # candidates kept per document (other languages)
    # Score-weighted coverage both sides need (see the module docstring).  Measured on
    # the NTREX dev folder (379 candidate pairs): true en-id/en-vi pairs >= 0.456,
    # id-vi siblings >= 0.41, wrong candidates <= 0.33; on the seeds the rewritten
    # 001-004 pair has 0.449, the same-topic pairs <= 0.27.
    min_coverage: float = 0.39
    direction_margin: float = 0.15  # difference in unaligned body-sentence share that tells the original
    duplicate_cosine: float = 0.985  # same-language document vectors this close are reported as duplicates

    def signature(self) -> str:
        return f"corpus:top{self.top_k}|verify:search|cov:{self.min_coverage}"


@dataclass
class Evidence:
    """Sentence-level verification of one unordered candidate pair ``(a, b)``."""

    a: int
    b: int
    n_links: int                    # non-weak linked beads
    coverage_a: float               # score-weighted share of a's sentences with a counterpart
    coverage_b: float

    @property
    def score(self) -> float:
        """Mean of the two coverages: the edge weight that chooses hubs and partners."""
        return round((self.coverage_a + self.coverage_b) / 2, 4)


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


# ---- reading --------------------------------------------------------------------
def list_documents(folder: str) -> list[str]:
    """Sorted paths of the documents (text, web pages, .docx) under ``folder`` (hidden files and folders skipped)."""
    if not os.path.exists(folder):
        raise InputError(f"{folder}: no such folder")
    if not os.path.isdir(folder):
        raise InputError(f"{folder}: is not a folder")
    out = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in files:
            if not f.startswith(".") and f.lower().endswith(DOCUMENT_SUFFIXES):
                out.append(os.path.join(root, f))
    if not out:
        raise InputError(f"{folder}: no documents ({', '.join(DOCUMENT_SUFFIXES)}) found")
    return sorted(out)


def load_documents(paths: Sequence[str], presegmented: bool = False) -> tuple[list[Document], list[Unmatched]]:
    """Read, identify the language of and segment each file; unreadable ones are reported, not fatal."""
    from .align.pipeline import make_document
    from .readers import read_document

    docs, bad = [], []
    for p in paths:
        try:
            text, reader = read_document(p)
            docs.append(make_document(text, None, presegmented, p))
            docs[-1].reader = reader
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


# ---- step 2: verification ----------------------------------------------------------
def search_beads(src: Document, tgt: Document, src_emb: np.ndarray, tgt_emb: np.ndarray,
                 params: Params) -> list[Bead]:
    """The aligner's monotonic search for one pair, with no model call.

    The same scorer and search as :func:`aligner.align.pipeline.align_pair`
    (embedding z-scores, length, anchors, the lexical scorer where one exists:
    en-id and en-vi only), but multi-sentence groups are scored on
    length-weighted sums of sentence vectors and the moved/absorb passes are
    skipped: those embed new text, and a verification pass over every
    candidate must cost nothing beyond the cached sentence embeddings.
    """
    from .align.band import choose_band
    from .align.pipeline import headings
    from .scoring import extra
    from .scoring.pairs import PairScorer, Side, to_unit
    from .align.search import search

    n, m = len(src.sentences), len(tgt.sentences)
    if n == 0 or m == 0:
        return ([Bead((i,), (), "dropped", 0.0) for i in range(n)]
                + [Bead((), (j,), "added", 0.0) for j in range(m)])
    p = replace(params, embed_runs=False)
    S = Side([s.text for s in src.sentences], src.lang, headings(src), src_emb)
    T = Side([s.text for s in tgt.sentences], tgt.lang, headings(tgt), tgt_emb)
    band = choose_band(src_emb, tgt_emb)

    def no_model(texts):
        raise AssertionError("search_beads must not embed")  # pragma: no cover
    scorer = PairScorer(S, T, p, no_model, band)
    if p.w_lex > 0:
        lex = extra.lexical_scorer(S.texts, T.texts, src.lang, tgt.lang)
        if lex is not None:
            scorer.add_extra(lex, p.w_lex)
    gains, skip_s, skip_t = scorer.tables()
    out = []
    for s_idx, t_idx in search(gains, band, skip_s, skip_t):
        s_idx, t_idx = tuple(s_idx), tuple(t_idx)
        if s_idx and t_idx:
            sc = to_unit(scorer.group_sim(s_idx, t_idx, approx=True), scorer.threshold)
            out.append(Bead(s_idx, t_idx, bead_kind(len(s_idx), len(t_idx)), round(sc, 4),
                            weak=sc < p.weak_threshold))
        else:
            out.append(Bead(s_idx, t_idx, bead_kind(len(s_idx), len(t_idx)), 0.0))
    return out


def evidence_of(a: int, b: int, beads: Sequence[Bead], n_a: int, n_b: int) -> Evidence:
    """Score-weighted coverage of each side by the non-weak links of ``beads`` (a = source side)."""
    wa = wb = 0.0
    links = 0
    for bd in beads:
        if bd.src and bd.tgt and not bd.weak:
            wa += bd.score * len(bd.src)
            wb += bd.score * len(bd.tgt)
            links += 1
    ca, cb = (wa / n_a if n_a else 0.0), (wb / n_b if n_b else 0.0)
    return Evidence(a, b, links, round(ca, 4), round(cb, 4))


def accepted(ev: Evidence, params: CorpusParams) -> bool:
    """The decision rule for one pair: both sides covered by at least ``min_coverage``."""
    return ev.n_links > 0 and min(ev.coverage_a, ev.coverage_b) >= params.min_coverage


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
        if accepted(ev, params):
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
    from .align.pipeline import Options, align_pair, headings, signature
    from .facts import annotate

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
    todo = sorted({(min(i, j), max(i, j)) for i, js in enumerate(cand) for j in js})
    evidence: dict[tuple[int, int], Evidence] = {}
    for n, (i, j) in enumerate(todo):
        beads = search_beads(docs[i], docs[j], embs[i], embs[j], ap)
        evidence[(i, j)] = evidence_of(i, j, beads, sizes[i], sizes[j])
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
        beads = annotate(docs[src], docs[tgt], beads)  # changed numbers, dates, names (signature: facts:1)
        s = summarise(TargetAlignment(docs[tgt], beads), sizes[src])
        ev = evidence[(min(r, d), max(r, d))]
        pairs.append(CorpusPair(docs[src], docs[tgt], beads,
                                {"source": round(s.coverage, 4), "target": round(s.target_coverage, 4)},
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
             "direction": pr.direction, "direction_evidence": pr.evidence,
             "summary": summarise(TargetAlignment(pr.target, list(pr.beads)), len(pr.source.sentences)).to_dict()}
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
    from .summary import COUNT_KEYS, COUNTS_DEFINITION, COVERAGE_DEFINITION, percent

    html = env.get_template(INDEX_TEMPLATE).render(
        data=data, basename=os.path.basename, percent=percent, count_keys=COUNT_KEYS,
        coverage_definition=COVERAGE_DEFINITION, counts_definition=COUNTS_DEFINITION)
    ipath = os.path.join(outdir, "index.html")
    write_atomic(ipath, html)
    return written + [ppath, ipath]
