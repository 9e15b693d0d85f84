"""Options that used to fail silently: language codes, ``--fail-on ''``, eval of mismatched documents."""
from __future__ import annotations

import json

import pytest

from aligner.cli import main
from conftest import SEED_EN, SEED_ID, SEED_VI
from shared_paths import SHARED

EN = "The committee met on Monday. It approved the new budget.\nMembers then went home.\n"


@pytest.fixture
def good(tmp_path, use_fake_embedder):
    p = tmp_path / "good.txt"
    p.write_text(EN, encoding="utf-8")
    return str(p)


def _align(capsys, *argv):
    code = main(["align", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def _one_line(code, err, *needles):
    assert code == 2, err
    assert err.startswith("aligner: error:") and err.count("\n") == 1, err
    for n in needles:
        assert n in err, err


@pytest.mark.parametrize("given, expected", [
    ("EN", "en"), ("en-US", "en"), ("en_GB", "en"), ("eng", "en"), (" en ", "en"), ("fre", "fr"),
    ("fra", "fr"), ("ger", "de"), ("in", "id"), ("ind", "id"), ("vie", "vi"), ("cmn", "zh"), ("zh-Hant-TW", "zh"),
    ("tgl", "tl"), ("nob", "no"), ("auto", None), ("", None),
])
def test_language_codes_are_normalised(good, capsys, given, expected):
    code, out, err = _align(capsys, good, good, "--src-lang", given, "--tgt-lang", given, "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    if expected is None:   # detected
        assert data["source"]["lang"] == data["targets"][0]["lang"] == "en"
    else:
        assert data["source"]["lang"] == data["targets"][0]["lang"] == expected


@pytest.mark.parametrize("option", ["--src-lang", "--tgt-lang"])
@pytest.mark.parametrize("given", ["english", "xx", "e", "12", "en-!!", "zz-ZZ", "qaa"])
def test_unknown_language_codes_are_refused(good, capsys, use_fake_embedder, option, given):
    code, out, err = _align(capsys, good, good, option, given)
    _one_line(code, err, f"{option}: unknown language", " en ", " vi ", " zh ")
    assert use_fake_embedder.calls == 0


def test_one_code_per_target_is_normalised(good, capsys):
    code, out, err = _align(capsys, good, good, good, "--tgt-lang", "EN,eng", "-f", "json")
    assert code == 0, err
    assert [t["lang"] for t in json.loads(out)["targets"]] == ["en", "en"]


@pytest.mark.parametrize("given, warned", [("fr", True), ("vi", False), ("VIE", False), ("id", True)])
def test_a_language_that_contradicts_the_text_is_warned_about(use_fake_embedder, capsys, given, warned):
    code, out, err = _align(capsys, SEED_EN, SEED_VI, "--tgt-lang", given, "-f", "json")
    assert code == 0, err
    lines = [x for x in err.splitlines() if "warning" in x]
    if warned:
        assert len(lines) == 1 and "looks like 'vi'" in lines[0] and SEED_VI in lines[0], err
    else:
        assert lines == [], err


def test_close_languages_are_not_warned_about(use_fake_embedder, capsys):
    code, out, err = _align(capsys, SEED_EN, SEED_ID, "--src-lang", "en", "--tgt-lang", "ms", "-f", "json")
    assert code == 0 and "warning" not in err, err


@pytest.mark.parametrize("value", ["", ",", " , "])
def test_empty_fail_on_is_refused(good, capsys, value):
    code, out, err = _align(capsys, good, good, "--fail-on", value)
    _one_line(code, err, "--fail-on: give at least one kind")


# ---- eval refuses a prediction made from other documents --------------------------------
def _predict(capsys, tmp_path, src, tgt):
    out_path = tmp_path / "pred.json"
    code, out, err = _align(capsys, src, tgt, "-f", "json", "-o", out_path, "-q")
    assert code == 0, err
    return str(out_path)


def test_eval_refuses_a_prediction_of_other_documents(tmp_path, capsys, use_fake_embedder):
    gold = SHARED / "gold" / "seed-en-vi.json"
    if not gold.exists():
        pytest.skip(f"{gold} not found")
    pred = _predict(capsys, tmp_path, SEED_EN, SEED_ID)   # Indonesian, scored against the Vietnamese gold
    code = main(["eval", str(gold), pred])
    out, err = capsys.readouterr()
    _one_line(code, err, "target text is not the gold's", "another document")
    assert out == ""
    pred = _predict(capsys, tmp_path, SEED_EN, SEED_VI)   # the right documents are scored
    code = main(["eval", str(gold), pred])
    out, err = capsys.readouterr()
    assert code == 0 and "strict" in out, err


def test_eval_refuses_a_prediction_of_another_version(tmp_path, capsys, use_fake_embedder):
    gold = SHARED / "gold" / "seed-en-vi.json"
    if not gold.exists():
        pytest.skip(f"{gold} not found")
    edited = tmp_path / "edited.txt"   # a word inserted near the top shifts every later offset
    text = open(SEED_VI, encoding="utf-8").read()
    edited.write_text(text[:80] + "thêm một đoạn dài hơn bình thường " + text[80:], encoding="utf-8")
    pred = _predict(capsys, tmp_path, SEED_EN, edited)
    code = main(["eval", str(gold), pred])
    out, err = capsys.readouterr()
    _one_line(code, err, "target text is not the gold's")
