"""The passes after the monotonic search: moved links, pruning, absorbing, gaps, clauses, ordering.

Each pass maps a list of groups ``(src indices, tgt indices, moved)`` to a new
list; :func:`finalize` runs them in order and types the result as beads.
"""
from __future__ import annotations

import bisect

import numpy as np

from ..scoring.pairs import PairScorer, Params
from ..types import Bead, bead_kind
from .clauses import clause_pass
from .fragments import debris, debris_pass, fragment_pass
from .gaps import gap_pass
from .neighbours import joinable, owners


def finalize(path, scorer: PairScorer, params: Params, contain=None) -> list[Bead]:
    """Monotonic path -> typed beads; link clearly matching leftovers as ``moved``; let
    neighbouring beads absorb leftovers that belong to them (gapped merges and splits)."""
    groups = [(tuple(s_idx), tuple(t_idx), False) for s_idx, t_idx in path]
    groups = moved_pass(split_pass(groups, scorer, params), scorer, params)
    groups = absorb_pass(prune_pass(groups, params, contain), scorer, params, contain)
    groups = fragment_pass(clause_pass(gap_pass(groups, scorer, params), scorer, params), scorer, params)
    groups = debris_pass(groups, scorer, params)
    groups = order_groups(groups)
    return [_bead(s_idx, t_idx, moved, scorer, params) for s_idx, t_idx, moved in groups]


def order_groups(groups: list) -> list:
    """Put beads in document order: in-order links as they are; each unaligned sentence just
    before the first in-order link that starts after it on its side; moved links at their
    source position.  Beads are then sorted by first index on each side (a gapped group's
    left-over sentence follows it)."""
    linked = [g for g in groups if g[0] and g[1] and not g[2]]
    others = [g for g in groups if not (g[0] and g[1] and not g[2])]
    slots: list[list] = [[] for _ in range(len(linked) + 1)]
    src_starts = [min(g[0]) for g in linked]
    tgt_starts = [min(g[1]) for g in linked]
    for g in others:
        if g[0]:
            k = bisect.bisect_right(src_starts, min(g[0]))
        else:
            k = bisect.bisect_right(tgt_starts, min(g[1]))
        slots[k].append(g)
    out = []
    for k in range(len(linked) + 1):
        out += sorted(slots[k], key=lambda g: (0, min(g[0])) if g[0] else (1, min(g[1])))
        if k < len(linked):
            out.append(linked[k])
    return out


def _bead(s_idx, t_idx, moved: bool, scorer: PairScorer, params: Params) -> Bead:
    if s_idx and t_idx:
        sc = scorer.unit(scorer.group_sim(s_idx, t_idx))
        kind = "moved" if moved else bead_kind(len(s_idx), len(t_idx))
        return Bead(s_idx, t_idx, kind, round(sc, 4), weak=scorer.is_weak(sc))
    return Bead(s_idx, t_idx, bead_kind(len(s_idx), len(t_idx)), 0.0)


def split_pass(groups: list, scorer: PairScorer, params: Params) -> list:
    """Undo 2-2 beads that are two links side by side.

    A 2-2 bead can out-gain its two 1-1 beads when one of them is strong and the other barely
    clears the threshold: the concatenation borrows the strong pair's similarity.  A true 2-2
    (the translator moved a clause across the boundary) shows it in its cross pairs: a
    sentence is also similar to the other sentence of the opposite side.  A 2-2 bead whose
    two in-order pairs clear the threshold while neither cross pair does becomes two 1-1
    links; one whose cross pairs both clear it, each by ``steal_margin`` more than either
    in-order pair, becomes two crossing links (the second one ``moved``).
    """
    if not params.split_pairs:
        return groups
    out = []
    thr = scorer.threshold
    for s_idx, t_idx, moved in groups:
        if len(s_idx) != 2 or len(t_idx) != 2 or moved:
            out.append((s_idx, t_idx, moved))
            continue
        (i0, i1), (j0, j1) = s_idx, t_idx
        par = scorer.sim11(np.array([i0, i1]), np.array([j0, j1]))
        cross = scorer.sim11(np.array([i0, i1]), np.array([j1, j0]))
        if par.min() >= thr and cross.max() < thr:
            out += [((i0,), (j0,), False), ((i1,), (j1,), False)]
        elif cross.min() >= thr and cross.min() >= par.max() + scorer.steal_margin:
            out += [((i0,), (j1,), False), ((i1,), (j0,), True)]
        else:
            out.append((s_idx, t_idx, moved))
    return out


