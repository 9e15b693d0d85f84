"""Dev sets for fact checking, made from perfectly parallel documents.

:func:`change_facts` edits the *target* side the way a careless translator would:
in up to three sentences it changes one digit of a number, or replaces a name by
another name of the same document.  :func:`changed_fact_docs` applies it to half
of a list of documents (the other half stays untouched, to count false alarms).
:func:`add_clause` inserts a clause from another document inside a target
sentence, to measure the "uncovered" spans.  The same seed always gives the same
output.

The generator's notion of a number and a name is deliberately simpler than the
detector's (:mod:`aligner.facts`): a number is a run of digits and separators whose
digits also occur as a numeral of the English sentence; a name is a capitalised
word of 3+ letters (not all capitals, not the first word) found verbatim in both
the English and the target sentence.
"""
from __future__ import annotations

import random
import re
import zlib
from dataclasses import dataclass
from typing import Iterator, Optional, Sequence

_NUMERAL = re.compile(r"(?<![^\W_])\d+(?:[.,]\d+)*")
#: capitalised words that are not names (English and target-language months, weekdays, titles)
_NOT_NAMES = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
              "Mr", "Mrs", "Ms", "Dr", "Prof", "Sir", "Rev", "Gen", "President", "Minister", "The"}
_WORD = re.compile(r"(?<![\w'’-])[^\W\d_]{3,}(?![\w'’-])")


@dataclass(frozen=True)
class Change:
    line: int          #: index of the changed target line
    kind: str          #: "number" or "name"
    old: str
    new: str
    start: int         #: offsets of ``new`` in the changed line
    end: int


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def _names(line: str) -> list[re.Match]:
    """Capitalised words (``Trump``, not ``NATO``) inside a sentence: not the first word of
    the line, nor the first after a full stop, colon or opening quote."""
    return [m for m in _WORD.finditer(line)
            if m.group()[0].isupper() and m.group()[1:].islower() and m.group() not in _NOT_NAMES
            and re.search(r"[\w,)]\s*$", line[:m.start()])]


def doc_names(src: Sequence[str], tgt: Sequence[str]) -> list[str]:
    """Names written verbatim in both documents (candidates to swap in)."""
    src_names = {m.group() for line in src for m in _names(line)}
    return sorted({m.group() for line in tgt for m in _names(line)} & src_names)


def _number_change(src_line: str, tgt_line: str, rng: random.Random) -> Optional[tuple]:
    src_digits = {_digits(m.group()) for m in _NUMERAL.finditer(src_line)}
    cands = [m for m in _NUMERAL.finditer(tgt_line) if _digits(m.group()) in src_digits]
    if not cands:
        return None
    m = rng.choice(cands)
    tok = m.group()
    positions = [k for k, c in enumerate(tok) if c.isdigit()]
    k = rng.choice(positions)
    choices = [d for d in "0123456789" if d != tok[k] and not (d == "0" and k == positions[0] and len(positions) > 1)]
    new = tok[:k] + rng.choice(choices) + tok[k + 1:]
    return m.start(), m.end(), tok, new


def _name_change(src_line: str, tgt_line: str, pool: Sequence[str], rng: random.Random) -> Optional[tuple]:
    src_words = set(re.findall(r"\w+", src_line))
    cands = [m for m in _names(tgt_line) if m.group() in {x.group() for x in _names(src_line)}]
    others = [n for n in pool if n not in src_words and not re.search(rf"\b{re.escape(n)}\b", tgt_line)]
    if not cands or not others:
        return None
    m = rng.choice(cands)
    return m.start(), m.end(), m.group(), rng.choice(others)


