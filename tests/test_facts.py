"""Changed facts inside matched sentences (aligner.facts): extraction, comparison, outputs."""
from __future__ import annotations

import json
import random

import pytest

from aligner.cli import main
from aligner.eval.changes import change_facts, changed_fact_docs, clause_docs
from aligner.facts import Comparer, annotate, sentence_facts
from aligner.jsonio import from_dict, to_dict
from aligner.render.html import build_report
from aligner.render.text import render_text
from aligner.types import Alignment, Bead, Divergence, TargetAlignment

from test_formats import doc


def value(text: str, lang: str) -> float:
    """The first reading of the only hard number in ``text``."""
    facts = [f for f in sentence_facts(text, lang) if not f.soft and f.kind == "number"]
    assert len(facts) == 1, facts
    return facts[0].numbers[0][1]


@pytest.mark.parametrize("text, lang, expected", [
    # decimal and thousands separators, per language
    ("3.8 tonnes", "en", 3.8), ("3,8 ton", "id", 3.8), ("3,8 tấn", "vi", 3.8),
    ("3,800,000 tonnes", "en", 3_800_000), ("3.800.000 ton", "id", 3_800_000), ("3.800.000 tấn", "vi", 3_800_000),
    ("40,000 cases", "en", 40_000), ("40.000 kasus", "id", 40_000), ("1,234.5 km", "en", 1234.5),
    ("1.234,5 km", "id", 1234.5), ("2.94 juta", "id", 2_940_000),   # an English decimal point kept in Indonesian
    ("7.5 độ", "vi", 7.5), ("26,750 đô la", "vi", 26.75),          # locale first (26750 is the second reading)
    # scale words
    ("3.8 million", "en", 3.8e6), ("3,8 juta", "id", 3.8e6), ("3,8 triệu", "vi", 3.8e6),
    ("1.5 billion", "en", 1.5e9), ("1,5 miliar", "id", 1.5e9), ("1,5 tỷ", "vi", 1.5e9), ("2 tỉ", "vi", 2e9),
    ("4 trillion", "en", 4e12), ("4 triliun", "id", 4e12), ("2 nghìn tỷ", "vi", 2e12), ("5 ribu", "id", 5e3),
    ("5 ngàn", "vi", 5e3), ("£11million", "en", 11e6), ("$5bn", "en", 5e9),
    # percentages and currencies
    ("50%", "en", 50), ("50 percent", "en", 50), ("17 per cent", "en", 17), ("50 persen", "id", 50),
    ("50 phần trăm", "vi", 50), ("$26,750", "en", 26_750), ("Rp 5.000", "id", 5_000), ("50.000 đồng", "vi", 50_000),
    ("US$3.5 million", "en", 3.5e6), ("3,5 triệu USD", "vi", 3.5e6),
])
def test_number_normalisation(text, lang, expected):
    assert value(text, lang) == pytest.approx(expected)


@pytest.mark.parametrize("text, lang, expected", [
    ("since 1994", "en", (1994, None, None, None)), ("sejak tahun 1994", "id", (1994, None, None, None)),
    ("từ năm 1994", "vi", (1994, None, None, None)),
    ("on October 1, 2018", "en", (2018, 10, 1, None)), ("on 1 October 2018", "en", (2018, 10, 1, None)),
    ("pada tanggal 1 Oktober 2018", "id", (2018, 10, 1, None)), ("vào ngày 1 tháng 10 năm 2018", "vi", (2018, 10, 1, None)),
    ("hồi tháng 2/2025", "vi", (2025, 2, None, None)), ("in February 2025", "en", (2025, 2, None, None)),
    ("vào tháng Sáu", "vi", (None, 6, None, None)), ("pada bulan Juni", "id", (None, 6, None, None)),
    ("on Monday", "en", (None, None, None, 1)), ("pada hari Senin", "id", (None, None, None, 1)),
    ("vào thứ Hai", "vi", (None, None, None, 1)), ("early Sunday", "en", (None, None, None, 7)),
])
def test_dates_and_years(text, lang, expected):
    dates = [f for f in sentence_facts(text, lang) if f.kind == "date"]
    assert len(dates) == 1 and expected in dates[0].dates


