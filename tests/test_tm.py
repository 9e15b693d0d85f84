"""TMX 1.4 and XLIFF 2.1 output: parse, round-trip through translate-toolkit, one unit per linked bead."""
from __future__ import annotations

import sys

import pytest

from aligner.cli import main
from aligner.types import Alignment, Bead, Document, Sentence, TargetAlignment
from conftest import SEED_EN, SEED_ID, SEED_VI

tmx = pytest.importorskip("translate.storage.tmx")
xliff2 = pytest.importorskip("translate.storage.xliff2")
etree = pytest.importorskip("lxml.etree")

from aligner.render.tmx import to_tmx  # noqa: E402
from aligner.render.xliff import to_xliff  # noqa: E402

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XLF = "{urn:oasis:names:tc:xliff:document:2.0}"
LINKED = {"match", "merge", "split", "moved"}


def document(sentences: list[str], lang: str, sep: str = " ") -> Document:
    text, sents = "", []
    for s in sentences:
        if text:
            text += sep
        sents.append(Sentence(s, len(text), len(text) + len(s)))
        text += s
    return Document(text + "\n", sents, lang, path=f"{lang}.txt")


def expected_texts(al: Alignment, t: int) -> list[tuple[str, str]]:
    """(source, target) per linked bead, written out independently of the renderers."""
    src, ta = al.source.sentences, al.targets[t]
    return [(" ".join(" ".join(src[i].text for i in b.src).split()),
             " ".join(" ".join(ta.document.sentences[j].text for j in b.tgt).split()))
            for b in ta.beads if b.kind in LINKED]


def read_tmx(data: str):
    etree.fromstring(data.encode("utf-8"))  # well-formed XML 1.0, or this raises
    return tmx.tmxfile.parsestring(data.encode("utf-8"))


def read_xliff(data: str):
    etree.fromstring(data.encode("utf-8"))
    return xliff2.Xliff2File.parsestring(data.encode("utf-8"))


# ---- the seeds, real model ------------------------------------------------------------
@pytest.mark.parametrize("t", [0, 1])
def test_seeds_tmx_round_trips(seeds_alignment, t):
    al = seeds_alignment
    src_lang, tgt_lang = al.source.lang, al.targets[t].document.lang
    assert (src_lang, tgt_lang) == ("en", ("id", "vi")[t])
    store = read_tmx(to_tmx(al, t))
    root = store.document.getroot()
    assert root.get("version") == "1.4" and root.find("header").get("srclang") == src_lang
    want = expected_texts(al, t)
    linked = [b for b in al.targets[t].beads if b.kind in LINKED]
    assert len(store.units) == len(want) == len(linked) > 0
    for unit, (s, g), bead in zip(store.units, want, linked):
        assert [tuv.get(XML_LANG) for tuv in unit.getlanguageNodes()] == [src_lang, tgt_lang]
        assert (unit.gettarget(src_lang), unit.gettarget(tgt_lang)) == (s, g)
        props = {p.get("type"): p.text for p in unit.xmlelement.findall("prop")}
        assert props["x-aligner-kind"] == bead.kind
        assert float(props["x-aligner-score"]) == pytest.approx(bead.score, abs=1e-4)
        assert props["x-aligner-src"] == ",".join(map(str, bead.src))
        assert (props.get("x-aligner-weak") == "yes") == bead.weak
        assert bool(unit.getnotes()) == (bead.weak or bool(bead.divergences))  # review notes: weak, changed facts
    assert store.translate(want[0][0], src_lang, tgt_lang) == want[0][1]  # usable as a memory


@pytest.mark.parametrize("t", [0, 1])
def test_seeds_xliff_round_trips(seeds_alignment, t):
    al = seeds_alignment
    src_lang, tgt_lang = al.source.lang, al.targets[t].document.lang
    data = to_xliff(al, t)
    store = read_xliff(data)
    root = store.document.getroot()
    assert (root.get("version"), store.sourcelanguage, store.targetlanguage) == ("2.1", src_lang, tgt_lang)
    want = expected_texts(al, t)
    linked = [b for b in al.targets[t].beads if b.kind in LINKED]
    assert len(store.units) == len(want) == len(linked) > 0
    for k, (unit, (s, g), bead) in enumerate(zip(store.units, want, linked), 1):
        assert (unit.getid(), unit.source, unit.target) == (f"u{k}", s, g)
        assert unit.isfuzzy() == bead.weak and unit.istranslated() != bead.weak
    units = root.findall(f"{XLF}file/{XLF}unit")
    weak = [u for u, b in zip(units, linked) if b.weak]
    noted = [u for u, b in zip(units, linked) if b.weak or b.divergences]
    if t == 1:
        assert weak, "the Vietnamese seed has loose paraphrases: some links should be weak"
    for u in units:  # XLIFF 2: notes belong to the unit, before its segment; segments hold source/target only
        assert [c.tag for c in u.find(f"{XLF}segment")] == [f"{XLF}source", f"{XLF}target"]
        tags = [c.tag for c in u]
        assert tags[-1] == f"{XLF}segment" and (f"{XLF}notes" in tags) == (u in noted)


# ---- escaping and unit selection on a constructed alignment ------------------------------------
SRC = ["Prices rose 5% & more: <b>bold</b> claims.", "A\x01control\x1bhere\x7f and\ttab.",
       "Second half of a merge.", "This one was dropped.", "Moved to the end."]
