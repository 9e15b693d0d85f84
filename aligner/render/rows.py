"""The rows of the HTML report: one :class:`Row` per aligned group, and the reading orders.

Each row carries its cells, kinds and CSS classes, decided here so that the
template only loops over them.

Layout
------
Rows are keyed by *source blocks*: the smallest runs of source sentences such
that every bead of every translation lies inside one block (a merge in one
translation and two 1-1 matches in another share one block).  Each row has a
cell for the original and one per translation; a cell holds one *segment* per
bead.  Sentences a translation adds get their own row, inserted after the
group that precedes them in that translation.  A ``moved`` sentence is shown
next to its original, and a small *ghost* row marks where it really sits in the
translation (in original order) or where its original sits (in translation
order), each linking to the other.

Orders: ``src`` (original order) and ``t0``, ``t1``... (the order of one
translation); each is a precomputed list of row ids handed to the script.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Optional

from ..types import Alignment, Bead
from .beads import _check, _complete_beads, _source_blocks, _src_id, _tgt_id
from .marks import fact_marks

#: kinds that count as a difference (anything but a plain in-order match)
DIFF_KINDS = ("merge", "split", "moved", "added", "dropped", "weak", "facts")
#: which kind names a row when it holds several (most notable first)
_PRIORITY = ("added", "dropped", "moved", "split", "merge", "facts", "weak", "match")
UNCOVERED_TITLE = "no counterpart found in the original (lexical model; indicative)"


@dataclass
class SentenceView:
    id: str           #: DOM id, ``s12`` (original) or ``t0-5`` (translation 0)
    number: int       #: 1-based position in its document
    text: str
    gloss: str = ""
    note: str = ""            #: e.g. where a moved sentence sits elsewhere
    note_href: str = ""
    note_order: str = ""      #: the reading order in which the note's target is visible
    #: highlighted spans of the text: (start, end, css class, tooltip); "fact" (a changed
    #: number, date or name) wins over "unc" (words with no counterpart) where they overlap
    marks: tuple = ()

    @property
    def parts(self) -> list[tuple[str, str, str]]:
        """The text cut into (piece, css class or "", tooltip) runs for the template."""
        out, pos = [], 0
        for a, b, css, title in sorted(self.marks, key=lambda m: (m[0], m[2] != "fact")):
            if a < pos or b > len(self.text) or a >= b:
                continue
            if a > pos:
                out.append((self.text[pos:a], "", ""))
            out.append((self.text[a:b], css, title))
            pos = b
        if pos < len(self.text) or not out:
            out.append((self.text[pos:], "", ""))
        return out

    @property
    def note_hidden(self) -> bool:
        return self.note_order not in ("", "src")


@dataclass
class Segment:
    """One bead's share of a cell (or a placeholder for a missing counterpart)."""

    kind: str
    css: str
    label: str = ""           #: text badge, e.g. "dropped", "weak 0.41"
    title: str = ""           #: tooltip
    sentences: list[SentenceView] = field(default_factory=list)
    placeholder: str = ""     #: shown when the segment has no sentences
    facts: tuple = ()         #: one-line descriptions of the bead's changed facts
    link_text: str = ""       #: a ghost's link to the row it stands for
    link_href: str = ""


@dataclass
class Cell:
    column: int               #: 0 original, 1.. translations
    label: str                #: column name shown when columns stack
    segments: list[Segment] = field(default_factory=list)

    @property
    def css(self) -> str:
        return f"cell c{self.column}" + ("" if self.segments else " empty")


@dataclass
class Row:
    id: str
    number: int               #: 1-based position in original order
    kind: str                 #: the most notable kind in the row
    kinds: tuple[str, ...]
    css: str
    cells: list[Cell]
    ghost: bool = False
    hidden: bool = False      #: not part of the original order (shown by the order switch)



# ---------------------------------------------------------------- view-model

def _score_label(b: Bead) -> str:
    return f"{b.score:.2f}"


