"""JSON, TSV and vecalign writers (aligner.render.formats)."""
from __future__ import annotations

import json

import pytest

from aligner.jsonio import from_dict, to_dict
from aligner.render.formats import TSV_COLUMNS, to_json, to_tsv, to_vecalign, tsv_escape, vecalign_line
from aligner.types import Alignment, Bead, Document, Sentence, TargetAlignment


def doc(sentences: list[str], lang: str, path: str | None = None) -> Document:
    text, sents, pos = "", [], 0
    for s in sentences:
        sents.append(Sentence(s, pos, pos + len(s)))
        text += s + "\n"
        pos = len(text)
    return Document(text=text, sentences=sents, lang=lang, path=path)


def sample(n_targets: int = 1) -> Alignment:
    src = doc(["One.", "Two\tthree.", "Four.", "Five ü."], "en", "src.txt")
    targets = []
    for t in range(n_targets):
        tgt = doc(["Satu.", "Dua\ntiga.", "Tambahan.", "Lima ü."], "id", f"tgt{t}.txt")
        targets.append(TargetAlignment(tgt, [
            Bead((0,), (0,), "match", 0.91),
            Bead((1,), (1,), "match", 0.4, weak=True),
            Bead((), (2,), "added", 0.0),
            Bead((2,), (), "dropped", 0.0),
            Bead((3,), (3,), "match", 0.77),
        ]))
    return Alignment(source=src, targets=targets, signature="test", version="0.1.0")


def test_json_is_the_contract_pretty_and_unicode():
    al = sample()
    out = to_json(al)
    assert out.endswith("\n") and "\n  " in out
    assert "ü" in out and "\\u00fc" not in out
    data = json.loads(out)
    assert data == json.loads(json.dumps(to_dict(al)))
    back = from_dict(data)
    assert back.targets[0].beads == al.targets[0].beads


def test_tsv_rows_columns_and_escaping():
    lines = to_tsv(sample()).splitlines()
    assert lines[0].split("\t") == list(TSV_COLUMNS)
    rows = [ln.split("\t") for ln in lines[1:]]
    assert all(len(r) == len(TSV_COLUMNS) for r in rows)
    assert rows[0] == ["0", "match", "0.9100", "0", "0", "0", "One.", "Satu.", "S1 T1"]
    assert rows[1][:6] == ["0", "match", "0.4000", "1", "1", "1"]
    assert rows[1][6:] == ["Two\\tthree.", "Dua\\ntiga.", "S2 T2"]
    assert rows[2][:6] == ["0", "added", "0.0000", "0", "", "2"] and rows[2][-1] == "T3"
    assert rows[3][4:6] == ["2", ""] and rows[3][-1] == "S3"


def test_json_summary_per_target_next_to_the_existing_keys():
    data = to_dict(sample(2))
    for t in data["targets"]:
        assert {"path", "lang", "sentences", "alignment"} <= set(t)
        assert t["summary"] == {"match": 3, "merge": 0, "split": 0, "moved": 0, "added": 1, "dropped": 1,
                                "weak": 1, "source_sentences": 4, "source_covered": 3, "coverage": 0.75,
                                "target_sentences": 4, "target_covered": 3, "target_coverage": 0.75,
                                "facts": 0}


@pytest.mark.parametrize("text, escaped", [
    ("a\tb", "a\\tb"), ("a\nb", "a\\nb"), ("a\rb", "a\\rb"), ("a\\b", "a\\\\b"), ("ü 😀", "ü 😀"),
    ("a\x85b", "a\\x85b"), ("a\u2028b", "a\\u2028b"), ("\x1b[31m", "\\x1b[31m"), ("\\x1b", "\\\\x1b"),
])
def test_tsv_escape(text, escaped):
    assert tsv_escape(text) == escaped


def test_tsv_groups_join_text_and_indices():
    al = sample()
    al.targets[0].beads[0] = Bead((0, 1), (0,), "merge", 0.5)
    row = to_tsv(al).splitlines()[1].split("\t")
    assert row[1] == "merge" and row[4] == "0,1" and row[6] == "One. Two\\tthree." and row[8] == "S1 S2 T1"


@pytest.mark.parametrize("bead, line", [
    (Bead((0,), (0,), "match", 0.81), "[0]:[0]:0.8100"),
    (Bead((3, 4), (5,), "merge", 0.5), "[3, 4]:[5]:0.5000"),
    (Bead((), (7,), "added", 0.0), "[]:[7]:0.0000"),
    (Bead((2,), (), "dropped", 0.0), "[2]:[]:0.0000"),
])
def test_vecalign_line(bead, line):
    assert vecalign_line(bead) == line


def test_vecalign_single_target_has_no_header_and_parses_as_gold():
    from aligner.eval.metrics import parse_vecalign_gold

    al = sample()
    out = to_vecalign(al)
    assert not out.startswith("#")
    assert out.splitlines()[0] == "[0]:[0]:0.9100"
    gold = parse_vecalign_gold(out, al.source.sentences, al.targets[0].document.sentences)
    assert gold is not None


def test_vecalign_several_targets_get_sections():
    out = to_vecalign(sample(2)).splitlines()
    assert out[0] == "# target 0: tgt0.txt"
    assert "# target 1: tgt1.txt" in out
    assert len(out) == 2 + 2 * 5
