"""Names in a sentence pair: capitalised words kept verbatim across languages.

A *name token* is a capitalised word (or an acronym, or a domain like ``Mining.com``);
consecutive ones form a *phrase* (``Kirill Dmitriev``, ``Carnegie Mellon University``).
A token is *matched* when the other side has the same word, case and diacritics
folded and spelled loosely (``Zelenskiy`` / ``Zelensky`` / ``Zelenskyy``,
``Meksiko`` / ``Mexico``), a name of the same place (``Moscow`` for ``Rusia``, see
:data:`~.words.METONYMS`), or, for words the lexical table translates, one of
their translations.

Whether an unmatched token is worth reporting (*strong*) is decided conservatively:
it must look like a real name, not a sentence-initial capital, a title, an
adjective (``pro-Kremlin``), a demonym, a word its document also writes in
lowercase, a common English word (``the Security Council``; SCOWL's list), a
Vietnamese word (diacritics), or a word the lexical table translates into something
else.  A name the document pair keeps verbatim elsewhere (its *inventory*) or that
the table keeps as it is (``trump`` -> ``trump``) is always a name.  Outside English,
where institutions capitalise ordinary words, only those two make a name.
"""
from __future__ import annotations

import copy
import functools
import gzip
import os
import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Iterable, Optional

from .words import (ADJECTIVE_PREFIXES, CAPITALS_MARK_NAMES, DEMONYM_SUFFIXES, DEMONYMS, FUNCTION_WORDS,
                    METONYMS, MONTH_ABBR, MONTHS, NAME_JOINERS, NOT_NAMES, TITLES, WEEKDAYS)

_TOKEN = re.compile(r"[^\W\d_][\w]*(?:['’.-]\w+)*")
_DOMAIN = re.compile(r"\.(?:com|org|net|gov|edu|co|id|vn|uk|io|info|news)$", re.I)
_INITIAL_BEFORE = set("\"“”‘’'([{:;.!?–—-•…*📌|/")


_WORDLIST = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "en-words.txt.gz")


@functools.lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """English common words (SCOWL's lowercase entries; see data/WORDLIST-NOTICE.md), loaded once."""
    with gzip.open(_WORDLIST, "rt", encoding="utf-8") as fh:
        return frozenset(fh.read().split())


@functools.lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """Lowercase, no diacritics (``đ`` -> ``d``), no possessive ``'s`` or contraction."""
    w = re.sub(r"['’](?:s|ve|ll|re|d|m|t)?$", "", word, flags=re.I)
    w = unicodedata.normalize("NFKD", w.lower().replace("đ", "d"))
    return "".join(c for c in w if not unicodedata.combining(c))


_SKELETON = tuple((re.compile(pat), rep) for pat, rep in (
    (r"ph", "f"), (r"x", "ks"), (r"q", "k"), (r"c", "k"), (r"y", "i"), (r"w", "v"),
    (r"([a-z])\1+", r"\1"), (r"h(?=[^aeiou]|$)", ""), (r"[^a-z]", "")))


@functools.lru_cache(maxsize=1 << 16)
def skeleton(key: str) -> str:
    """A spelling-insensitive form of a folded word (transliteration variants meet)."""
    for pat, rep in _SKELETON:
        key = pat.sub(rep, key)
    return key


@functools.lru_cache(maxsize=1 << 18)
def similar(a: str, b: str) -> bool:
    """Two folded words are the same name: equal skeletons, or close ones of 4+ letters."""
    if a == b:
        return True
    sa, sb = skeleton(a), skeleton(b)
    if sa == sb and len(sa) >= 2:
        return True
    if min(len(sa), len(sb)) < 4 or sa[0] != sb[0]:
        return False
    need = 0.75 if min(len(sa), len(sb)) >= 7 else 0.8
    m = SequenceMatcher(None, sa, sb)  # ratio <= quick_ratio <= real_quick_ratio: the cheap bounds first
    return m.real_quick_ratio() >= need and m.quick_ratio() >= need and m.ratio() >= need


@dataclass
class Token:
    text: str
    start: int
    end: int
    key: str
    initial: bool
    acronym: bool
    weak_form: bool            #: a title, function word or adjective: never reported, never an anchor
    parenthesised: bool
    demonym: bool = False      #: an adjective of a place ("Chilean"): a name only if kept verbatim
    common: bool = False       #: an English common word ("Council", "COUNTING"): weaker evidence
    translated: bool = False   #: the lexical table translates it into another word
    native: bool = False       #: a capitalised word of the target's own script (Vietnamese diacritics)
    group: Optional[int] = None  #: index in METONYMS
    phrase: int = -1
    sentence: int = 0          #: index of the sentence in its bead side
    partner: Optional["Token"] = None  #: what matched it on the other side
    matched: bool = False
    namey: bool = False        #: could be a name (not a translated word)
    strong: bool = False       #: reported when unmatched


