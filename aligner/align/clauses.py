"""Left-over sentences echoed in one clause of a neighbouring sentence: merges the search missed.

A translator who joins two sentences keeps both contents in one sentence, each in a clause
("A; B", "A, while B", "A – B").  The joined sentence's embedding leans towards its longer
half, so the shorter source sentence often looks unaligned.  Reading the joined sentence
clause by clause finds it: a left-over sentence whose embedding matches one clause of a
nearby linked sentence clearly (against its own background) and better than that bead's
current members do joins the bead.  No lexical model is needed, so this works for any
language pair; only the clauses of sentences next to a left-over sentence are embedded.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

from .neighbours import joinable, owners

if TYPE_CHECKING:  # pragma: no cover
    from ..scoring.pairs import PairScorer, Params

#: clause boundaries: semicolon, colon, comma, dash between spaces
_CUT = re.compile(r"[;:]\s+|,\s+|\s+[–—-]\s+")
_WORD = re.compile(r"\w+")


def clause_bounds(text: str, min_words: int = 4) -> list[tuple[int, int]]:
    """Character spans of the clauses of ``text`` with at least ``min_words`` words each (a short
    clause joins its neighbour); an empty list when the sentence has fewer than two such clauses."""
    bounds: list[list[int]] = []
    pos = 0
    for m in _CUT.finditer(text):
        bounds.append([pos, m.start()])
        pos = m.end()
    bounds.append([pos, len(text)])
    out: list[list[int]] = []
    for lo, hi in bounds:
        if out and (len(_WORD.findall(text[out[-1][0]:out[-1][1]])) < min_words
                    or len(_WORD.findall(text[lo:hi])) < min_words):
            out[-1][1] = hi
        else:
            out.append([lo, hi])
    out = [[lo, hi] for lo, hi in out if text[lo:hi].strip()]
    return [(lo, hi) for lo, hi in out] if len(out) >= 2 else []


def clause_pieces(text: str, min_words: int = 4) -> list[str]:
    """The clauses of ``text`` (see :func:`clause_bounds`)."""
    return [text[lo:hi].strip() for lo, hi in clause_bounds(text, min_words)]


def clause_spans(text: str, max_pieces: int = 6) -> list[str]:
    """Every run of consecutive clauses short of the whole sentence: a clause may itself hold commas
    ("issues including human rights, press freedom and ...")."""
    b = clause_bounds(text)[:max_pieces]
    return [text[b[i][0]:b[j][1]].strip() for i in range(len(b)) for j in range(i, len(b))
            if not (i == 0 and j == len(b) - 1)]


def clause_pass(groups: list, scorer: "PairScorer", params: "Params", reach: int = 2) -> list:
    """Attach each left-over sentence to a nearby bead when it is echoed in a clause of that bead's
    other side (see the module docstring).  ``groups`` are (src, tgt, moved) tuples."""
    if params.clause_z <= 0:
        return groups
    groups = [list(g) for g in groups]
    sides = (scorer.src, scorer.tgt)
    for side in (0, 1):
        other = 1 - side
        owner = owners(groups, side)
        todo = []
        for k, g in enumerate(groups):
            if g[side] and not g[other] and len(g[side]) == 1:
                x = g[side][0]
                for y in joinable(groups, owner, side, x, reach, params.max_group):
                    for t in groups[y][other]:
                        todo.append((k, x, y, t))
        if not todo:
            continue
        texts = {t: clause_spans(sides[other].texts[t]) for _, _, _, t in todo}
        flat = sorted({(t, p) for t, ps in texts.items() for p in ps})
        if not flat:
            continue
        vecs = scorer.embed([p for _, p in flat])
        pv = {key: v for key, v in zip(flat, vecs)}
        mu, sd = (scorer.mu_r, scorer.sd_r) if side == 0 else (scorer.mu_c, scorer.sd_c)
        best: dict[int, tuple[float, int]] = {}
        xs = sorted({x for _, x, _, _ in todo})
        # each left-over sentence's best cosine with any whole sentence of the other side
        whole = dict(zip(xs, (sides[side].emb[xs] @ sides[other].emb.T).max(1).tolist()))
        for k, x, y, t in todo:
            ex = sides[side].emb[x]
            holds_best = float(ex @ sides[other].emb[t]) >= whole[x] - 1e-6
            for p in texts[t]:
                v = pv[(t, p)]
                cx = float(ex @ v)
                z = (cx - float(mu[x])) / float(sd[x])
                rivals = max(float(sides[side].emb[mm] @ v) for mm in groups[y][side])
                # the clause is x's (better than the bead's members), clearly, and x has no better
                # counterpart elsewhere (its best whole sentence is this one, or the clause beats it)
                if (z >= params.clause_z and cx > rivals and (holds_best or cx > whole[x])
                        and z > best.get(k, (-np.inf, -1))[0]):
                    best[k] = (z, y)
        for k, (z, y) in best.items():
            x = groups[k][side][0]
            groups[y][side] = tuple(sorted(groups[y][side] + (x,)))
            groups[k][side] = ()
    return [tuple(g) for g in groups if g[0] or g[1]]
