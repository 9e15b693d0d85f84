"""Scoring a predicted alignment against a gold alignment (metrics written once).

Everything is scored in *gold index space*: predicted sentences are first
mapped onto gold sentences by character overlap, so an alignment produced with
any segmentation can be scored.

Mapping rule (:func:`map_sentences`)
    Offsets are compared after stripping surrounding whitespace from each
    sentence.  A predicted sentence ``p`` maps to every gold sentence ``g`` with
    ``overlap(p, g) > 0.5 * min(len(p), len(g))``.  When no gold sentence
    passes that test, ``p`` maps to the single gold sentence it overlaps most (if
    it overlaps any); otherwise it maps to nothing and is ignored.

Translating beads (:func:`gold_links_from_beads`)
    Each bead becomes a link ``(gold src indices, gold tgt indices)``.  Links
    that share a gold sentence on either side are then united (a gold sentence
    the system cut in two and aligned in two beads is one decision in gold
    terms), so every gold sentence occurs in at most one predicted link.

Metrics, each kept as raw counts (:class:`Counts`) so documents can be pooled
by summing counts (micro average):

``strict``, ``lax``
    Text+Berg scores with vecalign ``score.py`` semantics: links empty on both
    sides are dropped and duplicates removed.  Precision judges every system
    link (1-0 and 0-1 included): strict TP iff it is identical to a gold link;
    lax TP iff strict, or its targets meet the union of gold targets of its
    sources.  Recall judges gold links with both sides non-empty against the
    system links, with the roles swapped.  Gold dropped/added sentences are
    gold 1-0/0-1 links.  Possible (``sure=false``) gold links are accepted in
    precision but not required in recall.
``pairs``
    Links expanded to (src, tgt) pairs.  Sure gold pairs are required (recall);
    a predicted pair in sure | possible is not a false positive (precision).
``added``, ``dropped``
    Predicted added target sentences (in links with no source) against gold
    added ones; likewise dropped source sentences.  A predicted added/dropped
    sentence that has no *sure* gold link is tolerated in precision.
``moved``
    Recall only: the gold links out of document order (see :func:`moved_links`)
    whose pairs were all predicted.
``seg_src``, ``seg_tgt``
    Segmentation boundaries (stripped start and end offsets of sentences) of
    the predicted documents against the gold sentences.

Undefined values (zero denominators) are ``None``; F1 is ``None`` when
precision or recall is undefined (pool documents to get a defined value).
"""
from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional, Sequence

import numpy as np

from ..errors import InputError
from ..types import Alignment, Bead, Sentence, TargetAlignment
from .gold import (GoldFormatError, Gold, Link, check_same_texts, gold_from_dict,  # noqa: F401 (re-exported)
                   line_sentences, load_gold, parse_vecalign_gold)

LinkT = tuple[tuple[int, ...], tuple[int, ...]]

METRICS = ("strict", "lax", "pairs", "added", "dropped", "moved", "seg_src", "seg_tgt")

#: what the rows and columns of :meth:`EvalResult.format_table` mean (printed under it)
LEGEND = (
    ("P, R, F1", "precision, recall and their harmonic mean; '-' where a count is 0 (nothing to judge)"),
    ("counts", "P counts = correct / predicted, R counts = found / gold"),
    ("strict", "links identical to a gold link (vecalign's score.py; unaligned sentences are 1-0/0-1 links)"),
    ("lax", "links whose target sentences meet those of the gold links of their sources"),
    ("pairs", "links expanded to (original sentence, translation sentence) pairs"),
    ("added", "translation sentences with no counterpart in the original"),
    ("dropped", "original sentences with no counterpart in the translation"),
    ("moved", "recall only: gold links out of document order whose pairs were all predicted; P counts "
              "stay 0/0 however many moved links the prediction has, R counts are 0/0 when the gold has none"),
    ("seg_src", "sentence boundaries of the original against the gold's (seg_tgt: of the translation)"),
)


# ------------------------------------------------------------------------ counts

@dataclass
class Counts:
    """Raw counts of one metric: precision ``tp_p / n_p``, recall ``tp_r / n_r``.

    Precision and recall have separate true-positive counts because tolerated
    (possible) items and lax matching make them differ.  Add Counts to pool.
    """

    tp_p: int = 0
    n_p: int = 0
    tp_r: int = 0
    n_r: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.tp_p + other.tp_p, self.n_p + other.n_p, self.tp_r + other.tp_r, self.n_r + other.n_r)

    @property
    def precision(self) -> Optional[float]:
        return self.tp_p / self.n_p if self.n_p else None

    @property
    def recall(self) -> Optional[float]:
        return self.tp_r / self.n_r if self.n_r else None

    @property
    def f1(self) -> Optional[float]:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        if p + r == 0:
            return 0.0
        return 2 * p * r / (p + r)

    def to_dict(self) -> dict[str, Any]:
        def rnd(x: Optional[float]) -> Optional[float]:
            return None if x is None else round(x, 4)
        return {"precision": rnd(self.precision), "recall": rnd(self.recall), "f1": rnd(self.f1),
                "tp_p": self.tp_p, "n_p": self.n_p, "tp_r": self.tp_r, "n_r": self.n_r}