def _segment(kind: str, bead: Optional[Bead], sentences: list[SentenceView], placeholder: str = "") -> Segment:
    classes = ["seg", f"k-{kind}"]
    label = ""
    title = kind
    if bead is not None:
        title = f"{kind}, score {_score_label(bead)}"
        if bead.weak:
            classes.append("k-weak")
            label = f"weak {_score_label(bead)}"
            title += " (weak: a loose paraphrase)"
    if kind in ("added", "dropped", "moved", "merge", "split"):
        label = f"{kind} · {label}" if label else kind
    facts = tuple(d.describe() for d in bead.divergences) if bead is not None else ()
    if facts:
        classes.append("k-facts")
        n = len(facts)
        label = f"{label} · {n} changed fact{'s' * (n > 1)}" if label else f"{n} changed fact{'s' * (n > 1)}"
    return Segment(kind=kind, css=" ".join(classes), label=label, title=title,
                   sentences=sentences, placeholder=placeholder, facts=facts)


def _row_css(kinds: set[str], ghost: bool) -> tuple[str, tuple[str, ...], str]:
    ordered = tuple(k for k in _PRIORITY if k in kinds) or ("match",)
    css = ["row", f"kind-{ordered[0]}"] + [f"k-{k}" for k in ordered]
    if any(k in DIFF_KINDS for k in ordered) and not ghost:
        css.append("diff")
    if ghost:
        css.append("ghost")
    return ordered[0], ordered, " ".join(css)


