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
   with parameters built here (no trained model, no download): per-language
   abbreviation lists, and an orthographic context that marks frequent
   sentence starters ("The", "Namun", "Theo", ...) so that an abbreviation
   followed by one of them still ends a sentence (``... in the U.S. The``).
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
from functools import lru_cache
from typing import Iterator

from nltk.tokenize.punkt import (
    PunktLanguageVars,
    PunktParameters,
    PunktSentenceTokenizer,
)

from .script_cues import cut_point, script_pieces
from .types import Sentence

__all__ = ["segment", "segment_lines", "uncertain_sentences", "MAX_SENTENCE_CHARS", "SUPPORTED_LANGS"]

#: Longest sentence handed downstream; longer ones are cut at whitespace.
MAX_SENTENCE_CHARS = 2000

#: Languages with dedicated rules; any other code uses the generic rules.
SUPPORTED_LANGS = ("en", "id", "vi")

# Orthographic-context flags, as in nltk.tokenize.punkt.
_ORTHO_BEG_UC = 1 << 1
_ORTHO_MID_UC = 1 << 2
_ORTHO_MID_LC = 1 << 5

#: month abbreviations: followed by a capitalised word (not a day number) they end a sentence
_MONTH_ABBREVS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec agu agt agus okt des".split())

# --------------------------------------------------------------------------
# Abbreviations (lower case, without the final period; internal periods kept).
# Words that are also ordinary words written in full (id ``ibu``, ``Mei``,
# ``kota``, ``desa``; en ``sat``, ``sun``, ``ill``, ``mass``...) are not listed:
# a sentence ending with one of them would never be split.
# --------------------------------------------------------------------------

_COMMON_ABBREVS = """
mr mrs ms dr prof sr jr st mt ft vs etc e.g i.e cf al approx est
u.s u.k u.n u.s.a e.u a.m p.m no nos vol fig pp ph.d m.d b.a m.a b.sc
jan feb mar apr jun jul aug sep sept oct nov dec
inc ltd co corp bros dept univ assn
""".split()

_ABBREVS = {
    "en": """
        gen col lt maj capt cmdr adm sgt cpl pvt rep sen gov pres rev hon
        messrs mmes supt insp det
        ave blvd rd hwy
        mon tue tues wed thu thur thurs fri
        ala ariz ark calif colo conn del fla ga ind kan kans ky la md
        mich minn mo mont neb nev okla pa penn tenn tex vt va
        wis wyo d.c n.y n.j l.a
        no.1 jan feb
        op ed eds trans ca viz
    """.split(),
    "id": """
        jend jen letjen mayjen brigjen laksda laksma marsda kol letkol mayor
        kapt lettu letda serka kompol kombes irjen komjen akbp akp ipda iptu
        bpk sdr sdri yth ny nn tn hj h kh ust
        drs dra ir s.h s.e s.pd s.kom s.t s.sos s.ip m.si m.m m.hum m.pd
        s.ag m.ag m.sc
        jl jln gg kab kec kel prov rt rw
        tsb dll dsb dst dkk sbg spt yg dgn utk tgl hlm kpd a.n u.p s.d
        rp tbk pt a.s det
        agu agt agus okt des
    """.split(),
    "vi": """
        tp tt tx ts ths pgs gs bs ks ls nsnd nsưt ttưt tw ubnd
        q p h x tr st v.v ng nxb th.s tiến.sĩ đ
    """.split(),
}

#: Abbreviations used by the generic fallback (covers de and fr too).
_GENERIC_ABBREVS = """
z.b bzw usw u.a d.h ca vgl nr str hr fr frl abs jh jhd s.o u.ä o.ä evtl ggf
inkl bspw sog
m mm mme mlle mgr me av apr j.-c art ch éd t
""".split()

# Frequent sentence starters: marked in the orthographic context as words
# that also occur in lower case mid-sentence, so that Punkt's orthographic
# heuristic ends a sentence after an abbreviation followed by one of them.
_COMMON_STARTERS = """
The A An This That These Those It He She They We I You There Here His Her
Its Their Our But And Or So Yet However Meanwhile In On At For From With By
As After Before When While If Although Though Since Because Some Many Most
All Both Each Other Such One Two Three What Who Why How Where Then Now Still
Also Last Next Earlier Later Today Yesterday Tomorrow According Despite
Under Over Between During Until Instead Asked
""".split()

_STARTERS = {
    "en": [],
    "id": """
        Ia Dia Ini Itu Namun Tetapi Tapi Sementara Selain Saat Ketika Menurut
        Pada Dalam Hal Sebelumnya Kami Kita Mereka Anda Saya Di Ke Dari Untuk
        Dengan Akan Jika Bila Sedangkan Bahkan Kemudian Selanjutnya Adapun
        Sebagai Para Sang Hingga Sejak Setelah Sebelum Karena Oleh Bagi Meski
        Meskipun Walaupun Apa Siapa Mengapa Bagaimana Kapan Semua Banyak
        Beberapa Sebuah Seorang Salah Tak Tidak Juga Lalu Maka Oleh Pekan
    """.split(),
    "vi": """
        Tuy Theo Trong Ông Bà Anh Chị Đây Điều Các Những Khi Sau Người Năm
        Hiện Nhưng Vì Do Tại Với Cũng Đó Việc Tôi Chúng Họ Nó Nếu Mặc Ngoài
        Trước Hôm Ngày Tháng Cuộc Song Bên Còn Sự Một Hai Ba Đến Từ Để Có
        Không Chỉ Thế Vậy Này Lúc Hiện Báo Dù Được Nga Mỹ
    """.split(),
}

