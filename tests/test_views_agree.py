"""The diff view, the JSON summary, the HTML cards and the corpus index show the same counts and coverage."""
from __future__ import annotations

import json
import re

import pytest

from aligner.jsonio import to_dict
from aligner.render.html import render_html
from aligner.render.text import render_text
from aligner.summary import COUNT_KEYS, summarise
from aligner.types import Alignment, Bead, TargetAlignment

from test_formats import doc

DIFF_LINE = re.compile(r"^# (\d+) match, (\d+) merge, (\d+) split, (\d+) moved, (\d+) added, (\d+) dropped; "
                       r"(\d+) weak; coverage ([\d.]+%) \((\d+) of (\d+) original sentences?\)"
                       r"(?:; \d+ changed facts?)?$", re.M)


def from_diff(text: str) -> list[dict]:
    out = []
    for m in DIFF_LINE.finditer(text):
        d = dict(zip(COUNT_KEYS, map(int, m.groups()[:7])))
        d["coverage"] = m.group(8)
        out.append(d)
    return out


def from_json(al: Alignment) -> list[dict]:
    out = []
    for t in to_dict(al)["targets"]:
        s = t["summary"]
        d = {k: s[k] for k in COUNT_KEYS}
        assert s["coverage"] == round(s["source_covered"] / s["source_sentences"], 4)
        d["coverage"] = f"{100 * s['source_covered'] / s['source_sentences']:.1f}%"
        out.append(d)
    return out


def from_html(html: str, n_targets: int) -> list[dict]:
    out = []
    for t in range(n_targets):
        start = html.index(f'id="summary-t{t}"')
        card = html[start:html.index("</section>", start)]
        values = dict(re.findall(r'data-count="(\w+)">([^<]+)<', card))
        out.append({**{k: int(values[k]) for k in COUNT_KEYS}, "coverage": values["coverage"]})
    return out


def from_index(html: str) -> list[dict]:
    out = []
    for coverage, counts in re.findall(r"<td class=\"num\" data-coverage>([\d.]+%) / [\d.]+%</td>\s*"
                                       r"<td data-counts>([^<]+)</td>", html):
        d = {k: int(v) for v, k in (c.split() for c in counts.split(", "))}
        out.append({**d, "coverage": coverage})
    return out


def constructed() -> Alignment:
    """Merges, splits, a moved link (weak), another moved one, added and dropped sentences."""
    src = doc([f"Source sentence {i}." for i in range(12)], "en", "c.en")
    tgt = doc([f"Target sentence {j}." for j in range(12)], "vi", "c.vi")
    beads = [
        Bead((0,), (0,), "match", 0.9), Bead((1, 2), (1,), "merge", 0.8), Bead((3,), (2, 3), "split", 0.85),
        Bead((4,), (), "dropped", 0.0), Bead((5,), (4,), "match", 0.6, weak=True), Bead((), (5,), "added", 0.0),
        Bead((6,), (10,), "moved", 0.55, weak=True), Bead((7, 8), (6, 7), "match", 0.7),
        Bead((9,), (8,), "match", 0.9), Bead((10,), (11,), "moved", 0.9), Bead((11,), (), "dropped", 0.0),
    ]  # target 9 is in no bead: added
    return Alignment(src, [TargetAlignment(tgt, beads)], "sig", "0.1.0")


def all_views(al: Alignment) -> tuple[list, list, list]:
    return from_diff(render_text(al)), from_json(al), from_html(render_html(al), len(al.targets))


def test_constructed_document_views_agree():
    al = constructed()
    diff, js, html = all_views(al)
    expected = {"match": 4, "merge": 1, "split": 1, "moved": 2, "added": 2, "dropped": 2, "weak": 2,
                "coverage": "83.3%"}   # 10 of 12 original sentences have a counterpart
    assert diff == js == html == [expected]


def test_corpus_index_shows_the_pair_report_numbers(tmp_path):
    from aligner.corpus import CorpusPair, CorpusResult, write_corpus

    al = constructed()
    ta = al.targets[0]
    s = summarise(ta, len(al.source.sentences))
    pair = CorpusPair(al.source, ta.document, ta.beads, {"source": round(s.coverage, 4),
                                                          "target": round(s.target_coverage, 4)},
                      0.8, "original", "test")
    write_corpus(CorpusResult([pair], [], "sig"), str(tmp_path))
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    pairs = json.loads((tmp_path / "pairs.json").read_text(encoding="utf-8"))
    report = (tmp_path / pairs["pairs"][0]["html"]).read_text(encoding="utf-8")
    saved = json.loads((tmp_path / pairs["pairs"][0]["json"]).read_text(encoding="utf-8"))
    assert from_index(index) == from_html(report, 1) == from_diff(render_text(al))
    assert pairs["pairs"][0]["summary"] == saved["targets"][0]["summary"] == s.to_dict()
    assert "83.3% / 83.3%" in index and "coverage is the share of the original" in index


def test_seeds_views_agree(seeds_alignment):
    """Marked ``model`` (the real-model seeds alignment)."""
    diff, js, html = all_views(seeds_alignment)
    assert len(diff) == 2 and diff == js == html
    for d in diff:  # a merge or split is not also counted as a match
        assert d["match"] + d["merge"] + d["split"] + d["moved"] <= len(seeds_alignment.source.sentences)


@pytest.mark.model
def test_seed_corpus_index_agrees_with_its_reports(tmp_path):
    """Corpus mode on the seeds folder: each index row shows what that pair's report and JSON show."""
    from aligner.cli import main
    from conftest import SEEDS

    assert main(["corpus", SEEDS, "-o", str(tmp_path / "out"), "-q"]) == 0
    out = tmp_path / "out"
    pairs = json.loads((out / "pairs.json").read_text(encoding="utf-8"))["pairs"]
    assert pairs, "the seeds hold translations"
    rows = from_index((out / "index.html").read_text(encoding="utf-8"))
    assert len(rows) == len(pairs)
    for row, p in zip(rows, pairs):
        report = from_html((out / p["html"]).read_text(encoding="utf-8"), 1)
        saved = json.loads((out / p["json"]).read_text(encoding="utf-8"))["targets"][0]["summary"]
        assert [row] == report
        assert p["summary"] == saved
        assert p["coverage"] == {"source": saved["coverage"], "target": saved["target_coverage"]}
