"""Where results go: ``-o`` on special files, kept modes, early failure, signals, stdout trouble.

Devices are replicas made with ``mknod`` in a temporary folder (never the real /dev).
"""
from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time

import pytest

from aligner.cli import main

EN = "The committee met on Monday. It approved the new budget.\nMembers then went home.\n"
FAKE_CLI = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fake_cli.py")


@pytest.fixture
def good(tmp_path, use_fake_embedder):
    p = tmp_path / "good.txt"
    p.write_text(EN, encoding="utf-8")
    return p


def run(capsys, *argv):
    code = main(["align", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def _device(tmp_path, name, minor):
    """A replica of /dev/null (minor 3) or /dev/full (minor 7) in tmp_path."""
    path = tmp_path / name
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
        with open(path, "w"):
            pass
    except (PermissionError, OSError) as e:  # not root, or a nodev mount
        pytest.skip(f"cannot make a device node here: {e}")
    return path


def _temp_files(folder):
    return [p for p in os.listdir(folder) if p.startswith(".aligner-")]


# ---- -o on special files -------------------------------------------------------------
def test_output_to_a_null_device_stays_a_device(tmp_path, good, capsys):
    null = _device(tmp_path, "null", 3)
    code, out, err = run(capsys, good, good, "-f", "json", "-o", null)
    assert code == 0, err
    assert stat.S_ISCHR(os.lstat(null).st_mode) and os.stat(null).st_rdev == os.makedev(1, 3)
    assert not _temp_files(tmp_path)


def test_output_to_a_full_device_fails(tmp_path, good, capsys):
    full = _device(tmp_path, "full", 7)
    code, out, err = run(capsys, good, good, "-f", "json", "-o", full)
    assert code == 2 and "No space left on device" in err and err.count("\n") == 1, err
    assert stat.S_ISCHR(os.lstat(full).st_mode)
    assert not _temp_files(tmp_path)


def test_output_to_a_fifo_is_written_through(tmp_path, good, capsys):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, encoding="utf-8").read()), daemon=True)
    reader.start()
    code, out, err = run(capsys, good, good, "-f", "json", "-o", fifo)
    reader.join(timeout=60)
    assert code == 0, err
    assert json.loads(got[0])["source"]["path"] == str(good)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_symlink_to_a_file_keeps_the_link_and_replaces_the_target(tmp_path, good, capsys):
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    os.chmod(real, 0o600)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    code, out, err = run(capsys, good, good, "-f", "json", "-o", link)
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert json.loads(real.read_text(encoding="utf-8"))["targets"]
    assert stat.S_IMODE(os.stat(real).st_mode) == 0o600


def test_dangling_symlink_creates_its_target(tmp_path, good, capsys):
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "new.json")
    code, out, err = run(capsys, good, good, "-f", "json", "-o", link)
    assert code == 0, err
    assert link.is_symlink() and (tmp_path / "new.json").is_file()


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755])
def test_replaced_file_keeps_its_mode(tmp_path, good, capsys, mode):
    dest = tmp_path / "out.json"
    dest.write_text("old", encoding="utf-8")
    os.chmod(dest, mode)
    code, out, err = run(capsys, good, good, "-f", "json", "-o", dest)
    assert code == 0, err
    assert stat.S_IMODE(os.stat(dest).st_mode) == mode
    assert dest.read_text(encoding="utf-8").startswith("{")


