"""Hostile and odd inputs to ``aligner align``: a correct result, or one error line and exit 2.

Never a traceback.  Ctrl-C exits 130 and leaves no output file.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from aligner.cli import main

EN = "The committee met on Monday. It approved the new budget.\nMembers then went home.\n"


def run(capsys, *argv):
    try:
        code = main(["align", *map(str, argv)])
    except SystemExit as e:  # argparse usage errors
        code = e.code
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code, out, err, *needles):
    assert code == 2, err
    assert out == ""
    assert err.startswith("aligner: error:") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for n in needles:
        assert n in err, err


@pytest.fixture
def good(tmp_path, use_fake_embedder):
    p = tmp_path / "good.txt"
    p.write_text(EN, encoding="utf-8")
    return p


# ---- inputs that must be refused ------------------------------------------------
BAD_INPUTS = {
    "missing": (None, "no such file"),
    "directory": ("DIR", "is a directory"),
    "empty": (b"", "empty"),
    "whitespace": (b" \n\t\r\n  \n", "empty"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    "latin1": ("Le café était fermé. Très bien.\n".encode("latin-1"), "iconv"),
    "cp1252": ("He said \u201chello\u201d \u2013 twice.\n".encode("cp1252"), "iconv"),
    "utf16-no-bom": ("Hello there. How are you?\n".encode("utf-16-le"), "binary"),
}


@pytest.mark.parametrize("name", BAD_INPUTS)
@pytest.mark.parametrize("side", ["source", "target"])
def test_bad_input_file(tmp_path, good, capsys, name, side):
    content, needle = BAD_INPUTS[name]
    bad = tmp_path / f"bad-{name}"
    if content == "DIR":
        bad.mkdir()
    elif content is not None:
        bad.write_bytes(content)
    args = [bad, good] if side == "source" else [good, bad]
    assert_one_line_error(*run(capsys, *args), needle)


def test_bad_stdin(good, capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"caf\xe9\n")))
    assert_one_line_error(*run(capsys, "-", good), "<stdin>", "iconv")


@pytest.mark.parametrize("argv, needle", [
    (["--bogus"], "unrecognized arguments"),
    (["--format", "xml"], "invalid choice"),
    (["--fail-on", "everything"], "--fail-on"),
    (["--tgt-lang", "en,id"], "--tgt-lang"),
    (["--templates", "/nonexistent-templates", "-f", "html"], "template"),
])
def test_bad_options(good, capsys, argv, needle):
    code, out, err = run(capsys, good, good, *argv)
    assert_one_line_error(code, out, err, needle)


def test_missing_target_argument(good, capsys):
    assert_one_line_error(*run(capsys, good), "required")


@pytest.mark.parametrize("where", ["no-dir", "is-dir", "is-input"])
def test_unwritable_output_fails_before_aligning(tmp_path, good, capsys, where):
    dest = {"no-dir": tmp_path / "nope" / "out.json", "is-dir": tmp_path, "is-input": good}[where]
    embedder = __import__("aligner.scoring.embed", fromlist=["x"])._default
    assert_one_line_error(*run(capsys, good, good, "-o", dest))
    assert embedder.calls == 0
    assert good.read_text(encoding="utf-8") == EN


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_directory(tmp_path, good, capsys):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        assert_one_line_error(*run(capsys, good, good, "-o", ro / "out.json"), "cannot write")
    finally:
        ro.chmod(0o700)


def test_write_failure_after_aligning_is_one_line(tmp_path, good, capsys, monkeypatch):
    import aligner.textio as textio

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(textio.os, "fdopen", boom)
    dest = tmp_path / "out.json"
    assert_one_line_error(*run(capsys, good, good, "-o", dest), "No space left")
    assert not dest.exists() and not list(tmp_path.glob(".aligner-*"))


# ---- odd inputs that must align -------------------------------------------------
def _json(capsys, *argv):
    code, out, err = run(capsys, *argv, "-f", "json", "-q")
    assert code == 0, err
    assert "Traceback" not in err
    return json.loads(out)


def _check_offsets(data, path_text):
    for d in [data["source"], *data["targets"]]:
        text = path_text[d["path"]]
        for s in d["sentences"]:
            assert text[s["start"]:s["end"]] == s["text"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "crlf", "cr"])
def test_encodings_and_newlines(tmp_path, good, capsys, encoding):
    p = tmp_path / "t.txt"
    if encoding == "utf-16-le-bom":
        p.write_bytes(b"\xff\xfe" + EN.encode("utf-16-le"))
    elif encoding == "utf-16-be-bom":
        p.write_bytes(b"\xfe\xff" + EN.encode("utf-16-be"))
    elif encoding == "crlf":
        p.write_bytes(EN.replace("\n", "\r\n").encode())
    elif encoding == "cr":
        p.write_bytes(EN.replace("\n", "\r").encode())
    else:
        p.write_bytes(EN.encode(encoding))
    data = _json(capsys, good, p)
    tgt = data["targets"][0]
    assert [s["text"] for s in tgt["sentences"]] == [s["text"] for s in data["source"]["sentences"]]
    assert all("\ufeff" not in s["text"] and "\r" not in s["text"] for s in tgt["sentences"])
    assert {b["kind"] for b in tgt["alignment"]} == {"match"}
    _check_offsets(data, {str(good): EN, str(p): EN})


def test_single_sentence_each(tmp_path, good, capsys):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Just one sentence here.", encoding="utf-8")
    b.write_text("Hanya satu kalimat di sini.", encoding="utf-8")
    data = _json(capsys, a, b, "--src-lang", "en", "--tgt-lang", "id")
    beads = data["targets"][0]["alignment"]
    covered = sorted(i for x in beads for i in x["src"]), sorted(j for x in beads for j in x["tgt"])
    assert covered == ([0], [0])


def test_single_sentence_against_many(tmp_path, good, capsys):
    a = tmp_path / "a.txt"
    a.write_text("One.", encoding="utf-8")
    data = _json(capsys, a, good)
    beads = data["targets"][0]["alignment"]
    assert sorted(j for x in beads for j in x["tgt"]) == list(range(len(data["targets"][0]["sentences"])))


def test_identical_texts(good, capsys):
    data = _json(capsys, good, good)
    beads = data["targets"][0]["alignment"]
    assert [(b["src"], b["tgt"]) for b in beads] == [([i], [i]) for i in range(len(beads))]


def test_huge_line_without_punctuation(tmp_path, good, capsys):
    words = " ".join(f"word{k % 977}" for k in range(30_000))  # ~ 200 kB, one line, no punctuation
    assert len(words) > 200_000
    p = tmp_path / "huge.txt"
    p.write_text(words, encoding="utf-8")
    t0 = time.time()
    data = _json(capsys, p, good)
    assert time.time() - t0 < 60
    sents = data["source"]["sentences"]
    assert len(sents) > 1 and "".join(s["text"] for s in sents).replace(" ", "") == words.replace(" ", "")
    _check_offsets(data, {str(p): words, str(good): EN})


SCRIPTS = {
    "th": ("แมวนั่งอยู่บนเสื่อ วันนี้อากาศดีมาก\nสุนัขเห่าบุรุษไปรษณีย์ ทุกคนหัวเราะ\n"),
    "ar": ("جلس القط على الحصيرة. كان يوما مشمسا.\nنبح الكلب على ساعي البريد. ضحك الجميع.\n"),
    "zh": ("猫坐在垫子上。天气很好。\n狗对着邮递员叫。大家都笑了。\n"),
    "ja": ("猫がマットの上に座った。いい天気だった。\n"),
    "he": ("החתול ישב על השטיח. היה יום שמשי.\n"),
}


@pytest.mark.parametrize("lang", SCRIPTS)
@pytest.mark.parametrize("side", ["source", "target"])
def test_scripts_without_rules_still_align(tmp_path, good, capsys, lang, side):
    p = tmp_path / f"{lang}.txt"
    p.write_text(SCRIPTS[lang], encoding="utf-8")
    args = (p, good) if side == "source" else (good, p)
    data = _json(capsys, *args)
    _check_offsets(data, {str(p): SCRIPTS[lang], str(good): EN})
    for t in data["targets"]:
        assert sorted(j for b in t["alignment"] for j in b["tgt"]) == list(range(len(t["sentences"])))
        assert sorted(i for b in t["alignment"] for i in b["src"]) == list(range(len(data["source"]["sentences"])))


def test_same_language_pair_with_explicit_langs(tmp_path, good, capsys):
    b = tmp_path / "b.txt"
    b.write_text(EN.replace("Monday", "Tuesday"), encoding="utf-8")
    data = _json(capsys, good, b, "--src-lang", "en", "--tgt-lang", "en")
    assert data["source"]["lang"] == data["targets"][0]["lang"] == "en"


@pytest.mark.parametrize("fmt", ["diff", "tsv", "vecalign", "html"])
def test_odd_text_in_every_format(tmp_path, good, capsys, fmt):
    p = tmp_path / "odd.txt"
    p.write_text("Tab\there. Escape \x1b[31m red. <script>alert(1)</script> & done.\n", encoding="utf-8")
    code, out, err = run(capsys, p, good, "-f", fmt)
    assert code == 0, err
    if fmt == "diff":  # the terminal view escapes control characters; tsv keeps data (tab/newline escaped)
        assert "\x1b" not in out
    if fmt == "html":
        assert "<script>alert(1)</script>" not in out


# ---- interruption ---------------------------------------------------------------
def test_keyboard_interrupt_in_process(tmp_path, good, capsys, use_fake_embedder, monkeypatch):
    def interrupted(texts):
        raise KeyboardInterrupt

    monkeypatch.setattr(use_fake_embedder, "_embed_uncached", interrupted)
    dest = tmp_path / "out.json"
    code, out, err = run(capsys, good, good, "-o", dest)
    assert code == 130 and err == "aligner: interrupted\n"
    assert not dest.exists() and not list(tmp_path.glob(".aligner-*"))


SLOW_CLI = textwrap.dedent("""
    import os, sys, time
    sys.path.insert(0, {tests!r})
    from conftest import HashEmbedder
    import aligner.scoring.embed as embed_mod

    class Slow(HashEmbedder):
        def _embed_uncached(self, texts):
            open({marker!r}, "w").close()
            time.sleep(30)
            return super()._embed_uncached(texts)

    embed_mod._default = Slow()
    from aligner.cli import main
    sys.exit(main(sys.argv[1:]))
""")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigint_in_subprocess_leaves_no_file(tmp_path, good):
    marker, dest = tmp_path / "embedding-started", tmp_path / "out.json"
    script = tmp_path / "slow_cli.py"
    script.write_text(SLOW_CLI.format(tests=os.path.dirname(__file__), marker=str(marker)), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script), "align", str(good), str(good), "-o", str(dest)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 60
        while not marker.exists():
            assert proc.poll() is None, proc.communicate()
            assert time.time() < deadline, "the CLI never started embedding"
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err
    assert err.strip() == "aligner: interrupted" and "Traceback" not in err
    assert not dest.exists() and not list(tmp_path.glob(".aligner-*"))


def test_output_file_gets_normal_permissions(tmp_path):
    import stat

    from aligner.textio import write_atomic

    old = os.umask(0o022)
    try:
        write_atomic(str(tmp_path / "out.json"), "{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "out.json").st_mode) == 0o644
