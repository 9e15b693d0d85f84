"""Sentence cues that Punkt does not see, for the segmenter (:mod:`aligner.segment`).

* Stops that end a sentence with no space after them (CJK ``。！？``, Khmer ``។``,
  Burmese ``။``, Ethiopic ``።``).
* Thai and Lao put no spaces between words; a space there separates phrases and
  sentences, so a space between two Thai (or Lao) words is taken as a sentence
  end when it leaves at least :data:`MIN_SPACE_PIECE` characters on each side.
  This over-splits some long sentences (the aligner's merges absorb that) and
  the segmenter reports such pieces as uncertain.
* Where to cut an over-long "sentence": after a clause mark, else at a space,
  else between two graphemes (never before a combining mark or a joiner).
"""
from __future__ import annotations

import re
import unicodedata

#: stops that end a sentence with no space after them: CJK, Khmer, Burmese, Ethiopic
_NO_SPACE_STOP = re.compile(r"[。！？]+[」』”’\"')）】〕]*|[។៕။።]+")
#: a space between two Thai (or two Lao) words: in these scripts, which put no space between
#: words, a space separates phrases and sentences.  Not after the repetition marks ๆ/ໆ or the
#: abbreviation mark ฯ, and not next to digits, which take spaces inside a sentence.
_THAI_LAO_SPACE = re.compile(
    r"(?<=[\u0e01-\u0e2e\u0e30-\u0e45\u0e47-\u0e4e])[ \t\u00a0]+(?=[\u0e01-\u0e2e\u0e30-\u0e4e])"
    r"|(?<=[\u0e81-\u0ec5\u0ec8-\u0ecd])[ \t\u00a0]+(?=[\u0e81-\u0ecd])")
#: a space in Thai/Lao ends a sentence only if both sides have at least this many characters
#: (shorter runs are names and titles: ``พล.อ.ประยุทธ์ จันทร์โอชา``)
MIN_SPACE_PIECE = 20
#: Thai words that continue a sentence, never start one ("said", "that", "and", "or", "which",
#: "of", "in order to", "revealed", "stated", ...): no sentence end at a space before them
_THAI_CONTINUES = re.compile("กล่าว|ว่า|และ|หรือ|ซึ่ง|ของ|เพื่อ|เปิดเผย|ระบุ|ชี้แจง|เผย|ยืนยัน|แถลง|รวมถึง|ตลอดจน|จึง")
#: where a long sentence is preferably cut: after a clause mark and its space
_CLAUSE_MARK = re.compile(r"[,;:，；：、](?:\s+|(?=\S))|\s[—–-]\s")
def script_pieces(block: str) -> list[tuple[int, int]]:
    """Spans of ``block`` cut at the generic rules' script cues: after CJK, Khmer, Burmese and
    Ethiopic stops (no space needed), and at spaces between Thai or Lao words that leave at
    least :data:`MIN_SPACE_PIECE` characters on each side and are not followed by a word
    that continues a sentence (``กล่าวว่า`` "said that", ``และ`` "and", ...)."""
    cuts = {m.end() for m in _NO_SPACE_STOP.finditer(block)}
    last = 0
    for m in _THAI_LAO_SPACE.finditer(block):
        last = max([last] + [c for c in cuts if c <= m.start()])
        if (m.start() - last >= MIN_SPACE_PIECE and len(block) - m.end() >= MIN_SPACE_PIECE
                and not _THAI_CONTINUES.match(block, m.end())):
            cuts.add(m.end())
            last = m.end()
    bounds = [0] + sorted(c for c in cuts if 0 < c < len(block)) + [len(block)]
    return list(zip(bounds, bounds[1:]))


def cut_point(text: str, lo: int, hi: int) -> int:
    """Where to cut a long sentence within ``text[lo:hi]``: after the last clause mark (``,``
    ``;`` ``:`` ``、`` a dash), else at the last whitespace, else before the last character
    that does not continue a grapheme (a combining mark, a joiner)."""
    window = text[lo:hi]
    last = None
    for last in _CLAUSE_MARK.finditer(window):
        pass
    if last is not None:
        return lo + last.end()
    for i in range(hi - 1, lo, -1):
        if text[i].isspace():
            return i
    cut = hi
    while cut > lo + 1 and (unicodedata.category(text[cut]).startswith("M") or text[cut] in "\u200c\u200d\ufe0e\ufe0f"):
        cut -= 1
    return cut
