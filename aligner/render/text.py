"""Terminal diff view of an :class:`~aligner.types.Alignment`.

One section per target: a header, one block per bead in source order, and a
summary.  Each block starts with a marker, like a diff::

    = S1              Russia, US in talks over joint rare earths projects
      T1              Rusia dan AS membahas proyek logam tanah jarang
    = S3   merge 0.81 Washington and Moscow have reportedly begun ...
      S4              "Rare earth metals are an important area ...
      T2              Menurut Mining.com, Kirill Dmitriev ...
    ~ S7   moved 0.72 Dmitriev, who was part of Russia's ...
      T12             Dmitriev adalah salah satu ...
    ~ S8   weak 0.31  He said the talks were going well.
      T3              Ia mengatakan hal itu.
    - S9   dropped    A sentence only the original has.
    + T15  added      A sentence only the translation has.
    = S12             The reserves are 3.8 million tonnes.
      T14             Cadangannya 38 juta ton.
    !                 number: 3.8 million -> 38 juta

``=`` in-order match (merges and splits are shown as one group), ``~`` moved or
weak (a moved link can be weak too: ``moved weak 0.55``), ``-`` dropped, ``+``
added; ``!`` lines under a bead name a number, date or name on which its two sides
disagree (``(none)``: one side lacks it).  Sentence numbers are 1-based, as in the HTML report.  Each section ends
with the :mod:`aligner.summary` line; the key (:func:`legend`) follows the last.  Added sentences appear after the group that precedes them in the
translation; moved ones next to their original.  Control characters in the
texts and file names are escaped, so neither can emit terminal escape codes.
"""
from __future__ import annotations

import bisect
import re

from ..summary import COVERAGE_DEFINITION, complete_beads, summarise, uncertainty_note
from ..textio import display_name
from ..types import Alignment, Bead

#: the markers of the diff view, one line each (also in ``aligner align --help`` and the README)
MARKER_KEY = (
    ("=", "in order", "a match, merge or split in the same place in both documents (merges and splits "
                      "show their score)"),
    ("~", "moved or weak", "a link out of document order (moved) or a loose paraphrase (weak), with its "
                           "score from 0 to 1"),
    ("-", "dropped", "an original sentence with no counterpart in the translation"),
    ("+", "added", "a translation sentence with no counterpart in the original"),
    ("!", "changed fact", "under a link: a number, date or name its two sides disagree on "
                          "((none): one side lacks it)"),
)
#: how the diff view (and the HTML report) number sentences
NUMBERING = "S1, T1...: sentence numbers count from 1 in the original (S) and the translation (T); JSON and TSV count from 0"

#: ANSI SGR codes per role.  Hand-written on purpose: five fixed codes do not
#: justify a dependency; callers decide whether colour is wanted (tty, NO_COLOR).
_SGR = {"=": "", "~": "33", "-": "31", "+": "32", "!": "35", "head": "1", "dim": "2"}

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NEWLINES = re.compile(r"\s*[\n\u2028\u2029]\s*")


def _paint(text: str, role: str, color: bool) -> str:
    code = _SGR.get(role, "")
    return f"\x1b[{code}m{text}\x1b[0m" if color and code else text


def clean(text: str) -> str:
    """One display line: newlines folded to spaces, tabs to a space, other controls as ``\\xNN``."""
    text = _NEWLINES.sub(" ", text).replace("\t", " ")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def source_order(beads: list[Bead]) -> list[Bead]:
    """Beads sorted by their first source sentence; each added bead goes right
    after the bead holding the in-order target sentence that precedes it."""
    owner: dict[int, int] = {}  # target index -> first source index of its (in-order) bead
    for b in beads:
        if b.src and b.kind != "moved":
            for j in b.tgt:
                owner[j] = min(b.src)
    in_order = sorted(owner)

    def key(b: Bead) -> tuple[int, int, int]:
        if b.src:
            return (min(b.src), 0, 0)
        j = min(b.tgt)
        k = bisect.bisect_left(in_order, j)
        return (owner[in_order[k - 1]] if k else -1, 1, j)

    return sorted(beads, key=key)


def _tag(b: Bead) -> tuple[str, str]:
    """(marker, tag) for a bead."""
    if b.kind == "added":
        return "+", "added"
    if b.kind == "dropped":
        return "-", "dropped"
    if b.kind == "moved":
        return "~", f"moved weak {b.score:.2f}" if b.weak else f"moved {b.score:.2f}"
    if b.weak:
        return "~", f"weak {b.score:.2f}" if b.kind == "match" else f"{b.kind} weak {b.score:.2f}"
    if b.kind in ("merge", "split"):
        return "=", f"{b.kind} {b.score:.2f}"
    if len(b.src) > 1 or len(b.tgt) > 1:  # an m-n group
        return "=", f"{len(b.src)}:{len(b.tgt)} {b.score:.2f}"
    return "=", ""


def render_target(al: Alignment, t: int, color: bool = False) -> str:
    """The section of one target: header, one block per bead, summary."""
    ta = al.targets[t]
    src, tgt = al.source.sentences, ta.document.sentences
    n_t = len(al.targets)
    lines = [
        _paint(f"--- S: {display_name(al.source.path or '-')} ({al.source.lang}, {len(src)} sentences)", "head", color),
        _paint(f"+++ T: {display_name(ta.document.path or '-')} ({ta.document.lang}, {len(tgt)} sentences)"
               + (f"  [target {t + 1} of {n_t}]" if n_t > 1 else ""), "head", color),
    ]
    beads = source_order(complete_beads(ta, len(src)))
    label_w = max(3, len(str(max(len(src), len(tgt), 1))) + 2)
    tag_w = max((len(_tag(b)[1]) for b in beads), default=0)
    for b in beads:
        marker, tag = _tag(b)
        rows = [(f"S{i + 1}", src[i].text) for i in b.src if 0 <= i < len(src)]
        rows += [(f"T{j + 1}", tgt[j].text) for j in b.tgt if 0 <= j < len(tgt)]
        for k, (label, text) in enumerate(rows):
            head = marker if k == 0 else " "
            line = f"{head} {label:<{label_w}} {(tag if k == 0 else ''):<{tag_w}} {clean(text)}"
            lines.append(_paint(line.rstrip(), marker, color))
        for d in b.divergences:
            lines.append(_paint(f"! {'':<{label_w}} {'':<{tag_w}} {clean(d.describe())}", "!", color))
    lines.append(_paint("# " + summarise(ta, len(src)).line(), "dim", color))
    note = uncertainty_note(al.source, ta.document)
    if note:
        lines.append(_paint("# " + note, "dim", color))
    return "\n".join(lines) + "\n"


def legend(color: bool = False) -> str:
    """The key printed once after the last section: markers, numbering, coverage."""
    lines = ["# key: " + "  ".join(f"{m} {short}" for m, short, _ in MARKER_KEY) + "; scores run from 0 to 1",
             f"# {NUMBERING}", f"# {COVERAGE_DEFINITION}"]
    return "\n".join(_paint(line, "dim", color) for line in lines) + "\n"


def render_text(al: Alignment, color: bool = False) -> str:
    """The diff view of every target, sections separated by a blank line, then the key."""
    return "\n".join([*(render_target(al, t, color) for t in range(len(al.targets))), legend(color)])
