"""Corpus mode's files under hostile conditions (issue 14, items 2 and 6).

Item 2: links in the index are percent-encoded ``./`` relative paths, never raw
names, and every page carries a Content Security Policy (a document named
``javascript:...`` clicked in headless Chromium runs nothing; ``#`` and ``?``
names link correctly).  Item 6: regular files only, long names, a failing pair,
an output folder inside the input folder, fresh runs that replace the previous
one (and say so), Ctrl-C.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from aligner.cli import main
from aligner.corpus.flow import CorpusPair, CorpusResult, Unmatched
from aligner.corpus.output import write_corpus
from aligner.types import Bead, Document, Sentence

from browser_util import browser, page  # noqa: F401  (fixtures)


TESTS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(TESTS)


def _doc(path: str, lang: str, texts: list[str]) -> Document:
    sents, text, k = [], "", 0
    for t in texts:
        sents.append(Sentence(t, k, k + len(t)))
        text += t + "\n"
        k += len(t) + 1
    return Document(text, sents, lang, path)


def _pair(src_name: str, tgt_name: str, score: float = 0.9) -> CorpusPair:
    src = _doc(f"/in/{src_name}", "en", ["One sentence.", "Two sentences."])
    tgt = _doc(f"/in/{tgt_name}", "id", ["Satu kalimat.", "Dua kalimat."])
    beads = [Bead((0,), (0,), "match", score), Bead((1,), (1,), "match", 0.8)]
    return CorpusPair(src, tgt, beads, {"source": 1.0, "target": 1.0}, 0.9, "original", "test")


def _result(*pairs: CorpusPair) -> CorpusResult:
    return CorpusResult(list(pairs), [Unmatched("/in/lonely.txt", "vi", None, "no partner")], "sig|corpus:test")


def _reports(outdir: Path) -> set[str]:
    return {str(p.relative_to(outdir)) for p in outdir.rglob("*") if p.suffix in (".json", ".html")
            and p.name not in ("pairs.json", "index.html")}


def _links(outdir: Path) -> list[str]:
    return re.findall(r'href="([^"]*)"', (outdir / "index.html").read_text(encoding="utf-8"))


def _assert_consistent(outdir: Path) -> dict:
    """pairs.json and index.html refer to exactly the reports on disk, and every link resolves."""
    data = json.loads((outdir / "pairs.json").read_text(encoding="utf-8"))
    listed = {p[k] for p in data["pairs"] if "json" in p for k in ("json", "html")}
    assert listed == _reports(outdir)
    for href in _links(outdir):
        assert href.startswith("./")
        assert (outdir / unquote(href)).is_file(), href
    assert not [p for p in os.listdir(outdir) if p.startswith(".run-")]
    return data


# ---- item 2: links and Content Security Policy -------------------------------------------------
HOSTILE = "javascript:void(document.title='pwned')%2F%2F.txt"


@pytest.mark.parametrize("name", [HOSTILE, "a#b.txt", "what?.txt", "100% sure.txt", "<b>&amp;.txt"])
def test_links_are_encoded_relative_paths(tmp_path, name):
    write_corpus(_result(_pair(name, "target.txt")), str(tmp_path / "out"))
    out = tmp_path / "out"
    links = _links(out)
    assert len(links) == 2 and all(h.startswith("./run-") for h in links)
    assert all(re.fullmatch(r"\./run-[\w-]+/([A-Za-z0-9._~-]|%[0-9A-F]{2})+\.(html|json)", h) for h in links), links
    _assert_consistent(out)


def test_every_page_has_a_csp_without_inline_script(tmp_path):
    write_corpus(_result(_pair("a.txt", "b.txt")), str(tmp_path / "out"))
    pages = list((tmp_path / "out").rglob("*.html"))
    assert len(pages) == 2
    for p in pages:
        html = p.read_text(encoding="utf-8")
        csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
        assert csp, p
        policy = dict((d.split()[0], d.split()[1:]) for d in csp.group(1).split(";") if d.strip())
        assert policy["default-src"] == ["'none'"]
        assert "'unsafe-inline'" not in policy.get("script-src", [])
        assert all(s.startswith("'sha256-") for s in policy.get("script-src", []))


@pytest.mark.browser
def test_hostile_names_clicked_in_chromium(tmp_path, page):  # noqa: F811
    out = tmp_path / "out"
    write_corpus(_result(_pair(HOSTILE, "t1.txt"), _pair("a#b?.txt", "t2.txt")), str(out))
    index = (out / "index.html").as_uri()
    for row, expect in ((0, "t1"), (1, "t2")):
        page.goto(index)
        page.locator("tbody tr").nth(row).locator("a", has_text="report").click()
        page.wait_for_load_state()
        assert page.title() != "pwned"
        assert page.url != index, "the link did not navigate"
        assert (Path(unquote(urlparse(page.url).path))).is_file()
        assert expect in page.title()                              # the report of that pair
        assert page.locator("[data-count='source-sentences']").inner_text() == "2"
    assert not page.errors


# ---- item 6: files and folders --------------------------------------------------------------
def _folder(tmp_path, names=("en.txt", "id.txt")) -> Path:
    d = tmp_path / "docs"
    d.mkdir(exist_ok=True)
    for n in names:
        (d / n).write_text("A first line of text.\nA second line here.\n", encoding="utf-8")
    return d


def _corpus_cli(folder, out, timeout=120) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([TESTS, os.environ.get("PYTHONPATH", "")]))
    return subprocess.run([sys.executable, "-m", "aligner", "corpus", str(folder), "-o", str(out),
                           "--embedder", "fakes:HashEmbedder", "--presegmented"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def test_a_fifo_named_txt_does_not_block(tmp_path):
    d = _folder(tmp_path)
    os.mkfifo(d / "pipe.txt")
    run = _corpus_cli(d, tmp_path / "out")           # before the fix: blocked until the timeout
    assert run.returncode == 0, run.stderr
    data = json.loads((tmp_path / "out" / "pairs.json").read_text(encoding="utf-8"))
    fifo = [u for u in data["unmatched"] if u["path"].endswith("pipe.txt")]
    assert fifo and "not a regular file" in fifo[0]["reason"]


def test_long_names_are_shortened_and_hashed(tmp_path):
    long_a, long_b = "a" * 200 + ".txt", "b" * 200 + ".txt"
    other = "a" * 199 + "c.txt"                       # same prefix: must not collide once cut
    written = write_corpus(_result(_pair(long_a, long_b), _pair(other, long_b)), str(tmp_path / "out"))
    assert not written.failed
    names = _reports(tmp_path / "out")
    assert len(names) == 4 and all(len(os.path.basename(n).encode()) <= 130 for n in names)
    _assert_consistent(tmp_path / "out")


def test_a_failing_pair_is_reported_and_the_rest_written(tmp_path, monkeypatch):
    import aligner.render.html as html

    real = html.render_html

    def disk_full_for_bad(al, **kw):  # what a full disk or a rejected name does to one pair
        if "bad" in al.source.path:
            raise OSError(28, "No space left on device")
        return real(al, **kw)

    monkeypatch.setattr(html, "render_html", disk_full_for_bad)
    result = _result(_pair("good.txt", "t1.txt"), _pair("bad.txt", "t2.txt"), _pair("fine.txt", "t3.txt"))
    written = write_corpus(result, str(tmp_path / "out"))
    assert [stem for stem, _ in written.failed] == ["bad__t2"]
    data = _assert_consistent(tmp_path / "out")
    assert [("error" in p) for p in data["pairs"]] == [False, True, False]
    assert "No space left" in data["pairs"][1]["error"]
    assert "bad.txt" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_output_folder_inside_the_input_is_not_read(tmp_path):
    d = _folder(tmp_path)
    out = d / "out"
    assert _corpus_cli(d, out).returncode == 0
    (out / "notes.txt").write_text("Some notes about the run.\n", encoding="utf-8")
    other = d / "old-results"
    other.mkdir()
    (other / ".aligner-output").write_text("{}", encoding="utf-8")
    (other / "draft.md").write_text("A draft.\n", encoding="utf-8")
    assert _corpus_cli(d, out).returncode == 0
    data = json.loads((out / "pairs.json").read_text(encoding="utf-8"))
    paths = [u["path"] for u in data["unmatched"]] + [p[k] for p in data["pairs"] for k in ("source", "target")]
    assert sorted(os.path.basename(p) for p in paths) == ["en.txt", "id.txt"]


def test_a_fresh_run_replaces_the_previous_one_and_says_so(tmp_path, capsys):
    out = tmp_path / "out"
    write_corpus(_result(_pair("old.txt", "gone.txt")), str(out))
    first = _reports(out)
    written = write_corpus(_result(_pair("new.txt", "here.txt")), str(out))
    assert "replaced the previous result" in written.replaced and "1 pair" in written.replaced
    data = _assert_consistent(out)                  # no stale report beside the new pairs.json
    assert not (first & _reports(out)) and [p["source"] for p in data["pairs"]] == ["/in/new.txt"]


def test_a_folder_that_is_not_an_aligner_output_is_left_alone(tmp_path, capsys):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("<p>my own page</p>", encoding="utf-8")
    d = _folder(tmp_path)
    assert main(["corpus", str(d), "-o", str(out), "-q"]) == 2
    assert "not an aligner output" in capsys.readouterr().err
    assert (out / "index.html").read_text(encoding="utf-8") == "<p>my own page</p>"


def test_ctrl_c_while_writing_keeps_the_previous_result(tmp_path, monkeypatch):
    import aligner.render.html as html

    out = tmp_path / "out"
    write_corpus(_result(_pair("a.txt", "b.txt")), str(out))
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    real, calls = html.render_html, []

    def interrupted(*a, **kw):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*a, **kw)

    monkeypatch.setattr(html, "render_html", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_corpus(_result(_pair("c.txt", "d.txt"), _pair("e.txt", "f.txt"), _pair("g.txt", "h.txt")), str(out))
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    _assert_consistent(out)
