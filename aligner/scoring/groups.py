"""Candidate m-n groups (merges, splits, 2-2...) for the search, found and screened in bulk.

Scoring every run of up to five sentences against every other run would cost
O(n * m * shapes) embeddings.  Instead, groups are considered only around
*anchor* cells (among the best partners of their row or column and above a
z-score floor), every member of a group must reach ``member_floor`` with the
other side, and each surviving group gets an *approximate* fused similarity
that costs no model call: the embedding of a run is approximated by the
length-weighted sum of its sentences' unit vectors, whose cosine with the other
run, and whose background mean, follow from cosines already known.  Only the
groups whose approximate gain comes within ``screen_margin`` of the best
decomposition of their block into 1-1 beads are kept, and of those the most
promising are embedded for real, within a budget of ``embed_budget`` runs per
sentence of the pair (the rest keep their approximate gain): a long document
costs the embedder a fraction more than its sentences, not several times them.

Everything here is vectorised per bead shape; arrays of candidates are
``ie``/``je`` (C,) int64 in prefix-grid coordinates: a group of shape (a, b)
ending at (ie, je) covers source sentences ``ie-a .. ie-1`` and target
sentences ``je-b .. je-1``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..align.search import NEG
from ..progress import NO_PROGRESS

if TYPE_CHECKING:  # pragma: no cover
    from ..progress import Progress
    from .pairs import PairScorer

#: how much higher the approximate z of a group is than its real one, on average (see approx_cz)
APPROX_BIAS = 0.4


def anchor_cells(zmat: np.ndarray, lo: np.ndarray, m: int, top_k: int, floor: float) -> tuple[np.ndarray, np.ndarray]:
    """Prefix coordinates (i, j) of cells among the ``top_k`` of their row or column with z >= ``floor``."""
    n1, W = zmat.shape
    if W == 0 or n1 <= 1:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    kk = min(top_k, W)
    mask = np.zeros_like(zmat, dtype=bool)
    top = np.argpartition(-zmat, kk - 1, axis=1)[:, :kk]
    mask[np.arange(n1)[:, None], top] = True
    # column tops: the band's columns are shifted per row; go through dense column ids
    rows, ks = np.nonzero(np.isfinite(zmat))
    cols = lo[rows] + ks
    order = np.lexsort((-zmat[rows, ks], cols))
    c_sorted = cols[order]
    first = np.r_[0, np.flatnonzero(np.diff(c_sorted)) + 1]
    rank = np.arange(len(order)) - np.repeat(first, np.diff(np.r_[first, len(order)]))
    sel = order[rank < kk]
    mask[rows[sel], ks[sel]] = True
    mask &= zmat >= floor
    i, k = np.nonzero(mask)
    j = lo[i] + k
    ok = (i >= 1) & (j >= 1) & (j <= m)
    return i[ok].astype(np.int64), j[ok].astype(np.int64)


def groups_around(ai: np.ndarray, aj: np.ndarray, a: int, b: int, n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Every (ie, je) of shape (a, b) whose block contains one of the anchor cells (deduplicated)."""
    if len(ai) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    di, dj = np.meshgrid(np.arange(a), np.arange(b), indexing="ij")
    ie = (ai[:, None] + di.ravel()[None, :]).ravel()
    je = (aj[:, None] + dj.ravel()[None, :]).ravel()
    ok = (ie <= n) & (je <= m) & (ie - a >= 0) & (je - b >= 0)
    key = np.unique(ie[ok] * (m + 1) + je[ok])
    return key // (m + 1), key % (m + 1)


