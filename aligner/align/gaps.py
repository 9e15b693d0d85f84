"""Big beads the search priced out: a gap whose two sides translate each other as a whole.

The search charges every extra sentence of a bead (``Params.merge_cost``), so a sentence
rendered as four or five short ones, each weak on its own against the long one, is left
as one dropped and several added sentences.  Between the same two links, such a gap is
read again as a whole: each contiguous group of its unaligned source and target sentences
(three to ``Params.max_bead`` sentences, both sides present) is scored as one bead, and the
group is linked when its similarity clears the skip threshold by ``Params.gap_margin``
without any per-sentence cost: the alternative, leaving all of them unaligned, says the
translator dropped one text and wrote another in its place, which the similarity of the
joined text contradicts.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ..scoring.pairs import PairScorer, Params


def _runs(idx: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for i in idx:
        if out and out[-1][-1] == i - 1:
            out[-1].append(i)
        else:
            out.append([i])
    return out


def _gaps(groups: list, m: int) -> list[tuple[list[int], list[int]]]:
    """(source run, target run) pairs of unaligned sentences that sit between the same two links."""
    links = sorted((min(g[0]), max(g[0]), min(g[1]), max(g[1])) for g in groups if g[0] and g[1] and not g[2])
    free_s = sorted(i for g in groups if g[0] and not g[1] for i in g[0])
    free_t = set(j for g in groups if g[1] and not g[0] for j in g[1])
    out = []
    for run in _runs(free_s):
        before = [x for x in links if x[1] < run[0]]
        after = [x for x in links if x[0] > run[-1]]
        lo = max((x[3] for x in before), default=-1)
        hi = min((x[2] for x in after), default=m)
        if lo >= hi:
            continue
        for t_run in _runs(sorted(j for j in free_t if lo < j < hi)):
            out.append((run, t_run))
    return out


def _candidates(s_run: list[int], t_run: list[int], max_bead: int):
    """Contiguous (S, T) groups of a gap with both sides present and three to ``max_bead`` sentences."""
    for a in range(1, min(len(s_run), max_bead - 1) + 1):
        for b in range(max(1, 3 - a), min(len(t_run), max_bead - a) + 1):
            for i0 in range(len(s_run) - a + 1):
                for j0 in range(len(t_run) - b + 1):
                    yield tuple(s_run[i0:i0 + a]), tuple(t_run[j0:j0 + b])


def gap_pass(groups: list, scorer: "PairScorer", params: "Params") -> list:
    """Link the best-scoring group of each gap (see the module docstring), as long as one qualifies.
    ``groups`` are (src, tgt, moved) tuples; the result has the same form, links in source order."""
    if params.gap_margin < 0:
        return groups
    groups = list(groups)
    bar = scorer.threshold + params.gap_margin
    sims: dict = {}   # a group's similarity does not change when another gap is linked
    while True:
        best, best_val = None, 0.0
        for s_run, t_run in _gaps(groups, scorer.m):
            for S, T in _candidates(s_run, t_run, params.max_bead):
                if (S, T) not in sims:
                    sims[(S, T)] = scorer.group_sim(S, T)
                val = (len(S) + len(T)) * (sims[(S, T)] - bar)
                if val > best_val:
                    best, best_val = (S, T), val
        if best is None:
            return sorted(groups, key=lambda g: min(g[0]) if g[0] else -1)
        S, T = best
        groups = [g for g in groups if not ((g[0] and not g[1] and g[0][0] in S) or (g[1] and not g[0] and g[1][0] in T))]
        groups.append((S, T, False))
