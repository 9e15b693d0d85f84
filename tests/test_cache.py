"""The on-disk cache: corrupt or truncated data is detected and rebuilt; concurrent use is safe."""
from __future__ import annotations

import multiprocessing as mp
import os
import sqlite3

import numpy as np

from aligner.scoring.cache import DiskCache
from aligner.scoring.embed import Embedder


class CountingEmbedder(Embedder):
    name = "test-counting"

    def __init__(self, cache):
        super().__init__(cache)
        self.computed = 0

    @property
    def dim(self) -> int:
        return 4

    def _embed_uncached(self, texts):
        self.computed += len(texts)
        return np.array([[len(t), t.count("a") + 1, 1.0, 2.0] for t in texts], dtype=np.float32)


TEXTS = ["alpha", "banana", "cherry", "date"]


def expected(texts):
    v = np.array([[len(t), t.count("a") + 1, 1.0, 2.0] for t in texts], dtype=np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_second_run_is_served_from_cache(tmp_path):
    e1 = CountingEmbedder(DiskCache(str(tmp_path)))
    v1 = e1.embed(TEXTS)
    e2 = CountingEmbedder(DiskCache(str(tmp_path)))
    v2 = e2.embed(TEXTS)
    assert e1.computed == 4 and e2.computed == 0
    np.testing.assert_allclose(v1, v2, atol=1e-3)


def test_corrupt_database_file_is_rebuilt(tmp_path):
    CountingEmbedder(DiskCache(str(tmp_path))).embed(TEXTS)
    db = tmp_path / "cache.sqlite3"
    for suffix in ("-wal", "-shm"):
        if os.path.exists(str(db) + suffix):
            os.unlink(str(db) + suffix)
    db.write_bytes(b"this is not a database" * 100)
    e = CountingEmbedder(DiskCache(str(tmp_path)))
    v = e.embed(TEXTS)
    assert e.computed == 4                      # nothing trusted from the corrupt file
    np.testing.assert_allclose(v, expected(TEXTS), atol=1e-3)
    e2 = CountingEmbedder(DiskCache(str(tmp_path)))
    e2.embed(TEXTS)
    assert e2.computed == 0                     # and the rebuilt cache works


def test_damaged_entry_is_recomputed_not_used(tmp_path):
    CountingEmbedder(DiskCache(str(tmp_path))).embed(TEXTS)
    conn = sqlite3.connect(str(tmp_path / "cache.sqlite3"))
    conn.execute("UPDATE kv SET val = substr(val, 1, 3)")   # truncate every stored vector
    conn.commit()
    conn.close()
    e = CountingEmbedder(DiskCache(str(tmp_path)))
    v = e.embed(TEXTS)
    assert e.computed == 4
    np.testing.assert_allclose(v, expected(TEXTS), atol=1e-3)


def _worker(args):
    directory, seed = args
    rng = np.random.default_rng(seed)
    texts = [f"text {k}" for k in rng.permutation(200)]
    e = CountingEmbedder(DiskCache(directory))
    out = e.embed(texts, batch_size=7)
    return np.allclose(out, expected(texts), atol=1e-3)


def test_two_processes_share_the_cache(tmp_path):
    ctx = mp.get_context("spawn")
    with ctx.Pool(2) as pool:
        ok = pool.map(_worker, [(str(tmp_path), 1), (str(tmp_path), 2)])
    assert ok == [True, True]
    e = CountingEmbedder(DiskCache(str(tmp_path)))
    texts = [f"text {k}" for k in range(200)]
    np.testing.assert_allclose(e.embed(texts), expected(texts), atol=1e-3)
    assert e.computed == 0


def test_unwritable_cache_directory_still_works(tmp_path):
    target = tmp_path / "file-not-dir"
    target.write_text("x")
    e = CountingEmbedder(DiskCache(str(target / "sub")))
    np.testing.assert_allclose(e.embed(TEXTS), expected(TEXTS), atol=1e-3)