@pytest.mark.parametrize("text, lang", [
    ("Theresa May said so.", "en"),          # May the name, not the month
    ("It may rain in the Mỹ Tho area.", "en"),
    ("Minggu lalu dia pergi.", "id"),          # "last week", not Sunday
    ("Nga đứng thứ 5 thế giới.", "vi"),        # fifth, not Thursday
])
def test_not_dates(text, lang):
    assert not [f for f in sentence_facts(text, lang) if f.kind == "date"]


def compare(src: str, tgt: str, lang: str, context: tuple[str, str] = ("", "")) -> list[tuple]:
    """Divergences of a one-sentence bead (plus optional context sentences on both sides)."""
    s = doc([src] + ([context[0]] if context[0] else []), "en")
    t = doc([tgt] + ([context[1]] if context[1] else []), lang)
    beads = [Bead((0,), (0,), "match", 0.9)] + ([Bead((1,), (1,), "match", 0.9)] if context[0] else [])
    out = Comparer(s, t, beads).divergences(beads[0])
    return [(d.kind, d.src, d.tgt) for d in out]


@pytest.mark.parametrize("src, tgt, lang, expected", [
    # the same facts written the other language's way: nothing to report
    ("Reserves are 3.8 million tonnes.", "Cadangannya 3,8 juta ton.", "id", []),
    ("Reserves are 3.8 million tonnes.", "Trữ lượng 3.800.000 tấn.", "vi", []),
    ("Reserves are 3.75 million tonnes.", "Cadangannya sekitar 3,8 juta ton.", "id", []),   # rounding
    ("Two people died.", "2 orang tewas.", "id", []),                                       # spelled out
    ("At 2pm the vans left.", "Pada pukul 14.00 mobil pergi.", "id", []),                   # 12/24-hour clock
    ("About 04:00 BST on Saturday.", "Khoảng 4 giờ BST sáng thứ Bảy.", "vi", []),
    ("More than 50 percent agreed.", "Lebih dari 50% setuju.", "id", []),
    ("The car was 500 feet away.", "Mobil itu berjarak 152 meter.", "id", []),               # unit conversion
    ("The river is six miles wide.", "Sungai itu lebarnya 9,6 kilometer.", "id", []),
    ("It was 80°F outside.", "Ngoài trời 27 °C.", "vi", []),
    ("It started at 8:30 p.m. (15.00 UTC).", "Dimulai pukul 20.30 (22.00 WIB).", "id", []),     # time zones
    ("It left at 1200 GMT.", "Pergi pukul 12.00 GMT.", "id", []),
    ("The car was 500 feet away.", "Mobil itu berjarak 162 meter.", "id", [("number", "500 feet", "162 meter")]),
    ("It happened on 1 October 2018.", "Itu terjadi pada 1/10/2018.", "id", []),
    ("It is the fifth largest.", "Nó đứng thứ 5.", "vi", []),                              # ordinal in words
    # changed facts
    ("Reserves are 3.8 million tonnes.", "Cadangannya 38 juta ton.", "id", [("number", "3.8 million", "38 juta")]),
    ("Reserves are 3.8 million tonnes.", "Cadangannya 3,9 juta ton.", "id", [("number", "3.8 million", "3,9 juta")]),
    ("He is 41 years old.", "Ông 42 tuổi.", "vi", [("number", "41", "42")]),
    ("It opened in 2019.", "Dibuka pada tahun 2018.", "id", [("date", "2019", "2018")]),
    ("They met on 1 October.", "Mereka bertemu pada 7 Oktober.", "id", [("date", "1 October", "7 Oktober")]),
    ("They met on Monday.", "Họ gặp nhau vào thứ Ba.", "vi", [("date", "Monday", "thứ Ba")]),
    ("Some 300 people came.", "Sekitar orang datang.", "id", [("number", "300", None)]),
])
def test_number_and_date_comparison(src, tgt, lang, expected):
    assert compare(src, tgt, lang) == expected


