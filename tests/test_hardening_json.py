"""Hostile JSON given to ``aligner view`` and ``aligner eval``: one line saying what is wrong.

Offsets and indices are validated before anything is allocated from them, so a
4 KB file cannot make the viewer take gigabytes.
"""
from __future__ import annotations

import copy
import json
import tracemalloc

import pytest

from aligner.cli import main
import aligner.jsonio as jsonio
from aligner.jsonio import from_dict, to_dict
from aligner.types import Alignment, Bead, Document, Sentence, TargetAlignment

SRC = "One sentence. Two sentences."
TGT = "Satu kalimat. Dua kalimat."


def _doc(text, lang, path):
    a, b = text.split(". ")
    return Document(text, [Sentence(a + ".", 0, len(a) + 1), Sentence(b, len(a) + 2, len(text))], lang, path)


def result() -> dict:
    al = Alignment(_doc(SRC, "en", "en.txt"),
                   [TargetAlignment(_doc(TGT, "id", "id.txt"),
                                    [Bead((0,), (0,), "match", 0.9), Bead((1,), (1,), "match", 0.8)])],
                   signature="test", version="0")
    d = to_dict(al)
    for doc in (d["source"], *d["targets"]):   # as results written before 'text' was part of the JSON
        doc.pop("text", None)
    return d


def gold() -> dict:
    r = result()
    return {"source": r["source"], "target": r["targets"][0], "links": [{"src": [0], "tgt": [0]},
                                                                          {"src": [1], "tgt": [1]}]}


def _set(path, value):
    def change(d):
        *keys, last = path
        for k in keys:
            d = d[k]
        d[last] = value
    return change