@dataclass
class EvalResult:
    """Counts per metric (see module docstring) plus how well the predicted
    sentences covered the gold ones (fraction of gold sentences mapped to)."""

    metrics: dict[str, Counts] = field(default_factory=lambda: {m: Counts() for m in METRICS})
    n_docs: int = 1
    src_coverage: float = 1.0
    tgt_coverage: float = 1.0

    def __getitem__(self, name: str) -> Counts:
        return self.metrics[name]

    def to_dict(self) -> dict[str, Any]:
        return {"documents": self.n_docs, "src_coverage": round(self.src_coverage, 4),
                "tgt_coverage": round(self.tgt_coverage, 4),
                "metrics": {k: v.to_dict() for k, v in self.metrics.items()}}

    def format_table(self, legend: bool = False) -> str:
        """A plain-text table for people (with ``legend``: what each row and column means)."""
        def f(x: Optional[float]) -> str:
            return "     -" if x is None else f"{x:6.3f}"
        lines = [f"{'metric':<9} {'P':>6} {'R':>6} {'F1':>6}   {'P counts':>11} {'R counts':>11}"]
        for name, c in self.metrics.items():
            lines.append(f"{name:<9} {f(c.precision)} {f(c.recall)} {f(c.f1)}   "
                         f"{f'{c.tp_p}/{c.n_p}':>11} {f'{c.tp_r}/{c.n_r}':>11}")
        lines.append(f"documents: {self.n_docs}; gold sentences covered by the prediction: "
                     f"source {self.src_coverage:.1%}, target {self.tgt_coverage:.1%}")
        if legend:
            lines.append("")
            lines += [f"{name:<9} {text}" for name, text in LEGEND]
        return "\n".join(lines)


def pool(results: Iterable[EvalResult]) -> EvalResult:
    """Micro-average: sum the counts of several documents."""
    out = EvalResult(n_docs=0)
    cov_s = cov_t = 0.0
    for r in results:
        for k, c in r.metrics.items():
            out.metrics[k] = out.metrics.get(k, Counts()) + c
        out.n_docs += r.n_docs
        cov_s += r.src_coverage * r.n_docs
        cov_t += r.tgt_coverage * r.n_docs
    if out.n_docs:
        out.src_coverage, out.tgt_coverage = cov_s / out.n_docs, cov_t / out.n_docs
    return out


# ----------------------------------------------------------------------- mapping

def _stripped(s: Sentence) -> tuple[int, int]:
    lead = len(s.text) - len(s.text.lstrip())
    trail = len(s.text) - len(s.text.rstrip())
    if len(s.text) != s.end - s.start or lead == len(s.text):
        return s.start, s.end
    return s.start + lead, s.end - trail


def map_sentences(pred: Sequence[Sentence], gold: Sequence[Sentence]) -> list[tuple[int, ...]]:
    """For each predicted sentence, the gold sentence indices it maps to (module docstring)."""
    if not pred:
        return []
    if not gold:
        return [() for _ in pred]
    ps, pe = np.array([_stripped(s) for s in pred], dtype=np.int64).T
    gs, ge = np.array([_stripped(s) for s in gold], dtype=np.int64).T
    out: list[tuple[int, ...]] = []
    glen = ge - gs
    for a, b in zip(ps, pe):
        ov = np.clip(np.minimum(b, ge) - np.maximum(a, gs), 0, None)
        hits = np.nonzero(ov * 2 > np.minimum(b - a, glen))[0]
        hits = hits[ov[hits] > 0]
        if len(hits):
            out.append(tuple(int(i) for i in hits))
        elif ov.max() > 0:
            out.append((int(ov.argmax()),))
        else:
            out.append(())
    return out


