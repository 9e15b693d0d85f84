"""Sentence segmentation: text -> list[Sentence] with character offsets.

Pipeline for :func:`segment`, applied to the document text:

1. **Lines.**  The text is cut into lines first; a blank line always ends a
   sentence and so does a line break, except that a line which does not end
   in sentence-final punctuation and is followed by a line starting with a
   lower-case letter is treated as a hard-wrapped continuation and joined.
   Consequently a line without final punctuation (headline, ``Source: ...``,
   a bare URL) is a sentence of its own.
2. **Script pre-split** (generic fallback only): CJK full stops ``。！？`` and
   Khmer, Burmese and Ethiopic stops end a sentence even with no space after
   them; in Thai and Lao, which put no spaces between words, a space between
   two words ends a sentence when it leaves enough characters on each side
   (see :mod:`aligner.script_cues`).
3. **Punkt.**  nltk's :class:`~nltk.tokenize.punkt.PunktSentenceTokenizer`
   with parameters built in :mod:`aligner.segment_rules` (no trained model,
   no download): per-language abbreviation lists, and an orthographic context
   that marks frequent sentence starters ("The", "Namun", "Theo", ...) so that
   an abbreviation followed by one of them still ends a sentence
   (``... in the U.S. The``).
   Punkt itself keeps decimals (``3.8``, ``3,8``), dotted words (``Mining.com``,
   ``TP.HCM``, ``G.O.Dyhrenfurth``), initials (``J. R. R. Tolkien``) and
   abbreviations followed by a lower-case word together, and moves closing
   quotes/brackets onto the sentence they close.
4. **Repairs.**  A boundary inside a URL or e-mail address is removed; a
   boundary followed by a lower-case word (``"Why?" he asked.``) is removed.
5. **Long sentences.**  A sentence longer than :data:`MAX_SENTENCE_CHARS`
   (e.g. a 5 MB line without punctuation) is cut into chunks of at most
   that many characters, each in the second half of the allowed length:
   after the last clause mark (``,`` ``;`` ``:`` ``、`` a dash), else at the
   last whitespace, else (no spaces at all) between two graphemes, so that
   downstream embedding is never fed a monster.  Everything is linear in the
   text size.

:func:`uncertain_sentences` tells which sentences end on no firm cue (Thai
pieces cut at spaces, cuts of over-long sentences, long unterminated lines).

Every returned :class:`~aligner.types.Sentence` satisfies
``text[s.start:s.end] == s.text``; sentences are non-empty, stripped of
surrounding whitespace, in order and non-overlapping.
"""
from __future__ import annotations

import re
from typing import Iterator

from nltk.tokenize.punkt import PunktSentenceTokenizer

from .script_cues import cut_point, script_pieces
from .segment_rules import MONTH_ABBREVS, SUPPORTED_LANGS, document_tokenizer, norm_lang
from .types import Sentence

__all__ = ["segment", "segment_lines", "uncertain_sentences", "MAX_SENTENCE_CHARS", "SUPPORTED_LANGS"]

#: Longest sentence handed downstream; longer ones are cut at whitespace.
MAX_SENTENCE_CHARS = 2000

_TERMINAL = re.compile(r"[.?!…。！？؟۔।॥։።။។][\"'”’»)\]」』）】]*\s*$")
_URL_OR_EMAIL = re.compile(
    r"(?:https?://|ftp://|www\.)[^\s<>\"“”]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|io|co|id|vn|uk|de|fr)/[^\s<>\"“”]*",
    re.UNICODE,
)
_WORD_START = re.compile(r"[\"'“‘«(\[]*(\w+)")
_CLAUSE_CONTINUES = re.compile(r"[\"'”’»)\]]*[,;:]")


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def segment(text: str, lang: str) -> list[Sentence]:
    """Split ``text`` into sentences with character offsets into ``text``.

    ``lang`` is an ISO 639-1 code; ``en``, ``id`` and ``vi`` have dedicated
    abbreviation and sentence-starter lists, any other code uses generic
    rules (Latin abbreviations of de/fr plus Arabic, Indic and CJK
    terminators).  See the module docstring for the rules and
    :mod:`aligner.segment_rules` for the lists.
    """
    code = norm_lang(lang)
    tokenizer = document_tokenizer(code if code in SUPPORTED_LANGS else "*", text)
    generic = code not in SUPPORTED_LANGS
    out: list[Sentence] = []
    for b_start, b_end in _blocks(text):
        for start, end in _block_spans(text, b_start, b_end, tokenizer, generic):
            for c_start, c_end in _chunks(text, start, end):
                out.append(Sentence(text[c_start:c_end], c_start, c_end))
    return out


def segment_lines(text: str) -> list[Sentence]:
    """One sentence per non-blank line (``--presegmented``), stripped.

    Lines are not chunked: the caller asked for them as given.
    """
    out: list[Sentence] = []
    for start, end in _lines(text):
        start, end = _strip(text, start, end)
        if start < end:
            out.append(Sentence(text[start:end], start, end))
    return out


# --------------------------------------------------------------------------
# Steps
# --------------------------------------------------------------------------


