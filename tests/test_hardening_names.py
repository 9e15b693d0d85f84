"""Hostile file names in every output, bidi in the HTML report, and the report's Content Security Policy.

A name is shown the same way everywhere: bytes that are not UTF-8 as ``\\xe9``,
control characters as ``\\x1b``, bidi controls as ``\\u202e``.
"""
from __future__ import annotations

import json
import os

import pytest

from aligner.cli import main
from aligner.render.html import render_html
from aligner.types import Alignment, Bead, Document, Sentence, TargetAlignment
from browser_util import browser, open_report, page  # noqa: F401  (fixtures)

EN = "The committee met on Monday. It approved the new budget.\n"
FORMATS = ["diff", "json", "html", "tsv", "vecalign", "xliff", "tmx"]


@pytest.fixture
def named(tmp_path, use_fake_embedder):
    """Make a document under a raw (bytes) file name; returns its str path as argv gives it."""
    def make(raw: bytes) -> str:
        path = os.path.join(os.fsencode(tmp_path), raw)
        with open(path, "wb") as fh:
            fh.write(EN.encode("utf-8"))
        return os.fsdecode(path)
    return make


def _run(capsys, *argv):
    code = main(["align", *argv])
    out, err = capsys.readouterr()
    return code, out, err


NAMES = {
    # raw name -> how every output shows it
    "latin1": (b"caf\xe9.txt", "caf\\xe9.txt"),
    "escape": (b"red\x1b[31m\x1b]0;pwned\x07.txt", "red\\x1b[31m\\x1b]0;pwned\\x07.txt"),
    "bidi": ("evil\u202etxt.exe".encode(), "evil\\u202etxt.exe"),
    "newline": (b"two\nlines.txt", "two\\x0alines.txt"),
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", NAMES)
def test_names_are_escaped_the_same_way_in_every_output(tmp_path, named, capsys, fmt, name):
    raw, shown = NAMES[name]
    src = named(raw)
    out_file = tmp_path / f"out.{fmt}"
    for dest in (None, out_file):   # standard output, then a file
        code, out, err = _run(capsys, src, src, "-f", fmt, "-q", *(["-o", str(out_file)] if dest else []))
        assert code == 0, err
        text = out_file.read_text(encoding="utf-8") if dest else out
        for bad in ("\x1b", "\x07", "\u202e", "\udce9"):
            assert bad not in text
        if fmt == "json":
            paths = {d["path"] for d in [json.loads(text)["source"], *json.loads(text)["targets"]]}
            assert paths == {os.path.join(str(tmp_path), shown)}
        elif fmt in ("diff", "html", "xliff"):
            assert shown in text
        elif fmt == "vecalign":
            assert text.startswith("[0]:[0]")   # one target: no header, nothing to escape


def test_several_targets_vecalign_header_is_escaped(tmp_path, named, capsys):
    src = named(NAMES["escape"][0])
    code, out, err = _run(capsys, src, src, src, "-f", "vecalign")
    assert code == 0, err
    assert out.count(NAMES["escape"][1]) == 2 and "\x1b" not in out


def test_error_messages_escape_names(tmp_path, capsys):
    missing = os.fsdecode(os.path.join(os.fsencode(tmp_path), b"gone\x1b[2J\xff.txt"))
    code, out, err = _run(capsys, missing, missing)
    assert code == 2 and "\x1b" not in err and "gone\\x1b[2J\\xff.txt: no such file" in err, err


# ---- HTML: bidi isolation, RTL sentences -------------------------------------------------
AR = ["جلس القط على الحصيرة.", "كان يوما مشمسا."]


def _rtl_report(src_path: str, tgt_path: str) -> str:
    def doc(sents, lang, path):
        text, out = "", []
        for s in sents:
            out.append(Sentence(s, len(text), len(text) + len(s)))
            text += s + " "
        return Document(text, out, lang, path)

    src = doc(["The cat sat on the mat.", "It was a sunny day."], "en", src_path)
    tgt = doc(AR, "ar", tgt_path)
    return render_html(Alignment(src, [TargetAlignment(tgt, [Bead((0,), (0,), "match", 0.9),
                                                             Bead((1,), (1,), "match", 0.9)])], "sig", "0"))


def test_names_are_isolated_in_the_html_header():
    html = _rtl_report("evil\u202etxt.exe", "تقرير.txt")
    assert "\u202e" not in html
    assert "<bdi>evil\\u202etxt.exe</bdi>" in html and "<bdi>تقرير.txt</bdi>" in html
    assert html.count('dir="auto"') >= 4      # every sentence decides its own direction


@pytest.mark.browser
def test_browser_rtl_sentences_read_right_to_left(page):
    open_report(page, _rtl_report("en.txt", "تقرير.txt"), "rtl.html")
    assert page.eval_on_selector("#t0-0", "e => getComputedStyle(e).direction") == "rtl"
    assert page.eval_on_selector("#s0", "e => getComputedStyle(e).direction") == "ltr"
    # the Arabic name does not drag the rest of the title into right-to-left order
    assert page.inner_text("h1").startswith("Alignment: en.txt ↔ ")


# ---- the report's Content Security Policy -----------------------------------------------
INJECTED = ('<script>window.__pwned = "inline script"</script>'
            '<img src="data:," onerror="window.__pwned = \'event handler\'">'
            '<a id="jslink" href="javascript:window.__pwned=\'javascript link\'">link</a>'
            '<script src="data:text/javascript,window.__pwned=\'data script\'"></script>')


@pytest.mark.browser
def test_browser_csp_blocks_markup_that_slips_past_escaping(page):
    """Simulate an escaping bug: raw markup in the page.  None of it may run; the report's own script must."""
    html = _rtl_report("a.txt", "b.txt")
    assert html.count("<main>") == 1
    open_report(page, html.replace("<main>", "<main>" + INJECTED), "csp.html")
    page.click("#jslink")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    page.click("#s1")                               # the report's own script still works
    assert page.eval_on_selector_all(".s.hl", "els => els.map(e => e.id)") == ["t0-1"]


def test_csp_has_no_unsafe_inline_script():
    html = _rtl_report("a.txt", "b.txt")
    csp = html.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0]
    script = [d for d in csp.split(";") if d.strip().startswith("script-src")][0]
    assert "unsafe-inline" not in script and "'sha256-" in script and "default-src 'none'" in csp