def test_link_to_our_own_stdout_writes_to_stdout(tmp_path, good):
    """``-o /dev/stdout`` (here a replica link to /proc/self/fd/1) is standard output, not a file."""
    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("no /proc")
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    proc = subprocess.run([sys.executable, FAKE_CLI, "align", str(good), str(good), "-f", "json", "-q",
                           "-o", str(link)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["targets"]
    assert link.is_symlink() and os.readlink(link) == "/proc/self/fd/1"


# ---- unwritable outputs fail before the work --------------------------------------------
@pytest.mark.parametrize("where", ["long-name", "socket", "loop"])
def test_unwritable_output_fails_before_aligning(tmp_path, good, capsys, use_fake_embedder, where):
    if where == "long-name":
        dest = tmp_path / ("x" * 300 + ".json")
    elif where == "socket":
        import socket

        dest = tmp_path / "sock"
        s = socket.socket(socket.AF_UNIX)
        s.bind(str(dest))
    else:
        dest = tmp_path / "loop"
        dest.symlink_to(tmp_path / "loop")
    code, out, err = run(capsys, good, good, "-o", dest)
    assert code == 2 and err.startswith("aligner: error:") and err.count("\n") == 1, err
    assert use_fake_embedder.calls == 0
    assert not _temp_files(tmp_path)


# ---- signals ---------------------------------------------------------------------------
def _run_until_marker(tmp_path, pause, argv):
    marker = tmp_path / "marker"
    env = dict(os.environ, ALIGNER_TEST_PAUSE=pause, ALIGNER_TEST_MARKER=str(marker))
    proc = subprocess.Popen([sys.executable, FAKE_CLI, *map(str, argv)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while not marker.exists():
        if proc.poll() is not None or time.time() > deadline:
            proc.kill()
            pytest.fail(f"the CLI never reached {pause}: {proc.communicate()}")
        time.sleep(0.05)
    return proc


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("pause", ["replace", "embed"])
@pytest.mark.parametrize("sig, code", [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_sigterm_cleans_up_like_ctrl_c(tmp_path, good, pause, sig, code):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    dest = out_dir / "result.json"
    proc = _run_until_marker(tmp_path, pause, ["align", good, good, "-f", "json", "-o", dest])
    try:
        if pause == "replace":
            assert len(_temp_files(out_dir)) == 1   # the run really is inside the final write
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == code, err
    assert err.strip() == "aligner: terminated" and "Traceback" not in err
    assert not dest.exists() and not _temp_files(out_dir)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_an_ignored_sighup_stays_ignored(tmp_path, good):
    """Under nohup (SIGHUP ignored) a hangup must not stop the run."""
    dest = tmp_path / "result.json"
    marker = tmp_path / "marker"
    env = dict(os.environ, ALIGNER_TEST_PAUSE="replace", ALIGNER_TEST_MARKER=str(marker))
    script = ("import signal, runpy, sys; signal.signal(signal.SIGHUP, signal.SIG_IGN); "
              f"sys.argv = [{FAKE_CLI!r}] + sys.argv[1:]; runpy.run_path({FAKE_CLI!r}, run_name='__main__')")
    proc = subprocess.Popen([sys.executable, "-c", script, "align", str(good), str(good), "-f", "json", "-o", str(dest)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 60
        while not marker.exists():
            assert proc.poll() is None and time.time() < deadline, proc.communicate()
            time.sleep(0.05)
        proc.send_signal(signal.SIGHUP)
        time.sleep(0.3)
        assert proc.poll() is None          # still running: sleeps in the final write
    finally:
        proc.kill()
        proc.wait()


# ---- standard output in trouble ---------------------------------------------------------
def _child(args, **kw):
    return subprocess.run([sys.executable, FAKE_CLI, *map(str, args)], capture_output=False, text=True,
                          timeout=120, stderr=subprocess.PIPE, **kw)


def test_closed_stdout_is_one_line(good):
    proc = _child(["align", good, good], stdout=subprocess.DEVNULL,
                  preexec_fn=lambda: os.close(1))
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == "aligner: error: standard output is closed; give -o FILE\n"


def test_stdout_on_a_full_disk_is_one_line(tmp_path, good):
    full = _device(tmp_path, "full", 7)
    with open(full, "w") as fh:
        proc = _child(["align", good, good, "-f", "json"], stdout=fh)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == "aligner: error: cannot write to standard output (No space left on device)\n"


def test_broken_pipe_is_quiet(tmp_path):
    big = tmp_path / "big.txt"   # a JSON result far larger than a pipe's buffer
    big.write_text("".join(f"Sentence number {k} is about topic {k % 17}, " + "and it goes on for a while " * 5
                           + ".\n" for k in range(300)), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, FAKE_CLI, "align", str(big), str(big), "-f", "json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(5)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert proc.returncode == 0 and err == "", err