def _lines(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for m in re.finditer(r"\n", text):
        yield pos, m.start()
        pos = m.end()
    yield pos, len(text)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Stripped line spans, joining hard-wrapped continuation lines."""
    current: tuple[int, int] | None = None
    for start, end in _lines(text):
        start, end = _strip(text, start, end)
        if start == end:
            if current:
                yield current
            current = None
            continue
        if current and _continues(text, current, start):
            current = (current[0], end)
            continue
        if current:
            yield current
        current = (start, end)
    if current:
        yield current


def _continues(text: str, previous: tuple[int, int], start: int) -> bool:
    """True if the line at ``start`` continues the block ``previous``."""
    tail = text[max(previous[0], previous[1] - 8) : previous[1]]
    return not _TERMINAL.search(tail) and text[start].islower()


def _block_spans(
    text: str, b_start: int, b_end: int, tokenizer: PunktSentenceTokenizer, generic: bool
) -> list[tuple[int, int]]:
    block = text[b_start:b_end]
    pieces = script_pieces(block) if generic else [(0, len(block))]
    spans: list[tuple[int, int]] = []
    for p_start, p_end in pieces:
        piece = block[p_start:p_end]
        if not piece.strip():
            continue
        if not _may_split(piece, tokenizer):
            spans.append((p_start, p_end))
            continue
        for s, e in tokenizer.span_tokenize(piece):
            spans.append((p_start + s, p_start + e))
    spans = _split_missed(block, _repair(block, spans), tokenizer)
    result = []
    for s, e in spans:
        s, e = _strip(text, b_start + s, b_start + e)
        if s < e:
            result.append((s, e))
    return result


def _may_split(piece: str, tokenizer: PunktSentenceTokenizer) -> bool:
    """Cheap test: does ``piece`` contain any candidate sentence end?"""
    ends = tokenizer._lang_vars.sent_end_chars
    return any(ch in piece for ch in ends)


def _repair(block: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop boundaries inside URLs/e-mails, before a lower-case word or a comma.

    The last case is ``"Is it?", he asked``: Punkt cuts before the closing
    quote and cannot realign it because a comma follows.
    """
    if len(spans) < 2:
        return spans
    protected = [m.span() for m in _URL_OR_EMAIL.finditer(block)]
    merged = [spans[0]]
    for start, end in spans[1:]:
        prev_start, prev_end = merged[-1]
        if (
            _inside(prev_end, protected)
            or _starts_lower(block, start)
            or _CLAUSE_CONTINUES.match(block, start)
        ):
            merged[-1] = (prev_start, end)
        else:
            merged.append((start, end))
    return merged


_ABBREV_BEFORE = re.compile(r"(?<![\w.])([^\W\d_]{1,5})\.\s+(?=([“‘«\"(\[]?)\s*([^\W\d_]))")


def _split_missed(block: str, spans: list[tuple[int, int]], tokenizer: PunktSentenceTokenizer) -> list[tuple[int, int]]:
    """Boundaries Punkt misses after an abbreviation: a month abbreviation followed by a
    capitalised word (``in Sept. Putin said``: a date would have a day number), and any
    abbreviation followed by an opening quote and a capital (``in Sept. “We ...``)."""
    abbrevs = tokenizer._params.abbrev_types
    out: list[tuple[int, int]] = []
    for start, end in spans:
        cut = start
        for m in _ABBREV_BEFORE.finditer(block, start, end):
            word, quote, letter = m.group(1).lower(), m.group(2), m.group(3)
            if word not in abbrevs or not letter.isupper() or m.end() >= end:
                continue
            if quote or word in MONTH_ABBREVS:
                out.append((cut, m.start(1) + len(m.group(1)) + 1))
                cut = m.end()
        out.append((cut, end))
    return out


def _inside(boundary: int, protected: list[tuple[int, int]]) -> bool:
    return any(s < boundary < e for s, e in protected)


def _starts_lower(block: str, start: int) -> bool:
    """True if the text at ``start`` begins with an all-lower-case word."""
    m = _WORD_START.match(block, start, min(len(block), start + 64))
    if not m:
        return False
    word = m.group(1)
    return word[0].islower() and word == word.lower()


# --------------------------------------------------------------------------
# Over-long sentences; uncertainty (the cues themselves: aligner.script_cues)
# --------------------------------------------------------------------------

#: an unterminated line longer than this is not a heading but an unsegmented paragraph
HEADING_CHARS = 300


def _chunks(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut ``text[start:end]`` into stripped pieces of at most MAX_SENTENCE_CHARS, each cut in
    the second half of the allowed length (see :func:`~aligner.script_cues.cut_point`)."""
    while end - start > MAX_SENTENCE_CHARS:
        cut = cut_point(text, start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        s, e = _strip(text, start, cut)
        if s < e:
            yield s, e
        start, _ = _strip(text, cut, end)
    if start < end:
        yield start, end


def uncertain_sentences(text: str, sentences: list[Sentence]) -> tuple[int, ...]:
    """Indices of sentences whose end rests on no firm cue: no sentence mark at their end and
    not a short line of their own (a heading).  These are pieces of Thai or Lao cut at spaces,
    cuts of over-long sentences, and unterminated lines longer than :data:`HEADING_CHARS`
    (a paragraph in a script without stops that could not be split).  Counts built on them
    (coverage, added, dropped) are approximate."""
    out = []
    for k, s in enumerate(sentences):
        if _TERMINAL.search(s.text[-8:]) or s.text.endswith(":"):
            continue
        line_end = text.find("\n", s.end)
        alone = not text[s.end:line_end if line_end >= 0 else len(text)].strip()
        if not (alone and len(s.text) <= HEADING_CHARS):
            out.append(k)
    return tuple(out)
