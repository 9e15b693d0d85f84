"""The end-to-end flow: text -> sentences -> scores -> beads -> Alignment.

Each stage is a function of typed inputs returning its result; models load
lazily (see :mod:`aligner.scoring.embed`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Sequence

import numpy as np

from .. import __version__
from ..errors import InputError
from ..progress import NO_PROGRESS, Progress, model_stage
from ..scoring import extra, prior
from ..scoring.embed import Embedder, default_embedder
from ..scoring.pairs import PairScorer, Params, Side
from ..types import Alignment, Bead, Document, TargetAlignment
from . import resegment
from .band import choose_band
from .passes import finalize
from .search import search

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
    progress: Progress = NO_PROGRESS         # told each stage and its total (aligner.progress)
    facts: bool = True                       # compare numbers, dates, names of linked beads
    uncovered: bool = False                  # spans of target words without counterpart (indicative)


# ---- stage 1: documents -----------------------------------------------------
def make_document(text: str, lang: Optional[str], presegmented: bool, path: Optional[str] = None) -> Document:
    from .. import segment
    from ..langid import detect_language

    if not text.strip():
        raise InputError(f"{path or '<text>'}: is empty or contains only whitespace")
    lang = lang or detect_language(text)
    sents = segment.segment_lines(text) if presegmented else segment.segment(text, lang)
    uncertain = () if presegmented else segment.uncertain_sentences(text, sents)
    return Document(text=text, sentences=sents, lang=lang, path=path, uncertain=uncertain)


def headings(doc: Document) -> np.ndarray:
    """True for sentences without final punctuation that begin a line: titles, credits, URLs alone on their
    line, and those glued to the next sentence that :mod:`.resegment` cut off."""
    out = np.zeros(len(doc.sentences), dtype=bool)
    for k, s in enumerate(doc.sentences):
        line_start = doc.text.rfind("\n", 0, s.start) + 1
        out[k] = not doc.text[line_start:s.start].strip() and s.text[-1:] not in _FINAL_PUNCT and len(s.text) < 200
    return out


# ---- stage 2-4: score and search one pair -------------------------------------
def align_pair(src: Document, tgt: Document, embedder: Embedder, params: Params,
               src_emb: Optional[np.ndarray] = None, glosses: Optional[Sequence[str]] = None,
               mt_name: str = "mt", tgt_emb: Optional[np.ndarray] = None,
               progress: Progress = NO_PROGRESS, label: str = "") -> list[Bead]:
    """Beads for one (source, target) pair: monotonic search, then the passes of :func:`finalize`.

    ``progress`` is told the stages ``scoring sentence pairs``, ``scoring merge
    candidates``, ``embedding merge candidates`` (when runs need embedding),
    ``search`` and ``passes``, each name prefixed by ``label``."""
    return _align_pair(src, tgt, embedder, params, src_emb, glosses, mt_name, tgt_emb, progress, label)[0]


def _align_pair(src: Document, tgt: Document, embedder: Embedder, params: Params,
                src_emb: Optional[np.ndarray] = None, glosses: Optional[Sequence[str]] = None,
                mt_name: str = "mt", tgt_emb: Optional[np.ndarray] = None,
                progress: Progress = NO_PROGRESS, label: str = "", lexical=None) -> tuple[list[Bead], Optional[PairScorer]]:
    """:func:`align_pair`, also returning the scorer of the final pass (None for an empty side).
    ``lexical``: a lexical model already fitted to this pair (one pass with it, no self-training)."""
    n, m = len(src.sentences), len(tgt.sentences)
    if n == 0 or m == 0:
        return ([Bead((i,), (), "dropped", 0.0) for i in range(n)]
                + [Bead((), (j,), "added", 0.0) for j in range(m)]), None
    if src_emb is None:
        src_emb = embedder.embed([s.text for s in src.sentences])
    if tgt_emb is None:
        tgt_emb = embedder.embed([s.text for s in tgt.sentences])
    progress.stage(label + "scoring sentence pairs", 2, "steps")  # setup here, the 1-1 table in tables()
    scorer = build_scorer(src, tgt, embedder, params, src_emb, tgt_emb, glosses, mt_name, lexical=lexical)
    progress.advance(1)
    beads = _search(scorer, params, lexical, progress, label)
    if params.self_train and lexical is None:
        model = learn_lexicon(beads, scorer, src.lang, tgt.lang, params)
        if model is not None:
            progress.stage(label + "second pass (lexicon learned from the first)", 2, "steps")
            scorer = build_scorer(src, tgt, embedder, params, src_emb, tgt_emb, glosses, mt_name,
                                  lexical=model, span_cache=scorer.span_cache)
            progress.advance(1)
            beads = _search(scorer, params, model)
            progress.advance(1)
    return beads, scorer


def _search(scorer: PairScorer, params: Params, lexical, progress: Progress = NO_PROGRESS,
            label: str = "") -> list[Bead]:
    gains, skip_s, skip_t = scorer.tables(progress, label)
    progress.stage(label + "search", scorer.n + 1, "rows")
    path = search(gains, scorer.band, skip_s, skip_t, progress.advance)
    progress.stage(label + "passes", 1, "pair")
    contain = None
    if params.contain_min < 1.0:
        parts = next((x.parts for x, _ in scorer._extra if isinstance(x, extra.LexicalScorer)), None)
        contain = extra.Containment(scorer.src.texts, scorer.tgt.texts, scorer.src.lang, scorer.tgt.lang,
                                    model=lexical, parts=parts)
        contain = contain if contain.available else None
    beads = finalize(path, scorer, params, contain)
    progress.advance(1)
    return beads


def learn_lexicon(beads: list[Bead], scorer: PairScorer, src_lang: str, tgt_lang: str, params: Params):
    """A lexical model fitted to the confident links of a first pass: the bundled table adapted
    to the document (MAP re-estimation) where one exists, else an IBM-1 model learned from the
    links alone (hunalign's bootstrap).  None when there are too few confident links."""
    from ..scoring.lexical import LexicalModel

    pairs = [(" ".join(scorer.src.texts[i] for i in b.src), " ".join(scorer.tgt.texts[j] for j in b.tgt))
             for b in beads if b.src and b.tgt and b.score >= params.self_train_min]
    if len(pairs) < params.self_train_pairs:
        return None
    prior_model = LexicalModel.load(src_lang, tgt_lang)
    if prior_model is not None:
        return prior_model.adapt(pairs)
    return LexicalModel.self_trained(pairs, src_lang, tgt_lang, min_pairs=params.self_train_pairs)


def build_scorer(src: Document, tgt: Document, embedder: Embedder, params: Params,
                 src_emb: Optional[np.ndarray] = None, tgt_emb: Optional[np.ndarray] = None,
                 glosses: Optional[Sequence[str]] = None, mt_name: str = "mt", lexical=None,
                 span_cache: Optional[dict] = None) -> PairScorer:
    """The scorer of one (source, target) pair: embeddings, band, background and every active scorer
    (``lexical``: a lexical model to use instead of the bundled table)."""
    if src_emb is None:
        src_emb = embedder.embed([s.text for s in src.sentences])
    if tgt_emb is None:
        tgt_emb = embedder.embed([s.text for s in tgt.sentences])
    S = Side([s.text for s in src.sentences], src.lang, headings(src), src_emb)
    T = Side([s.text for s in tgt.sentences], tgt.lang, headings(tgt), tgt_emb)
    band = choose_band(src_emb, tgt_emb)
    scorer = PairScorer(S, T, params, embedder.embed, band, prior.background(embedder))
    if span_cache is not None:
        scorer.span_cache = span_cache
    if params.w_lex > 0:
        lex = extra.lexical_scorer(S.texts, T.texts, src.lang, tgt.lang, model=lexical)
        if lex is not None:
            scorer.add_extra(lex, params.w_lex)
    if glosses is not None and params.w_mt > 0:
        mt = extra.mt_scorer(S.texts, glosses, mt_name)
        if mt is not None:
            scorer.add_extra(mt, params.w_mt, kind="mt")
    return scorer


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
    progress = opts.progress or NO_PROGRESS
    tgt_langs = list(opts.tgt_langs or [None] * len(target_texts))
    paths = list(target_paths or [None] * len(target_texts))
    src = make_document(source_text, opts.src_lang, opts.presegmented, source_path)
    tgts = [make_document(text, lang, opts.presegmented, path)
            for text, lang, path in zip(target_texts, tgt_langs, paths)]
    # every sentence of every document in one embedding stage (one batch, one progress total)
    texts = [s.text for d in (src, *tgts) for s in d.sentences]
    with model_stage(progress, emb, "embedding", len(texts)):
        vectors = emb.embed(texts)
    bounds = np.cumsum([0] + [len(d.sentences) for d in (src, *tgts)])
    src_emb, tgt_embs = vectors[:bounds[1]], [vectors[a:b] for a, b in zip(bounds[1:-1], bounds[2:])]
    all_glosses: list[Optional[list[str]]] = [None] * len(tgts)
    if opts.translator is not None:
        with model_stage(progress, opts.translator, "translating", len(texts) - len(src.sentences)):
            all_glosses = [list(opts.translator.translate([s.text for s in tgt.sentences], tgt.lang, src.lang))
                           for tgt in tgts]
    mt_name = getattr(opts.translator, "name", "mt")
    runs = []
    for k, (tgt, tgt_emb, glosses) in enumerate(zip(tgts, tgt_embs, all_glosses)):
        label = f"T{k + 1} {tgt.lang}: " if len(tgts) > 1 else ""
        runs.append(_align_pair(src, tgt, emb, opts.params, src_emb, glosses, mt_name, tgt_emb, progress, label))
    if opts.params.resegment and not opts.presegmented:
        src, tgts, all_glosses, runs = _refine(src, tgts, src_emb, tgt_embs, all_glosses, runs, emb, opts,
                                               mt_name, progress)
    targets = []
    for k, (tgt, glosses, (beads, _)) in enumerate(zip(tgts, all_glosses, runs)):
        label = f"T{k + 1} {tgt.lang}: " if len(tgts) > 1 else ""
        if opts.facts:
            from ..facts import annotate

            beads = annotate(src, tgt, beads)
        uncovered = None
        if opts.uncovered and opts.params.w_lex > 0:
            progress.stage(label + "finding added words", 1, "pair")
            uncovered = uncovered_spans(src, tgt, beads)
            progress.advance(1)
        targets.append(TargetAlignment(tgt, beads, glosses, uncovered))
    return Alignment(source=src, targets=targets, signature=signature(opts, emb), version=__version__)


def _refine(src: Document, tgts: list[Document], src_emb: np.ndarray, tgt_embs: list[np.ndarray],
            glosses: list, runs: list, emb: Embedder, opts: Options, mt_name: str, progress: Progress):
    """Cut "sentences" whose halves align to different sentences and align the pairs again.  A cut
    is kept only when the new alignment links both halves (for a source cut: with some target);
    the pairs are aligned once more without the cuts that failed.  Returns (src, tgts, glosses, runs)."""
    proposed = [resegment.propose_splits(scorer, beads, opts.params) if scorer is not None else ({}, {})
                for beads, scorer in runs]
    src_cuts = {i: c for sc, _ in proposed for i, c in sc.items()}
    tgt_cuts = [tc for _, tc in proposed]
    for attempt in range(2):
        if not src_cuts and not any(tgt_cuts):
            break
        progress.stage("refining segmentation", len(tgts), "pairs")
        new_src = resegment.split_sentences(src, src_cuts)
        new_src_emb = resegment.embed_split(src_emb, src, new_src, emb.embed)
        new_tgts, new_glosses, new_runs = list(tgts), list(glosses), list(runs)
        for k, (tgt, tc) in enumerate(zip(tgts, tgt_cuts)):
            if src_cuts or tc:
                new_tgts[k] = resegment.split_sentences(tgt, tc)
                tgt_emb = resegment.embed_split(tgt_embs[k], tgt, new_tgts[k], emb.embed)
                if tc and opts.translator is not None:
                    new_glosses[k] = list(opts.translator.translate([s.text for s in new_tgts[k].sentences],
                                                                    tgt.lang, src.lang))
                # one pass with the lexicon the pair's own final pass used (no second self-training)
                new_runs[k] = _align_pair(new_src, new_tgts[k], emb, opts.params, new_src_emb, new_glosses[k],
                                          mt_name, tgt_emb, lexical=_fitted_lexicon(runs[k][1]))
            progress.advance(1)
        held_src = set.union(set(), *(resegment.held(src_cuts, beads, 0) for beads, _ in new_runs))
        held_tgt = [resegment.held(tc, beads, 1) for tc, (beads, _) in zip(tgt_cuts, new_runs)]
        if attempt == 1 or (held_src == set(src_cuts) and all(h == set(tc) for h, tc in zip(held_tgt, tgt_cuts))):
            return new_src, new_tgts, new_glosses, new_runs
        src_cuts = {i: c for i, c in src_cuts.items() if i in held_src}
        tgt_cuts = [{j: c for j, c in tc.items() if j in h} for tc, h in zip(tgt_cuts, held_tgt)]
    return src, tgts, glosses, runs


def _fitted_lexicon(scorer: Optional[PairScorer]):
    """The lexical model a final pass scored with when it was fitted to the pair (self-trained), else None."""
    if scorer is None:
        return None
    return next((x.model for x, _ in scorer._extra if isinstance(x, extra.LexicalScorer) and x.fitted), None)


def uncovered_spans(src: Document, tgt: Document, beads: list[Bead],
                    min_words: int = 6) -> Optional[list[list[tuple[int, int]]]]:
    """Per target sentence, spans (relative to the sentence) of runs of at least ``min_words``
    words that the lexical model finds no counterpart for in the aligned source sentences.

    Indicative, not exact: it marks clauses a translator added inside a sentence.  None
    when no lexical table covers the language pair.
    """
    from ..scoring.lexical import LexicalModel

    model = LexicalModel.load(src.lang, tgt.lang)
    if model is None:
        return None
    out: list[list[tuple[int, int]]] = [[] for _ in tgt.sentences]
    for b in beads:
        if not b.src or not b.tgt:
            continue
        src_text = " ".join(src.sentences[i].text for i in b.src)
        for j in b.tgt:
            out[j] = list(model.uncovered(src_text, tgt.sentences[j].text, min_words=min_words))
    return out


def signature(opts: Options, embedder: Embedder) -> str:
    """How a result was made: segmenter, embedder, MT, lexical model, penalties, version."""
    seg = "lines" if opts.presegmented else "punkt-rules"
    parts = [f"seg:{seg}", f"emb:{embedder.name}"]
    if opts.translator is not None:
        parts.append(f"mt:{getattr(opts.translator, 'name', 'mt')}:{opts.params.w_mt}")
    if opts.params.w_lex > 0:
        parts.append("lex:ibm1")
    if opts.facts:
        parts.append("facts:1")
    parts += [opts.params.signature(), f"version:{__version__}"]
    return "|".join(parts)