CONTEXT = ("Kanye West and Sean Combs met Donald Trump in Washington.",
           "Kanye West dan Sean Combs bertemu Donald Trump di Washington.")


@pytest.mark.parametrize("src, tgt, expected", [
    # the same names, spelled or referred to another way: nothing to report
    ("President Volodymyr Zelenskiy spoke.", "Presiden Zelensky berbicara.", []),          # partial, transliterated
    ("Talks between Washington and Moscow began.", "Pembicaraan antara AS dan Rusia dimulai.", []),  # metonymy
    ("He praised the Security Council of the UN.", "Dia memuji Dewan Keamanan PBB.", []),  # translated institution
    ("It said Donald Trump agreed.", "Dikatakan Presiden AS Trump setuju.", []),
    ("The rapper met Trump later.", "Rapper itu bertemu Trump kemudian.", []),
    # changed names
    ("Yesterday Kanye West changed his name.", "Kemarin Kanye Combs mengubah namanya.", [("name", "West", "Combs")]),
    ("Yesterday Trump met the press.", "Kemarin Combs bertemu pers.", [("name", "Trump", "Combs")]),
])
def test_name_comparison(src, tgt, expected):
    assert compare(src, tgt, "id", CONTEXT) == expected


@pytest.mark.parametrize("src, tgt, expected", [
    ("Officials met in Yunnan province.", "Các quan chức họp ở tỉnh Vân Nam.", []),   # Sino-Vietnamese rendering
    ("The DNA test was clear.", "Xét nghiệm ADN rất rõ ràng.", []),                 # acronym letters reordered
    ("The city of Palu was hit.", "Thành phố Palu bị ảnh hưởng.", []),
    ("Yesterday the city of Palu was hit.", "Hôm qua thành phố Donggala bị ảnh hưởng.", [("name", "Palu", "Donggala")]),
])
def test_name_comparison_vietnamese(src, tgt, expected):
    context = ("Palu and Donggala were hit.", "Palu và Donggala bị ảnh hưởng.")
    assert compare(src, tgt, "vi", context) == expected


def test_added_name_the_source_never_mentions_is_reported():
    context = ("Kanye West met Sean Combs.", "Kanye West bertemu Sean Combs.")
    got = compare("The report was published.", "Laporan itu diterbitkan oleh Donald Trump.", "id", context)
    assert got == [("name", None, "Donald Trump")]
    # a name the source names elsewhere is an explicitation, not a changed fact
    assert compare("The rapper spoke.", "Rapper Kanye West berbicara.", "id", context) == []


def test_fact_moved_out_of_a_dropped_sentence_is_not_reported():
    s = doc(["Mining.com reported it.", "The estimate is 3.8 million tonnes."], "en")
    t = doc(["Menurut laporan, perkiraannya 3,8 juta ton."], "id")
    beads = [Bead((0,), (), "dropped", 0.0), Bead((1,), (0,), "match", 0.9)]
    assert Comparer(s, t, beads).divergences(beads[1]) == ()


# ------------------------------------------------------------------ outputs

def changed_alignment() -> Alignment:
    s = doc(["Russia and the US met.", "Reserves are 3.8 million tonnes, the survey said."], "en", "en.txt")
    t = doc(["Rusia dan AS bertemu.", "Cadangannya 38 juta ton, kata survei itu."], "id", "id.txt")
    beads = annotate(s, t, [Bead((0,), (0,), "match", 0.9), Bead((1,), (1,), "match", 0.8)])
    return Alignment(source=s, targets=[TargetAlignment(t, beads)], signature="test", version="0.1.0")


