"""aligner batch: manifest parsing, part files and resumption, and runs on real Dask clusters.

Dask runs use the fast fake embedder (``--embedder fakes:HashEmbedder``; tests/
is put on PYTHONPATH so worker processes import it too): these tests are about
execution, not alignment quality.
"""
from __future__ import annotations

import glob
import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from aligner.cli import main
from aligner.corpus.batch import read_manifest
from aligner.corpus.parts import BatchDir

TESTS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(TESTS)
FAKE = ["--embedder", "fakes:HashEmbedder"]
SLOW = ["--embedder", "fakes:SlowHashEmbedder"]
HANG_GUARD = 300  # seconds: a generous bound on any one batch process


def _env(**extra) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([TESTS, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.update(extra)
    return env


@pytest.fixture(autouse=True)
def _workers_import_fakes(monkeypatch):
    monkeypatch.setenv("PYTHONPATH", _env()["PYTHONPATH"])


def _story(k: int, n: int = 8, variant: int = 0) -> str:
    words = ["harbour", "council", "budget", "railway", "festival", "river", "school", "market", "bridge"]
    verbs = ["discussed", "approved", "delayed", "praised", "rejected", "funded", "opened", "moved"]
    lines = []
    for s in range(n):   # each line differs from its neighbours in a content word and a verb
        w = words[(k + s) % len(words)]
        lines.append(f"Story {k}: the {w} plan number {k * 10 + s} was {verbs[s % len(verbs)]} on day {s + 1}"
                     f"{' again' if variant else ''}.")
    return "\n".join(lines) + "\n"


def make_corpus(tmp_path, n_pairs: int = 6, extra_lines: str = "") -> str:
    """docs/ with n_pairs (source, target) files and a manifest; returns the manifest path."""
    docs = tmp_path / "docs"
    docs.mkdir()
    lines = ["# source<TAB>target", ""]
    for k in range(n_pairs):
        (docs / f"s{k}.txt").write_text(_story(k), encoding="utf-8")
        (docs / f"t{k}.txt").write_text(_story(k, variant=1), encoding="utf-8")
        lines.append(f"docs/s{k}.txt\tdocs/t{k}.txt")
    manifest = tmp_path / "pairs.tsv"
    manifest.write_text("\n".join(lines) + "\n" + extra_lines, encoding="utf-8")
    return str(manifest)


def records(outdir) -> list[dict]:
    out = []
    for part in sorted(glob.glob(os.path.join(str(outdir), "alignments", "part-*.jsonl"))):
        with open(part, encoding="utf-8") as fh:
            out += [json.loads(line) for line in fh]
    return out


def assert_each_pair_once(outdir, n: int) -> list[dict]:
    recs = records(outdir)
    assert sorted(r["pair"] for r in recs) == list(range(n))
    return recs


# ---- manifest ------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("a.txt\tb.txt\n", [("a.txt", "b.txt", None)]),
    ("# header\n\n  # indented comment\na.txt\tb.txt\n", [("a.txt", "b.txt", None)]),
    ("a.txt\tb.txt\t# why this pair\n", [("a.txt", "b.txt", None)]),
    ("a #1.txt\tb?.txt\n", [("a #1.txt", "b?.txt", None)]),          # '#' inside a name is part of it
    (" a.txt \t b.txt \r\n", [("a.txt", "b.txt", None)]),             # CRLF, spaces around fields
    ("a.txt\tb.txt\nno tab here\nc.txt\td.txt\n",
     [("a.txt", "b.txt", None), ("", "", "manifest line 2"), ("c.txt", "d.txt", None)]),
    ("a.txt\tb.txt\textra\n", [("", "", "manifest line 1")]),
])
def test_manifest(tmp_path, text, expected):
    if all(e[2] for e in expected):
        text += "x.txt\ty.txt\n"
        expected = expected + [("x.txt", "y.txt", None)]
    m = tmp_path / "m.tsv"
    m.write_text(text, encoding="utf-8")
    pairs = read_manifest(str(m)).pairs
    got = [(os.path.relpath(p.source, tmp_path) if p.source else "", os.path.relpath(p.target, tmp_path) if p.target
            else "", p.error.split(":")[0] if p.error else None) for p in pairs]
    assert got == expected
    assert [p.index for p in pairs] == list(range(len(expected)))


