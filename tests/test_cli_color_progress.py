"""Colour (--color, FORCE_COLOR, NO_COLOR, TERM=dumb) and progress (stages, --progress, -q)."""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from aligner.cli import main
from aligner.cli.common import use_color
from aligner.cli.progress import LineProgress
from aligner.progress import Progress

from conftest import HashEmbedder

HERE = Path(__file__).resolve().parent
EN = ("The cat sat on the mat. It was a sunny day.\n"
      "The dog barked at the postman. Everyone laughed loudly.\n")
EN2 = EN + "A completely different closing remark appears here.\n"


class TTY(io.StringIO):
    """Standard output that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def files(tmp_path, use_fake_embedder):
    (tmp_path / "a.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(EN2, encoding="utf-8")
    return tmp_path


# ---- colour ---------------------------------------------------------------------------------

@pytest.mark.parametrize("choice, env, tty, expected", [
    ("auto", {}, True, True),
    ("auto", {}, False, False),
    ("auto", {"NO_COLOR": "1"}, True, False),
    ("auto", {"NO_COLOR": ""}, True, True),            # no-color.org: set *and not empty*
    ("auto", {"TERM": "dumb"}, True, False),
    ("auto", {"TERM": "xterm-256color"}, True, True),
    ("auto", {"FORCE_COLOR": "1"}, False, True),       # a pipe, forced
    ("auto", {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, True),
    ("auto", {"FORCE_COLOR": "1", "TERM": "dumb"}, False, True),
    ("auto", {"FORCE_COLOR": "0"}, True, False),
    ("auto", {"FORCE_COLOR": ""}, False, False),
    ("always", {"NO_COLOR": "1", "TERM": "dumb"}, False, True),
    ("never", {"FORCE_COLOR": "1"}, True, False),
])
def test_use_color_table(choice, env, tty, expected):
    stream = TTY() if tty else io.StringIO()
    assert use_color(choice, stream, env) is expected


def _diff(files, capsys, monkeypatch, *opts, tty=False, env=()):
    for k in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(k, raising=False)
    for k, v in env:
        monkeypatch.setenv(k, v)
    out = TTY() if tty else None
    if out is not None:
        monkeypatch.setattr(sys, "stdout", out)
    code = main(["align", str(files / "a.txt"), str(files / "b.txt"), *opts])
    text = out.getvalue() if out is not None else capsys.readouterr().out
    assert code == 0 and ("+ T5" in text or '"added"' in text)
    return "\x1b[" in text


@pytest.mark.parametrize("opts, tty, env, coloured", [
    ((), True, (), True),
    ((), False, (), False),
    (("--color", "always"), False, (), True),
    (("--color", "always"), False, (("NO_COLOR", "1"),), True),
    (("--color", "never"), True, (), False),
    (("--no-color",), True, (), False),
    ((), True, (("NO_COLOR", "1"),), False),
    ((), True, (("TERM", "dumb"),), False),
    ((), False, (("FORCE_COLOR", "1"),), True),
    (("-f", "json", "--color", "always"), True, (), False),   # colour is for the diff view only
])
def test_color_end_to_end(files, capsys, monkeypatch, opts, tty, env, coloured):
    assert _diff(files, capsys, monkeypatch, *opts, tty=tty, env=env) is coloured


def test_output_file_coloured_only_when_asked(files, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdout", TTY())
    for opts, coloured in (((), False), (("--color", "always"), True)):
        dest = files / "out.txt"
        assert main(["align", str(files / "a.txt"), str(files / "b.txt"), "-o", str(dest), "-q", *opts]) == 0
        assert ("\x1b[" in dest.read_text(encoding="utf-8")) is coloured


RUNNER = """
import sys
sys.path.insert(0, {tests!r})
import aligner.scoring.embed as embed_mod
from conftest import HashEmbedder
embed_mod._default = HashEmbedder()
from aligner.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("opts, env, coloured", [
    (["--color", "always"], {}, True),
    ([], {}, False),
    ([], {"FORCE_COLOR": "1"}, True),
    (["--color", "auto"], {"NO_COLOR": "1", "TERM": "dumb"}, False),
])
def test_color_through_a_real_pipe(tmp_path, opts, env, coloured):
    """A child process whose standard output is a pipe, as in ``aligner align ... | less -R``."""
    (tmp_path / "a.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(EN2, encoding="utf-8")
    clean = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    proc = subprocess.run([sys.executable, "-c", RUNNER.format(tests=str(HERE)), "align",
                           str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), *opts],
                          env={**clean, **env}, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert ("\x1b[31m" in proc.stdout or "\x1b[32m" in proc.stdout) is coloured
    assert "\x1b[" not in proc.stderr


# ---- progress --------------------------------------------------------------------------------

class Recorder(Progress):
    """Records stages and checks that each ends exactly at its announced total."""

    def __init__(self) -> None:
        self.stages: list[tuple[str, int]] = []
        self.done: list[int] = []

    def stage(self, name: str, total: int, unit: str = "") -> None:
        self.stages.append((name, total))
        self.done.append(0)

    def advance(self, n: int = 1) -> None:
        assert n >= 0
        self.done[-1] += n
        assert self.done[-1] <= self.stages[-1][1], f"{self.stages[-1]} overshoots its total"


LONG_EN = " ".join(f"Sentence {k} tells about the {w} near the river." for k, w in
                   enumerate(["cat", "dog", "house", "tree", "boat", "bridge", "market", "school"] * 3))
LONG_T = LONG_EN.replace("Sentence 5 tells", "Sentence 5 says. It also tells")


class CachedHash(HashEmbedder):
    """The test embedder with a real disk cache."""

    def __init__(self, directory) -> None:
        from aligner.scoring.cache import DiskCache

        super().__init__()
        self._cache = DiskCache(str(directory))


@pytest.mark.parametrize("warm", [False, True])
def test_every_stage_reaches_its_total_exactly_once(tmp_path, warm):
    from aligner.align.pipeline import Options, align

    emb = CachedHash(tmp_path)
    if warm:  # every sentence a cache hit: the embedding stage still ends at its total
        align(LONG_EN, [LONG_T], options=Options(embedder=emb))
    rec = Recorder()
    al = align(LONG_EN, [LONG_T, LONG_EN], options=Options(embedder=emb, progress=rec))
    names = [n for n, _ in rec.stages]
    assert len(names) == len(set(names)), "a stage is announced twice"
    assert names[0] == "embedding"
    for t in ("T1 en: ", "T2 en: "):
        for stage in ("scoring sentence pairs", "scoring merge candidates", "search", "passes"):
            assert t + stage in names
    assert rec.done == [total for _, total in rec.stages], list(zip(rec.stages, rec.done))
    n_sentences = len(al.source.sentences) + sum(len(t.document.sentences) for t in al.targets)
    assert dict(rec.stages)["embedding"] == n_sentences
    assert dict(rec.stages)["T1 en: search"] == len(al.source.sentences) + 1


START = re.compile(r"^aligner: (.+?): [\d,]+ \w+$")


def test_progress_on_a_non_terminal_lists_every_stage_once(files, capsys):
    code = main(["align", str(files / "a.txt"), str(files / "b.txt"), "--progress", "-f", "json"])
    err = capsys.readouterr().err
    assert code == 0
    starts = [m.group(1) for m in map(START.match, err.splitlines()) if m]
    assert starts[0] == "embedding" and starts[-1] == "writing"
    for stage in ("scoring sentence pairs", "scoring merge candidates", "search", "passes"):
        assert starts.count(stage) == 1, err
    assert len(starts) == len(set(starts))
    assert err.splitlines()[-1].startswith("aligner: done in ")
    assert "\r" not in err and "\x1b[" not in err   # plain lines for a log


@pytest.mark.parametrize("opts", [(), ("--progress", "-q"), ("-q",)])
def test_no_progress_unless_asked_or_on_a_terminal(files, capsys, opts):
    assert main(["align", str(files / "a.txt"), str(files / "b.txt"), "-f", "json", *opts]) == 0
    assert capsys.readouterr().err == ""


def test_progress_bar_on_a_terminal(files, capsys, monkeypatch):
    import aligner.cli.progress as cli_progress

    made = []

    class Bar(cli_progress.BarProgress):
        def stage(self, name, total, unit=""):
            made.append(name)
            super().stage(name, total, unit)

    monkeypatch.setattr(cli_progress, "BarProgress", Bar)
    monkeypatch.setattr(sys, "stderr", TTY())
    assert main(["align", str(files / "a.txt"), str(files / "b.txt"), "-f", "json"]) == 0
    assert made[0] == "embedding" and made[-1] == "writing" and "search" in made
    made.clear()
    assert main(["align", str(files / "a.txt"), str(files / "b.txt"), "-f", "json", "-q"]) == 0
    assert made == []


def test_line_progress_heartbeat_at_most_every_interval():
    now = [0.0]
    out = io.StringIO()
    p = LineProgress(out, every=10.0, clock=lambda: now[0])
    p.stage("search", 100, "rows")
    for _ in range(100):
        now[0] += 0.5
        p.advance(1)
    p.close()
    lines = out.getvalue().splitlines()
    assert lines[0] == "aligner: search: 100 rows"
    beats = lines[1:-1]
    assert len(beats) == 4 and beats[0] == "aligner: search: 20/100 rows (20%)"
    assert lines[-1] == "aligner: done in 50.0 s"
