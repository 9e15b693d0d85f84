"""A saved news page, wrapped in a site's boilerplate, aligns to its translation as the bare article does.

Real model, real NTREX article pairs (line k of each language translates line k of
the English); each page is built by ``tests/pages.py`` in its own language, with a
menu, cookie notice, share links, a related-stories box holding other NTREX
headlines, a reader comment and a footer.
"""
from __future__ import annotations

import json

import pytest

from aligner.cli import main
from pages import news_page
from shared_paths import SHARED

NTREX = SHARED / "data" / "ntrex-dev"
RELATED = ["bbc.381669", "cnn.304489", "scotsman.133765"]

pytestmark = [pytest.mark.model,
              pytest.mark.skipif(not NTREX.is_dir(), reason="shared NTREX dev data not found")]
trafilatura = pytest.importorskip("trafilatura")


def lines(doc: str, lang: str) -> list[str]:
    """The NTREX lines, whitespace runs collapsed as a browser (and any HTML reader) does."""
    text = (NTREX / f"{doc}.{lang}.txt").read_text(encoding="utf-8")
    return [" ".join(line.split()) for line in text.splitlines()]


def write_page(tmp_path, doc: str, lang: str, headline_in_article: bool, suffix: str):
    head, *body = lines(doc, lang)
    paragraphs = [" ".join(body[k:k + 2]) for k in range(0, len(body), 2)]  # two NTREX lines a paragraph
    related = [lines(r, lang)[0] for r in RELATED]
    page, boilerplate = news_page(head, paragraphs, lang, related, headline_in_article)
    path = tmp_path / f"{doc}.{lang}{suffix}"
    path.write_text(page, encoding="utf-8")
    return path, boilerplate


def line_of(sentence: str, article: list[str]) -> int:
    found = [k for k, line in enumerate(article) if sentence in line]
    assert found, f"not article text: {sentence!r}"
    return found[0]


@pytest.mark.parametrize("doc, lang, headline_in_article, suffix", [
    ("bbc.381735", "vi", True, ".html"),
    ("euronews-en.153800", "id", False, ".html"),
    ("reuters.218921", "vi", False, ".txt"),  # a saved page called .txt is still read as a page
])
def test_saved_page_aligns_to_its_translation(tmp_path, capsys, doc, lang, headline_in_article, suffix):
    src, src_bp = write_page(tmp_path, doc, "en", headline_in_article, suffix)
    tgt, tgt_bp = write_page(tmp_path, doc, lang, headline_in_article, suffix)
    code = main(["align", str(src), str(tgt), "--format", "json", "--quiet"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    sides = [(out["source"], lines(doc, "en"), src_bp), (out["targets"][0], lines(doc, lang), tgt_bp)]
    for side, article, boilerplate in sides:
        assert side["reader"] == "html"
        text = side["text"]
        for s in side["sentences"]:  # offsets refer to the extracted text, which the JSON carries
            assert text[s["start"]:s["end"]] == s["text"]
            line_of(s["text"], article)  # every sentence is article text: no boilerplate sentence
        for line in article:  # every article sentence is there
            assert line in " ".join(s["text"] for s in side["sentences"]) or line in text
        assert not [b for b in boilerplate if len(b) > 8 and b in text]
    # the pages align as the article does: only linked beads, each within one NTREX line
    src_sents, tgt_sents = out["source"]["sentences"], out["targets"][0]["sentences"]
    beads = out["targets"][0]["alignment"]
    assert {b["kind"] for b in beads} <= {"match", "merge", "split"}
    for b in beads:
        src_lines = {line_of(src_sents[i]["text"], lines(doc, "en")) for i in b["src"]}
        tgt_lines = {line_of(tgt_sents[j]["text"], lines(doc, lang)) for j in b["tgt"]}
        assert src_lines == tgt_lines, b
