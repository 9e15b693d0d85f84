"""Nearest-neighbour search over document vectors: the candidate step of corpus mode.

Documents are searched one language at a time (an index per language), so a
document's candidates in language B depend only on the documents of B.  Small
languages are searched exactly; from :data:`ANN_FROM` documents on, an
approximate HNSW index (faiss-cpu, from the ``[batch]`` extra) keeps the
search near-linear: 100,000 documents take seconds where comparing every
document with every other one would need a 40 GB similarity matrix.  Without
faiss the search stays exact, in blocks (quadratic time, bounded memory).

Vectors are L2-normalised, so inner product is cosine similarity.
"""
from __future__ import annotations

from typing import Optional, Sequence

import numpy as np

#: documents in a language from which an approximate index is used (below it, exact search in
#: blocks is faster on 2 cores: 10,000 documents of 3 languages in 7.5 s, HNSW 27 s)
ANN_FROM = 10000
#: HNSW parameters: links per node, candidate lists when building and searching.  On synthetic
#: vectors (scripts/bench_scale.py; 384-d, true partners at cosine ~0.6, the rest scattered)
#: M 16 / ef 128 found 0.84 of the partners at 100k documents; M 32 / ef 256 found all of them at 30k.
HNSW_M, HNSW_EF_BUILD, HNSW_EF_SEARCH = 32, 64, 256


class ExactIndex:
    """Brute-force inner-product search in row blocks (memory: one block x n floats)."""

    name = "exact"

    def __init__(self, X: np.ndarray, block_floats: int = 1 << 24):
        self.X = np.ascontiguousarray(X, dtype=np.float32)
        self.block = max(1, block_floats // max(len(self.X), 1))

    def search(self, Q: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(sims, ids), each (len(Q), min(k, n)), best first; ties go to the lower id."""
        n = len(self.X)
        k = min(k, n)
        sims = np.empty((len(Q), k), np.float32)
        ids = np.empty((len(Q), k), np.int64)
        for s in range(0, len(Q), self.block):
            S = np.asarray(Q[s:s + self.block], np.float32) @ self.X.T
            if k < n:
                cand = np.argpartition(-S, k - 1, axis=1)[:, :k]
            else:
                cand = np.broadcast_to(np.arange(n), S.shape)
            vals = np.take_along_axis(S, cand, axis=1)
            order = np.lexsort((cand, -vals), axis=-1)
            ids[s:s + len(S)] = np.take_along_axis(cand, order, axis=1)
            sims[s:s + len(S)] = np.take_along_axis(vals, order, axis=1)
        return sims, ids


class FaissIndex:
    """faiss HNSW (inner product); uses every core (the workers are idle while candidates are searched)."""

    name = "faiss-hnsw"

    def __init__(self, X: np.ndarray):
        import faiss

        self.index = faiss.IndexHNSWFlat(X.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT)
        self.index.hnsw.efConstruction = HNSW_EF_BUILD
        self.index.add(np.ascontiguousarray(X, dtype=np.float32))

    def search(self, Q: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        self.index.hnsw.efSearch = max(HNSW_EF_SEARCH, k)
        k = min(k, self.index.ntotal)
        sims, ids = self.index.search(np.ascontiguousarray(Q, dtype=np.float32), k)
        return sims, ids.astype(np.int64)


def ann_available() -> bool:
    try:
        import faiss  # noqa: F401
    except ImportError:
        return False
    return True


def make_index(X: np.ndarray, backend: str = "auto"):
    """An index over the rows of ``X``: ``exact``, ``faiss``, or ``auto`` (faiss from ANN_FROM rows if installed)."""
    if backend == "faiss" or (backend == "auto" and len(X) >= ANN_FROM and ann_available()):
        return FaissIndex(X)
    return ExactIndex(X)


def candidates(V: np.ndarray, langs: Sequence[str], top_k: int, backend: str = "auto",
               names: Optional[list] = None) -> list[list[int]]:
    """Per document: its ``top_k`` nearest documents in each other language, best first.

    ``names``, when given, receives the index kind used per language.
    """
    la = np.asarray(langs)
    groups = {lang: np.flatnonzero(la == lang) for lang in sorted(set(langs))}
    found: list[list[tuple[float, int]]] = [[] for _ in range(len(V))]
    for lang, members in groups.items():
        others = np.flatnonzero(la != lang)
        if not len(others):
            continue
        index = make_index(V[members], backend)
        if names is not None:
            names.append((lang, index.name))
        sims, ids = index.search(V[others], top_k)
        for row, i in enumerate(others):
            for s, j in zip(sims[row], ids[row]):
                if j >= 0:
                    found[i].append((float(s), int(members[j])))
    return [[j for _, j in sorted(f, key=lambda x: (-x[0], x[1]))] for f in found]