def test_json_contract_and_round_trip():
    al = changed_alignment()
    d = to_dict(al)
    plain, changed = d["targets"][0]["alignment"]
    assert "divergences" not in plain
    assert changed["divergences"] == [{"kind": "number", "src": "3.8 million", "tgt": "38 juta",
                                      "src_span": changed["divergences"][0]["src_span"],
                                      "tgt_span": changed["divergences"][0]["tgt_span"]}]
    a, b = changed["divergences"][0]["src_span"]
    assert al.source.text[a:b] == "3.8 million"
    a, b = changed["divergences"][0]["tgt_span"]
    assert al.targets[0].document.text[a:b] == "38 juta"
    back = from_dict(json.loads(json.dumps(d)))
    assert back.targets[0].beads[1].divergences == al.targets[0].beads[1].divergences
    assert to_dict(back) == d


def test_json_without_spans_still_reads_and_renders():
    d = to_dict(changed_alignment())
    for v in d["targets"][0]["alignment"][1]["divergences"]:
        del v["src_span"], v["tgt_span"]
    back = from_dict(d)
    assert back.targets[0].beads[1].divergences == (Divergence("number", "3.8 million", "38 juta"),)
    report = build_report(back)
    marks = [m for r in report.rows for c in r.cells for seg in c.segments for s in seg.sentences for m in s.marks]
    assert {m[2] for m in marks} == {"fact"} and len(marks) == 2


def test_diff_marker_under_the_bead():
    lines = render_text(changed_alignment()).splitlines()
    k = next(n for n, ln in enumerate(lines) if ln.startswith("  T2"))
    assert lines[k + 1].startswith("! ") and lines[k + 1].endswith("number: 3.8 million -> 38 juta")
    summary = next(ln for ln in lines if ln.startswith("# ") and "coverage" in ln and "of 2 original" in ln)
    assert summary.endswith("; 1 changed fact")
    assert any(ln.startswith("# key:") and "! changed fact" in ln for ln in lines)
    assert not any(ln.startswith("!") for ln in lines[:k])


def test_html_view_model_highlights_both_sides_and_counts():
    report = build_report(changed_alignment())
    assert report.targets[0].summary.facts == 1
    assert ("facts", "Changed facts") in report.filters
    row = next(r for r in report.rows if "facts" in r.kinds)
    assert "k-facts" in row.css and "diff" in row.css
    src_parts = [p for seg in row.cells[0].segments for s in seg.sentences for p in s.parts if p[1] == "fact"]
    tgt_parts = [p for seg in row.cells[1].segments for s in seg.sentences for p in s.parts if p[1] == "fact"]
    assert [p[0] for p in src_parts] == ["3.8 million"] and [p[0] for p in tgt_parts] == ["38 juta"]
    assert row.cells[1].segments[0].facts == ("number: 3.8 million -> 38 juta",)


# ------------------------------------------------------------------ CLI