def change_facts(src: Sequence[str], tgt: Sequence[str], rng: random.Random, max_lines: int = 3,
                 pool: Sequence[str] = ()) -> tuple[list[str], list[Change]]:
    """Change a number digit or swap a name in 1..``max_lines`` target lines.

    ``src[k]`` and ``tgt[k]`` must translate each other.  Names to swap in come from
    the document itself (:func:`doc_names`), else from ``pool``.
    """
    names = doc_names(src, tgt) or list(pool)
    options = []
    probe = random.Random(0)  # only asks whether a change is possible
    for k, (s, t) in enumerate(zip(src, tgt)):
        kinds = [kind for kind, ok in (("number", _number_change(s, t, probe)),
                                       ("name", _name_change(s, t, names, probe))) if ok]
        if kinds:
            options.append((k, kinds))
    out = list(tgt)
    changes: list[Change] = []
    for _ in range(rng.randint(1, max_lines)):
        kinds = sorted({kind for _, ks in options for kind in ks})
        if not kinds:
            break
        kind = rng.choice(kinds)  # the kind first, so numbers are not outnumbered by names
        k = rng.choice([k for k, ks in options if kind in ks])
        options = [o for o in options if o[0] != k]
        a, b, old, new = (_number_change(src[k], tgt[k], rng) if kind == "number"
                          else _name_change(src[k], tgt[k], names, rng))
        out[k] = tgt[k][:a] + new + tgt[k][b:]
        changes.append(Change(k, kind, old, new, a, a + len(new)))
    return out, sorted(changes, key=lambda c: c.line)


@dataclass
class FactDoc:
    name: str
    src: list[str]
    tgt: list[str]
    changes: list[Change]      #: empty for the unchanged half


def changed_fact_docs(docs: Sequence[tuple[str, list[str], list[str]]], seed: int = 13) -> Iterator[FactDoc]:
    """Every document, half of them (chosen by ``seed``) with changed facts."""
    order = sorted(d[0] for d in docs)
    random.Random(seed).shuffle(order)
    changed = set(order[: len(order) // 2])
    pool = sorted({n for _, src, tgt in docs for n in doc_names(src, tgt)})
    for name, src, tgt in docs:
        if name not in changed:
            yield FactDoc(name, list(src), list(tgt), [])
            continue
        rng = random.Random(seed * 1_000_003 + zlib.crc32(name.encode()))
        new, changes = change_facts(src, tgt, rng, pool=pool)
        yield FactDoc(name, list(src), new, changes)


def add_clause(line: str, donor: str, rng: random.Random, words: tuple[int, int] = (6, 12)) -> Optional[tuple[str, int, int]]:
    """``line`` with a run of words from ``donor`` inserted as a clause (after a comma, or
    before the final punctuation); returns (new line, start, end of the clause) or None."""
    toks = re.findall(r"[^\s]+", donor)
    if len(toks) < words[0] + 2:
        return None
    n = rng.randint(words[0], min(words[1], len(toks) - 2))
    k = rng.randint(1, len(toks) - n - 1)
    clause = " ".join(toks[k:k + n]).strip(".,;:!?\"“”'’()")
    commas = [m.end() for m in re.finditer(r",\s", line)]
    if commas:
        pos = rng.choice(commas)
        new = line[:pos] + clause + ", " + line[pos:]
        return new, pos, pos + len(clause)
    body = line.rstrip()
    end = len(body) - 1 if body and body[-1] in ".!?" else len(body)
    new = body[:end] + ", " + clause + body[end:] + line[len(body):]
    return new, end + 2, end + 2 + len(clause)


@dataclass
class ClauseDoc:
    name: str
    src: list[str]
    tgt: list[str]
    clauses: dict[int, tuple[int, int]]   #: target line -> (start, end) of the inserted clause


def clause_docs(docs: Sequence[tuple[str, list[str], list[str]]], seed: int = 13,
                rate: float = 0.2) -> Iterator[ClauseDoc]:
    """Every document with a clause from the next document inserted into about ``rate``
    of its target sentences (never the headline)."""
    for n, (name, src, tgt) in enumerate(docs):
        donor = docs[(n + 1) % len(docs)][2]
        rng = random.Random(seed * 7_919 + zlib.crc32(name.encode()))
        out, clauses = list(tgt), {}
        for k in range(1, len(tgt)):
            if rng.random() >= rate:
                continue
            made = add_clause(tgt[k], rng.choice(donor), rng)
            if made:
                out[k], a, b = made
                clauses[k] = (a, b)
        yield ClauseDoc(name, list(src), out, clauses)
