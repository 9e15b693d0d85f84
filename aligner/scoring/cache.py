"""On-disk cache of per-text model outputs (embeddings, translations), keyed by model and text.

SQLite in WAL mode: safe for several processes sharing the cache at once.  Every
value carries a checksum, and the models validate what they read (size,
dimension, finite values), so a damaged or poisoned entry is dropped and
recomputed instead of being used.

What happens when the cache is in trouble:

* **Busy** (another process holds a lock): SQLite's busy handler waits, with
  back-off, up to ``timeout`` seconds; if the lock is still held, the rest of
  the run goes uncached.  The file is never touched.
* **Read-only** (a read-only mount, or a file we may not write): opened read-only;
  entries are still read, new ones are not saved.
* **Corrupt** (only what SQLite itself reports: "file is not a database",
  "database disk image is malformed"): the file is moved aside to
  ``cache.sqlite3.corrupt`` and a fresh cache is started.
* **Unusable** (the folder cannot be created, the file cannot be opened): the
  run goes on uncached.

Each of these is reported once per cache through ``on_warning`` (the CLI prints
it); the library itself never prints.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import zlib
from typing import Callable, Iterable, Optional

_SCHEMA = "CREATE TABLE IF NOT EXISTS kv (ns TEXT, key BLOB, val BLOB, crc INTEGER, PRIMARY KEY (ns, key))"

#: SQLite primary result codes (https://sqlite.org/rescode.html)
_BUSY, _LOCKED, _READONLY, _CANTOPEN, _PERM, _CORRUPT, _NOTADB = 5, 6, 8, 14, 3, 11, 26


def default_cache_dir() -> str:
    env = os.environ.get("ALIGNER_CACHE_DIR")
    if env:
        return env
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "aligner")


def _code(e: sqlite3.Error) -> Optional[int]:
    """The primary SQLite result code of an exception (from the message on old Pythons)."""
    code = getattr(e, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF
    msg = str(e).lower()
    for needle, c in (("locked", _BUSY), ("busy", _BUSY), ("readonly", _READONLY), ("read-only", _READONLY),
                      ("unable to open", _CANTOPEN), ("malformed", _CORRUPT), ("not a database", _NOTADB)):
        if needle in msg:
            return c
    return None


def _is_corrupt(e: sqlite3.Error) -> bool:
    return _code(e) in (_CORRUPT, _NOTADB)


def _is_busy(e: sqlite3.Error) -> bool:
    return _code(e) in (_BUSY, _LOCKED)


class DiskCache:
    """A namespaced bytes cache; ``None`` path or ALIGNER_CACHE_DIR=off disables it.

    ``timeout`` is how long to wait for another process's lock (seconds);
    ``on_warning(message)`` is called once, the first time the cache cannot be
    used fully (see the module docstring).
    """

    def __init__(self, directory: Optional[str] = None, timeout: float = 30.0,
                 on_warning: Optional[Callable[[str], None]] = None):
        directory = default_cache_dir() if directory is None else directory
        self.directory = directory
        self._path = None if directory in ("", "off", "none") else os.path.join(directory, "cache.sqlite3")
        self._conn: Optional[sqlite3.Connection] = None
        self._lock = threading.Lock()
        self.timeout = timeout
        self.read_only = False
        self.on_warning = on_warning
        self.warning: Optional[str] = None

    # ------------------------------------------------------------------ state
    def _warn(self, message: str) -> None:
        if self.warning is None:
            self.warning = message
            if self.on_warning is not None:
                self.on_warning(message)

    def _disable(self, why: str) -> None:
        self._warn(f"cache {self.directory} cannot be used ({why}); running uncached")
        self._close()
        self._path = None

    def _close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None

    def _open(self, read_only: bool) -> sqlite3.Connection:
        if read_only:
            # a WAL database on a read-only mount has no -shm file and cannot get one: SQLite can
            # then read it only as immutable (nobody can write through a read-only mount anyway)
            from urllib.parse import quote

            for flags in ("mode=ro", "mode=ro&immutable=1"):
                conn = sqlite3.connect(f"file:{quote(self._path)}?{flags}", uri=True, timeout=self.timeout,
                                       check_same_thread=False)
                try:
                    conn.execute("SELECT count(*) FROM kv").fetchone()
                    return conn
                except sqlite3.Error as e:
                    conn.close()
                    if _code(e) != _CANTOPEN or "immutable" in flags:
                        raise
        conn = sqlite3.connect(self._path, timeout=self.timeout, check_same_thread=False)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(_SCHEMA)
            conn.commit()
        except BaseException:
            conn.close()
            raise
        return conn

    def _connect(self) -> Optional[sqlite3.Connection]:
        if self._path is None or self._conn is not None:
            return self._conn
        directory = os.path.dirname(self._path)
        try:
            os.makedirs(directory, exist_ok=True)
        except OSError as e:
            if not os.path.isdir(directory):
                self._disable(e.strerror or str(e))
                return None
        try:
            self._conn = self._open(read_only=False)
        except sqlite3.Error as e:
            if _is_corrupt(e):
                self._move_aside()
            elif _is_busy(e):
                self._warn(f"cache {self.directory} is locked by another process for more than "
                           f"{self.timeout:g} s; running uncached")
                self._path = None
            elif os.path.exists(self._path):  # read-only mount or file: read what is there
                try:
                    self._conn = self._open(read_only=True)
                    self.read_only = True
                except sqlite3.Error as e2:
                    if _is_corrupt(e2):
                        self._disable("corrupt and read-only")
                    else:
                        self._disable(str(e2))
            else:
                self._disable(str(e))
        except OSError as e:
            self._disable(e.strerror or str(e))
        return self._conn

    def _move_aside(self) -> None:
        """Real corruption: keep the damaged file as ``cache.sqlite3.corrupt`` and start afresh."""
        self._close()
        aside = self._path + ".corrupt"
        try:
            os.replace(self._path, aside)
            for suffix in ("-wal", "-shm"):
                if os.path.exists(self._path + suffix):
                    os.replace(self._path + suffix, aside + suffix)
        except OSError as e:
            self._disable(f"corrupt, and cannot be moved aside: {e.strerror or e}")
            return
        self._warn(f"cache {self.directory} was corrupt; moved aside to {aside} and rebuilt")
        try:
            self._conn = self._open(read_only=False)
        except (sqlite3.Error, OSError) as e:
            self._disable(str(e))

    def _failed(self, e: sqlite3.Error, doing: str) -> None:
        """A query failed: corruption moves the file aside; anything else (busy, read-only,
        disk full) leaves it alone and only warns."""
        if _is_corrupt(e):
            self._move_aside()
        elif _is_busy(e):  # do not wait again on every call: uncached for the rest of the run
            self._warn(f"cache {self.directory} is locked by another process for more than "
                       f"{self.timeout:g} s; running uncached")
            self._close()
            self._path = None
        else:
            self._warn(f"cache {self.directory}: {e}; {doing}")

    # ------------------------------------------------------------------ API
    @staticmethod
    def key(text: str) -> bytes:
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()

    def get_many(self, ns: str, texts: Iterable[str]) -> dict[str, bytes]:
        """Stored values of ``texts`` whose checksum holds (the caller validates the content)."""
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
                        if isinstance(v, bytes) and isinstance(k, bytes) and zlib.crc32(v) == crc:
                            t = keys.get(bytes(k))
                            if t is not None:
                                out[t] = bytes(v)
            except sqlite3.Error as e:
                self._failed(e, "these entries are recomputed")
                return {}
            return out

    def put_many(self, ns: str, items: dict[str, bytes]) -> None:
        if not items:
            return
        with self._lock:
            conn = self._connect()
            if conn is None:
                return
            if self.read_only:
                self._warn(f"cache {self.directory} is read-only; new entries are not saved")
                return
            rows = [(ns, self.key(t), v, zlib.crc32(v)) for t, v in items.items()]
            try:
                with conn:
                    conn.executemany("INSERT OR REPLACE INTO kv VALUES (?,?,?,?)", rows)
            except sqlite3.Error as e:
                self._failed(e, "new entries are not saved")


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
