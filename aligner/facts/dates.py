"""Dates in one sentence: day-month-year in words or digits, months, weekdays.

``1 October 2018``, ``October 1, 2018``, ``tanggal 1 Oktober 2018``, ``ngày 1 tháng 10
năm 2018`` and ``1/10/2018`` all read as (2018, 10, 1); ``tháng 2/2025`` and
``February 2025`` as (2025, 2); ``Monday``, ``Senin``, ``thứ Hai`` as weekday 1.
Bare years are found with the numbers (:func:`.numbers.numerals`).  Each pattern
claims its span so the numbers inside a date are not counted again.
"""
from __future__ import annotations

import re
from typing import Optional

from .fact import DateReading, Fact
from .words import MONTH_ABBR, MONTHS, VI_MONTH_WORDS, WEEKDAYS

Span = tuple[int, int]


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _month_names(lang: str) -> dict[str, int]:
    names = dict(MONTHS["en"])
    names.update(MONTHS.get(lang, {}))
    return names


_PATTERNS: dict[str, list[re.Pattern]] = {}
#: "May" alone is a month only after one of these (else the verb, or Theresa May)
_MAY_BEFORE = re.compile(r"(?:\b(?:in|since|until|till|by|from|early|late|mid|last|next|this|of|on|before|"
                         r"after|during|end|bulan|pada|sejak|hingga|sampai)\s+)$", re.I)


def _patterns(lang: str) -> list[re.Pattern]:
    """Date patterns for a language, most specific first (named groups d, m, y, mw, a, b)."""
    if lang in _PATTERNS:
        return _PATTERNS[lang]
    full = _alt(w.capitalize() for w in _month_names(lang))
    abbr = _alt(w.capitalize() for w in MONTH_ABBR)
    month = rf"(?P<mw>{full}|(?:{abbr})\.?)"
    day = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?P<y>1[6-9]\d\d|20\d\d)"
    pats = [
        r"(?<![\d/.-])(?P<y2>1[6-9]\d\d|20\d\d)-(?P<m2>[01]\d)-(?P<d2>[0-3]\d)(?!\d)",      # ISO
        rf"(?<![\d/.,])(?P<a>[0-3]?\d)[/.-](?P<b>[01]?\d)[/.-]{year}(?![\d/])",              # 1/10/2018
        rf"(?<![\d/.,])(?P<m>[01]?\d)/{year}(?![\d/])",                                     # 2/2025
        rf"\b{month}\s+{day}(?:,?\s+{year})?(?!\d)",                                       # October 1, 2018
        rf"(?<![\d.,]){day}\s+(?:of\s+)?{month}(?:,?\s+(?:tahun\s+)?{year})?(?!\w)",        # 1 Oktober 2018
        rf"\b{month}(?:\s+of)?,?\s+(?:tahun\s+)?{year}(?!\d)",                             # March 2019
    ]
    if lang == "vi":
        pats = [
            rf"(?i:ngày)\s+(?P<d>[0-3]?\d)\s*(?:[/-]|\s+tháng\s+)(?P<m>[01]?\d)(?:\s*(?:[/-]|\s+năm\s+){year})?(?!\d)",
            rf"(?<![\d.,])(?P<d>[0-3]?\d)\s+tháng\s+(?P<m>[01]?\d)(?:(?:\s+năm\s+|,\s*|/){year})?(?![\d/]|[.,]\d)",
            rf"(?i:tháng)\s+(?P<m>[01]?\d)\s*(?:[/-]|\s+năm\s+|,\s*){year}(?!\d)",
            r"(?i:tháng)\s+(?P<m>[01]?\d)(?![\d/]|[.,]\d)",
            r"(?i:tháng)\s+(?P<vw>(?-i:[A-ZĐ])\w*(?:\s+(?-i:[A-ZĐ])\w*)?)",
        ] + pats
    pats.append(rf"\b(?P<mw1>{_alt(w.capitalize() for w in _month_names(lang))}|(?:{abbr})(?=\.))\b")  # June, Oct.
    _PATTERNS[lang] = [re.compile(p) for p in pats]
    return _PATTERNS[lang]


def _month_of(word: str, lang: str) -> Optional[int]:
    w = word.rstrip(".").lower()
    return _month_names(lang).get(w) or MONTH_ABBR.get(w)


def _readings(m: re.Match, lang: str, text: str) -> list[DateReading]:
    g = m.groupdict()
    y = int(g["y"]) if g.get("y") else None
    if g.get("y2"):
        return [(int(g["y2"]), int(g["m2"]), int(g["d2"]), None)]
    if g.get("a"):
        a, b = int(g["a"]), int(g["b"])
        out = []
        if 1 <= b <= 12 and 1 <= a <= 31:
            out.append((y, b, a, None))
        if 1 <= a <= 12 and 1 <= b <= 31 and a != b:
            out.append((y, a, b, None))
        return out
    if g.get("vw"):
        words = g["vw"].split()
        for k in (2, 1):
            mo = VI_MONTH_WORDS.get(" ".join(words[:k]).lower())
            if mo:
                return [(None, mo, None, None)]
        return []
    if g.get("mw1"):
        word = g["mw1"]
        if word == "May" and not _MAY_BEFORE.search(text[:m.start()]):
            return []
        return [(None, _month_of(word, lang), None, None)]
    mo = int(g["m"]) if g.get("m") else (_month_of(g["mw"], lang) if g.get("mw") else None)
    d = int(g["d"]) if g.get("d") else None
    if mo is None or not 1 <= mo <= 12 or (d is not None and not 1 <= d <= 31):
        return []
    return [(y, mo, d, None)]


def _weekday_pattern(lang: str) -> re.Pattern:
    if lang == "vi":
        return re.compile(rf"\b(?:[Tt]hứ\s+(?P<w>{_alt(WEEKDAYS['vi'])})\b|(?P<sun>Chủ\s+[Nn]hật))")
    names = dict(WEEKDAYS["en"])
    names.update(WEEKDAYS.get(lang, {}))
    return re.compile(rf"\b(?P<w>{_alt(names)})s?\b")


def dates(text: str, lang: str, taken: list[Span]) -> list[Fact]:
    """Date facts of a sentence, claiming their spans in ``taken``."""
    out: list[Fact] = []
    for pattern in _patterns(lang):
        for m in pattern.finditer(text):
            a, b = m.span()
            if any(a < e and s < b for s, e in taken):
                continue
            readings = tuple(r for r in _readings(m, lang, text) if r[1] is not None)
            if readings:
                out.append(Fact("date", text[a:b], a, b, dates=readings))
                taken.append((a, b))
    names = dict(WEEKDAYS["en"])
    names.update(WEEKDAYS.get(lang, {}))
    for m in _weekday_pattern(lang).finditer(text):
        a, b = m.span()
        if any(a < e and s < b for s, e in taken):
            continue
        if m.group("w") == "Minggu" and not re.search(r"\bhari\s+$", text[:a]) \
                and re.match(r"\s+(?:lalu|ini|depan|ke|berikutnya|yang|terakhir)\b", text[b:]):
            continue  # "Minggu lalu": last week
        wd = 7 if m.groupdict().get("sun") else (WEEKDAYS["vi"][m.group("w")] if lang == "vi" else names[m.group("w")])
        out.append(Fact("date", text[a:b], a, b, dates=((None, None, None, wd),)))
        taken.append((a, b))
    return out
