"""The band: which cells of the (n+1) x (m+1) prefix grid the search visits.

Small documents use the whole grid; long ones a monotone corridor around a path
found at coarser resolution (:func:`choose_band`), so time and memory grow
linearly with document length.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: DP cells above which the search runs in a corridor found at coarser resolution
MAX_FULL_CELLS = 3_000_000


@dataclass(frozen=True)
class Band:
    """Rows ``i`` of the prefix grid cover columns ``lo[i] .. lo[i] + width - 1`` (clipped to m)."""

    lo: np.ndarray  # (n + 1,) int64
    width: int
    m: int

    @property
    def n(self) -> int:
        return len(self.lo) - 1

    def cols(self, i: int) -> np.ndarray:
        return self.lo[i] + np.arange(self.width)

    @staticmethod
    def full(n: int, m: int) -> "Band":
        return Band(np.zeros(n + 1, dtype=np.int64), m + 1, m)


def band_cosines(src: np.ndarray, tgt: np.ndarray, band: Band, block: int = 256) -> np.ndarray:
    """Cosines of sentence pairs in band layout, (n + 1, W) float32; NaN where no pair.

    Entry ``[i, k]`` is ``src[i-1] . tgt[j-1]`` with ``j = band.lo[i] + k``.  Computed a
    block of rows at a time, so memory stays O((n + m) * W) for rows of unit vectors.
    """
    n, m, W = band.n, band.m, band.width
    out = np.full((n + 1, W), np.nan, dtype=np.float32)
    for b0 in range(1, n + 1, block):
        rows = np.arange(b0, min(n + 1, b0 + block))
        c0 = int(band.lo[rows[0]])
        c1 = min(m, int(band.lo[rows[-1]]) + W - 1)
        if c1 < max(1, c0):
            continue
        cmin = max(1, c0)
        dense = src[rows - 1] @ tgt[cmin - 1:c1].T            # (rows, c1 - cmin + 1)
        js = band.lo[rows][:, None] + np.arange(W)[None, :]      # (rows, W)
        ok = (js >= cmin) & (js <= c1)
        rr, kk = np.nonzero(ok)
        out[rows[rr], kk] = dense[rr, js[rr, kk] - cmin]
    return out


def band_around_path(path: list[tuple[int, int]], n: int, m: int, radius: int) -> Band:
    """A monotone corridor of half-width ``radius`` around ``path`` (points (i, j) of the prefix grid).

    ``path`` must start at (0, 0), end at (n, m) and be non-decreasing in both coordinates.
    """
    jmin = np.full(n + 1, m, dtype=np.int64)
    jmax = np.zeros(n + 1, dtype=np.int64)
    pts = sorted(path)
    for (i0, j0), (i1, j1) in zip(pts, pts[1:]):
        for i in range(i0, i1 + 1):
            jmin[i] = min(jmin[i], j0)
            jmax[i] = max(jmax[i], j1)
    for i, j in pts:
        jmin[i] = min(jmin[i], j)
        jmax[i] = max(jmax[i], j)
    lo = np.maximum(0, jmin - radius)
    hi = np.minimum(m, jmax + radius)
    lo = np.minimum.accumulate(lo[::-1])[::-1]  # keep the corridor monotone
    hi = np.maximum.accumulate(hi)
    width = int((hi - lo).max()) + 1
    lo = np.minimum(lo, max(0, m + 1 - width))
    return Band(lo.astype(np.int64), width, m)


def choose_band(src_emb: np.ndarray, tgt_emb: np.ndarray, radius: int = 0) -> Band:
    """Full grid for small documents; otherwise a corridor around a coarse alignment."""
    n, m = len(src_emb), len(tgt_emb)
    if (n + 1) * (m + 1) <= MAX_FULL_CELLS:
        return Band.full(n, m)
    f = int(np.ceil(np.sqrt((n + 1) * (m + 1) / MAX_FULL_CELLS)))
    cs, ct = _coarsen(src_emb, f), _coarsen(tgt_emb, f)
    cband = choose_band(cs, ct)
    N, M = len(cs), len(ct)
    cos = band_cosines(cs, ct, cband)
    known = ~np.isnan(cos)
    g = np.where(known, cos - np.median(cos[known]), -1e9).astype(np.float32)
    from .search import search

    beads = search({(1, 1): g}, cband,
                   np.zeros(N, np.float32), np.zeros(M, np.float32))
    pts = [(0, 0)]
    i = j = 0
    for s_idx, t_idx in beads:
        i += len(s_idx); j += len(t_idx)
        pts.append((min(n, i * f), min(m, j * f)))
    pts[-1] = (n, m)
    return band_around_path(pts, n, m, radius or 2 * f + 8)


def _coarsen(emb: np.ndarray, f: int) -> np.ndarray:
    n = len(emb)
    k = (n + f - 1) // f
    pad = np.zeros((k * f, emb.shape[1]), dtype=np.float32)
    pad[:n] = emb
    out = pad.reshape(k, f, -1).sum(1)
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