_GENERIC_STARTERS = """
Der Die Das Ein Eine Er Sie Es Wir Ich Aber Und Auch Im Am In Auf Mit Nach
Le La Les Un Une Il Elle Ils Nous Je Mais Et Dans Sur Pour Avec Après Ce Cette
""".split()

# --------------------------------------------------------------------------
# Language variables
# --------------------------------------------------------------------------


class _GenericLanguageVars(PunktLanguageVars):
    """Punkt variables that also end sentences at non-Latin terminators."""

    # Arabic/Urdu question mark and full stop, Devanagari danda, Armenian,
    # Ethiopic, Burmese, Khmer, Tibetan terminators, fullwidth ! ? . and
    # the CJK full stop (CJK stops with no space after them are pre-split).
    sent_end_chars = (
        ".", "?", "!", "؟", "۔", "।", "॥", "։", "።", "၊", "။", "។", "༎",
        "！", "？", "．", "。",
    )


_TERMINAL = re.compile(r"[.?!…。！？؟۔।॥։።။។][\"'”’»)\]」』）】]*\s*$")
_URL_OR_EMAIL = re.compile(
    r"(?:https?://|ftp://|www\.)[^\s<>\"“”]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|io|co|id|vn|uk|de|fr)/[^\s<>\"“”]*",
    re.UNICODE,
)
_WORD_START = re.compile(r"[\"'“‘«(\[]*(\w+)")
_CLAUSE_CONTINUES = re.compile(r"[\"'”’»)\]]*[,;:]")


def _params(abbrevs: list[str], starters: list[str]) -> PunktParameters:
    params = PunktParameters()
    params.abbrev_types = set(a.lower() for a in abbrevs)
    for word in starters:
        params.add_ortho_context(word.lower(), _ORTHO_BEG_UC | _ORTHO_MID_LC)
    return params


@lru_cache(maxsize=None)
def _tokenizer(lang: str) -> PunktSentenceTokenizer:
    if lang in SUPPORTED_LANGS:
        abbrevs = _COMMON_ABBREVS + _ABBREVS[lang]
        starters = _COMMON_STARTERS + _STARTERS[lang]
        lang_vars = PunktLanguageVars()
    else:
        abbrevs = _COMMON_ABBREVS + _GENERIC_ABBREVS
        starters = _COMMON_STARTERS + _GENERIC_STARTERS
        lang_vars = _GenericLanguageVars()
    return PunktSentenceTokenizer(lang_vars=lang_vars, train_text=_params(abbrevs, starters))


_DOC_WORD = re.compile(r"(?<![\w.'’-])([^\W\d_][^\W\d_'’-]*)(?![\w'’-]*\.\w)")
_MID_CAP = re.compile(r"(?<=[^\W\d_]) +([^\W\d_][^\W\d_]+)")


def _document_tokenizer(lang: str, text: str) -> PunktSentenceTokenizer:
    """The language's tokenizer with orthographic evidence from the document itself.

    Punkt decides whether a capitalised word after an abbreviation or an initial
    starts a sentence by how that word is written elsewhere.  Without training
    text it knows only the frequent starters; here every word the document also
    writes in lower case counts as an ordinary word (so ``option A. Researchers``
    splits), and a capitalised word that follows a lower-case word somewhere in
    the document counts as a name (so ``by A. Smith`` does not).
    """
    base = _tokenizer(lang)
    params = PunktParameters()
    params.abbrev_types = base._params.abbrev_types
    params.collocations = base._params.collocations
    params.sent_starters = base._params.sent_starters
    params.ortho_context = base._params.ortho_context.copy()
    known = set(params.ortho_context)
    for m in _DOC_WORD.finditer(text):
        w = m.group(1)
        if w.islower() and len(w) > 1:
            params.ortho_context[w] |= _ORTHO_MID_LC
    for m in _MID_CAP.finditer(text):
        w = m.group(1)
        if w[0].isupper() and not w.isupper() and w.lower() not in known:
            params.ortho_context[w.lower()] |= _ORTHO_MID_UC
    return PunktSentenceTokenizer(lang_vars=base._lang_vars, train_text=params)


def _norm_lang(lang: str) -> str:
    code = (lang or "").strip().lower().replace("_", "-").split("-")[0]
    return {"in": "id", "ind": "id", "vie": "vi", "eng": "en"}.get(code, code)


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def segment(text: str, lang: str) -> list[Sentence]:
    """Split ``text`` into sentences with character offsets into ``text``.

    ``lang`` is an ISO 639-1 code; ``en``, ``id`` and ``vi`` have dedicated
    abbreviation and sentence-starter lists, any other code uses generic
    rules (Latin abbreviations of de/fr plus Arabic, Indic and CJK
    terminators).  See the module docstring for the rules.
    """
    code = _norm_lang(lang)
    tokenizer = _document_tokenizer(code if code in SUPPORTED_LANGS else "*", text)
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
            if quote or word in _MONTH_ABBREVS:
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
