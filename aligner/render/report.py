"""The view-model of the HTML report: an :class:`~aligner.types.Alignment` in, a :class:`Report` out.

All decisions are made here, in Python, with no Jinja: the header (title, one card
per translation, key, filters), the rows (laid out by :mod:`aligner.render.rows`)
and the data the script needs (the reading orders and each sentence's counterparts,
as JSON safe to embed).  :mod:`aligner.render.html` renders the result.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Optional

from markupsafe import Markup

from ..summary import COUNTS_DEFINITION, COVERAGE_DEFINITION, Summary
from ..summary import summarise as summarise_target
from ..summary import uncertainty_note
from ..types import Alignment
from ..textio import display_name
from .beads import _links
from .rows import DIFF_KINDS, UNCOVERED_TITLE, Cell, Row, Segment, SentenceView, _Builder

__all__ = ["LARGE_ROWS", "DIFF_KINDS", "UNCOVERED_TITLE", "LEGEND", "NUMBERING",
           "SentenceView", "Segment", "Cell", "Row", "TargetSummary", "Report",
           "summarise", "embed_json", "build_report"]

#: above this many rows the page lets the browser skip off-screen rows (content-visibility)
LARGE_ROWS = 300

#: (kind, label, short meaning for the key at the top, full meaning for the legend at the bottom)
LEGEND = (
    ("match", "Match", "same place", "one sentence (or group) faithfully rendered in the same place"),
    ("merge", "Merge", "several → one", "several original sentences rendered as one"),
    ("split", "Split", "one → several", "one original sentence rendered as several"),
    ("moved", "Moved", "elsewhere", "rendered at another place; a link leads to the other position"),
    ("added", "Added", "translation only", "in the translation only: empty original cell"),
    ("dropped", "Dropped", "original only", "in the original only: empty translation cell"),
    ("weak", "Weak", "loose paraphrase", "a loose paraphrase; the score (0 to 1) is shown"),
    ("facts", "Changed facts", "number, date, name", "a number, date or name on which matched sentences "
     "disagree; both spans highlighted"),
)
#: how the report numbers sentences (the JSON and TSV count from 0)
NUMBERING = ("Sentence numbers count from 1 in each document, as in the terminal view "
             "(JSON and TSV indices count from 0)")


@dataclass
class TargetSummary:
    index: int
    name: str
    lang: str
    path: str
    summary: Summary          #: the counts and coverage every view shows (aligner.summary)
    uncertain: str = ""       #: a note when segmentation was unsure (counts are then approximate)


@dataclass
class Report:
    title: str
    title_html: Markup   #: the title with each file name isolated in <bdi> (bidi-safe)
    source_lang: str
    source_path: str
    source_sentences: int
    columns: list[str]
    targets: list[TargetSummary]
    rows: list[Row]
    orders: list[tuple[str, str]]   #: (key, button label)
    signature: str
    version: str
    legend: tuple = LEGEND
    filters: tuple = ()
    coverage_definition: str = COVERAGE_DEFINITION
    counts_definition: str = COUNTS_DEFINITION
    numbering: str = NUMBERING
    data_json: Markup = Markup("{}")

    @property
    def grid_css(self) -> str:
        return "grid large" if len(self.rows) > LARGE_ROWS else "grid"


# ------------------------------------------------------------ counts, report

def summarise(al: Alignment) -> list[TargetSummary]:
    """Per-translation cards of the report header (counts from :func:`aligner.summary.summarise`)."""
    n = len(al.source.sentences)
    return [TargetSummary(index=t, name=f"Translation {t + 1}" if len(al.targets) > 1 else "Translation",
                          lang=ta.document.lang, path=display_name(ta.document.path or ""),
                          summary=summarise_target(ta, n),
                          uncertain=uncertainty_note(al.source, ta.document))
            for t, ta in enumerate(al.targets)]


def _shown(path: Optional[str], default: str) -> str:
    """A document's file name as the report shows it (base name, unsafe characters escaped)."""
    return display_name(os.path.basename(path)) if path else default


def embed_json(data: object) -> Markup:
    """JSON safe to place inside ``<script type="application/json">``: no ``<``, ``>`` or ``&``."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return Markup(text)


def build_report(al: Alignment) -> Report:
    """The view-model of the whole report (everything the template needs)."""
    builder = _Builder(al)
    rows, orders = builder.build()
    summaries = summarise(al)
    order_buttons = [("src", "Original order")] + [
        (f"t{t}", f"{builder.columns[t + 1]} order") for t in range(builder.nt)]
    data = {"orders": orders, "links": _links(al, builder.beads)}
    src = al.source
    names = [_shown(src.path, "original")] + [_shown(ta.document.path, f"translation {t + 1}")
                                              for t, ta in enumerate(al.targets)]
    filters = (("all", "All rows"), ("diff", "Differences")) + tuple(
        (k, label) for k, label, _, _ in LEGEND if k != "match")
    return Report(
        title=f"Alignment: {names[0]} ↔ {', '.join(names[1:]) or 'no translation'}",
        title_html=Markup("Alignment: <bdi>{}</bdi> ↔ {}").format(
            names[0], Markup(", ").join(Markup("<bdi>{}</bdi>").format(n) for n in names[1:]) or "no translation"),
        source_lang=src.lang, source_path=display_name(src.path or ""), source_sentences=len(src.sentences),
        columns=builder.columns, targets=summaries, rows=rows, orders=order_buttons,
        signature=al.signature, version=al.version, filters=filters, data_json=embed_json(data),
    )
