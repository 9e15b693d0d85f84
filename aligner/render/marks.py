"""Where the changed facts of an alignment sit in its sentences, for highlighting."""
from __future__ import annotations

from typing import Optional

from ..types import Alignment, Document

Mark = tuple[int, int, str, str]   #: (start, end) in the sentence, css class, tooltip


def locate(doc: Document, indices, span, text) -> Optional[tuple[int, int, int]]:
    """(sentence index, start, end) within that sentence of a fact: by its document span,
    else (a result saved without spans) by its first occurrence in the bead's sentences."""
    for i in indices:
        s = doc.sentences[i]
        if span is not None and s.start <= span[0] and span[1] <= s.end:
            return i, span[0] - s.start, span[1] - s.start
    for i in indices:
        k = doc.sentences[i].text.find(text) if text else -1
        if k >= 0:
            return i, k, k + len(text)
    return None


def fact_marks(al: Alignment, columns: list[str]) -> tuple[dict[int, list[Mark]], list[dict[int, list[Mark]]]]:
    """Highlights of changed facts: {source sentence: [marks]}, per target {sentence: [marks]}."""
    src: dict[int, list] = {}
    tgt: list[dict[int, list]] = []
    for t, ta in enumerate(al.targets):
        marks: dict[int, list] = {}
        for b in ta.beads:
            for d in b.divergences:
                title = f"changed {d.describe()}"
                where = locate(al.source, b.src, d.src_span, d.src)
                if where:
                    src.setdefault(where[0], []).append((where[1], where[2], "fact", f"{columns[t + 1]}: {title}"))
                where = locate(ta.document, b.tgt, d.tgt_span, d.tgt)
                if where:
                    marks.setdefault(where[0], []).append((where[1], where[2], "fact", title))
        tgt.append(marks)
    return src, tgt