@pytest.fixture
def fact_files(tmp_path, use_fake_embedder):
    base = "The mine opened in 2019. Reserves are 3.8 million tonnes. Workers are happy.\n"
    (tmp_path / "a.txt").write_text(base, encoding="utf-8")
    (tmp_path / "same.txt").write_text(base, encoding="utf-8")
    (tmp_path / "changed.txt").write_text(base.replace("3.8", "38"), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("target, fail_on, code", [
    ("same.txt", "facts", 0), ("changed.txt", "facts", 1), ("changed.txt", "added", 0),
    ("changed.txt", "any", 1), ("changed.txt", "added,facts", 1),
])
def test_fail_on_facts_exit_codes(fact_files, capsys, target, fail_on, code):
    got = main(["align", str(fact_files / "a.txt"), str(fact_files / target), "--src-lang", "en",
                "--tgt-lang", "en", "--fail-on", fail_on])
    out, err = capsys.readouterr()
    assert got == code
    assert ("differences found: 1 facts" in err) == (code == 1), err
    assert ("number: 3.8 million -> 38 million" in out) == (target == "changed.txt")


# ------------------------------------------------------------------ dev-set generators

DOC = (["Russia and Ukraine met in Geneva on Monday.", "Trump said 3,800 troops would stay until 2020.",
        "Putin said Geneva was a good place."],
       ["Rusia dan Ukraina bertemu di Geneva pada hari Senin.", "Trump mengatakan 3.800 tentara akan tinggal hingga 2020.",
        "Putin mengatakan Geneva adalah tempat yang baik."])


def test_change_facts_changes_one_digit_or_one_name_per_line():
    for seed in range(30):
        new, changes = change_facts(*DOC, random.Random(seed))
        assert 1 <= len(changes) <= 3 and len({c.line for c in changes}) == len(changes)
        for c in changes:
            old_line, new_line = DOC[1][c.line], new[c.line]
            assert new_line[c.start:c.end] == c.new and new_line.replace(c.new, c.old, 1) == old_line
            if c.kind == "number":
                assert len(c.new) == len(c.old) and sum(a != b for a, b in zip(c.old, c.new)) == 1
            else:
                assert c.new != c.old and c.new in {"Trump", "Putin", "Geneva", "Russia"} - {c.old}
        assert [ln for k, ln in enumerate(new) if k not in {c.line for c in changes}] == \
            [ln for k, ln in enumerate(DOC[1]) if k not in {c.line for c in changes}]
    assert change_facts(*DOC, random.Random(3)) == change_facts(*DOC, random.Random(3))


def test_changed_fact_docs_changes_half():
    docs = [(f"d{k}", *DOC) for k in range(10)]
    out = list(changed_fact_docs(docs, seed=5))
    assert sum(bool(d.changes) for d in out) == 5
    assert all(d.tgt == DOC[1] for d in out if not d.changes)
    assert [d.changes for d in out] == [d.changes for d in changed_fact_docs(docs, seed=5)]


def test_clause_docs_insert_a_marked_clause():
    docs = [(f"d{k}", DOC[0] * 4, DOC[1] * 4) for k in range(4)]
    out = list(clause_docs(docs, seed=1, rate=0.5))
    assert any(d.clauses for d in out)
    for d in out:
        for line, (a, b) in d.clauses.items():
            assert d.tgt[line][a:b] and d.tgt[line] != docs[0][2][line]


def test_uncovered_spans_only_on_request(fake_embedder):
    from aligner.align.pipeline import Options, align

    src = "The sun rose over the city. Birds sang loudly in the trees."
    tgt = ("Matahari terbit di atas kota. Burung bernyanyi keras di pepohonan, sementara para petani "
           "membawa kerbau mereka ke sawah yang luas di lembah.")
    runs = {flag: align(src, [tgt], options=Options(src_lang="en", tgt_langs=["id"], embedder=fake_embedder,
                                                    uncovered=flag)) for flag in (False, True)}
    assert runs[False].targets[0].uncovered is None
    spans = runs[True].targets[0].uncovered
    assert spans is not None and len(spans) == len(runs[True].targets[0].document.sentences)
    assert "uncovered" not in json.dumps(to_dict(runs[False]))


def test_translation_memories_note_changed_facts():
    pytest.importorskip("translate.storage.tmx")
    from aligner.render.tmx import to_tmx
    from aligner.render.xliff import to_xliff

    al = changed_alignment()
    for text in (to_tmx(al, 0), to_xliff(al, 0)):
        assert text.count("changed facts: number: 3.8 million -&gt; 38 juta") == 1
    assert '<prop type="x-aligner-facts">1</prop>' in to_tmx(al, 0)


def test_similar_names_equal_the_plain_ratio_rule():
    """names.similar (cheap ratio bounds first) decides as the plain SequenceMatcher ratio rule, on random names."""
    from difflib import SequenceMatcher

    from aligner.facts import names

    rng = random.Random(7)
    for _ in range(3000):
        a, b = ("".join(rng.choice("aeiknorstuvy") for _ in range(rng.randint(2, 10))) for _ in range(2))
        sa, sb = names.skeleton(a), names.skeleton(b)
        want = a == b or sa == sb and len(sa) >= 2 or (
            min(len(sa), len(sb)) >= 4 and sa[0] == sb[0]
            and SequenceMatcher(None, sa, sb).ratio() >= (0.75 if min(len(sa), len(sb)) >= 7 else 0.8))
        assert names.similar(a, b) == want
