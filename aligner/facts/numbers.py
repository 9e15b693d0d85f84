"""Numbers in one sentence: numerals read with their language's separators, scale words
(``3,8 juta`` = ``3.8 million`` = ``3.800.000``), percentages, currencies, times,
years and spelled-out numbers.

Every function takes the sentence text, its language and the character spans
already claimed by an earlier extractor (dates), and returns :class:`~.fact.Fact`
objects with their span in the sentence.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional

from .fact import Fact, NumberReading
from .words import (CURRENCY_AFTER, CURRENCY_BEFORE, DECIMAL_COMMA, FRACTION_WORDS, NUMBER_COMBINERS,
                    NUMBER_WORDS, PERCENT, SCALE, SCALE_GLUED, TEMPERATURE, TIME_ZONES, UNITS)

Span = tuple[int, int]

#: plausible years written as bare four-digit numbers
YEARS = (1600, 2100)

_CUR = "|".join(re.escape(c) for c in sorted(CURRENCY_BEFORE, key=len, reverse=True))
#: a numeral, optionally after a currency mark; never glued to a capital before it (codes like MH17)
_NUMERAL = re.compile(rf"(?<![^\W\d_a-z])(?:(?P<cur>{_CUR})\s?)?(?<![\d,])(?<!\d\.)(?P<num>\d+(?:[.,]\d+)*)")
_TIME = re.compile(r"(?<![\d.,:])(?P<h>[01]?\d|2[0-4])(?P<sep>[:.])(?P<m>[0-5]\d)(?![\d]|[.,:]\d)"
                   r"(?:\s?(?P<ampm>[ap]\.?\s?m\b\.?))?", re.I)
_HOUR_AMPM = re.compile(r"(?<![\d.,:])(?P<h>1[0-2]|0?\d)\s?(?P<ampm>[ap]\.?\s?m\b\.?)", re.I)
_VI_HOUR = re.compile(r"(?<![\d.,:])(?P<h>[01]?\d|2[0-4])h(?P<m>[0-5]\d)?(?!\w)")
_TIME_BEFORE = re.compile(r"(?:pukul|jam|lúc|at|around|sekitar|khoảng)\s*$", re.I)
_ZONE = "|".join(sorted((z.upper() for z in TIME_ZONES), key=len, reverse=True))
_TIME_AFTER = re.compile(rf"\s?(?:\(?(?P<zone>{_ZONE})\b|giờ|waktu)")
_MILITARY = re.compile(rf"(?<![\d.,:])(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)(?=\s?(?:{_ZONE})\b)")
_UNIT_WORDS = {w: (dim, f) for dim, table in UNITS.items() for w, f in table.items()}
_UNIT = re.compile(r"\s?-?(?P<u>" + "|".join(re.escape(w).replace(r"\ ", r"\s+")
                                            for w in sorted(_UNIT_WORDS, key=len, reverse=True)) + r")(?![\w/])", re.I)
_TEMP = re.compile(r"\s?(?P<u>" + "|".join(re.escape(w).replace(r"\ ", r"\s?")
                                         for w in sorted(TEMPERATURE, key=len, reverse=True)) + r")(?!\w)", re.I)
_WORD = re.compile(r"[^\W\d_]+")
_FRACTION = re.compile(r"(?<![\d/.,])(?P<a>[1-9])/(?P<b>[2-9]|1[0-2])(?![\d/]|[.,]\d)")
#: a rank written "No. 1": an idiom ("top") translators paraphrase, so it only matches
_RANK = re.compile(r"\bNo\.?\s?$")


def _lang_words(table: dict, lang: str):
    return table.get(lang) or table["en"]


def numeral_readings(tok: str, lang: str) -> list[tuple[float, float]]:
    """``(value, precision)`` readings of a numeral; the language's own convention first.

    ``3,8`` in Indonesian is 3.8 (precision 0.1); ``1.000`` is 1000, or 1.0 read the
    English way; ``26,750`` in Vietnamese is 26.75 by the locale and 26750 as often
    written by translators; ``1,234.5`` is unambiguous in any language.
    """
    seps = {c for c in tok if c in ".,"}
    if not seps:
        return [(float(tok), 1.0)]
    if len(seps) == 2:
        last = max(tok.rfind("."), tok.rfind(","))
        whole = re.sub(r"[.,]", "", tok[:last])
        frac = tok[last + 1:]
        return [(float(f"{whole}.{frac}"), 10.0 ** -len(frac))]
    sep = seps.pop()
    parts = tok.split(sep)
    out = []
    grouped = len(parts[0]) <= 3 and parts[0] != "0" and all(len(p) == 3 for p in parts[1:])
    if grouped:
        out.append((float("".join(parts)), 1.0))
    if len(parts) == 2:
        out.append((float(f"{parts[0]}.{parts[1]}"), 10.0 ** -len(parts[1])))
    thousands = "." if lang in DECIMAL_COMMA else ","
    if sep != thousands:
        out.reverse()
    return out


def _overlaps(a: int, b: int, taken: Iterable[Span]) -> bool:
    return any(a < e and s < b for s, e in taken)


def _phrase(words: Iterable[str]) -> str:
    """Regex alternation of words/phrases (longest first), spaces matching any blank."""
    alts = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in alts)


_SUFFIX_CACHE: dict[str, tuple[re.Pattern, re.Pattern, re.Pattern, dict]] = {}


def _suffixes(lang: str):
    """(scale, percent, currency-after) patterns and the scale table for a language."""
    if lang not in _SUFFIX_CACHE:
        scale = dict(SCALE["en"])
        scale.update(SCALE.get(lang, {}))
        pct = set(PERCENT["en"]) | set(PERCENT.get(lang, ()))
        cur = set(CURRENCY_AFTER["en"]) | set(CURRENCY_AFTER.get(lang, ()))
        _SUFFIX_CACHE[lang] = (
            re.compile(rf"[\s-]?(?P<w>{_phrase(scale)})(?!\w)", re.I),
            re.compile(rf"\s?(?P<w>{_phrase(pct)})(?!\w)", re.I),
            re.compile(rf"\s?(?P<w>{_phrase(cur)})(?!\w)", re.I),
            scale,
        )
    return _SUFFIX_CACHE[lang]


def times(text: str, lang: str, taken: list[Span]) -> list[Fact]:
    """Clock times: ``14:00``, ``2pm``, ``pukul 10.30``, ``17h30``.  A time matches the same
    time written in 12- or 24-hour form, and a whole hour matches the bare hour number."""
    out: list[Fact] = []

    def add(m: re.Match, h: int, mi: int, ampm: Optional[str], dotted: bool = False) -> None:
        a, b = m.span()
        if _overlaps(a, b, taken) or h > 24:
            return
        zone = _TIME_AFTER.match(text, b)
        offset = TIME_ZONES.get((zone.group("zone") or "").lower()) if zone else None
        readings: list[NumberReading] = []
        hours = {h}
        if ampm:
            hours = {h % 12 + (12 if ampm.lower().startswith("p") else 0)}
        else:
            hours.add(h + 12 if h < 12 else h - 12)
        for hh in hours:
            readings.append(("t", float(hh * 60 + mi), 1.0))
            if offset is not None:  # the same moment in UTC, for times converted between zones
                readings.append(("u", float((hh * 60 + mi - offset * 60) % 1440), 1.0))
            if mi == 0:
                readings.append(("n", float(hh), 1.0))
        if mi == 0:
            readings.append(("n", float(h), 1.0))
        if dotted:
            readings.append(("n", float(f"{h}.{mi:02d}"), 0.01))
        out.append(Fact("number", text[a:b], a, b, numbers=tuple(dict.fromkeys(readings))))
        taken.append((a, b))

    for m in _TIME.finditer(text):
        dotted = m.group("sep") == "."
        if dotted and not (m.group("ampm") or _TIME_BEFORE.search(text[:m.start()])
                           or _TIME_AFTER.match(text, m.end())):
            continue
        add(m, int(m.group("h")), int(m.group("m")), m.group("ampm"), dotted)
    for m in _HOUR_AMPM.finditer(text):
        add(m, int(m.group("h")), 0, m.group("ampm"))
    if lang == "vi":
        for m in _VI_HOUR.finditer(text):
            add(m, int(m.group("h")), int(m.group("m") or 0), None)
    for m in _MILITARY.finditer(text):  # "1200 GMT"
        add(m, int(m.group("h")), int(m.group("m")), None)
    return out


def fractions(text: str, lang: str, taken: list[Span]) -> list[Fact]:
    """``1/3``, ``3/4``: the fraction, and its two numbers (``1/3`` of a time vs "one of three")."""
    out = []
    for m in _FRACTION.finditer(text):
        a, b = m.span()
        if _overlaps(a, b, taken):
            continue
        x, y = int(m.group("a")), int(m.group("b"))
        if x >= y:
            continue
        out.append(Fact("number", m.group(), a, b, numbers=(("n", x / y, 0.001), ("n", float(x), 1.0),
                                                            ("n", float(y), 1.0))))
        taken.append((a, b))
    return out


def numerals(text: str, lang: str, taken: list[Span]) -> list[Fact]:
    """Numerals with what is written around them: currency, scale words, percent.

    A bare four-digit number between 1600 and 2100 is a year (a ``date`` fact that
    still matches the same number).
    """
    scale_re, pct_re, cur_re, scale_words = _suffixes(lang)
    out: list[Fact] = []
    for m in _NUMERAL.finditer(text):
        a, b = m.span()
        if _overlaps(m.start("num"), m.end("num"), taken):
            continue
        tok, cur = m.group("num"), m.group("cur")
        readings = numeral_readings(tok, lang)
        if not readings:
            continue
        mult, end, suffix = 1.0, b, False
        glued = re.match(r"(?P<w>bn|tn|k|m|b)(?!\w)", text[end:], re.I) if cur else None
        if glued:
            mult *= {"bn": 1e9, "tn": 1e12}.get(glued.group("w").lower(),
                                                SCALE_GLUED.get(glued.group("w").lower(), 1.0))
            end += glued.end()
        while True:
            s = scale_re.match(text, end)
            if not s:
                break
            mult *= scale_words[re.sub(r"\s+", " ", s.group("w").lower())]
            end = s.end()
        for pattern in (pct_re, cur_re):
            s = pattern.match(text, end)
            if s:
                end, suffix = s.end(), True
        converted: list[NumberReading] = []
        unit = None if suffix or cur else (_UNIT.match(text, end) or _TEMP.match(text, end))
        if unit:
            word = re.sub(r"\s+", " ", unit.group("u").lower())
            for v, p in readings:
                v, p = v * mult, p * mult
                if word in _UNIT_WORDS:
                    dim, f = _UNIT_WORDS[word]
                    converted.append((dim, v * f, p * f))
                else:
                    scale = TEMPERATURE.get(word) or TEMPERATURE.get(word.replace(" ", ""))
                    converted.append(("temp", (v - 32) * 5 / 9 if scale == "F" else v,
                                      p * 5 / 9 if scale == "F" else p))
            end, suffix = unit.end(), True
        year = (len(tok) == 4 and tok.isdigit() and YEARS[0] <= int(tok) <= YEARS[1]
                and not cur and mult == 1.0 and not suffix)
        nums = tuple(("n", v * mult, p * mult) for v, p in readings) + tuple(converted)
        if year:
            out.append(Fact("date", text[a:end], a, end, numbers=nums, dates=((int(tok), None, None, None),)))
        else:
            out.append(Fact("number", text[a:end].rstrip(), a, end, numbers=nums,
                            soft=bool(_RANK.search(text[:a]))))
        taken.append((a, end))
    return out


def spelled(text: str, lang: str, taken: list[Span]) -> list[Fact]:
    """Runs of number words (``twenty-five``, ``dua puluh lima``, ``hai mươi lăm``,
    ``kelima``) as soft facts: each run's value and its words' values."""
    words = _lang_words(NUMBER_WORDS, lang)
    combiners = NUMBER_COMBINERS.get(lang, NUMBER_COMBINERS["en"])
    _, _, _, scales = _suffixes(lang)
    out: list[Fact] = []
    run: list[tuple[str, int, int]] = []

    def flush() -> None:
        if run and any(w in words for w, _, _ in run):
            total, current, values = 0.0, 0.0, set()
            for w, _, _ in run:
                c = combiners.get(w)
                if isinstance(c, tuple):
                    current += c[1]
                elif c is not None:
                    current = (current or 1) * c
                elif w in scales and scales[w] >= 1000:
                    total += (current or 1) * scales[w]
                    current = 0.0
                else:
                    current += words[w]
                    values.add(float(words[w]))
                if w in FRACTION_WORDS:
                    values.add(FRACTION_WORDS[w])
            values.add(total + current)
            a, b = run[0][1], run[-1][2]
            readings: list[NumberReading] = [("n", v, 0.0) for v in sorted(values)]
            unit = _UNIT.match(text, b)
            if unit and unit.group("u").lower() in _UNIT_WORDS:  # "six miles" ~ "9,6 kilometer"
                dim, f = _UNIT_WORDS[unit.group("u").lower()]
                readings += [(dim, v * f, f) for v in sorted(values)]
            out.append(Fact("number", text[a:b], a, b, numbers=tuple(readings), soft=True))
        run.clear()

    for m in _WORD.finditer(text):
        w = m.group().lower()
        if _overlaps(m.start(), m.end(), taken):
            flush()
            continue
        if w in words or w in combiners or (w in scales and run):
            if run and text[run[-1][2]:m.start()].strip(" -"):
                flush()
            run.append((w, m.start(), m.end()))
        else:
            flush()
    flush()
    return out