def gold_links_from_beads(beads: Sequence[Bead], src_map: Sequence[tuple[int, ...]],
                          tgt_map: Sequence[tuple[int, ...]]) -> list[LinkT]:
    """Predicted beads -> links over gold indices; links sharing a gold sentence are united."""
    raw: list[tuple[set[int], set[int]]] = []
    for b in beads:
        s = {g for i in b.src if 0 <= i < len(src_map) for g in src_map[i]}
        t = {g for j in b.tgt if 0 <= j < len(tgt_map) for g in tgt_map[j]}
        if s or t:
            raw.append((s, t))
    parent = list(range(len(raw)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    owner_s: dict[int, int] = {}
    owner_t: dict[int, int] = {}
    for k, (s, t) in enumerate(raw):
        for owner, items in ((owner_s, s), (owner_t, t)):
            for g in items:
                if g in owner:
                    parent[find(k)] = find(owner[g])
                else:
                    owner[g] = k
    groups: dict[int, tuple[set[int], set[int]]] = {}
    for k, (s, t) in enumerate(raw):
        gs, gt = groups.setdefault(find(k), (set(), set()))
        gs |= s
        gt |= t
    links = [(tuple(sorted(s)), tuple(sorted(t))) for s, t in groups.values()]
    return sorted(links, key=lambda x: (x[0][:1] or (-1,), x[1][:1] or (-1,)))


# ----------------------------------------------------------------------- metrics

def _tb_precision(reference: set[LinkT], test: set[LinkT]) -> tuple[int, int]:
    """vecalign score.py ``_precision``: (strict TP, lax TP) of ``test`` judged against ``reference``."""
    src_to_tgts: dict[int, set[int]] = defaultdict(set)
    for rs, rt in reference:
        for i in rs:
            src_to_tgts[i].update(rt)
    strict = lax = 0
    for ts, tt in test:
        if (ts, tt) in reference:
            strict += 1
            lax += 1
        else:
            targets: set[int] = set()
            for i in ts:
                targets |= src_to_tgts.get(i, set())
            if targets.intersection(tt):
                lax += 1
    return strict, lax


def textberg_counts(gold: Gold, pred: Sequence[LinkT]) -> tuple[Counts, Counts]:
    """Strict and lax Text+Berg counts (vecalign score.py semantics)."""
    test = {(tuple(s), tuple(t)) for s, t in pred if s or t}
    ref_all = {(x.src, x.tgt) for x in gold.links}
    ref_all |= {((i,), ()) for i in gold.dropped} | {((), (j,)) for j in gold.added}
    ref_sure = {(x.src, x.tgt) for x in gold.links if x.sure}
    ps, pl = _tb_precision(ref_all, test)
    rs, rl = _tb_precision(test, ref_sure)
    return Counts(ps, len(test), rs, len(ref_sure)), Counts(pl, len(test), rl, len(ref_sure))


def _pairs(links: Iterable[tuple[Sequence[int], Sequence[int]]]) -> set[tuple[int, int]]:
    return {(i, j) for s, t in links for i in s for j in t}


def pair_counts(gold: Gold, pred: Sequence[LinkT]) -> Counts:
    """Link-pair counts: sure pairs required, sure | possible pairs tolerated."""
    p = _pairs(pred)
    sure = _pairs((x.src, x.tgt) for x in gold.links if x.sure)
    allowed = sure | _pairs((x.src, x.tgt) for x in gold.links)
    return Counts(len(p & allowed), len(p), len(p & sure), len(sure))


def added_dropped_counts(gold: Gold, pred: Sequence[LinkT]) -> tuple[Counts, Counts]:
    """(added, dropped) counts; sentences without a sure gold link are tolerated in precision."""
    pred_added = {j for s, t in pred if not s for j in t}
    pred_dropped = {i for s, t in pred if not t for i in s}
    sure_t = {j for x in gold.links if x.sure for j in x.tgt}
    sure_s = {i for x in gold.links if x.sure for i in x.src}
    ok_t = set(range(len(gold.tgt_sentences))) - sure_t
    ok_s = set(range(len(gold.src_sentences))) - sure_s
    ga, gd = set(gold.added), set(gold.dropped)
    return (Counts(len(pred_added & (ga | ok_t)), len(pred_added), len(pred_added & ga), len(ga)),
            Counts(len(pred_dropped & (gd | ok_s)), len(pred_dropped), len(pred_dropped & gd), len(gd)))


def moved_links(links: Sequence[Link]) -> list[int]:
    """Indices of the links that are out of document order.

    Two links cross when one lies wholly before the other in the source and
    wholly after it in the target.  Repeatedly the link crossing the most
    others (ties: the later one in the source) is set aside until no crossing
    remains; those set aside are the moved links.  Moving one sentence k
    places thus marks that sentence only, not the k sentences it jumped over.
    """
    n = len(links)
    if n < 2:
        return []
    smin = np.array([min(x.src) for x in links])
    smax = np.array([max(x.src) for x in links])
    tmin = np.array([min(x.tgt) for x in links])
    tmax = np.array([max(x.tgt) for x in links])
    cross = ((smax[:, None] < smin[None, :]) & (tmin[:, None] > tmax[None, :])) | \
            ((smin[:, None] > smax[None, :]) & (tmax[:, None] < tmin[None, :]))
    alive = np.ones(n, dtype=bool)
    moved: list[int] = []
    while True:
        deg = (cross & alive[None, :]).sum(axis=1) * alive
        if deg.max() == 0:
            break
        best = deg.max()
        cands = np.nonzero(deg == best)[0]
        k = int(max(cands, key=lambda c: (smin[c], tmin[c])))
        alive[k] = False
        moved.append(k)
    return sorted(moved)


def moved_counts(gold: Gold, pred: Sequence[LinkT]) -> Counts:
    """Recall of moved (out-of-order) sure gold links: all their pairs predicted."""
    sure = [x for x in gold.links if x.sure]
    p = _pairs(pred)
    moved = [sure[k] for k in moved_links(sure)]
    hit = sum(1 for x in moved if all((i, j) in p for i in x.src for j in x.tgt))
    return Counts(0, 0, hit, len(moved))


def boundary_counts(pred: Sequence[Sentence], gold: Sequence[Sentence]) -> Counts:
    """Segmentation boundaries: stripped start and end offsets of sentences."""
    def bounds(sents: Sequence[Sentence]) -> set[int]:
        out: set[int] = set()
        for s in sents:
            a, b = _stripped(s)
            if b > a:
                out.update((a, b))
        return out
    p, g = bounds(pred), bounds(gold)
    return Counts(len(p & g), len(p), len(p & g), len(g))


# ----------------------------------------------------------------------- drivers

def score_links(gold: Gold, pred: Sequence[LinkT]) -> EvalResult:
    """All alignment metrics for predicted links already in gold index space
    (segmentation is taken as identical to the gold's)."""
    pred = [(tuple(sorted(s)), tuple(sorted(t))) for s, t in pred]
    strict, lax = textberg_counts(gold, pred)
    added, dropped = added_dropped_counts(gold, pred)
    seg_s = boundary_counts(gold.src_sentences, gold.src_sentences)
    seg_t = boundary_counts(gold.tgt_sentences, gold.tgt_sentences)
    return EvalResult({"strict": strict, "lax": lax, "pairs": pair_counts(gold, pred), "added": added,
                       "dropped": dropped, "moved": moved_counts(gold, pred), "seg_src": seg_s, "seg_tgt": seg_t})


def evaluate_beads(gold: Gold, src_sentences: Sequence[Sentence], tgt_sentences: Sequence[Sentence],
                   beads: Sequence[Bead]) -> EvalResult:
    """Score beads over predicted sentence lists (offsets into the gold's texts)."""
    src_map = map_sentences(src_sentences, gold.src_sentences)
    tgt_map = map_sentences(tgt_sentences, gold.tgt_sentences)
    result = score_links(gold, gold_links_from_beads(beads, src_map, tgt_map))
    result.metrics["seg_src"] = boundary_counts(src_sentences, gold.src_sentences)
    result.metrics["seg_tgt"] = boundary_counts(tgt_sentences, gold.tgt_sentences)
    ns, nt = len(gold.src_sentences), len(gold.tgt_sentences)
    result.src_coverage = len({g for m in src_map for g in m}) / ns if ns else 1.0
    result.tgt_coverage = len({g for m in tgt_map for g in m}) / nt if nt else 1.0
    return result


def select_target(alignment: Alignment, gold: Gold, index: Optional[int] = None) -> TargetAlignment:
    """The predicted target that the gold describes: by ``index``, the only
    target, or the one whose path has the gold target file's base name."""
    targets = alignment.targets
    if index is not None:
        if not 0 <= index < len(targets):
            raise InputError(f"prediction has {len(targets)} target(s); no target number {index}")
        return targets[index]
    if len(targets) == 1:
        return targets[0]
    if not targets:
        raise InputError("prediction has no targets")
    if gold.tgt_file:
        name = os.path.basename(gold.tgt_file)
        found = [t for t in targets if t.document.path and os.path.basename(t.document.path) == name]
        if len(found) == 1:
            return found[0]
    raise InputError(f"prediction has {len(targets)} targets and none matches the gold target "
                     f"{gold.tgt_file!r} by file name; choose one with --target")


def evaluate(gold: Gold, alignment: Alignment, target: Optional[int] = None) -> EvalResult:
    """Score a predicted :class:`Alignment` (one of its targets) against ``gold``; refuses a
    prediction made from other documents than the gold's (see :func:`check_same_texts`)."""
    t = select_target(alignment, gold, target)
    check_same_texts(gold, alignment.source.sentences, t.document.sentences)
    return evaluate_beads(gold, alignment.source.sentences, t.document.sentences, t.beads)