def members(ie: np.ndarray, je: np.ndarray, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
    """0-based member indices: source (C, a) and target (C, b)."""
    return ie[:, None] - a + np.arange(a)[None, :], je[:, None] - b + np.arange(b)[None, :]


def best_monotone(g: np.ndarray) -> np.ndarray:
    """Best total of non-negative 1-1 gains matched monotonically inside each block: g (C, a, b) -> (C,)."""
    C, a, b = g.shape
    D = np.zeros((C, a + 1, b + 1), dtype=np.float64)
    g = np.maximum(g, 0.0)
    for i in range(1, a + 1):
        for j in range(1, b + 1):
            D[:, i, j] = np.maximum(np.maximum(D[:, i - 1, j], D[:, i, j - 1]), D[:, i - 1, j - 1] + g[:, i - 1, j - 1])
    return D[:, a, b]


def approx_cz(scorer: "PairScorer", S: np.ndarray, T: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Approximate cosine and z-normalised cosine of groups ``S`` (C, a) and ``T`` (C, b), (C,) each.

    A run's vector is approximated by ``sum_k w_k e_k`` with ``w_k = sqrt(len_k)``; its cosine
    with the other run and its mean cosine with the other side's sentences follow from
    per-sentence quantities (the latter exactly, from the row/column means).
    """
    # every quantity of one run is computed once per distinct run (groups share their runs), then gathered
    es, ns, mu_s, sd_s = _run_terms(scorer.src, S, scorer.mu_r, scorer.sd_r)
    et, nt, mu_t, sd_t = _run_terms(scorer.tgt, T, scorer.mu_c, scorer.sd_c)
    cos = np.einsum("cd,cd->c", es, et) / (ns * nt)
    z = 0.5 * ((cos - mu_s) / np.maximum(sd_s, scorer.p.sigma_floor)
                + (cos - mu_t) / np.maximum(sd_t, scorer.p.sigma_floor))
    # the sum of unit vectors reads a run as more coherent than its real embedding does: measured
    # on NTREX dev groups, approx - exact = 0.42 on average (sd 0.53, correlation 0.86)
    return cos, z - APPROX_BIAS


def _run_terms(side, R: np.ndarray, mu: np.ndarray, sd: np.ndarray):
    """Of each run ``R`` (C, k) of one side: its approximate vector ``sum_k w_k e_k`` (C, d), that vector's
    norm, and its background mean and sd over the other side (each divided by the norm), see :func:`approx_cz`."""
    _, first, inv = np.unique(R, axis=0, return_index=True, return_inverse=True)
    U = R[first]
    w = np.sqrt(side.lengths[U])            # (u, k)
    e = np.einsum("ca,cad->cd", w, side.emb[U])
    n = np.maximum(np.linalg.norm(e, axis=1), 1e-12)
    m = (w * mu[U]).sum(1) / n
    # sd: between the independent (sqrt of summed squares) and fully correlated (sum) cases
    s = 0.5 * (np.sqrt((w ** 2 * sd[U] ** 2).sum(1)) + (w * sd[U]).sum(1)) / n
    inv = inv.ravel()
    return e[inv], n[inv], m[inv], s[inv]


def screen(scorer: "PairScorer", zmat: np.ndarray, g11: np.ndarray, chunk: int = 8192,
           progress: "Progress" = NO_PROGRESS) -> list[tuple[int, int, int, int, float, float]]:
    """The m-n groups worth scoring: ``(a, b, ie, je, margin, gain)`` whose approximate ``gain`` comes
    within ``screen_margin`` of their block's best decomposition into 1-1 beads (``margin``: by how
    much the approximate gain beats that decomposition)."""
    p, band = scorer.p, scorer.band
    n, m, W = scorer.n, scorer.m, band.width
    lo = band.lo
    ai, aj = anchor_cells(zmat, lo, m, p.top_k, p.anchor_floor)
    chosen: list[tuple[int, int, int, int, float, float]] = []
    for (a, b) in p.types:
        if (a, b) == (1, 1):
            continue
        ie_all, je_all = groups_around(ai, aj, a, b, n, m)
        progress.advance(1)
        for c0 in range(0, len(ie_all), chunk):
            ie, je = ie_all[c0:c0 + chunk], je_all[c0:c0 + chunk]
            S, T = members(ie, je, a, b)
            rr = np.repeat(S, b, axis=1).ravel()
            cc = np.tile(T, (1, a)).ravel()
            zb = _z_lookup(scorer, zmat, rr, cc).reshape(-1, a, b)
            ok = (zb.max(2).min(1) >= p.member_floor) & (zb.max(1).min(1) >= p.member_floor)
            if not ok.any():
                continue
            ie, je, S, T = ie[ok], je[ok], S[ok], T[ok]
            # best decomposition into in-band 1-1 gains
            pi = (S + 1)[:, :, None].repeat(b, 2)
            pj = (T + 1)[:, None, :].repeat(a, 1)
            k = pj - lo[pi]
            inb = (k >= 0) & (k < W)
            g = np.where(inb, g11[pi, np.clip(k, 0, W - 1)], 0.0).astype(np.float64)
            alt = best_monotone(g)
            # an upper bound first (no anchor sets, no lexical coverage): most groups fail even that
            approx = scorer.screen_gains(S, T, alt - p.screen_margin)
            keep = approx > alt - p.screen_margin
            chosen += [(a, b, int(x), int(y), float(d), float(g))
                       for x, y, d, g in zip(ie[keep].tolist(), je[keep].tolist(), (approx - alt)[keep].tolist(),
                                             approx[keep].tolist())]
    return chosen


def _z_lookup(scorer: "PairScorer", zmat: np.ndarray, r: np.ndarray, c: np.ndarray) -> np.ndarray:
    """z of 1-1 pairs (r[k], c[k]) read from the band table ``zmat`` where it holds them (computed otherwise)."""
    lo, W = scorer.band.lo, scorer.band.width
    k = c + 1 - lo[r + 1]
    inb = (k >= 0) & (k < W)
    out = np.empty(len(r))
    out[inb] = zmat[r[inb] + 1, k[inb]]
    if not inb.all():
        out[~inb] = scorer.z11(r[~inb], c[~inb])
    return out


def _within_budget(chosen: list, budget: float) -> set:
    """The groups of ``chosen`` to embed for real, best approximate margin first, as long as the
    distinct runs they need stay within ``budget``; the others keep their approximate gain."""
    spans: set = set()
    out = set()
    for a, b, ie, je, *_ in sorted(chosen, key=lambda c: -c[4]):
        need = {("s", ie - a, ie), ("t", je - b, je)} - spans
        if len(spans) + len(need) > budget:
            continue
        spans |= need
        out.add((a, b, ie, je))
    return out


def gain_tables(scorer: "PairScorer", progress: "Progress" = NO_PROGRESS, label: str = ""):
    """Gain tables in band layout: ({(a, b): (n+1, W)}, skip_src (n,), skip_tgt (m,)).

    ``progress`` is told one step done when the 1-1 table is ready (the last step of the
    caller's stage), then the stages ``scoring merge candidates`` (one unit per bead shape)
    and ``embedding merge candidates`` (when runs need embedding), prefixed by ``label``."""
    b, p = scorer.band, scorer.p
    n, m, W = scorer.n, scorer.m, b.width
    ii = np.repeat(np.arange(n + 1), W)
    jj = (b.lo[:, None] + np.arange(W)[None, :]).ravel()
    gains: dict[tuple[int, int], np.ndarray] = {}
    # 1-1 first: it also decides which m-n groups are plausible
    ok = (ii >= 1) & (jj >= 1) & (jj <= m)
    z = np.full(len(ii), -np.inf)
    cos_ok = scorer.cos_band.ravel()[ok]
    z[ok] = scorer.z11(ii[ok] - 1, jj[ok] - 1, cos_ok)
    zmat = z.reshape(n + 1, W)
    g = np.full(len(ii), NEG, dtype=np.float32)
    g[ok] = scorer.sim11(ii[ok] - 1, jj[ok] - 1, cos_ok) - scorer.threshold
    gains[(1, 1)] = g.reshape(n + 1, W)
    progress.advance(1)
    # m-n groups: screened in bulk without model calls, then embedded for real
    progress.stage(label + "scoring merge candidates", len([t for t in p.types if t != (1, 1)]), "shapes")
    chosen = screen(scorer, zmat, gains[(1, 1)], progress=progress)
    real = _within_budget(chosen, p.embed_budget * (n + m)) if p.embed_runs else set()
    if real:
        scorer.prefetch_spans(sorted({sp for a, bb, ie, je in real
                                      for sp in (("s", tuple(range(ie - a, ie))), ("t", tuple(range(je - bb, je))))}),
                              progress, label + "embedding merge candidates")
    by_shape: dict[tuple[int, int], list[tuple[int, int, float]]] = {}
    for a, bb, ie, je, _, approx in chosen:
        by_shape.setdefault((a, bb), []).append((ie, je, approx))
    for (a, bb) in p.types:
        if (a, bb) == (1, 1):
            continue
        gains[(a, bb)] = np.full((n + 1, W), NEG, dtype=np.float32)
        if (a, bb) not in by_shape:
            continue
        ends = np.array([(x, y) for x, y, _ in by_shape[(a, bb)]], dtype=np.int64)
        approx = np.array([g for *_, g in by_shape[(a, bb)]])
        ie, je = ends[:, 0], ends[:, 1]
        S, T = members(ie, je, a, bb)
        k = je - b.lo[ie]
        inb = (k >= 0) & (k < W)
        emb = np.array([(a, bb, x, y) in real for x, y in zip(ie.tolist(), je.tolist())], dtype=bool)
        sel = inb & ~emb                       # not embedded: the screen's approximate gain
        gains[(a, bb)][ie[sel], k[sel]] = approx[sel]
        sel = inb & emb
        if sel.any():
            gains[(a, bb)][ie[sel], k[sel]] = scorer.gains_many(S[sel], T[sel])
    return gains, np.zeros(n, dtype=np.float32), np.zeros(m, dtype=np.float32)
