"""One fact found in a sentence, and how two facts are compared.

A number's *readings* are ``(dimension, value, precision)`` triples: ``("n", 3800000, 100000)``
for "3.8 million" (its last digit stands for 100,000), ``("t", 840, 1)`` for the time
14:00 in minutes.  A numeral that can be read two ways (``26,750`` in a Vietnamese
text: 26.75 by the locale, 26750 as translators often keep English separators) has
two readings.  A date's readings are partial ``(year, month, day, weekday)`` tuples
with ``None`` for what the text does not say.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

NumberReading = tuple[str, float, float]
DateReading = tuple[Optional[int], Optional[int], Optional[int], Optional[int]]


@dataclass(frozen=True)
class Fact:
    kind: str                  #: "number" or "date" ("name" facts live in :mod:`.names`)
    text: str                  #: as written, e.g. "3,8 juta", "1 Oktober 2018"
    start: int                 #: character offsets in the sentence
    end: int
    numbers: tuple[NumberReading, ...] = ()
    dates: tuple[DateReading, ...] = ()
    #: a spelled-out or ordinal number ("two", "kedua"): it matches digits on the other
    #: side but is never reported on its own (words like "one" are too ambiguous)
    soft: bool = False


def numbers_agree(a: NumberReading, b: NumberReading) -> bool:
    """Same dimension and equal up to the coarser precision: rounding the more precise
    number to the other's last digit gives the other (3.8 million ~ 3,750,000; 41 != 42)."""
    if a[0] != b[0]:
        return False
    tol = max(a[2], b[2]) / 2 + 1e-9 * max(abs(a[1]), abs(b[1]), 1.0)
    return abs(a[1] - b[1]) <= tol


def dates_agree(a: DateReading, b: DateReading) -> bool:
    """No field contradicts and at least one field is stated by both."""
    shared = False
    for x, y in zip(a, b):
        if x is not None and y is not None:
            if x != y:
                return False
            shared = True
    return shared


def facts_agree(a: Fact, b: Fact) -> bool:
    """A number matches a number; a date a date; a bare year (a date with a number
    reading) matches the same number written either way."""
    if any(numbers_agree(x, y) for x in a.numbers for y in b.numbers):
        return True
    return any(dates_agree(x, y) for x in a.dates for y in b.dates)
