"""Tests for aligner.langid.detect_language."""
from __future__ import annotations

from pathlib import Path

import pytest

from aligner.langid import detect_language
from shared_paths import SHARED

ROOT = Path(__file__).resolve().parents[1]
NTREX = SHARED / "data" / "ntrex-dev"
TEXTBERG = SHARED / "data" / "textberg-dev"

SEEDS = [
    ("000_1b1116d275565c70.txt", "id"),
    ("001_d2f976fb6cc27d5b.txt", "en"),
    ("002_721e4164d291124a.txt", "id"),
    ("003_bcd1dfb958bd465b.txt", "en"),
    ("004_6868d14cbacc0bf2.txt", "vi"),
]


@pytest.mark.parametrize("name,lang", SEEDS)
def test_seeds(name, lang):
    assert detect_language((ROOT / "seeds" / name).read_text(encoding="utf-8")) == lang


TEXTS = [
    ("Der Hund ist sehr groß und schläft den ganzen Tag im Garten.", "de"),
    ("Le chat est noir et il dort toute la journée dans le jardin.", "fr"),
    ("Rusia mengatakan bahwa mereka tertarik untuk bermitra dengan AS.", "id"),
    ("Presiden Rusia Vladimir Putin pada hari Selasa memerintahkan kabinet.", "id"),
    ("Kerajaan Malaysia berkata polis boleh bertindak kerana kenyataan itu.", "ms"),
    ("Nga và Mỹ bắt đầu đàm phán sơ bộ về hợp tác.", "vi"),
    ("Russia, US in talks over joint rare earths projects", "en"),
    # short texts
    ("kata Putin", "id"),
    ("Terima kasih banyak", "id"),
    ("Xin chào", "vi"),
    ("Good morning", "en"),
    ("Bonjour", "fr"),
    ("你好，世界", "zh"),
    ("مرحبا بالعالم", "ar"),
    ("สวัสดีครับ", "th"),
    # nothing to go on
    ("", "und"),
    ("12345 !!! ...", "und"),
]


@pytest.mark.parametrize("text,lang", TEXTS)
def test_texts(text, lang):
    assert detect_language(text) == lang


def test_candidates_restrict_answer():
    assert detect_language("Hello there, how are you today?", candidates=["id", "vi"]) in {"id", "vi"}
    assert detect_language("Saya makan nasi goreng di rumah.", candidates=["en", "id"]) == "id"


@pytest.mark.skipif(not NTREX.exists(), reason="NTREX dev data not available")
@pytest.mark.parametrize("lang", ["en", "id", "vi"])
def test_ntrex_documents(lang):
    paths = sorted(NTREX.glob(f"*.{lang}.txt"))
    wrong = [p.name for p in paths if detect_language(p.read_text(encoding="utf-8")) != lang]
    assert not wrong


@pytest.mark.skipif(not NTREX.exists(), reason="NTREX dev data not available")
@pytest.mark.parametrize("lang", ["en", "id", "vi"])
def test_ntrex_single_sentences(lang):
    lines = []
    for path in sorted(NTREX.glob(f"*.{lang}.txt"))[:30]:
        lines.extend(line for line in path.read_text(encoding="utf-8").split("\n")[1:4] if line.strip())
    correct = sum(detect_language(line) == lang for line in lines)
    assert correct / len(lines) >= 0.97


@pytest.mark.skipif(not TEXTBERG.exists(), reason="Text+Berg dev data not available")
@pytest.mark.parametrize("name,lang", [("dev.de", "de"), ("dev.fr", "fr")])
def test_textberg(name, lang):
    assert detect_language((TEXTBERG / name).read_text(encoding="utf-8")) == lang
