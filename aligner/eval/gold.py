"""Gold alignments: our gold JSON and vecalign/Bleualign gold files, read into :class:`Gold`."""
from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any, Optional, Sequence

from ..errors import InputError
from ..types import Sentence


class GoldFormatError(InputError):
    """A gold file cannot be read as our gold JSON or as a vecalign gold file."""


# --------------------------------------------------------------------------- gold

@dataclass(frozen=True)
class Link:
    src: tuple[int, ...]
    tgt: tuple[int, ...]
    sure: bool = True


@dataclass
class Gold:
    """A gold alignment of one source with one target.

    ``links`` have both sides non-empty; sentences with no link at all are in
    ``dropped`` (source) and ``added`` (target).
    """

    src_sentences: list[Sentence]
    tgt_sentences: list[Sentence]
    links: list[Link]
    dropped: tuple[int, ...] = ()
    added: tuple[int, ...] = ()
    src_file: Optional[str] = None
    tgt_file: Optional[str] = None

    def validate(self) -> "Gold":
        ns, nt = len(self.src_sentences), len(self.tgt_sentences)
        for link in self.links:
            if not link.src or not link.tgt:
                raise GoldFormatError(f"gold link {list(link.src)}:{list(link.tgt)} has an empty side; "
                                      "use 'dropped'/'added'")
            if any(not 0 <= i < ns for i in link.src) or any(not 0 <= j < nt for j in link.tgt):
                raise GoldFormatError(f"gold link {list(link.src)}:{list(link.tgt)} is out of range "
                                      f"({ns} source, {nt} target sentences)")
        if any(not 0 <= i < ns for i in self.dropped) or any(not 0 <= j < nt for j in self.added):
            raise GoldFormatError("gold dropped/added index out of range")
        return self


def _sentences_from(d: Any, where: str) -> list[Sentence]:
    from ..jsonio import FormatError, sentences_from

    try:
        return sentences_from(d, where)
    except FormatError as e:
        raise GoldFormatError(str(e)) from None


def _index_list(x: Any, where: str) -> tuple[int, ...]:
    if not isinstance(x, list) or any(isinstance(i, bool) or not isinstance(i, int) for i in x):
        raise GoldFormatError(f"{where}: expected a list of integers")
    return tuple(sorted(x))


def gold_from_dict(d: Any) -> Gold:
    """Gold from our gold JSON (``source``, ``target``, ``links``, ``dropped``, ``added``)."""
    if not isinstance(d, dict) or "source" not in d or "target" not in d or "links" not in d:
        raise GoldFormatError("not a gold alignment (needs 'source', 'target' and 'links')")
    src = _sentences_from(d["source"], "gold source")
    tgt = _sentences_from(d["target"], "gold target")
    if not isinstance(d["links"], list):
        raise GoldFormatError("gold links: expected a list")
    links = []
    for k, x in enumerate(d["links"]):
        if not isinstance(x, dict) or "src" not in x or "tgt" not in x:
            raise GoldFormatError(f"gold links[{k}]: expected an object with 'src' and 'tgt'")
        sure = x.get("sure", True)
        if not isinstance(sure, bool):
            raise GoldFormatError(f"gold links[{k}].sure: expected true or false")
        links.append(Link(_index_list(x["src"], f"gold links[{k}].src"),
                          _index_list(x["tgt"], f"gold links[{k}].tgt"), sure))
    dropped = _index_list(d.get("dropped", []), "gold dropped")
    added = _index_list(d.get("added", []), "gold added")
    # tolerate 1-0 / 0-1 links written as links
    dropped = tuple(sorted(set(dropped) | {i for x in links if not x.tgt for i in x.src}))
    added = tuple(sorted(set(added) | {j for x in links if not x.src for j in x.tgt}))
    links = [x for x in links if x.src and x.tgt]
    files = [side.get("file") for side in (d["source"], d["target"])]
    if any(f is not None and not isinstance(f, str) for f in files):
        raise GoldFormatError("gold source/target 'file': expected a string")
    return Gold(src, tgt, links, dropped, added, files[0], files[1]).validate()


def line_sentences(text: str) -> list[Sentence]:
    """One sentence per line (as in vecalign/Bleualign files), offsets into ``text``.

    Every line is a sentence, even an empty one, so indices equal line numbers;
    surrounding whitespace is excluded from the span.  A final newline does not
    start an extra sentence.
    """
    out: list[Sentence] = []
    pos = 0
    lines = text.split("\n")
    if lines and lines[-1] == "" and len(lines) > 1:
        lines.pop()
    for line in lines:
        lead = len(line) - len(line.lstrip())
        body = line.strip()
        out.append(Sentence(body, pos + lead, pos + lead + len(body)))
        pos += len(line) + 1
    return out