TGT = ["Les prix ont augmenté de 5 % & plus : <b>gras</b>.", "Un\x0bcontrôle ici et\ttab.",
       "Ajouté par le traducteur.", "Déplacée à la fin."]
BEADS = [Bead((0,), (0,), "match", 0.9), Bead((1, 2), (1,), "merge", 0.41, weak=True),
         Bead((3,), (), "dropped", 0.0), Bead((), (2,), "added", 0.0), Bead((4,), (3,), "moved", 0.8)]


@pytest.fixture
def constructed():
    src, tgt = document(SRC, "en"), document(TGT, "fr")
    return Alignment(src, [TargetAlignment(tgt, BEADS)], signature="test", version="0")


@pytest.mark.parametrize("render, read", [(to_tmx, read_tmx), (to_xliff, read_xliff)])
def test_escaping_and_units(constructed, render, read):
    data = render(constructed, 0)
    assert "&lt;b&gt;bold&lt;/b&gt;" in data and "5% &amp; more" in data
    assert not any(c in data for c in "\x01\x0b\x1b\x7f")
    store = read(data)
    pairs = [(u.source, u.target if render is to_xliff else u.gettarget("fr")) for u in store.units]
    assert pairs == [  # added and dropped are not units; controls become U+FFFD, whitespace one space
        ("Prices rose 5% & more: <b>bold</b> claims.", "Les prix ont augmenté de 5 % & plus : <b>gras</b>."),
        ("A\ufffdcontrol\ufffdhere\ufffd and tab. Second half of a merge.", "Un contrôle ici et tab."),
        ("Moved to the end.", "Déplacée à la fin."),
    ]


def test_scripts_without_spaces_join_without_one():
    src = document(["今天下雨。", "我们在家。", "别的。"], "zh", sep="")
    tgt = document(["It rains today and we stay home.", "Other."], "en")
    al = Alignment(src, [TargetAlignment(tgt, [Bead((0, 1), (0,), "merge", 0.9), Bead((2,), (1,), "match", 0.9)])], "x")
    assert [u.source for u in read_tmx(to_tmx(al, 0)).units] == ["今天下雨。我们在家。", "别的。"]


# ---- the command line ------------------------------------------------------------------
@pytest.fixture
def texts(tmp_path, use_fake_embedder):
    for name, seed in (("en", SEED_EN), ("id", SEED_ID), ("vi", SEED_VI)):
        (tmp_path / f"{name}.txt").write_bytes(open(seed, "rb").read())
    return tmp_path


@pytest.mark.parametrize("fmt, suffix", [("tmx", ".tmx"), ("xliff", ".xlf")])
def test_several_targets_need_a_folder(texts, capsys, fmt, suffix):
    args = ["align", str(texts / "en.txt"), str(texts / "id.txt"), str(texts / "vi.txt"), "-f", fmt]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "give an existing folder as --output" in err
    assert main([*args, "-o", str(texts / "out" / f"x{suffix}")]) == 2  # a file is not a folder
    out = texts / "out"
    out.mkdir()
    assert main([*args, "-o", str(out), "-q"]) == 0
    assert sorted(p.name for p in out.iterdir()) == [f"id{suffix}", f"vi{suffix}"]
    read = read_tmx if fmt == "tmx" else read_xliff
    langs = {}
    for name in ("id", "vi"):
        store = read((out / f"{name}{suffix}").read_text(encoding="utf-8"))
        root = store.document.getroot()
        langs[name] = root.find("body/tu/tuv[2]").get(XML_LANG) if fmt == "tmx" else store.targetlanguage
    assert langs == {"id": "id", "vi": "vi"}


def test_one_target_to_stdout_and_same_stems_numbered(texts, capsys):
    assert main(["align", str(texts / "en.txt"), str(texts / "vi.txt"), "-f", "tmx"]) == 0
    assert len(read_tmx(capsys.readouterr().out).units) > 0
    (texts / "a").mkdir()
    (texts / "b").mkdir()
    (texts / "a" / "t.txt").write_bytes((texts / "id.txt").read_bytes())
    (texts / "b" / "t.txt").write_bytes((texts / "vi.txt").read_bytes())
    out = texts / "out"
    out.mkdir()
    assert main(["align", str(texts / "en.txt"), str(texts / "a" / "t.txt"), str(texts / "b" / "t.txt"),
                 "-f", "xliff", "-o", str(out), "-q"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["t-1.xlf", "t-2.xlf"]


def test_folder_output_never_overwrites_an_input(texts, capsys):
    (texts / "vi.tmx").write_bytes((texts / "vi.txt").read_bytes())
    code = main(["align", str(texts / "en.txt"), str(texts / "vi.tmx"), "-f", "tmx", "-o", str(texts), "-q"])
    assert code == 2 and "refusing to overwrite an input file" in capsys.readouterr().err


def test_missing_toolkit_names_the_install(texts, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "translate.storage.xliff2", None)
    assert main(["align", str(texts / "en.txt"), str(texts / "vi.txt"), "-f", "xliff"]) == 2
    err = capsys.readouterr().err
    assert err == "aligner: error: --format xliff needs translate-toolkit: pip install 'aligner[formats]'\n"
