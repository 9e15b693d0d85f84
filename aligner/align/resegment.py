"""Segmentation the alignment corrects: a "sentence" whose halves align to different sentences.

Copy-pasted web text often puts a heading, caption or credit on the same line as the next
sentence, with no punctuation between them ("Menga strike wins it Promoted Livingston
stunned Rangers ..."); no sentence splitter can see that boundary.  The translation can: the
glued sentence ends up in a split bead (or a 1-1 bead next to an unaligned sentence) whose
other side holds the heading, alone on its line without final punctuation, and the sentence
separately.  For such a sentence, each cut before a capitalised word is tried; a cut is kept when each half matches its own part of the
other side clearly better than the other half does (cosine difference at least
``Params.resegment_margin`` both ways).  The caller splits the sentence and aligns again.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Optional

import numpy as np

from ..types import Bead, Document, Sentence

if TYPE_CHECKING:  # pragma: no cover
    from ..scoring.pairs import PairScorer, Params

#: a cut point: whitespace after a word character, closing quote/bracket or final punctuation, before a
#: capital or digit
_CUT = re.compile(r"(?<=[\w\"'”’)\].!?…])\s+(?=[^\W\d_]|\d)")
_WORD = re.compile(r"\w+")
#: text ending like a sentence: final punctuation, maybe followed by closing quotes or brackets
_FINAL = re.compile(r"[.!?…。！？]['\"”’»)\]]*$")


def _cuts(text: str, min_left: int = 2, min_right: int = 3, limit: int = 8) -> list[int]:
    out = []
    for m in _CUT.finditer(text):
        nxt = text[m.end():m.end() + 1]
        if not (nxt.isupper() or nxt.isdigit()):
            continue
        left, right = text[:m.start()], text[m.end():]
        if len(_WORD.findall(left)) >= min_left and len(_WORD.findall(right)) >= min_right:
            out.append(m.start())
    return out[:limit]


def propose_splits(scorer: "PairScorer", beads: list[Bead], params: "Params") -> tuple[dict[int, int], dict[int, int]]:
    """Cuts to make: ({source sentence: character offset in its text}, {target sentence: offset})."""
    found: tuple[dict[int, int], dict[int, int]] = ({}, {})
    sides = (scorer.src, scorer.tgt)
    lone = ({b.src[0] for b in beads if b.src and not b.tgt}, {b.tgt[0] for b in beads if b.tgt and not b.src})
    for b in beads:
        if not b.src or not b.tgt or b.kind == "moved":
            continue
        for side, one, many in ((0, b.src, b.tgt), (1, b.tgt, b.src)):
            if len(one) != 1:
                continue
            other = 1 - side
            seq = list(many)
            # an unaligned neighbour on the other side may be the glued heading's translation
            if seq[0] - 1 in lone[other]:
                seq = [seq[0] - 1] + seq
            if seq[-1] + 1 in lone[other]:
                seq = seq + [seq[-1] + 1]
            if len(seq) < 2 or seq != list(range(seq[0], seq[-1] + 1)):
                continue
            # a heading glued to the sentence (its translation stands alone as a heading), or a
            # boundary the splitter declined (after final punctuation: "Sept.", "A.", a quote)
            heading = bool(sides[other].headings[seq[0]])
            cut = _best_cut(scorer, sides[side].texts[one[0]], side, seq, params, heading)
            if cut is not None:
                found[side][one[0]] = cut
    return found


def _best_cut(scorer: "PairScorer", text: str, side: int, seq: list[int], params: "Params",
              heading: bool) -> Optional[int]:
    cuts = [c for c in _cuts(text) if heading or _FINAL.search(text[:c])]
    if not cuts:
        return None
    other = "t" if side == 0 else "s"
    # the other side read in two parts: its first sentence and the rest (or the last and the rest)
    parts = [(tuple(seq[:1]), tuple(seq[1:]))]
    if not heading and len(seq) > 2:
        parts.append((tuple(seq[:-1]), tuple(seq[-1:])))
    pieces = sorted({p for c in cuts for p in (text[:c].strip(), text[c:].strip())})
    vec = dict(zip(pieces, scorer.embed(pieces)))
    best, best_margin = None, params.resegment_margin
    for a, b in parts:
        ea, eb = scorer._span_emb(other, a), scorer._span_emb(other, b)
        for c in cuts:
            left, right = vec[text[:c].strip()], vec[text[c:].strip()]
            margin = min(float(left @ ea - right @ ea), float(right @ eb - left @ eb))
            if margin > best_margin:
                best, best_margin = c, margin
    return best


def split_sentences(doc: Document, cuts: dict[int, int]) -> Document:
    """``doc`` with sentence ``k`` cut at character ``cuts[k]`` of its text (offsets kept exact)."""
    if not cuts:
        return doc
    out: list[Sentence] = []
    uncertain = []
    for k, s in enumerate(doc.sentences):
        c = cuts.get(k)
        if k in doc.uncertain:
            uncertain.append(len(out) + (c is not None))   # the cut's right half keeps the sentence's end
        if c is None:
            out.append(s)
            continue
        left = s.text[:c].rstrip()
        rest = s.text[c:]
        lead = len(rest) - len(rest.lstrip())
        out.append(Sentence(left, s.start, s.start + len(left)))
        out.append(Sentence(rest.strip(), s.start + c + lead, s.end))
    return replace(doc, sentences=out, uncertain=tuple(uncertain))


def held(cuts: dict[int, int], beads: list[Bead], side: int) -> set[int]:
    """The sentences of ``cuts`` (indices before the cut) both of whose halves ``beads`` link."""
    linked = {x for b in beads if b.src and b.tgt for x in (b.src if side == 0 else b.tgt)}
    out, shift = set(), 0
    for k in sorted(cuts):
        if k + shift in linked and k + shift + 1 in linked:
            out.add(k)
        shift += 1
    return out


def embed_split(emb: np.ndarray, doc: Document, new: Document, embed) -> np.ndarray:
    """Embeddings of ``new`` (a re-cut ``doc``), reusing the rows of sentences that did not change."""
    old = {(s.start, s.end): k for k, s in enumerate(doc.sentences)}
    todo = [s.text for s in new.sentences if (s.start, s.end) not in old]
    vecs = dict(zip(todo, embed(todo))) if todo else {}
    return np.stack([emb[old[(s.start, s.end)]] if (s.start, s.end) in old else vecs[s.text]
                     for s in new.sentences]).astype(np.float32)
