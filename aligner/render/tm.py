"""What TMX and XLIFF share: translation units from linked beads, XML-safe segment text.

A unit is a linked bead (match, merge, split, moved): the bead's sentences on each
side, joined as they stand in the document.  Added and dropped sentences have no
counterpart and are not units.  Both formats are written with translate-toolkit
(the ``formats`` extra); a missing install is a one-line error naming the fix.
"""
from __future__ import annotations

import re
from typing import NamedTuple, Sequence

from ..errors import FORMATS_INSTALL, AlignerError
from ..types import Alignment, Bead, Document

REPLACEMENT = "\ufffd"
# XML 1.0 forbids C0 controls other than tab, LF and CR (and U+FFFE/U+FFFF, lone surrogates);
# DEL and C1 controls are allowed but are never text: all become U+FFFD (after whitespace,
# which includes tab, LF, CR and NEL, is collapsed).
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACE = re.compile(r"\s+")


class Unit(NamedTuple):
    bead: Bead
    source: str
    target: str


def toolkit(module: str, fmt: str):
    """Import ``translate.storage.<module>``, or fail in one line naming the pip install."""
    import importlib

    try:
        return importlib.import_module(f"translate.storage.{module}")
    except ImportError:
        raise AlignerError(f"--format {fmt} needs translate-toolkit: {FORMATS_INSTALL}") from None


def xml_text(text: str) -> str:
    """Segment text for XML 1.0: whitespace runs become one space, control characters U+FFFD.

    ``<``, ``>`` and ``&`` are left to the XML serialiser, which escapes them."""
    return _NOT_TEXT.sub(REPLACEMENT, _SPACE.sub(" ", text).strip())


def joined(doc: Document, idx: Sequence[int]) -> str:
    """The sentences ``idx`` of ``doc`` in one segment: sentences that touch in the document (no
    space between them, as in Chinese or Japanese) are joined directly, others with one space."""
    parts: list[str] = []
    for k, i in enumerate(idx):
        if k:
            prev = idx[k - 1]
            adjacent = i == prev + 1 and doc.sentences[prev].end == doc.sentences[i].start
            parts.append("" if adjacent else " ")
        parts.append(doc.sentences[i].text)
    return xml_text("".join(parts))


def units(al: Alignment, t: int) -> list[Unit]:
    """One unit per linked bead of target ``t``, in the target's bead order."""
    ta = al.targets[t]
    return [Unit(b, joined(al.source, b.src), joined(ta.document, b.tgt))
            for b in ta.beads if b.src and b.tgt]


def note(b: Bead) -> str:
    """The reviewer's note on a weak link."""
    return f"weak link ({b.kind}, score {b.score:.2f}): check that the target translates the source"


def facts_note(b: Bead) -> str:
    """The reviewer's note on a link whose sides disagree on numbers, dates or names."""
    return "changed facts: " + "; ".join(d.describe() for d in b.divergences)