@dataclass
class Side:
    """The name tokens of one side of a bead, and every word of it (for matching)."""

    lang: str
    tokens: list[Token] = field(default_factory=list)
    words: set[str] = field(default_factory=set)           #: folded words
    raw_words: set[str] = field(default_factory=set)       #: lowercased words (lexical lookups)
    skeletons: dict[str, str] = field(default_factory=dict)
    caps: set[str] = field(default_factory=set)            #: folded capitalised words
    lower: set[str] = field(default_factory=set)           #: folded words written in lowercase
    groups: set[int] = field(default_factory=set)


def _metonym_pattern(lang: str) -> tuple[re.Pattern, dict[str, int]]:
    """One regex for every place name of a language, and each form's group in METONYMS."""
    groups: dict[str, int] = {}
    for g, entry in enumerate(METONYMS):
        for form in entry.get(lang) or entry["en"]:
            groups.setdefault(form, g)
    alt = "|".join(re.escape(f) for f in sorted(groups, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?P<form>{alt})(?:['’]s)?(?![\w])"), groups


_METONYM_CACHE: dict[str, tuple[re.Pattern, dict[str, int]]] = {}


def _is_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in _INITIAL_BEFORE or not before[-1].isalnum() and before[-1] not in ",)"


def tokens(text: str, lang: str, sentence: int = 0, offset: int = 0) -> tuple[list[Token], list[str]]:
    """Name tokens of one sentence (offsets shifted by ``offset``) and all its words."""
    if lang not in _METONYM_CACHE:
        _METONYM_CACHE[lang] = _metonym_pattern(lang)
    pattern, groups = _METONYM_CACHE[lang]
    out: list[Token] = []
    taken = [(m.start(), m.end(), groups[m.group("form")]) for m in pattern.finditer(text)]
    all_words: list[str] = []
    for m in _TOKEN.finditer(text):
        word, a = m.group(), m.start()
        if _DOMAIN.search(word) or re.fullmatch(r"(?:[A-Z]\.)+[A-Z]", word):
            parts = [(word, a)]
        else:
            parts, pos = [], a
            for p in re.split(r"(?<=\w)[-.](?=\w)", word):
                parts.append((p, text.index(p, pos)))
                pos = parts[-1][1] + len(p)
        adjective = len(parts) > 1 and parts[0][0].lower() in ADJECTIVE_PREFIXES
        for p, pa in parts:
            all_words.append(p)
            if not p[:1].isupper() or len(p) < 2 or fold(p) in NOT_NAMES or _is_date_word(p, lang):
                continue
            pb = pa + len(p)
            if text[pb:pb + 1] == "." and re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", p):
                pb += 1
            grp = next((g for s, e, g in taken if s <= pa < e), None)
            letters = re.sub(r"[^\w]", "", p)
            key = fold(p[:-1] if re.fullmatch(r"[A-Z]{2,}s", p) else p)  # "AMs" is the plural of "AM"
            bare = re.sub(r"['’]s$", "", p)
            out.append(Token(
                text=text[pa:pb], start=pa + offset, end=pb + offset, key=key,
                initial=_is_initial(text, pa), acronym=len(letters) >= 2 and letters.isupper(),
                weak_form=(adjective or key in TITLES.get(lang, TITLES["en"])
                           or key in FUNCTION_WORDS.get(lang, FUNCTION_WORDS["en"])),
                demonym=bare in DEMONYMS or lang == "en" and key.endswith(DEMONYM_SUFFIXES) and len(key) >= 5,
                parenthesised=text[:pa].rstrip().endswith("(") and text[pb:].lstrip().startswith(")"),
                group=grp, sentence=sentence))
    # phrases: capitalised tokens separated by one space or a joiner word; a possessive ends one
    phrase = -1
    for k, t in enumerate(out):
        if k and _joined(text, out[k - 1].end - offset, t.start - offset) \
                and not re.search(r"['’]s?$", out[k - 1].text):
            t.phrase = out[k - 1].phrase
        else:
            phrase += 1
            t.phrase = phrase
    return out, all_words


def _is_date_word(word: str, lang: str) -> bool:
    """Months and weekdays are dates (see :mod:`.dates`), not names."""
    w = re.sub(r"['’]s$", "", word)
    low = w.lower().rstrip(".")
    return (low in MONTHS["en"] or low in MONTHS.get(lang, {}) or low in MONTH_ABBR
            or w in WEEKDAYS["en"] or w in WEEKDAYS.get(lang, {}) or w.rstrip("s") in WEEKDAYS["en"])


def _joined(text: str, a: int, b: int) -> bool:
    gap = text[a:b]
    if gap in (" ", "-"):
        return True
    words = gap.strip().split()
    return gap.startswith(" ") and gap.endswith(" ") and len(words) == 1 and words[0] in NAME_JOINERS


@functools.lru_cache(maxsize=1 << 14)
def _sentence_tokens(text: str, lang: str) -> tuple[tuple[Token, ...], tuple[tuple[str, str, str, bool], ...]]:
    """:func:`tokens` of one sentence (templates: :func:`side` hands out copies), and each word as
    ``(folded, lowercased NFC, skeleton, written in lowercase)``; a bead's sentences are read again
    for every bead they belong to, so each sentence is tokenised once."""
    toks, words = tokens(text, lang)
    return tuple(toks), tuple((fold(w), unicodedata.normalize("NFC", w).lower(), skeleton(fold(w)), w[:1].islower())
                              for w in words)


def side(sentences: Iterable[tuple[str, int]], lang: str) -> Side:
    """The :class:`Side` of a bead from ``(sentence text, its index)`` pairs."""
    s = Side(lang)
    phrase_base = 0
    for text, idx in sentences:
        templates, words = _sentence_tokens(text, lang)
        toks = [copy.copy(t) for t in templates]
        for t in toks:
            t.sentence = idx
            t.phrase += phrase_base
        phrase_base = max((t.phrase for t in toks), default=phrase_base - 1) + 1
        s.tokens += toks
        for k, raw, sk, lower in words:
            s.words.add(k)
            s.raw_words.add(raw)
            s.skeletons.setdefault(sk, k)
            if lower:
                s.lower.add(k)
        s.caps.update(t.key for t in toks)
        s.groups.update(t.group for t in toks if t.group is not None)
    return s


# ------------------------------------------------------------------ strength

class Lexicon:
    """The lexical table's view of one side's words: translated, verbatim, or unknown."""

    def __init__(self, table: Optional[dict]):
        self.table = table

    def status(self, token: Token) -> str:
        """``"verbatim"`` (the table keeps it as it is, p >= 0.3), ``"translated"`` (one
        translation with p >= 0.3, or two syllables/words with p >= 0.15 each: ``survey`` ->
        ``khảo sát``) or ``"unknown"`` (absent, or a flat distribution: a word seen once)."""
        d = self._entry(token)
        if not d:
            return "unknown"
        same = sum(p for w, p in d.items() if skeleton(fold(w)) == skeleton(token.key))
        if same >= 0.3:
            return "verbatim"
        top = sorted((p for w, p in d.items() if skeleton(fold(w)) != skeleton(token.key)), reverse=True)[:2]
        if top and (top[0] >= 0.3 or len(top) == 2 and top[1] >= 0.15 and sum(top) >= 0.35):
            return "translated"
        return "unknown"

    def _entry(self, token: Token) -> dict:
        if self.table is None:
            return {}
        w = unicodedata.normalize("NFC", token.text).lower().rstrip(".")
        return self.table.get(w) or self.table.get(re.sub(r"['’]s$", "", w)) or {}

    def links(self, token: Token, other_words: set[str], threshold: float = 0.1) -> bool:
        d = self._entry(token)
        return any(p >= threshold and w in other_words for w, p in d.items())


def classify(s: Side, lexicon: Lexicon, inventory: set[str], has_table: bool,
             lowercase: frozenset = frozenset()) -> None:
    """Set ``namey`` (could be a name) and ``strong`` (reported when unmatched) on every
    token of ``s``.  ``lowercase``: folded words its document also writes in lowercase."""
    for t in s.tokens:
        status = lexicon.status(t)
        kept = t.key in inventory  # written (nearly) verbatim in both documents
        if t.weak_form:
            t.namey = False
        elif kept:
            t.namey = True
        else:
            t.namey = (not t.demonym and status != "translated" and t.key not in lowercase
                       and not (s.lang == "vi" and not t.text.isascii()))  # Vietnamese words, not foreign names
        t.translated = status == "translated"
        t.native = s.lang == "vi" and not t.text.isascii()
        t.common = (s.lang == "en" and status != "verbatim" and (not t.acronym or len(t.key) > 4)
                    and t.key.rstrip(".") in english_words())
        if not t.namey:
            t.strong = False
        elif kept or status == "verbatim":
            t.strong = not t.parenthesised  # "(USGS)" spells out what precedes it
        else:  # unknown to the table: only a capital inside an English sentence says "name",
            # unless the word is a common English word ("the Security Council")
            t.strong = (has_table and not t.initial and s.lang in CAPITALS_MARK_NAMES and not t.parenthesised
                        and not t.common and (not t.acronym or len(t.key.replace(".", "")) >= 3))


def inventory(src_caps: Iterable[tuple[str, bool]], tgt_caps: Iterable[tuple[str, bool]]) -> set[str]:
    """Folded names written verbatim (or nearly) in both documents, capitalised on both
    sides and at least once inside a sentence: ``(key, initial)`` pairs of each side."""
    def index(pairs):
        keys: dict[str, bool] = {}
        for k, initial in pairs:
            keys[k] = keys.get(k, True) and initial
        return keys

    a, b = index(src_caps), index(tgt_caps)
    by_first: dict[str, list[str]] = {}
    for k in b:
        sk = skeleton(k)
        if sk:
            by_first.setdefault(sk[0], []).append(k)
    out: set[str] = set()
    for k, only_initial in a.items():
        sk = skeleton(k)
        if not sk or len(k) < 2:
            continue
        for k2 in by_first.get(sk[0], ()):
            if (not only_initial or not b[k2]) and similar(k, k2):
                out.update((k, k2))
    return out