def prune_pass(groups: list, params: Params, contain=None) -> list:
    """Take out of an m-n group a member whose words the other side does not explain.

    The search may fold a dropped (or added) sentence into a neighbouring merge when the
    concatenation still looks similar; lexical containment tells the members apart.  Needs
    a lexical table (``contain``); without one the groups stay as found.
    """
    if contain is None or params.prune_below <= 0:
        return groups
    out = []
    for s_idx, t_idx, moved in groups:
        if not s_idx or not t_idx or (len(s_idx) == 1 and len(t_idx) == 1):
            out.append((s_idx, t_idx, moved))
            continue
        keep_s = tuple(i for i in s_idx if len(s_idx) == 1 or contain.src_in_tgt(i, t_idx) >= params.prune_below)
        keep_t = tuple(j for j in t_idx if len(t_idx) == 1 or contain.tgt_in_src(j, s_idx) >= params.prune_below)
        if not keep_s or not keep_t:
            out.append((s_idx, t_idx, moved))
            continue
        out.append((keep_s, keep_t, moved))
        out += [((i,), (), False) for i in s_idx if i not in keep_s]
        out += [((), (j,), False) for j in t_idx if j not in keep_t]
    return out


def absorb_pass(groups: list, scorer: PairScorer, params: Params, contain=None, reach: int = 2) -> list:
    """Attach an unaligned sentence to a nearby bead when the enlarged group gains more.

    Catches a merge whose partner was screened out, and gapped merges (a translator
    dropped a sentence and joined its neighbours).  Only beads within ``reach``
    positions on the same side are considered; groups grow to at most ``max_group`` a side.
    With ``contain`` (:class:`aligner.scoring.extra.Containment`), a sentence whose words
    the group's other side explains (a split part, a merged clause) is attached too.
    """
    groups = [list(g) for g in groups]
    for side in (0, 1, 0, 1):  # a second round catches sentences sandwiched by the first
        owner = owners(groups, side)
        for k, g in enumerate(groups):
            if g[0] and g[1] or not g[side]:
                continue
            x = g[side][0]
            best, best_gain = None, 0.0
            for y in joinable(groups, owner, side, x, reach, params.max_group):
                tgt_group = groups[y]
                enlarged = tuple(sorted(tgt_group[side] + (x,)))
                new = (enlarged, tgt_group[1]) if side == 0 else (tgt_group[0], enlarged)
                mz = scorer.member_z(*new)
                if mz < min(params.member_floor, params.contain_floor):
                    continue
                # the enlarged group's gain (an embedding) only where its weakest member qualifies
                delta = (scorer.gain(*new) - scorer.gain(tgt_group[0], tgt_group[1]) if mz >= params.member_floor
                         else -1.0)
                if contain is not None and mz >= params.contain_floor:
                    c = (contain.src_in_tgt(x, tgt_group[1]) if side == 0
                         else contain.tgt_in_src(x, tgt_group[0]))
                    sandwiched = owner.get(x - 1) == y and owner.get(x + 1) == y
                    if c >= (params.contain_sandwiched if sandwiched else params.contain_min):
                        delta = max(delta, c)
                if delta > best_gain:
                    best, best_gain = y, delta
            if best is not None:
                y = best
                if side == 0:
                    groups[y][0] = tuple(sorted(groups[y][0] + (x,)))
                else:
                    groups[y][1] = tuple(sorted(groups[y][1] + (x,)))
                owner[x] = y
                g[side] = ()
    return [tuple(g) for g in groups if g[0] or g[1]]


