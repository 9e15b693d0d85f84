"""The alignment search on hand-made gain tables (no model)."""
from __future__ import annotations

import numpy as np
import pytest

from aligner.align.band import Band, band_around_path
from aligner.align.search import search


def tables(sim: np.ndarray, band: Band, extra: dict | None = None):
    """1-1 gains from a (n, m) matrix in band layout, plus optional m-n gains {(a, b): {(i_end, j_end): g}}."""
    n, m = sim.shape
    g = {}
    G = np.full((n + 1, band.width), -1e9, dtype=np.float32)
    for i in range(1, n + 1):
        for k in range(band.width):
            j = band.lo[i] + k
            if 1 <= j <= m:
                G[i, k] = sim[i - 1, j - 1]
    g[(1, 1)] = G
    for (a, b), cells in (extra or {}).items():
        H = np.full((n + 1, band.width), -1e9, dtype=np.float32)
        for (ie, je), v in cells.items():
            H[ie, je - band.lo[ie]] = v
        g[(a, b)] = H
    return g


def run(sim, extra=None, band=None):
    n, m = sim.shape
    band = band or Band.full(n, m)
    return search(tables(sim, band, extra), band, np.zeros(n), np.zeros(m))


def diag(n, m, pairs, good=1.0, bad=-1.0):
    s = np.full((n, m), bad)
    for i, j in pairs:
        s[i, j] = good
    return s


@pytest.mark.parametrize("n,m,pairs,expected", [
    (3, 3, [(0, 0), (1, 1), (2, 2)], [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]),
    # source sentence 1 dropped
    (3, 2, [(0, 0), (2, 1)], [((0,), (0,)), ((1,), ()), ((2,), (1,))]),
    # target sentence 1 added
    (2, 3, [(0, 0), (1, 2)], [((0,), (0,)), ((), (1,)), ((1,), (2,))]),
    # nothing matches: everything unaligned, sources first at each step
    (1, 1, [], [((0,), ()), ((), (0,))]),
])
def test_one_to_one_and_skips(n, m, pairs, expected):
    out = run(diag(n, m, pairs))
    assert sorted(out, key=str) == sorted(expected, key=str)
    assert sorted(i for s, _ in out for i in s) == list(range(n))
    assert sorted(j for _, t in out for j in t) == list(range(m))


def test_merge_beats_one_to_one_plus_skip():
    sim = diag(3, 2, [(0, 0), (2, 1)], good=1.0, bad=-1.0)
    sim[1, 0] = 0.2  # source 1 is weakly similar to target 0 alone...
    out = run(sim, extra={(2, 1): {(2, 1): 2.5}})  # ...but sources 0+1 together match target 0 well
    assert ((0, 1), (0,)) in out
    assert ((2,), (1,)) in out


def test_split():
    sim = diag(2, 3, [(0, 0), (1, 2)])
    out = run(sim, extra={(1, 2): {(1, 2): 2.5}})
    assert out[0] == ((0,), (0, 1))


def test_empty_sides():
    assert run(np.zeros((0, 2))) == [((), (0,)), ((), (1,))]
    assert run(np.zeros((2, 0))) == [((0,), ()), ((1,), ())]


def test_band_matches_full_search_when_path_inside():
    rng = np.random.default_rng(0)
    n = m = 60
    sim = rng.normal(-1, 0.3, (n, m))
    for i in range(n):
        sim[i, i] = 1.0
    full = run(sim)
    band = band_around_path([(k, k) for k in range(n + 1)], n, m, radius=4)
    assert band.width < m + 1
    assert run(sim, band=band) == full


def test_band_is_monotone_and_covers_path():
    path = [(0, 0), (10, 4), (20, 30), (30, 30)]
    band = band_around_path(path, 30, 30, radius=2)
    assert np.all(np.diff(band.lo) >= 0)
    for i, j in path:
        assert band.lo[i] <= j < band.lo[i] + band.width


def test_large_banded_search_is_exact_on_a_planted_path():
    n = m = 3000
    band = band_around_path([(0, 0), (n, m)], n, m, radius=10)
    G = np.full((n + 1, band.width), -1.0, dtype=np.float32)
    for i in range(1, n + 1):
        G[i, i - band.lo[i]] = 1.0
    out = search({(1, 1): G}, band, np.zeros(n), np.zeros(m))
    assert len(out) == n
    assert all(s == (k,) and t == (k,) for k, (s, t) in enumerate(out))
