"""What the HTML report derives from the beads alone: DOM ids, source blocks, links.

Sentences get DOM ids ``s12`` (original) and ``t0-5`` (translation 0).  Every bead
must point inside its documents, and every target sentence no bead covers gets an
``added`` bead.  *Source blocks* are the smallest runs of source sentences such that
every bead of every translation lies inside one block; each becomes a row of the
report.  *Links* map each sentence to its counterparts in every column, for the
script's hover/click highlighting.
"""
from __future__ import annotations

from ..types import Alignment, Bead


def _src_id(i: int) -> str:
    return f"s{i}"


def _tgt_id(t: int, j: int) -> str:
    return f"t{t}-{j}"


def _check(al: Alignment) -> None:
    n = len(al.source.sentences)
    for t, ta in enumerate(al.targets):
        m = len(ta.document.sentences)
        for b in ta.beads:
            if any(not 0 <= i < n for i in b.src) or any(not 0 <= j < m for j in b.tgt):
                raise ValueError(f"targets[{t}]: bead {list(b.src)}:{list(b.tgt)} points outside the documents "
                                 f"({n} source, {m} target sentences)")


def _complete_beads(beads: list[Bead], n_tgt: int) -> list[Bead]:
    """Beads plus an ``added`` bead for every target sentence no bead covers."""
    covered = {j for b in beads for j in b.tgt}
    extra = [Bead((), (j,), "added", 0.0) for j in range(n_tgt) if j not in covered]
    return list(beads) + extra


def _source_blocks(n: int, beads_per_target: list[list[Bead]]) -> list[tuple[int, int]]:
    """Smallest contiguous runs [lo, hi] of source indices containing each bead's src."""
    reach = list(range(n))  # reach[i]: the block starting at i extends at least to reach[i]
    for beads in beads_per_target:
        for b in beads:
            if b.src:
                lo, hi = min(b.src), max(b.src)
                reach[lo] = max(reach[lo], hi)
    blocks: list[tuple[int, int]] = []
    i = 0
    while i < n:
        lo, hi = i, reach[i]
        k = i
        while k <= hi:
            hi = max(hi, reach[k])
            k += 1
        blocks.append((lo, hi))
        i = hi + 1
    return blocks


def _links(al: Alignment, beads_per_target: list[list[Bead]]) -> dict[str, list[str]]:
    """Sentence id -> ids of its counterparts in every column (precomputed for the script)."""
    groups_of: dict[str, list[list[str]]] = {}
    for t, beads in enumerate(beads_per_target):
        for b in beads:
            members = [_src_id(i) for i in b.src] + [_tgt_id(t, j) for j in b.tgt]
            if len(members) < 2:
                continue
            for m in members:
                groups_of.setdefault(m, []).append(members)
    links: dict[str, list[str]] = {}
    for t, beads in enumerate(beads_per_target):
        for b in beads:
            for j in b.tgt:
                tid = _tgt_id(t, j)
                found: dict[str, None] = {}
                for i in b.src:
                    for g in groups_of.get(_src_id(i), ()):
                        found.update(dict.fromkeys(g))
                found.pop(tid, None)
                if found:
                    links[tid] = list(found)
    for i in range(len(al.source.sentences)):
        sid = _src_id(i)
        found = {}
        for g in groups_of.get(sid, ()):
            found.update(dict.fromkeys(g))
        found.pop(sid, None)
        if found:
            links[sid] = list(found)
    return links
