"""Left-over fragments that continue a neighbouring sentence join that sentence's bead.

Presegmented text is often cut finer than sentences: at a semicolon or a colon, or at a line
break inside a sentence (OCR, hard-wrapped text).  A translator rarely cuts at the same places,
so the fragment has no partner of its own, its embedding says little, and adding it to the
neighbouring bead costs more than it gains: the search leaves it unaligned, an "added" or
"dropped" sentence that is really the rest of a translated one.  The text itself says that it
continues its neighbour: the previous piece does not end a sentence (it ends with ``;``, ``:``,
``,`` or no punctuation at all) and the fragment does not start with a capital (a complete
sentence after a colon is not a fragment).  Such a fragment joins the bead of the piece it continues
when it is not unrelated to that bead's other side (its best z-score there reaches
``Params.fragment_z``) and holds words, not OCR debris (or closes a bracket that the piece
before it left open: a reference's tail ``296-309 ) .``).  Scripts without letter case rely on
the punctuation alone.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Sequence

import numpy as np

from .neighbours import owners

if TYPE_CHECKING:  # pragma: no cover
    from ..scoring.pairs import PairScorer, Params

_FINAL = ".!?…。！？؟"
_WORDS = re.compile(r"[^\W\d_]{2,}")
_WORD3 = re.compile(r"[^\W\d_]{3,}")
_CLOSERS = " \t\"'”’»)]"


#: a full stop after an initial ("l' E .", "Nr. 293,S ."; a short word such as "Non." ends sentences)
_ABBREVIATED = re.compile(r"(?:^|[\s,(’'])[A-Z]\s?\.$")


def continues(texts: Sequence[str], k: int) -> bool:
    """True when piece ``k`` continues piece ``k - 1`` of the same document: the previous piece
    does not end a sentence, or ends with an initial's full stop, and this one does not start
    with a capital; or one of the three pieces before it leaves a bracket open that this one closes."""
    if k <= 0:
        return False
    prev, cur = texts[k - 1].rstrip(_CLOSERS), texts[k].lstrip(" \t\"'“‘«([")
    if not prev or not cur:
        return False
    if _closes_bracket(texts, k):
        return True
    if cur[0].isupper():
        return False
    return prev[-1] not in _FINAL or bool(_ABBREVIATED.search(prev))


def mid_sentence(texts: Sequence[str], k: int) -> bool:
    """Piece ``k`` continues piece ``k - 1`` where no writer ends a clause: it closes a bracket left
    open before it, or follows an initial's full stop or a piece without any final punctuation
    (a line break inside a sentence), not a colon or a semicolon."""
    # what continues() accepts beyond a closed bracket ends without final punctuation or with an
    # initial's full stop: only the clause marks remain to exclude
    return continues(texts, k) and (_closes_bracket(texts, k) or texts[k - 1].rstrip(_CLOSERS)[-1] not in ";:,")


def _closes_bracket(texts: Sequence[str], k: int, look: int = 3) -> bool:
    """Piece ``k`` closes a parenthesis that one of the ``look`` pieces before it left open."""
    depth = 0
    for ch in " ".join(texts[max(0, k - look):k]):
        depth = depth + 1 if ch == "(" else max(0, depth - 1) if ch == ")" else depth
    if depth == 0:
        return False
    close, reopen = texts[k].find(")"), texts[k].find("(")
    return close >= 0 and (reopen < 0 or close < reopen)


def wordy(text: str, min_words: int = 2) -> bool:
    """At least ``min_words`` words of two letters or more (not a caption code or OCR debris)."""
    return len(_WORDS.findall(text)) >= min_words


def fragment_pass(groups: list, scorer: "PairScorer", params: "Params") -> list:
    """Attach each left-over piece that continues a linked neighbour (or is continued by one)
    to that neighbour's bead, and a bead whose pieces both continue, mid-sentence, the last pieces
    of one other bead to that bead; groups are ``(src, tgt, moved)``."""
    if params.fragment_z is None:
        return groups
    groups = _join_continuing_beads([list(g) for g in groups], scorer, params)
    for side in (0, 1):
        texts = (scorer.src if side == 0 else scorer.tgt).texts
        owner = owners(groups, side)
        for g in groups:
            if (g[0] and g[1]) or not g[side]:
                continue
            x = g[side][0]
            if not (wordy(texts[x]) or _closes_bracket(texts, x)):
                continue
            for y in _partners(owner, texts, x):
                members = groups[y][side]
                if len(members) >= params.max_group:
                    continue
                enlarged = tuple(sorted(members + (x,)))
                new = (enlarged, groups[y][1]) if side == 0 else (groups[y][0], enlarged)
                if _own_z(scorer, side, x, new) < params.fragment_z:
                    continue
                groups[y][side] = enlarged
                owner[x] = y
                g[side] = ()
                break
    return [tuple(g) for g in groups if g[0] or g[1]]


def _join_continuing_beads(groups: list, scorer: "PairScorer", params: "Params") -> list:
    """Both sides of a bead start mid-sentence, continuing pieces of the same earlier bead: one
    sentence cut at the same place on both sides (a bracket, an initial); the bead joins it."""
    texts = (scorer.src.texts, scorer.tgt.texts)
    owner = (owners(groups, 0), owners(groups, 1))
    for k, g in enumerate(groups):
        if not (g[0] and g[1]) or g[2]:
            continue
        xs, xt = min(g[0]), min(g[1])
        y = owner[0].get(xs - 1)
        if (y is None or y == k or owner[1].get(xt - 1) != y or groups[y][2]
                or not (mid_sentence(texts[0], xs) and mid_sentence(texts[1], xt))
                or max(len(groups[y][0]) + len(g[0]), len(groups[y][1]) + len(g[1])) > params.max_group):
            continue
        for side in (0, 1):
            groups[y][side] = tuple(sorted(groups[y][side] + g[side]))
            for x in g[side]:
                owner[side][x] = y
        g[0] = g[1] = ()
    return [g for g in groups if g[0] or g[1]]


def _partners(owner: dict, texts: Sequence[str], x: int) -> list[int]:
    """Beads that ``x`` continues (its predecessor's) or that continue it (its successor's)."""
    out = []
    if continues(texts, x) and owner.get(x - 1) is not None:
        out.append(owner[x - 1])
    if x + 1 < len(texts) and continues(texts, x + 1) and owner.get(x + 1) is not None:
        out.append(owner[x + 1])
    return out


def _own_z(scorer: "PairScorer", side: int, x: int, group: tuple) -> float:
    """The best 1-1 z-score of sentence ``x`` of ``side`` with the other side of ``group``."""
    other = group[1 - side]
    if side == 0:
        z = scorer.z11(np.full(len(other), x), np.asarray(other))
    else:
        z = scorer.z11(np.asarray(other), np.full(len(other), x))
    return float(z.max())


def debris(text: str) -> bool:
    """No word of three letters or more: OCR debris (``24 a !``, ``.:-- , .``), not a heading.  Text
    in a script written without spaces or with syllable blocks (CJK, kana, hangul) is never debris:
    ``好的。`` is a sentence."""
    return not _WORD3.search(text) and not any(ord(c) >= 0x2E80 for c in text)


def debris_pass(groups: list, scorer: "PairScorer", params: "Params") -> list:
    """Leave OCR debris at the edge of a bead unaligned: a first or last member of a side with two
    or more that holds no words (``24 a !``) and neither continues nor is continued by the piece
    before or after it (a reference's tail ``1956 ) , p. 310-329 .`` continues its head)."""
    if not params.trim_debris:
        return groups
    out = []
    for s_idx, t_idx, moved in groups:
        sides = [list(s_idx), list(t_idx)]
        left = [[], []]
        if s_idx and t_idx:
            for side in (0, 1):
                texts = (scorer.src if side == 0 else scorer.tgt).texts
                m = sides[side]
                while len(m) >= 2 and debris(texts[m[0]]) and not _attached(texts, m[0]):
                    left[side].append(m.pop(0))
                while len(m) >= 2 and debris(texts[m[-1]]) and not _attached(texts, m[-1]):
                    left[side].append(m.pop())
        out.append((tuple(sides[0]), tuple(sides[1]), moved))
        out += [((x,), (), False) for x in left[0]] + [((), (y,), False) for y in left[1]]
    return out


def _attached(texts: Sequence[str], k: int) -> bool:
    return continues(texts, k) or (k + 1 < len(texts) and continues(texts, k + 1))