@pytest.mark.parametrize("text", ["", "# only a comment\n", "a.txt b.txt\n", "\x00\x01binary"])
def test_manifest_without_pairs_is_refused(tmp_path, capsys, text):
    m = tmp_path / "m.tsv"
    m.write_bytes(text.encode())
    assert main(["batch", str(m), "-o", str(tmp_path / "out"), "-q"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("aligner: error:") and err.count("\n") == 1


def test_without_dask_one_line_names_the_extra(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    m = make_corpus(tmp_path, 1)
    assert main(["batch", m, "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install 'aligner[batch]'" in err


def test_outdir_of_other_options_or_manifest_is_refused(tmp_path):
    from aligner.corpus.batch import Manifest, Pair

    def fp(pairs, embedder=None):
        man = Manifest([Pair(k, f"s{k}", f"t{k}", line) for k, line in enumerate(pairs)])
        return {"pairs": len(pairs), "prefix_sha256": man.prefix_sha256,
                "options": {"embedder": embedder, "src_lang": None}}

    out = str(tmp_path / "out")
    BatchDir(out, fp(["a\tb", "c\td"]), False).close()
    BatchDir(out, fp(["a\tb", "c\td", "e\tf"]), False).close()   # appended pairs: fine
    with pytest.raises(Exception, match="other options"):
        BatchDir(out, fp(["a\tb", "c\td", "e\tf"], embedder="labse"), False)
    with pytest.raises(Exception, match="another manifest"):
        BatchDir(out, fp(["a\tb", "X\tY", "e\tf"]), False)
    with pytest.raises(Exception, match="another manifest"):
        BatchDir(out, fp(["a\tb"]), False)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(Exception, match="not an aligner output"):
        BatchDir(str(tmp_path / "mine"), fp(["a\tb"]), False)


def test_one_batch_per_outdir(tmp_path):
    fp = {"pairs": 0, "prefix_sha256": lambda n: "", "options": {}}
    first = BatchDir(str(tmp_path / "out"), fp, False)
    try:
        with pytest.raises(Exception, match="another aligner batch"):
            BatchDir(str(tmp_path / "out"), fp, False)
    finally:
        first.close()


# ---- on a local Dask cluster ------------------------------------------------------------------
@pytest.mark.dask
def test_two_workers_equal_align_pair_by_pair_and_bad_pairs_fail_alone(tmp_path, capsys):
    pytest.importorskip("distributed")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG")
    m = make_corpus(tmp_path, 5, extra_lines="docs/s0.txt\tmissing.txt\nbinary.txt\tdocs/t1.txt\n")
    out = tmp_path / "out"
    assert main(["batch", m, "-o", str(out), "--workers", "2", "--format", "bitext", "--chunk-size", "2",
                 "--part-size", "3", "-q", *FAKE]) == 0
    recs = {r["pair"]: r for r in assert_each_pair_once(out, 7)}
    assert len(glob.glob(str(out / "alignments" / "part-*.jsonl"))) >= 3
    assert recs[5]["status"] == "error" and "no such file" in recs[5]["error"]
    assert recs[6]["status"] == "error" and "binary" in recs[6]["error"]
    for k in range(5):
        rec = recs[k]
        assert rec["status"] == "ok"
        single = tmp_path / f"single{k}.json"
        assert main(["align", rec["source"]["path"], rec["targets"][0]["path"], "--format", "json",
                     "-o", str(single), "-q", *FAKE]) == 0
        expected = json.loads(single.read_text(encoding="utf-8"))
        assert {key: v for key, v in rec.items() if key not in ("pair", "status")} == expected
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (summary["pairs"], summary["ok"], summary["error"], summary["this_run"]) == (7, 5, 2, 7)
    assert summary["sentences_source"] == 5 * 8
    bitext = "".join(open(p, encoding="utf-8").read() for p in sorted(glob.glob(str(out / "bitext" / "*.tsv"))))
    rows = [line.split("\t") for line in bitext.splitlines()]
    assert rows and all(len(r) == 4 and 0 <= float(r[2]) <= 1 for r in rows)
    assert {int(r[3]) for r in rows} == set(range(5))
    # a finished batch re-run recomputes nothing and starts no cluster
    before = {p: open(p, encoding="utf-8").read() for p in glob.glob(str(out / "alignments" / "*"))}
    capsys.readouterr()
    assert main(["batch", m, "-o", str(out), "--format", "bitext", *FAKE]) == 0
    assert "0 aligned" in capsys.readouterr().err
    assert {p: open(p, encoding="utf-8").read() for p in glob.glob(str(out / "alignments" / "*"))} == before
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (summary["this_run"], summary["earlier"], summary["engine"]) == (0, 7, "nothing to do")
    # --retry-errors redoes exactly the failed pairs
    (tmp_path / "missing.txt").write_text(_story(0, variant=1), encoding="utf-8")
    assert main(["batch", m, "-o", str(out), "--format", "bitext", "--retry-errors", "--workers", "1", "-q",
                 *FAKE]) == 0
    recs = {r["pair"]: r for r in assert_each_pair_once(out, 7)}
    assert recs[5]["status"] == "ok" and recs[6]["status"] == "error"


def _start(cmd: list[str], **kw) -> subprocess.Popen:
    return subprocess.Popen(cmd, cwd=ROOT, env=_env(**kw.pop("env", {})), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True, **kw)


def _wait_for(cond, timeout: float = HANG_GUARD, what: str = "condition") -> None:
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=60)


def _batch_cmd(manifest: str, out, *extra: str) -> list[str]:
    return [sys.executable, "-m", "aligner", "batch", manifest, "-o", str(out), *extra]


def _slow_batch_running(tmp_path, n_done: int):
    """A 12-pair batch on 2 workers, slowed down, once ``n_done`` pairs are in part files."""
    m = make_corpus(tmp_path, 12)
    out = tmp_path / "out"
    proc = _start(_batch_cmd(m, out, "--workers", "2", "--chunk-size", "1", "--part-size", "1", *SLOW),
                  env={"ALIGNER_TEST_EMBED_DELAY": "0.4"})
    try:
        _wait_for(lambda: len(records(out)) >= n_done or proc.poll() is not None, what="first results")
        assert proc.poll() is None, proc.stderr.read().decode()
    except BaseException:
        _kill_group(proc)
        raise
    return m, out, proc


@pytest.mark.dask
def test_kill_9_of_a_worker_costs_only_a_retry(tmp_path):
    psutil = pytest.importorskip("psutil")
    pytest.importorskip("distributed")
    m, out, proc = _slow_batch_running(tmp_path, 2)
    try:
        workers = [c for c in psutil.Process(proc.pid).children(recursive=True)
                   if "multiprocessing" in " ".join(c.cmdline())]
        assert workers, "no worker process found"
        os.kill(workers[0].pid, signal.SIGKILL)
        assert proc.wait(timeout=HANG_GUARD) == 0, proc.stderr.read().decode()
    finally:
        _kill_group(proc)
    recs = assert_each_pair_once(out, 12)
    assert all(r["status"] == "ok" for r in recs)


@pytest.mark.dask
def test_kill_9_of_the_batch_then_rerun_completes_each_pair_once(tmp_path):
    pytest.importorskip("distributed")
    m, out, proc = _slow_batch_running(tmp_path, 3)
    _kill_group(proc)  # the batch and its workers, at once
    first = {p: open(p, encoding="utf-8").read() for p in glob.glob(str(out / "alignments" / "part-*"))}
    done_before = {r["pair"] for r in records(out)}
    assert 3 <= len(done_before) < 12
    rerun = subprocess.run(_batch_cmd(m, out, "--workers", "2", *SLOW), cwd=ROOT,
                           env=_env(ALIGNER_TEST_EMBED_DELAY="0"),
                           capture_output=True, text=True, timeout=HANG_GUARD)
    assert rerun.returncode == 0, rerun.stderr
    assert_each_pair_once(out, 12)
    for p, text in first.items():  # finished parts untouched: not redone
        assert open(p, encoding="utf-8").read() == text
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (summary["earlier"], summary["this_run"]) == (len(done_before), 12 - len(done_before))
    assert not glob.glob(str(out / "alignments" / ".aligner-*"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.dask
def test_external_scheduler_and_workers(tmp_path):
    pytest.importorskip("distributed")
    dask = os.path.join(os.path.dirname(sys.executable), "dask")
    if not os.path.exists(dask):
        pytest.skip("the dask command is not installed")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = _start([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"])
    workers = None
    try:
        workers = _start([dask, "worker", address, "--nworkers", "2", "--nthreads", "1", "--host", "127.0.0.1",
                          "--no-dashboard", "--local-directory", str(tmp_path / "dask-worker")])
        m = make_corpus(tmp_path, 4)
        out = tmp_path / "out"
        run = subprocess.run(_batch_cmd(m, out, "--scheduler", address, *FAKE), cwd=ROOT, env=_env(),
                             capture_output=True, text=True, timeout=HANG_GUARD)
        assert run.returncode == 0, run.stderr
        recs = assert_each_pair_once(out, 4)
        assert all(r["status"] == "ok" for r in recs)
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        assert address in summary["engine"]
    finally:
        for proc in (workers, scheduler):
            if proc is not None:
                _kill_group(proc)
