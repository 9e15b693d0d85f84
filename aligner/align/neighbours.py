"""Which beads a left-over sentence could join: shared by the absorb and clause passes."""
from __future__ import annotations


def owners(groups: list, side: int) -> dict[int, int]:
    """Sentence of ``side`` (0 source, 1 target) -> index of the in-order link that holds it."""
    out: dict[int, int] = {}
    for k, g in enumerate(groups):
        if g[0] and g[1] and not g[2]:
            for x in g[side]:
                out[x] = k
    return out


def joinable(groups: list, owner: dict[int, int], side: int, x: int, reach: int, max_group: int) -> list[int]:
    """Links within ``reach`` sentences of ``x`` on its side that it can join: without crossing
    another link, and while they hold fewer than ``max_group`` sentences on that side."""
    out = []
    for y in {owner.get(x + d) for d in range(-reach, reach + 1) if d} - {None}:
        members = groups[y][side]
        if len(members) >= max_group:
            continue
        lo, hi = sorted((min(members, key=lambda z: abs(z - x)), x))
        if any(owner.get(z, y) != y for z in range(lo + 1, hi)):
            continue  # another bead lies in between: joining would cross it
        out.append(y)
    return out
