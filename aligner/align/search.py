"""The alignment search: bead gain tables -> the best monotonic sequence of beads.

Pure computation: no models, no I/O.  The dynamic programme runs over a *band*
of the (n+1) x (m+1) prefix grid, so time and memory are O((n + m) * W) for a
band of width W (the full grid for small documents; a corridor around a coarse
path for long ones, see :func:`band_around_path`).

Shapes: ``gains[(a, b)]`` is float32 of shape (n + 1, W); entry ``[i, k]`` is
the gain of a bead covering source sentences ``i-a .. i-1`` and target sentences
``j-b .. j-1`` where ``j = band.lo[i] + k`` (``-inf`` where impossible).
``skip_src`` (n,) and ``skip_tgt`` (m,) are the gains of 1-0 and 0-1 beads.
"""
from __future__ import annotations

from typing import Callable, Optional

import numpy as np

from .band import Band

#: bead shapes (source count, target count) searched besides 1-0 and 0-1
BEAD_TYPES = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (1, 4), (4, 1), (2, 3), (3, 2),
              (1, 5), (5, 1), (2, 4), (4, 2), (3, 3))
NEG = np.float32(-1e9)


def search(gains: dict[tuple[int, int], np.ndarray], band: Band,
           skip_src: np.ndarray, skip_tgt: np.ndarray,
           advance: Optional[Callable[[int], None]] = None) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Maximise the total gain; return beads as (source indices, target indices) in order.

    Every source and target sentence appears in exactly one returned bead.
    ``advance(k)`` (progress) is told every ``k`` rows done, ``n + 1`` in all.
    """
    n, m, W = band.n, band.m, band.width
    lo = band.lo
    types = [t for t in gains]
    # back-pointer codes: 0 = start, 1 = 1-0, 2 = 0-1, 3 + k = types[k]
    D = np.full((n + 1, W), NEG, dtype=np.float32)
    bp = np.zeros((n + 1, W), dtype=np.int8)
    skip_src = np.asarray(skip_src, dtype=np.float32)
    skip_tgt = np.asarray(skip_tgt, dtype=np.float32)
    ctgt = np.concatenate([[0.0], np.cumsum(skip_tgt, dtype=np.float64)]).astype(np.float64)
    ar = np.arange(W)
    for i in range(n + 1):
        js = lo[i] + ar
        valid = js <= m
        base = np.full(W, NEG, dtype=np.float32)
        code = np.zeros(W, dtype=np.int8)
        if i == 0:
            base[(js == 0)] = 0.0
        else:
            # 1-0: from (i-1, j)
            cand = _prev(D, lo, i - 1, js, W) + skip_src[i - 1]
            better = cand > base
            base[better] = cand[better]
            code[better] = 1
            for k, (a, b) in enumerate(types):
                if a > i:
                    continue
                cand = _prev(D, lo, i - a, js - b, W) + gains[(a, b)][i]
                better = cand > base
                base[better] = cand[better]
                code[better] = 3 + k
        base[~valid] = NEG
        # 0-1 within the row: D[j] = max(base[j], D[j-1] + skip_tgt[j-1])
        jc = np.minimum(js, m)
        C = ctgt[jc]
        acc = np.maximum.accumulate(base.astype(np.float64) - C) + C
        row = acc.astype(np.float32)
        moved_right = row > base + 1e-6
        code[moved_right] = 2
        row[~valid] = NEG
        D[i] = row
        bp[i] = code
        if advance is not None and (i % 256 == 255 or i == n):
            advance(i % 256 + 1)
    # backtrack from (n, m)
    out: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    i, j = n, m
    while i > 0 or j > 0:
        k = j - lo[i]
        if not (0 <= k < W):
            raise RuntimeError("alignment path left the band")  # pragma: no cover
        c = int(bp[i, k])
        if c == 1:
            out.append(((i - 1,), ()))
            i -= 1
        elif c == 2:
            out.append(((), (j - 1,)))
            j -= 1
        elif c >= 3:
            a, b = types[c - 3]
            out.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
            i, j = i - a, j - b
        else:
            raise RuntimeError("no alignment path")  # pragma: no cover
    out.reverse()
    return out


def _prev(D: np.ndarray, lo: np.ndarray, r: int, js: np.ndarray, W: int) -> np.ndarray:
    """D[r, js] in band coordinates, NEG where ``js`` falls outside row r's band."""
    k = js - lo[r]
    ok = (k >= 0) & (k < W)
    out = np.full(len(js), NEG, dtype=np.float32)
    out[ok] = D[r, k[ok]]
    return out