def moved_pass(groups: list, scorer: PairScorer, params: Params) -> list:
    """Link sentences that clearly match each other out of order, as ``moved``.

    ``groups`` are (src, tgt, moved) tuples in source order.  Left-over source and
    target sentences are paired greedily, best first, when their similarity reaches
    ``move_threshold``.  A sentence already in an in-order 1-1 bead is taken away
    from it when a left-over sentence matches it better by ``steal_margin`` (its
    in-order partner was only a look-alike, e.g. a summary restating it).  OCR debris and
    reference tails (no word of three letters: ``L' E .``, ``296-309 ) .``) are never moved.
    """
    lone_s = [g[0][0] for g in groups if g[0] and not g[1]]
    lone_t = [g[1][0] for g in groups if g[1] and not g[0]]
    if not lone_t and not lone_s:
        return groups
    one_one = {k: g for k, g in enumerate(groups) if len(g[0]) == 1 and len(g[1]) == 1 and not g[2]}
    held_s = {g[0][0]: g[1][0] for g in one_one.values()}   # src -> its in-order partner
    held_t = {g[1][0]: g[0][0] for g in one_one.values()}
    r, c = _move_candidates(scorer, lone_s, lone_t, list(held_s), list(held_t))
    if len(r) == 0:
        return groups
    sims = scorer.sim11(r, c)
    current: dict[tuple[str, int], float] = {}
    if held_s:
        hs = np.array(list(held_s)); ht = np.array([held_s[i] for i in hs])
        for i, j, v in zip(hs.tolist(), ht.tolist(), scorer.sim11(hs, ht).tolist()):
            current[("s", i)] = current[("t", j)] = v
    links: dict[int, int] = {}
    used_s: set[int] = set()
    used_t: set[int] = set()
    broken: set[int] = set()   # source sentences whose in-order 1-1 bead is dissolved
    for k in np.argsort(-sims):
        v = float(sims[k])
        if v < scorer.move_threshold:
            break
        i, j = int(r[k]), int(c[k])
        if i in used_s or j in used_t or debris(scorer.src.texts[i]) or debris(scorer.tgt.texts[j]):
            continue
        if i in held_s and (v < current[("s", i)] + scorer.steal_margin or i in broken):
            continue
        if j in held_t and (v < current[("t", j)] + scorer.steal_margin or held_t[j] in broken):
            continue
        if i in held_s:
            broken.add(i)
        if j in held_t:
            broken.add(held_t[j])
        links[i] = j
        used_s.add(i)
        used_t.add(j)
    if not links:
        return groups
    out = []
    for g in groups:
        if len(g[0]) == 1 and g[0][0] in broken and not g[2]:
            i, j = g[0][0], g[1][0]
            out.append(((i,), (links[i],), True) if i in links else ((i,), (), False))
            if j not in used_t:
                out.append(((), (j,), False))
        elif g[0] and not g[1] and g[0][0] in links:
            out.append((g[0], (links[g[0][0]],), True))
        elif g[1] and not g[0] and g[1][0] in used_t:
            continue
        else:
            out.append(g)
    return out


def _move_candidates(scorer: PairScorer, lone_s: list[int], lone_t: list[int], held_s: list[int],
                     held_t: list[int], k: int = 5, block: int = 2048) -> tuple[np.ndarray, np.ndarray]:
    """Pairs worth scoring for the moved pass: each left-over sentence with its ``k`` most similar
    sentences on the other side (left-over or held by a 1-1 bead).  Memory O((n + m) k)."""
    pairs: set[tuple[int, int]] = set()
    S, T = scorer.src.emb, scorer.tgt.emb
    for rows, cols, flip in ((lone_s, lone_t + held_t, False), (lone_t, lone_s + held_s, True)):
        if not rows or not cols:
            continue
        cols_a = np.asarray(cols)
        other = (S if flip else T)[cols_a]
        kk = min(k, len(cols))
        for b0 in range(0, len(rows), block):
            chunk = np.asarray(rows[b0:b0 + block])
            sim = (T if flip else S)[chunk] @ other.T
            top = np.argpartition(-sim, kk - 1, axis=1)[:, :kk]
            for x, js in zip(chunk.tolist(), cols_a[top].tolist()):
                for y in js:
                    pairs.add((y, x) if flip else (x, y))
    if not pairs:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    arr = np.array(sorted(pairs), dtype=np.int64)
    return arr[:, 0], arr[:, 1]
