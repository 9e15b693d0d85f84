"""The summary of one translation's alignment: the counts and the coverage every view shows.

One function (:func:`summarise`) computes it; the diff view, the JSON ``summary``
object, the HTML report's cards and the corpus index all render the same
:class:`Summary`, so they cannot disagree.

Counts: ``match``, ``merge``, ``split`` and ``moved`` count links (beads: a
merge of two original sentences into one is one merge); ``added`` and
``dropped`` count sentences; ``weak`` counts links of any kind flagged weak.
A 1-1 or m-n link in document order is a ``match``; merges and splits are not
counted again as matches.

Coverage is defined once, in :data:`COVERAGE_DEFINITION`.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .types import Bead, Document, TargetAlignment

#: the one definition of coverage, printed in every legend
COVERAGE_DEFINITION = ("coverage is the share of the original's sentences that have a counterpart in the "
                       "translation (in order or moved, weak links included)")

#: what the numbers mean, for legends next to the counts
COUNTS_DEFINITION = ("match, merge, split and moved count links (a merge of two sentences is one merge, "
                     "not also a match); added and dropped count sentences; weak counts links of any kind "
                     "flagged as loose paraphrases")

#: count names in display order (also the keys of :meth:`Summary.to_dict`)
COUNT_KEYS = ("match", "merge", "split", "moved", "added", "dropped", "weak")


@dataclass(frozen=True)
class Summary:
    """Counts and coverage of one translation against the original."""

    match: int
    merge: int
    split: int
    moved: int
    added: int            #: translation sentences with no counterpart in the original
    dropped: int          #: original sentences with no counterpart in the translation
    weak: int
    source_sentences: int
    target_sentences: int
    source_covered: int   #: original sentences with a counterpart (see COVERAGE_DEFINITION)
    target_covered: int   #: translation sentences with a counterpart in the original
    facts: int = 0        #: changed facts: numbers, dates, names the two sides of a link disagree on

    @property
    def coverage(self) -> float:
        """Share (0 to 1) of the original's sentences with a counterpart; 1.0 for an empty original."""
        return self.source_covered / self.source_sentences if self.source_sentences else 1.0

    @property
    def target_coverage(self) -> float:
        """The same share for the translation's sentences."""
        return self.target_covered / self.target_sentences if self.target_sentences else 1.0

    @property
    def coverage_percent(self) -> str:
        """Coverage as people read it everywhere: ``72.2%``."""
        return percent(self.coverage)

    @property
    def target_coverage_percent(self) -> str:
        return percent(self.target_coverage)

    def counts(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in COUNT_KEYS}

    def line(self) -> str:
        """One line of text: the counts, then the coverage with its numerator and denominator."""
        c = self.counts()
        weak = c.pop("weak")
        return (", ".join(f"{v} {k}" for k, v in c.items()) + f"; {weak} weak; coverage "
                f"{self.coverage_percent} ({self.source_covered} of {plural(self.source_sentences, 'original sentence')})"
                + (f"; {plural(self.facts, 'changed fact')}" if self.facts else ""))

    def to_dict(self) -> dict[str, object]:
        """The JSON ``summary`` object (coverage as a share in [0, 1], rounded to 4 places)."""
        return {**self.counts(), "facts": self.facts,
                "source_sentences": self.source_sentences, "source_covered": self.source_covered,
                "coverage": round(self.coverage, 4),
                "target_sentences": self.target_sentences, "target_covered": self.target_covered,
                "target_coverage": round(self.target_coverage, 4)}


def percent(share: float) -> str:
    """A share in [0, 1] as a percentage with one decimal, the way every view prints coverage."""
    return f"{100.0 * share:.1f}%"


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """``1 sentence``, ``2 sentences`` (``nouns`` for irregular plurals)."""
    return f"{n} {noun if n == 1 else (nouns or noun + 's')}"


def complete_beads(ta: TargetAlignment, n_src: int) -> list[Bead]:
    """The beads, plus ``dropped``/``added`` beads for sentences no bead covers."""
    beads = list(ta.beads)
    src_seen = {i for b in beads for i in b.src}
    tgt_seen = {j for b in beads for j in b.tgt}
    beads += [Bead((i,), (), "dropped", 0.0) for i in range(n_src) if i not in src_seen]
    beads += [Bead((), (j,), "added", 0.0) for j in range(len(ta.document.sentences)) if j not in tgt_seen]
    return beads


def summarise(ta: TargetAlignment, n_src: int) -> Summary:
    """The summary of one translation (``n_src``: number of sentences of the original)."""
    beads = complete_beads(ta, n_src)
    kinds = Counter(b.kind for b in beads)
    n_tgt = len(ta.document.sentences)
    src_covered = {i for b in beads if b.tgt for i in b.src if 0 <= i < n_src}
    tgt_covered = {j for b in beads if b.src for j in b.tgt if 0 <= j < n_tgt}
    return Summary(
        match=kinds["match"], merge=kinds["merge"], split=kinds["split"], moved=kinds["moved"],
        added=n_tgt - len(tgt_covered), dropped=n_src - len(src_covered),
        weak=sum(1 for b in beads if b.weak and b.src and b.tgt),
        source_sentences=n_src, target_sentences=n_tgt,
        source_covered=len(src_covered), target_covered=len(tgt_covered),
        facts=sum(len(b.divergences) for b in beads),
    )


#: the note appears when at least this share of a document's sentences end on no firm cue
UNCERTAIN_SHARE = 0.1


def uncertainty_note(source: Document, target: Document) -> str:
    """A warning when segmentation was unsure for a notable share (:data:`UNCERTAIN_SHARE`) of
    either document's sentences (see :func:`aligner.segment.uncertain_sentences`): the counts
    and coverage then rest on guessed sentence boundaries.  Empty otherwise."""
    parts = [f"{len(d.uncertain)} of {len(d.sentences)} {side} sentences"
             for side, d in (("original", source), ("translation", target))
             if d.uncertain and len(d.uncertain) >= UNCERTAIN_SHARE * len(d.sentences)]
    if not parts:
        return ""
    return (f"Segmentation uncertain: {' and '.join(parts)} end without a sentence mark "
            f"(a script without stops, or an over-long sentence cut); counts and coverage are approximate")