S0 = ("source", "sentences", 0)
B0 = ("targets", 0, "alignment", 0)
BAD_RESULTS = {
    "negative-start": (_set(S0 + ("start",), -200_000_000), "offsets -200000000..13 do not fit"),
    "huge-end": (_set(("source", "sentences", 1, "end"), 20_000_000), "do not fit"),
    "huge-gap": (lambda d: d["source"]["sentences"][1].update(start=19_999_990, end=20_000_004),
                 "offsets imply a text of 20,000,004 characters"),
    "overlap": (_set(("source", "sentences", 1, "start"), 5), "do not fit its text"),
    "start-string": (_set(S0 + ("start",), "0"), "source.sentences[0].start: expected an integer, got a string"),
    "start-float": (_set(S0 + ("start",), 0.5), "expected an integer, got a number"),
    "start-bool": (_set(S0 + ("start",), False), "expected an integer, got a boolean"),
    "sentence-text-number": (_set(S0 + ("text",), 7), "source.sentences[0].text: expected a string"),
    "sentences-string": (_set(("source", "sentences"), "abc"), "source.sentences: expected a list"),
    "source-list": (_set(("source",), []), "source: expected an object, got a list"),
    "targets-object": (_set(("targets",), {}), "targets: expected a list"),
    "text-mismatch": (_set(("source", "text"), "X" * 40), "do not match source.text"),
    "text-too-short": (_set(("targets", 0, "text"), "Satu."), "targets[0].sentences[0]: offsets 0..13 do not match"),
    "text-number": (_set(("source", "text"), 12), "source.text: expected a string"),
    "bead-index": (_set(B0 + ("src",), [5]), "targets[0].alignment[0].src: index 5 is outside the 2 sentences"),
    "bead-index-negative": (_set(B0 + ("tgt",), [-1]), "index -1 is outside"),
    "bead-index-float": (_set(B0 + ("src",), [0.0]), "expected an integer"),
    "bead-src-null": (_set(B0 + ("src",), None), "expected a list, got null"),
    "score-string": (_set(B0 + ("score",), "0.5"), "score: expected a number in [0, 1], got a string"),
    "score-big": (_set(B0 + ("score",), 7), "got 7"),
    "kind": (_set(B0 + ("kind",), "weird"), "unknown kind 'weird'"),
    "weak": (_set(B0 + ("weak",), "yes"), "weak: expected true or false"),
    "uncovered": (_set(("targets", 0, "sentences", 0, "uncovered"), [[0, 999]]), "span 0..999 is outside"),
    "gloss": (_set(("targets", 0, "sentences", 0, "gloss"), 5), "gloss: expected a string"),
}
BAD_TEXTS = {
    "nan": (lambda s: s.replace('"score": 0.9', '"score": NaN'), "NaN is not a valid JSON number"),
    "infinity": (lambda s: s.replace('"score": 0.9', '"score": -Infinity'), "-Infinity is not a valid"),
    "1e999": (lambda s: s.replace('"score": 0.9', '"score": 1e999'), "number 1e999 is out of range"),
    "deep": (lambda s: "[" * 200_000 + "]" * 200_000, "nested too deeply"),
    "truncated": (lambda s: s[: len(s) // 2], "not valid JSON"),
}


def _bad_file(tmp_path, name) -> str:
    if name in BAD_RESULTS:
        d = result()
        BAD_RESULTS[name][0](d)
        text = json.dumps(d)
    else:
        text = BAD_TEXTS[name][0](json.dumps(result()))
    p = tmp_path / "bad.json"
    p.write_text(text, encoding="utf-8")
    return str(p)


def _one_line(capsys, code, needle):
    out, err = capsys.readouterr()
    assert code == 2, err
    assert err.startswith("aligner: error:") and err.count("\n") == 1 and "internal" not in err, err
    assert needle in err, err


@pytest.mark.parametrize("name", [*BAD_RESULTS, *BAD_TEXTS])
def test_view_refuses_bad_results(tmp_path, capsys, name):
    path = _bad_file(tmp_path, name)
    needle = (BAD_RESULTS.get(name) or BAD_TEXTS[name])[1]
    out = tmp_path / "out.html"
    _one_line(capsys, main(["view", path, "-o", str(out)]), needle)
    assert not out.exists()


@pytest.mark.parametrize("name", ["negative-start", "bead-index-float", "score-string", "1e999", "deep", "kind"])
def test_eval_refuses_bad_predictions(tmp_path, capsys, name):
    g = tmp_path / "gold.json"
    g.write_text(json.dumps(gold()), encoding="utf-8")
    _one_line(capsys, main(["eval", str(g), _bad_file(tmp_path, name)]),
              (BAD_RESULTS.get(name) or BAD_TEXTS[name])[1])


BAD_GOLDS = {
    "links-string": (lambda g: g.update(links="all"), "gold links: expected a list"),
    "link-index-string": (lambda g: g["links"][0].update(src="0"), "gold links[0].src: expected a list of integers"),
    "link-index-float": (lambda g: g["links"][0].update(tgt=[0.5]), "expected a list of integers"),
    "sure": (lambda g: g["links"][0].update(sure="no"), "sure: expected true or false"),
    "source-list": (lambda g: g.update(source=[]), "gold source: expected an object"),
    "file-number": (lambda g: g["source"].update(file=3), "'file': expected a string"),
    "offsets": (lambda g: g["target"]["sentences"][0].update(start=-5), "gold target.sentences[0]: offsets"),
    "dropped": (lambda g: g.update(dropped=[9]), "out of range"),
}


@pytest.mark.parametrize("name", BAD_GOLDS)
def test_eval_refuses_bad_gold(tmp_path, capsys, name):
    g = gold()
    BAD_GOLDS[name][0](g)
    gp, pp = tmp_path / "gold.json", tmp_path / "pred.json"
    gp.write_text(json.dumps(g), encoding="utf-8")
    pp.write_text(json.dumps(result()), encoding="utf-8")
    _one_line(capsys, main(["eval", str(gp), str(pp)]), BAD_GOLDS[name][1])


def test_eval_of_a_deeply_nested_gold(tmp_path, capsys):
    gp, pp = tmp_path / "gold.json", tmp_path / "pred.json"
    gp.write_text('{"a": ' + "[" * 200_000 + "]" * 200_000 + "}", encoding="utf-8")
    pp.write_text(json.dumps(result()), encoding="utf-8")
    _one_line(capsys, main(["eval", str(gp), str(pp)]), "nested too deeply")


def test_offsets_are_checked_before_allocating():
    d = result()
    d["source"]["sentences"][1].update(start=30_000_000, end=30_000_014)
    tracemalloc.start()
    try:
        with pytest.raises(ValueError):
            from_dict(d)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000


def test_valid_result_round_trips_and_rebuilds_offsets():
    d = result()
    for s in d["source"]["sentences"]:   # offsets need not start at 0; gaps are rebuilt as spaces
        s["start"] += 3
        s["end"] += 3
    al = from_dict(json.loads(json.dumps(d)))
    assert al.source.text == "   " + SRC
    assert all(al.source.text[s.start:s.end] == s.text for s in al.source.sentences)
    again = to_dict(al)
    assert again["source"]["text"] == "   " + SRC and again["targets"][0]["text"] == TGT
    assert [{k: v for k, v in t.items() if k != "text"} for t in again["targets"]] == d["targets"]
    assert again["source"]["sentences"] == d["source"]["sentences"]


def test_written_json_is_always_finite():
    d = copy.deepcopy(result())
    al = from_dict(d)
    al.targets[0].beads[0] = Bead((0,), (0,), "match", float("nan"))
    al.targets[0].beads[1] = Bead((1,), (1,), "match", float("inf"))
    text = jsonio.dumps(to_dict(al))
    assert [b["score"] for b in json.loads(text)["targets"][0]["alignment"]] == [0.0, 1.0]
    with pytest.raises(ValueError):
        jsonio.dumps({"x": float("nan")})