class _Builder:
    def __init__(self, al: Alignment) -> None:
        _check(al)
        self.al = al
        self.src = al.source.sentences
        self.nt = len(al.targets)
        self.beads = [_complete_beads(ta.beads, len(ta.document.sentences)) for ta in al.targets]
        self.columns = ["Original"] + [self._target_name(t) for t in range(self.nt)]
        self.src_marks, self.tgt_marks = fact_marks(al, self.columns)

    def _target_name(self, t: int) -> str:
        doc = self.al.targets[t].document
        name = f"Translation {t + 1}" if self.nt > 1 else "Translation"
        return f"{name} ({doc.lang})" if doc.lang else name

    def _tsent(self, t: int, j: int) -> SentenceView:
        ta = self.al.targets[t]
        gloss = ta.glosses[j] if ta.glosses is not None and j < len(ta.glosses) else ""
        spans = ta.uncovered[j] if ta.uncovered is not None and j < len(ta.uncovered) else ()
        marks = [(a, b, "unc", UNCOVERED_TITLE) for a, b in spans] + self.tgt_marks[t].get(j, [])
        return SentenceView(_tgt_id(t, j), j + 1, ta.document.sentences[j].text, gloss or "", marks=tuple(marks))

    def _ssent(self, i: int) -> SentenceView:
        return SentenceView(_src_id(i), i + 1, self.src[i].text, marks=tuple(self.src_marks.get(i, ())))

    def build(self) -> tuple[list[Row], dict]:
        blocks = _source_blocks(len(self.src), self.beads)
        block_of = [0] * len(self.src)
        for b, (lo, hi) in enumerate(blocks):
            for i in range(lo, hi + 1):
                block_of[i] = b

        # per block and target: indices of the beads that start in that block, in source order
        per_block: list[list[list[int]]] = [[[] for _ in range(self.nt)] for _ in blocks]
        inserted: list[tuple[tuple, str, int, int]] = []  # (sort key, "added"/"ghost", target, bead index)
        for t, beads in enumerate(self.beads):
            inorder = sorted((min(b.tgt), block_of[min(b.src)]) for b in beads
                             if b.src and b.tgt and b.kind != "moved")
            keys = [k for k, _ in inorder]

            def anchor(j: int) -> int:
                p = bisect.bisect_left(keys, j)
                return inorder[p - 1][1] if p > 0 else -1

            for k, b in enumerate(beads):
                if b.src:
                    per_block[block_of[min(b.src)]][t].append(k)
                if not b.src:
                    inserted.append(((anchor(min(b.tgt)), 1, t, min(b.tgt)), "added", t, k))
                elif b.kind == "moved" and b.tgt:
                    inserted.append(((anchor(min(b.tgt)), 1, t, min(b.tgt)), "ghost", t, k))
            for cell in per_block:
                cell[t].sort(key=lambda k: (min(beads[k].src), min(beads[k].tgt) if beads[k].tgt else -1))

        entries: list[tuple[tuple, str, object]] = [((b, 0, 0, 0), "block", b) for b in range(len(blocks))]
        entries += [(key, what, (t, k)) for key, what, t, k in inserted]
        entries.sort(key=lambda e: e[0])

        # ids are assigned in original order first, so that moved rows and their ghosts can link each other
        rows: list[Row] = []
        row_of_bead: dict[tuple[int, int], str] = {}   # (target, bead index) -> row id of a moved bead
        ghost_tgt: dict[tuple[int, int], str] = {}     # target-position ghost row ids
        ghost_src: dict[tuple[int, int], str] = {}     # original-position ghost row ids
        number = 0
        plan: list[tuple[str, object]] = []
        for _, what, payload in entries:
            number += 1
            rid = f"r{number}"
            plan.append((rid, (what, payload)))
            if what == "ghost":
                ghost_tgt[payload] = rid  # type: ignore[index]
            if what == "block":
                for t in range(self.nt):
                    for k in per_block[payload][t]:  # type: ignore[index]
                        if self.beads[t][k].kind == "moved":
                            row_of_bead[(t, k)] = rid
        # original-position ghosts get ids after all others (they only show in translation order)
        for t, beads in enumerate(self.beads):
            for k, bead in enumerate(beads):
                if bead.kind == "moved" and bead.src and bead.tgt:
                    number += 1
                    ghost_src[(t, k)] = f"r{number}"

        for n, (rid, (what, payload)) in enumerate(plan, start=1):
            if what == "block":
                rows.append(self._block_row(rid, n, blocks[payload], per_block[payload], ghost_tgt, ghost_src))  # type: ignore[index]
            elif what == "added":
                t, k = payload  # type: ignore[misc]
                rows.append(self._added_row(rid, n, t, self.beads[t][k]))
            else:
                t, k = payload  # type: ignore[misc]
                rows.append(self._ghost_tgt_row(rid, n, t, self.beads[t][k], row_of_bead[(t, k)]))
        src_ghost_rows = []
        for (t, k), rid in ghost_src.items():
            src_ghost_rows.append((t, k, self._ghost_src_row(rid, int(rid[1:]), t, self.beads[t][k],
                                                             row_of_bead[(t, k)])))
        orders = self._orders(rows, src_ghost_rows, row_of_bead)
        rows += [r for _, _, r in src_ghost_rows]
        return rows, orders

    # ------------------------------------------------------------ row kinds

    def _empty_cells(self) -> list[Cell]:
        return [Cell(c, self.columns[c]) for c in range(self.nt + 1)]

    def _block_row(self, rid, number, block, beads_by_t: list[list[int]], ghost_tgt, ghost_src) -> Row:
        lo, hi = block
        cells = self._empty_cells()
        kinds: set[str] = set()
        src_views = [self._ssent(i) for i in range(lo, hi + 1)]
        by_src_id = {v.id: v for v in src_views}
        cells[0].segments.append(Segment(kind="source", css="seg k-source", sentences=src_views))
        for t in range(self.nt):
            covered: set[int] = set()
            for k in beads_by_t[t]:
                bead = self.beads[t][k]
                covered.update(bead.src)
                kind = bead.kind
                kinds.add(kind)
                if bead.weak:
                    kinds.add("weak")
                if bead.divergences:
                    kinds.add("facts")
                if not bead.tgt:
                    cells[t + 1].segments.append(_segment(
                        "dropped", bead, [],
                        placeholder=_dropped_text(bead.src)))
                    continue
                views = [self._tsent(t, j) for j in bead.tgt]
                if kind == "moved":
                    key = (t, k)
                    views[0].note = f"moved: in the translation it sits at {_range(bead.tgt)}"
                    views[0].note_href = "#" + ghost_tgt[key]
                    views[0].note_order = "src"
                    sv = by_src_id[_src_id(min(bead.src))]
                    if not sv.note:
                        sv.note = f"moved in {self.columns[t + 1]}: this sentence's place in the original"
                        sv.note_href = "#" + ghost_src[key]
                        sv.note_order = f"t{t}"
                cells[t + 1].segments.append(_segment(kind, bead, views))
            missing = [i for i in range(lo, hi + 1) if i not in covered]
            if missing:  # no bead at all for these source sentences: show them as dropped
                kinds.add("dropped")
                cells[t + 1].segments.append(_segment(
                    "dropped", None, [],
                    placeholder=_dropped_text(missing)))
        kind, ordered, css = _row_css(kinds, False)
        return Row(rid, number, kind, ordered, css, cells)

    def _added_row(self, rid, number, t, bead) -> Row:
        cells = self._empty_cells()
        cells[0].segments.append(_segment("added", None, [], placeholder="Added: not in the original"))
        cells[t + 1].segments.append(_segment("added", bead, [self._tsent(t, j) for j in bead.tgt]))
        kind, ordered, css = _row_css({"added"} | ({"weak"} if bead.weak else set()), False)
        return Row(rid, number, kind, ordered, css, cells)

    def _ghost_tgt_row(self, rid, number, t, bead, partner) -> Row:
        return self._ghost_row(rid, number, t + 1, partner,
                               f"{_range(bead.tgt).capitalize()} of this translation stands here; "
                               f"it is shown next to its original in row {partner[1:]}")

    def _ghost_src_row(self, rid, number, t, bead, partner) -> Row:
        return self._ghost_row(rid, number, 0, partner,
                               f"Original {_range(bead.src)} stands here in the original; "
                               f"{self.columns[t + 1]} renders it elsewhere (row {partner[1:]})", hidden=True)

    def _ghost_row(self, rid, number, column: int, partner: str, placeholder: str, hidden: bool = False) -> Row:
        """A row marking where a moved sentence really stands, linking to the row that shows it."""
        cells = self._empty_cells()
        cells[column].segments.append(Segment(kind="ghost", css="seg k-moved k-ghost", label="moved",
                                              placeholder=placeholder, link_text=f"go to row {partner[1:]}",
                                              link_href="#" + partner))
        kind, ordered, css = _row_css({"moved"}, True)
        return Row(rid, number, kind, ordered, css, cells, ghost=True, hidden=hidden)

    # --------------------------------------------------------------- orders

    def _orders(self, rows: list[Row], src_ghosts, row_of_bead) -> dict[str, list[str]]:
        orders = {"src": [r.id for r in rows]}
        for t in range(self.nt):
            keyed: list[tuple[float, int, str]] = []
            prev = -1.0
            moved_here: dict[str, list[str]] = {}  # row id -> its original-position ghosts
            for tt, k, g in src_ghosts:
                if tt == t:
                    moved_here.setdefault(row_of_bead[(tt, k)], []).append(g.id)
            for pos, r in enumerate(rows):
                if r.ghost:
                    continue  # target-position ghosts only show in original order
                tj = [int(s.id.split("-")[1]) for s in _sentences(r.cells[t + 1])]
                moved_only = bool(tj) and all(seg.kind == "moved" for seg in r.cells[t + 1].segments
                                              if seg.sentences)
                for gid in moved_here.get(r.id, ()):  # original-position ghosts stay where the row was
                    keyed.append((prev + 0.5, pos, gid))
                if tj and not moved_only:
                    prev = float(min(tj))
                    keyed.append((prev, pos, r.id))
                elif tj:
                    keyed.append((float(min(tj)), pos, r.id))
                else:
                    keyed.append((prev + 0.5, pos, r.id))
            keyed.sort()
            orders[f"t{t}"] = [rid for _, _, rid in keyed]
        return orders


def _dropped_text(idx) -> str:
    nums = ", ".join(str(i + 1) for i in idx)
    return (f"Dropped: original sentence {nums} has no counterpart here" if len(idx) == 1
            else f"Dropped: original sentences {nums} have no counterpart here")


def _sentences(cell: Cell) -> list[SentenceView]:
    return [s for seg in cell.segments for s in seg.sentences]


def _range(idx) -> str:
    idx = sorted(idx)
    return f"sentence {idx[0] + 1}" if len(idx) == 1 else f"sentences {idx[0] + 1}–{idx[-1] + 1}"