def parse_vecalign_gold(text: str, src_sentences: Sequence[Sentence],
                        tgt_sentences: Sequence[Sentence]) -> Gold:
    """Gold from a vecalign/Bleualign file: one ``[i, j]:[k]`` link per line.

    ``[]:[k]`` marks an added target sentence, ``[i]:[]`` a dropped source one;
    a trailing ``:score`` is ignored.  All links are sure.
    """
    links: list[Link] = []
    dropped: set[int] = set()
    added: set[int] = set()
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = line.strip().split(":")
        try:
            s = tuple(sorted(int(i) for i in ast.literal_eval(parts[0])))
            t = tuple(sorted(int(j) for j in ast.literal_eval(parts[1])))
        except (ValueError, SyntaxError, TypeError, IndexError):
            raise GoldFormatError(f"gold line {n}: expected '[i, ...]:[j, ...]', got {line.strip()[:40]!r}") from None
        if s and t:
            links.append(Link(s, t, True))
        else:
            dropped.update(s)
            added.update(t)
    return Gold(list(src_sentences), list(tgt_sentences), links, tuple(sorted(dropped)),
                tuple(sorted(added))).validate()


def load_gold(path: str, src_sentences: Optional[str] = None, tgt_sentences: Optional[str] = None) -> Gold:
    """Read a gold file: our gold JSON, or a vecalign gold file plus the two
    presegmented sentence files (one sentence per line) that give it offsets."""
    from ..textio import read_text

    text = read_text(path)
    if text.lstrip().startswith("{"):
        from ..jsonio import FormatError, load_json

        try:
            return gold_from_dict(load_json(text))
        except (GoldFormatError, FormatError) as e:
            raise GoldFormatError(f"{path}: {e}") from None
    if src_sentences is None or tgt_sentences is None:
        raise GoldFormatError(f"{path}: a vecalign gold file needs --src-sentences and --tgt-sentences "
                              "(the one-sentence-per-line files it indexes)")
    src = line_sentences(read_text(src_sentences))
    tgt = line_sentences(read_text(tgt_sentences))
    try:
        gold = parse_vecalign_gold(text, src, tgt)
    except GoldFormatError as e:
        raise GoldFormatError(f"{path}: {e}") from None
    gold.src_file, gold.tgt_file = src_sentences, tgt_sentences
    return gold


# ------------------------------------------------- does a prediction fit the gold?

def text_agreement(pred: Sequence[Sentence], gold: Sequence[Sentence]) -> Optional[float]:
    """Share of characters that agree where predicted and gold sentences overlap in offsets
    (None when none overlap).  Offsets index the same text only when both were made from the
    same document: another document (or another version) gives a low share.  Both lists are
    in document order."""
    agree = total = 0
    k = 0
    for p in pred:
        while k < len(gold) and gold[k].end <= p.start:
            k += 1
        j = k
        while j < len(gold) and gold[j].start < p.end:
            g = gold[j]
            a, b = max(p.start, g.start), min(p.end, g.end)
            if b > a:
                pa, ga = p.text[a - p.start:b - p.start], g.text[a - g.start:b - g.start]
                agree += sum(x == y for x, y in zip(pa, ga))
                total += b - a
            j += 1
    return agree / total if total else None


#: below this share of agreeing characters a prediction was not made from the gold's texts
MIN_TEXT_AGREEMENT = 0.95


def check_same_texts(gold: Gold, src: Sequence[Sentence], tgt: Sequence[Sentence]) -> None:
    """Raise InputError unless the predicted sentences come from the gold's documents."""
    for side, pred, gsents in (("source", src, gold.src_sentences), ("target", tgt, gold.tgt_sentences)):
        if not pred or not gsents:
            continue
        share = text_agreement(pred, gsents)
        if share is None:
            raise InputError(f"the prediction's {side} sentences do not overlap the gold's at all: "
                             f"it was made from other documents")
        if share < MIN_TEXT_AGREEMENT:
            raise InputError(f"the prediction's {side} text is not the gold's ({100 * (1 - share):.0f}% of "
                             f"characters differ at the same offsets): it was made from another document")
