"""Typed values that flow through the pipeline: text -> sentences -> scores -> beads.

All indices are 0-based.  Offsets are character offsets into the *decoded,
newline-normalised* text of a document (CRLF/CR turned into LF, BOM removed),
so ``document.text[s.start:s.end] == s.text`` always holds.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

#: Bead kinds.  ``match`` is a 1-1 (or m-n with m, n > 1) correspondence in
#: document order; ``merge`` is several source sentences rendered as one target
#: sentence; ``split`` is one source sentence rendered as several target
#: sentences; ``moved`` is a correspondence that breaks document order;
#: ``added`` has an empty ``src``; ``dropped`` has an empty ``tgt``.
KINDS = ("match", "merge", "split", "moved", "added", "dropped")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


#: kinds of fact a matched bead's two sides can disagree on
FACT_KINDS = ("number", "date", "name")


@dataclass(frozen=True)
class Divergence:
    """A fact of a linked bead that the other side lacks or contradicts.

    ``src``/``tgt`` are the text as written on each side (``None`` when that side
    lacks the fact); the spans are character offsets into the source or target
    document's text (``text[start:end] == src``).
    """

    kind: str
    src: Optional[str]
    tgt: Optional[str]
    src_span: Optional[tuple[int, int]] = None
    tgt_span: Optional[tuple[int, int]] = None

    def __post_init__(self) -> None:
        if self.kind not in FACT_KINDS:
            raise ValueError(f"unknown divergence kind {self.kind!r}")

    def describe(self) -> str:
        """``number: 3.8 million -> 38 juta``; a missing side reads ``(none)``."""
        return f"{self.kind}: {self.src or '(none)'} -> {self.tgt or '(none)'}"


@dataclass(frozen=True)
class Bead:
    """One aligned group: source indices, target indices, kind, score in [0, 1].

    ``weak`` marks a link whose score is low enough that the pair is a loose
    paraphrase rather than a faithful translation.  ``divergences`` lists the
    numbers, dates and names on which the two sides of a linked bead disagree.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    kind: str
    score: float
    weak: bool = False
    divergences: tuple[Divergence, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown bead kind {self.kind!r}")


def bead_kind(n_src: int, n_tgt: int) -> str:
    """Kind of an in-order bead covering ``n_src`` source and ``n_tgt`` target sentences."""
    if n_src == 0:
        return "added"
    if n_tgt == 0:
        return "dropped"
    if n_src > 1 and n_tgt == 1:
        return "merge"
    if n_src == 1 and n_tgt > 1:
        return "split"
    return "match"


@dataclass
class Document:
    text: str
    sentences: list[Sentence]
    lang: str
    path: Optional[str] = None
    #: how the text was read from the file (``text``, ``html``, ``docx``; see :mod:`aligner.readers`)
    reader: Optional[str] = None
    #: indices of sentences whose end rests on no firm cue (see :func:`aligner.segment.uncertain_sentences`)
    uncertain: tuple[int, ...] = ()


@dataclass
class TargetAlignment:
    document: Document
    beads: list[Bead]
    #: optional per-target-sentence translation into the source language (MT gloss)
    glosses: Optional[list[str]] = None
    #: optional per-target-sentence character spans (relative to the sentence text) of words
    #: that have no counterpart in the aligned source sentences: sub-sentence additions
    uncovered: Optional[list[list[tuple[int, int]]]] = None


@dataclass
class Alignment:
    source: Document
    targets: list[TargetAlignment]
    signature: str
    version: str = field(default="")
