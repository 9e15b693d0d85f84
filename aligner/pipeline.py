"""The end-to-end flow: text -> sentences -> scores -> beads -> Alignment.

Each stage is a function of typed inputs returning its result; models load
lazily (see :mod:`aligner.scoring.embed`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Sequence

import numpy as np

from . import __version__
from .errors import InputError
from .scoring import extra
from .scoring.embed import Embedder, default_embedder
from .scoring.pairs import PairScorer, Params, Side, to_unit
from .search import Band, band_around_path, search
from .types import Alignment, Bead, Document, Sentence, TargetAlignment, bead_kind

#: DP cells above which the search runs in a corridor found at coarser resolution
MAX_FULL_CELLS = 3_000_000
_FINAL_PUNCT = set(".!?…。！？؟:;\"'”’»)]")


@dataclass
class Options:
    """How to align (everything the signature records)."""

    src_lang: Optional[str] = None
    tgt_langs: Optional[Sequence[Optional[str]]] = None
    presegmented: bool = False
    params: Params = field(default_factory=Params)
    embedder: Optional[Embedder] = None
    translator: Optional[object] = None      # aligner.scoring.mt.Translator
    lexical: bool = False


# ---- stage 1: documents -----------------------------------------------------
def make_document(text: str, lang: Optional[str], presegmented: bool, path: Optional[str] = None) -> Document:
    from . import segment
    from .langid import detect_language

    if not text.strip():
        raise InputError(f"{path or '<text>'}: is empty or contains only whitespace")
    lang = lang or detect_language(text)
    sents = segment.segment_lines(text) if presegmented else segment.segment(text, lang)
    return Document(text=text, sentences=sents, lang=lang, path=path)


def headings(doc: Document) -> np.ndarray:
    """True for sentences that stand alone on their line without final punctuation (titles, credits, URLs)."""
    out = np.zeros(len(doc.sentences), dtype=bool)
    for k, s in enumerate(doc.sentences):
        line_start = doc.text.rfind("\n", 0, s.start) + 1
        line_end = doc.text.find("\n", s.end)
        line_end = len(doc.text) if line_end < 0 else line_end
        alone = not doc.text[line_start:s.start].strip() and not doc.text[s.end:line_end].strip()
        out[k] = alone and s.text[-1:] not in _FINAL_PUNCT and len(s.text) < 200
    return out


# ---- stage 2-4: score and search one pair -------------------------------------
def align_pair(src: Document, tgt: Document, embedder: Embedder, params: Params,
               src_emb: Optional[np.ndarray] = None, glosses: Optional[Sequence[str]] = None,
               mt_name: str = "mt") -> list[Bead]:
    """Beads for one (source, target) pair: monotonic search, then the moved pass."""
    n, m = len(src.sentences), len(tgt.sentences)
    if n == 0 or m == 0:
        return ([Bead((i,), (), "dropped", 0.0) for i in range(n)]
                + [Bead((), (j,), "added", 0.0) for j in range(m)])
    if src_emb is None:
        src_emb = embedder.embed([s.text for s in src.sentences])
    tgt_emb = embedder.embed([s.text for s in tgt.sentences])
    S = Side([s.text for s in src.sentences], src.lang, headings(src), src_emb)
    T = Side([s.text for s in tgt.sentences], tgt.lang, headings(tgt), tgt_emb)
    band = choose_band(src_emb, tgt_emb)
    scorer = PairScorer(S, T, params, embedder.embed, band)
    if params.w_lex > 0:
        lex = extra.lexical_scorer(S.texts, T.texts, src.lang, tgt.lang)
        if lex is not None:
            scorer.add_extra(lex, params.w_lex)
    if glosses is not None and params.w_mt > 0:
        mt = extra.mt_scorer(S.texts, glosses, mt_name)
        if mt is not None:
            scorer.add_extra(mt, params.w_mt)
    gains, skip_s, skip_t = scorer.tables()
    path = search(gains, band, skip_s, skip_t)
    return finalize(path, scorer, params)


def choose_band(src_emb: np.ndarray, tgt_emb: np.ndarray, radius: int = 0) -> Band:
    """Full grid for small documents; otherwise a corridor around a coarse alignment."""
    n, m = len(src_emb), len(tgt_emb)
    if (n + 1) * (m + 1) <= MAX_FULL_CELLS:
        return Band.full(n, m)
    f = int(np.ceil(np.sqrt((n + 1) * (m + 1) / MAX_FULL_CELLS)))
    cs, ct = _coarsen(src_emb, f), _coarsen(tgt_emb, f)
    cband = choose_band(cs, ct)
    N, M = len(cs), len(ct)
    ii = np.repeat(np.arange(N + 1), cband.width)
    jj = (cband.lo[:, None] + np.arange(cband.width)[None, :]).ravel()
    ok = (ii >= 1) & (jj >= 1) & (jj <= M)
    g = np.full(len(ii), -1e9, dtype=np.float32)
    cos = np.einsum("ij,ij->i", cs[ii[ok] - 1], ct[jj[ok] - 1])
    g[ok] = cos - np.median(cos)
    beads = search({(1, 1): g.reshape(N + 1, cband.width)}, cband,
                   np.zeros(N, np.float32), np.zeros(M, np.float32))
    pts = [(0, 0)]
    i = j = 0
    for s_idx, t_idx in beads:
        i += len(s_idx); j += len(t_idx)
        pts.append((min(n, i * f), min(m, j * f)))
    pts[-1] = (n, m)
    return band_around_path(pts, n, m, radius or 2 * f + 8)


def _coarsen(emb: np.ndarray, f: int) -> np.ndarray:
    n = len(emb)
    k = (n + f - 1) // f
    pad = np.zeros((k * f, emb.shape[1]), dtype=np.float32)
    pad[:n] = emb
    out = pad.reshape(k, f, -1).sum(1)
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


def finalize(path, scorer: PairScorer, params: Params) -> list[Bead]:
    """Monotonic path -> typed beads, then link clearly matching leftovers as ``moved``."""
    beads: list[Bead] = []
    for s_idx, t_idx in path:
        if s_idx and t_idx:
            sim = scorer.group_sim(s_idx, t_idx)
            sc = to_unit(sim, params.skip)
            beads.append(Bead(s_idx, t_idx, bead_kind(len(s_idx), len(t_idx)), round(sc, 4),
                              weak=sc < params.weak_threshold))
        else:
            beads.append(Bead(s_idx, t_idx, bead_kind(len(s_idx), len(t_idx)), 0.0))
    return moved_pass(beads, scorer, params)


def moved_pass(beads: list[Bead], scorer: PairScorer, params: Params) -> list[Bead]:
    """Pair left-over source and target sentences that clearly match, out of order."""
    lone_s = [b.src[0] for b in beads if b.kind == "dropped"]
    lone_t = [b.tgt[0] for b in beads if b.kind == "added"]
    if not lone_s or not lone_t:
        return beads
    r = np.repeat(lone_s, len(lone_t))
    c = np.tile(lone_t, len(lone_s))
    sims = scorer.sim11(np.asarray(r), np.asarray(c))
    order = np.argsort(-sims)
    used_s: set[int] = set()
    used_t: set[int] = set()
    links: dict[int, Bead] = {}
    for k in order:
        if sims[k] < params.move_threshold:
            break
        i, j = int(r[k]), int(c[k])
        if i in used_s or j in used_t:
            continue
        used_s.add(i); used_t.add(j)
        sc = to_unit(float(sims[k]), params.skip)
        links[i] = Bead((i,), (j,), "moved", round(sc, 4), weak=sc < params.weak_threshold)
    out = []
    for b in beads:
        if b.kind == "dropped" and b.src[0] in links:
            out.append(links[b.src[0]])
        elif b.kind == "added" and b.tgt[0] in used_t:
            continue
        else:
            out.append(b)
    return out


# ---- the public entry point ----------------------------------------------------
def align(source_text: str, target_texts: Sequence[str], *, src_lang: Optional[str] = None,
          tgt_langs: Optional[Sequence[Optional[str]]] = None, presegmented: bool = False,
          params: Optional[Params] = None, embedder: Optional[Embedder] = None,
          source_path: Optional[str] = None, target_paths: Optional[Sequence[Optional[str]]] = None,
          options: Optional[Options] = None) -> Alignment:
    """Align ``source_text`` with each of ``target_texts`` (each target against the one source)."""
    opts = options or Options(src_lang=src_lang, tgt_langs=tgt_langs, presegmented=presegmented,
                              params=params or Params(), embedder=embedder)
    emb = opts.embedder or default_embedder()
    tgt_langs = list(opts.tgt_langs or [None] * len(target_texts))
    paths = list(target_paths or [None] * len(target_texts))
    src = make_document(source_text, opts.src_lang, opts.presegmented, source_path)
    src_emb = emb.embed([s.text for s in src.sentences])
    targets = []
    for text, lang, path in zip(target_texts, tgt_langs, paths):
        tgt = make_document(text, lang, opts.presegmented, path)
        beads = align_pair(src, tgt, emb, opts.params, src_emb=src_emb)
        targets.append(TargetAlignment(tgt, beads))
    return Alignment(source=src, targets=targets, signature=signature(opts, emb), version=__version__)


def signature(opts: Options, embedder: Embedder) -> str:
    seg = "lines" if opts.presegmented else "punkt-rules"
    return f"seg:{seg}|emb:{embedder.name}|{opts.params.signature()}|version:{__version__}"
