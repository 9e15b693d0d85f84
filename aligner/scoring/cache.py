"""On-disk cache of per-text model outputs (embeddings, translations), keyed by model and text.

SQLite in WAL mode: safe for several processes sharing the cache at once; every
value carries a checksum, so a corrupt or truncated entry is detected, dropped
and recomputed instead of being silently used.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import zlib
from typing import Iterable, Optional

_SCHEMA = "CREATE TABLE IF NOT EXISTS kv (ns TEXT, key BLOB, val BLOB, crc INTEGER, PRIMARY KEY (ns, key))"


def default_cache_dir() -> str:
    env = os.environ.get("ALIGNER_CACHE_DIR")
    if env:
        return env
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "aligner")


class DiskCache:
    """A namespaced bytes cache; ``None`` path or ALIGNER_CACHE_DIR=off disables it."""

    def __init__(self, directory: Optional[str] = None):
        directory = default_cache_dir() if directory is None else directory
        self._path = None if directory in ("", "off", "none") else os.path.join(directory, "cache.sqlite3")
        self._conn: Optional[sqlite3.Connection] = None
        self._lock = threading.Lock()

    def _connect(self) -> Optional[sqlite3.Connection]:
        if self._path is None:
            return None
        if self._conn is None:
            try:
                os.makedirs(os.path.dirname(self._path), exist_ok=True)
                conn = sqlite3.connect(self._path, timeout=30, check_same_thread=False)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute(_SCHEMA)
                conn.commit()
                self._conn = conn
            except sqlite3.DatabaseError:
                # unreadable / corrupt database file: move it aside and start afresh
                self._reset()
            except OSError:
                self._path = None  # cache directory not writable: run uncached
        return self._conn

    def _reset(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        for suffix in ("", "-wal", "-shm"):
            try:
                os.unlink(self._path + suffix)
            except OSError:
                pass
        try:
            conn = sqlite3.connect(self._path, timeout=30, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(_SCHEMA)
            conn.commit()
            self._conn = conn
        except (sqlite3.DatabaseError, OSError):
            self._path = None

    @staticmethod
    def key(text: str) -> bytes:
        return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()

    def get_many(self, ns: str, texts: Iterable[str]) -> dict[str, bytes]:
        texts = list(dict.fromkeys(texts))
        with self._lock:
            conn = self._connect()
            if conn is None or not texts:
                return {}
            keys = {self.key(t): t for t in texts}
            out: dict[str, bytes] = {}
            klist = list(keys)
            try:
                for i in range(0, len(klist), 500):
                    chunk = klist[i:i + 500]
                    q = "SELECT key, val, crc FROM kv WHERE ns=? AND key IN (%s)" % ",".join("?" * len(chunk))
                    for k, v, crc in conn.execute(q, [ns, *chunk]):
                        if v is not None and zlib.crc32(v) == crc:
                            out[keys[bytes(k)]] = bytes(v)
            except sqlite3.DatabaseError:
                self._reset()
                return {}
            return out

    def put_many(self, ns: str, items: dict[str, bytes]) -> None:
        if not items:
            return
        with self._lock:
            conn = self._connect()
            if conn is None:
                return
            rows = [(ns, self.key(t), v, zlib.crc32(v)) for t, v in items.items()]
            try:
                with conn:
                    conn.executemany("INSERT OR REPLACE INTO kv VALUES (?,?,?,?)", rows)
            except sqlite3.OperationalError:
                pass  # locked for too long or read-only: the cache is an optimisation only
            except sqlite3.DatabaseError:
                self._reset()


_shared: dict[Optional[str], DiskCache] = {}


class CachedModel:
    """Base of models whose outputs are cached on disk (embedders, translators).

    ``name`` keys the cache; ``progress`` is an optional ``callback(n_done, n_total)``
    set by the caller (the CLI's progress bar).  Without an explicit cache the
    process-wide one is used, opened on first use.
    """

    name = "base"
    progress = None

    def __init__(self, cache: Optional[DiskCache] = None):
        self._cache = cache

    @property
    def cache(self) -> DiskCache:
        if self._cache is None:
            self._cache = shared_cache()
        return self._cache


def shared_cache(directory: Optional[str] = None) -> DiskCache:
    if directory not in _shared:
        _shared[directory] = DiskCache(directory)
    return _shared[directory]
