"""Fast stand-ins for the real model, importable by worker processes (``--embedder fakes:HashEmbedder``
with ``tests/`` on PYTHONPATH)."""
from __future__ import annotations

import re
import zlib

import numpy as np

from aligner.scoring.cache import DiskCache
from aligner.scoring.embed import Embedder

_WORD = re.compile(r"\w+")


class HashEmbedder(Embedder):
    """Hashed character n-gram and word features; no disk cache."""

    name = "test-hash-ngrams"
    DIM = 256

    def __init__(self, cache=None) -> None:
        super().__init__(cache=DiskCache("off"))
        self.calls = 0

    @property
    def dim(self) -> int:
        return self.DIM

    def _vector(self, text: str) -> np.ndarray:
        v = np.zeros(self.DIM, dtype=np.float32)
        low = f" {text.lower()} "
        for n in (1, 2, 3):
            for k in range(len(low) - n + 1):
                v[zlib.crc32(low[k:k + n].encode("utf-8", "surrogatepass")) % self.DIM] += 1.0
        for w in _WORD.findall(low):
            v[zlib.crc32(b"w:" + w.encode("utf-8", "surrogatepass")) % self.DIM] += 2.0
        v[zlib.crc32(b"bias") % self.DIM] += 0.5  # never an all-zero vector
        return v

    def _embed_uncached(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.DIM), np.float32)


class SlowHashEmbedder(HashEmbedder):
    """HashEmbedder that sleeps ``ALIGNER_TEST_EMBED_DELAY`` seconds per call: runs long enough to be killed."""

    def _embed_uncached(self, texts: list[str]) -> np.ndarray:
        import os
        import time

        time.sleep(float(os.environ.get("ALIGNER_TEST_EMBED_DELAY", "0.5")))
        return super()._embed_uncached(texts)


class TagEmbedder(Embedder):
    """Texts sharing a ``[tag]`` prefix get near-identical vectors (a translation); others are unrelated."""

    name = "test-tags"

    def __init__(self, cache=None) -> None:
        super().__init__(cache=DiskCache("off"))

    @property
    def dim(self) -> int:
        return 64

    def _embed_uncached(self, texts: list[str]) -> np.ndarray:
        out = []
        for t in texts:
            key = t.split("]")[0] if t.startswith("[") else t
            v = np.random.default_rng(zlib.crc32(key.encode("utf-8"))).normal(size=64)
            noise = np.random.default_rng(zlib.crc32(t.encode("utf-8"))).normal(size=64) * 0.1
            out.append(v + noise)
        return np.asarray(out, dtype=np.float32).reshape(len(texts), 64)
