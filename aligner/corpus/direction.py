"""Which side of an accepted pair is the original.

Signals are measured per aligned pair on the worker (:func:`signals`) and
decided here for all pairs together (:func:`decide_directions`), most precise first:

1. **copied numbers**: numbers written in the other language's convention
   (``1,000`` and ``3.5`` in an Indonesian text), verbatim as in the other
   document, were copied by a translator: that side is the translation.
2. **stars**: a document with accepted translations in two or more other
   languages is their original (the hub of :func:`~aligner.corpus.matching.decide`).
3. **the same document elsewhere**: a document told apart as an original (or
   a translation) in one pair is so in its other pairs (applied again after
   each later rule).
4. **the folder's prior**: the language that is the original in at least 80%
   of the pairs told apart by 1-3 (at least 3 of them), else in at least 70% of
   the votes of those pairs and of the others' shared words (5b; at least 8
   votes), is taken as the original of the remaining pairs it is part of: a
   folder of news translated from one language stays consistent.
5. per pair, where no language dominates the folder:
   a. **additions**: the side with clearly more unaligned body sentences (not
      headings; the shares differ by ``direction_margin``) is the translation,
      unless the shared words (5b) lean the other way: a translation that
      drops sentences leaves the same picture on its original;
   b. **shared words**: the words of 4+ letters both texts write alike (names,
      terms) read like the original's language: a letter-trigram model of each
      text's other words scores them (:func:`shared_words_lean`, at least 3).

Otherwise the direction is ``"uncertain"`` and the displayed source is the
hub.  Measured (``scripts/direction_dev.py``) on dev folders of
``scripts/make_corpus_devset.py`` (English originals; share of gold pairs
with the original as source): NTREX triples 120/120 (stars 109, numbers 11);
FLORES pairs only 37/37, NTREX pairs only with every translation edited
(drops, insertions, merges) 53/53, half of them edited 57/57 (numbers 1, 4,
6, the prior the rest; before: 1/37, 6/53, 7/57, additions right in 3 of 16).
Without the prior (a folder of mixed directions), per pair: shared words
right in 25/31, 39/47, 42/49; additions 3/4 once they yield to the shared
words.  The shared words are mostly names, so they tell which language a
story's people and places belong to: a story about one country translated
from another language can mislead them.
"""
from __future__ import annotations

import math
import os
import re
from collections import Counter
from dataclasses import dataclass
from typing import Optional, Sequence

from ..types import Bead, Document


#: numbers as English writes them (1,000 / 3.5) and as most other languages do (1.000 / 3,5)
_POINT_STYLE = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)(?![\d,]|\.\d)")
_COMMA_STYLE = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+)(?![\d.]|,\d)")
#: languages writing decimal points and comma thousands; the others are taken to write the reverse
POINT_LANGS = frozenset({"en", "zh", "ja", "ko", "th", "he", "ms", "tl", "hi"})


@dataclass
class Signals:
    """Direction evidence of one aligned pair (root = the hub side of the star)."""

    extra_root: float               # share of the root's body sentences left unaligned
    extra_other: float
    copied_root: int = 0            # numbers in the root written the other language's way, as in the other
    copied_other: int = 0
    shared_words: int = 0           # words of 4+ letters both texts write alike (names, terms)
    shared_lean: float = 0.0        # > 0: they read like the root's own words, < 0: like the other's


def signals(root: Document, other: Document, beads: Sequence[Bead]) -> Signals:
    from ..align.pipeline import headings
    from .matching import unaligned_body_share

    er, eo = unaligned_body_share(beads, headings(root), headings(other))
    n, lean = shared_words_lean(root, other)
    return Signals(er, eo, copied_numbers(root, other), copied_numbers(other, root), n, lean)


def copied_numbers(doc: Document, source: Document) -> int:
    """Numbers in ``doc`` written in ``source``'s convention (not ``doc``'s own) that appear verbatim in
    ``source``: a translator copied them.  0 when both languages write numbers alike."""
    if (doc.lang in POINT_LANGS) == (source.lang in POINT_LANGS):
        return 0
    style = _POINT_STYLE if source.lang in POINT_LANGS else _COMMA_STYLE
    theirs = set(style.findall(source.text))
    return sum(1 for x in style.findall(doc.text) if x in theirs)


_WORD = re.compile(r"[^\W\d_]{4,}")


def _trigrams(word: str) -> list[str]:
    w = f"^{word.lower()}$"
    return [w[i:i + 3] for i in range(len(w) - 2)]


class _CharModel:
    """Letter-trigram model of a text's own words (add-k smoothed): how much a word looks like them."""

    def __init__(self, words):
        self.tri: Counter = Counter()
        self.ctx: Counter = Counter()
        for w in words:
            for t in _trigrams(w):
                self.tri[t] += 1
                self.ctx[t[:2]] += 1

    def logp(self, word: str) -> float:
        """Mean log-probability per trigram."""
        tri = _trigrams(word)
        return sum(math.log((self.tri[t] + 0.1) / (self.ctx[t[:2]] + 3.0)) for t in tri) / len(tri)


def shared_words_lean(a: Document, b: Document) -> tuple[int, float]:
    """``(n, lean)``: the ``n`` words (4+ letters) that both texts write alike -- names, terms, copied
    words -- and how much more they read like ``a``'s other words than like ``b``'s (a letter-trigram
    model of each text without the shared words; summed difference of mean log-probabilities).
    A translation carries the original's names verbatim, and they read like the original's language."""
    wa, wb = _WORD.findall(a.text), _WORD.findall(b.text)
    shared = set(wa) & set(wb)
    if not shared:
        return 0, 0.0
    ma, mb = _CharModel(w for w in wa if w not in shared), _CharModel(w for w in wb if w not in shared)
    return len(shared), round(sum(ma.logp(w) - mb.logp(w) for w in sorted(shared)), 4)


def by_additions(s: Signals, margin: float) -> Optional[bool]:
    """True: the root is the original; False: the other is; None: cannot tell."""
    if s.extra_other - s.extra_root >= margin:
        return True
    if s.extra_root - s.extra_other >= margin:
        return False
    return None


def by_shared_words(s: Signals) -> Optional[bool]:
    """True: the shared words read like the root's language (the root is the original); None: too few."""
    if s.shared_words < SHARED_MIN or s.shared_lean == 0:
        return None
    return s.shared_lean > 0


#: the folder prior from decided pairs: at least this many, and this share of them agreeing
PRIOR_MIN_PAIRS, PRIOR_SHARE = 3, 0.8
#: else from votes (decided pairs and the shared words' lean of the others): this many, this share
VOTE_MIN, VOTE_SHARE = 8, 0.7
#: a pair's shared words lean only when there are at least this many
SHARED_MIN = 3

Decision = Optional[tuple[bool, str]]


def decide_directions(aligned: Sequence, langs: Sequence[str], params) -> list[tuple[bool, str, str]]:
    """Per aligned pair (objects with ``root``, ``other``, ``source``, ``target``, ``signals``):
    ``(source is the root, "original" | "uncertain", one-line evidence)``.

    In order: copied numbers; the hub of a star with translations in two or more languages; a
    document told apart in another pair; the folder's prior (see :func:`folder_prior`); clear
    additions; the shared words' language; else uncertain.  After each rule, a document told
    apart fixes its other pairs.
    """
    name = {}
    for a in aligned:
        name[a.root] = os.path.basename(a.source.path or "?")
        name[a.other] = os.path.basename(a.target.path or "?")
    star_size: dict[int, set] = {}
    for a in aligned:
        star_size.setdefault(a.root, set()).add(langs[a.other])
    share = [f"unaligned body sentences {a.signals.extra_root:.0%} vs {a.signals.extra_other:.0%}" for a in aligned]
    decided: list[Decision] = []
    for k, a in enumerate(aligned):
        s = a.signals
        if s.copied_root != s.copied_other:
            dr = s.copied_other > s.copied_root
            n = max(s.copied_root, s.copied_other)
            decided.append((dr, f"{share[k]}; {n} number{'s' if n > 1 else ''} written as in "
                                f"{name[a.root] if dr else name[a.other]}, copied by its translation"))
        elif len(star_size[a.root]) >= 2:
            decided.append((True, f"{share[k]}; {name[a.root]} has translations in "
                                  f"{len(star_size[a.root])} languages ({', '.join(sorted(star_size[a.root]))})"))
        else:
            decided.append(None)
    _propagate(aligned, decided, name, share)
    prior = folder_prior(aligned, decided, langs)
    for k, a in enumerate(aligned):
        lr, lo = langs[a.root], langs[a.other]
        if decided[k] is None and prior and prior[0] in (lr, lo) and lr != lo:
            lang, n_orig, n_all, how = prior
            decided[k] = (lang == lr, f"{share[k]}; in this folder {lang} is the original in {n_orig} of "
                                      f"{n_all} {how}")
    for rule in (_additions_rule(params.direction_margin), _shared_words_rule):
        for k, a in enumerate(aligned):
            if decided[k] is None:
                decided[k] = rule(a, share[k], name)
        _propagate(aligned, decided, name, share)
    return [(d[0], "original", d[1]) if d is not None else
            (True, "uncertain", f"{share[k]}: too close to tell; source shown is the best-linked document of its group")
            for k, d in enumerate(decided)]


def _additions_rule(margin: float):
    def rule(a, share: str, name: dict) -> Decision:
        dr = by_additions(a.signals, margin)
        if dr is None or by_shared_words(a.signals) == (not dr):   # a drop-heavy translation looks the same
            return None
        return dr, f"{share}: the side with more is the translation"
    return rule


def _shared_words_rule(a, share: str, name: dict) -> Decision:
    dr = by_shared_words(a.signals)
    if dr is None:
        return None
    return dr, (f"{share}; the {a.signals.shared_words} words both write alike (names, terms) read like "
                f"{name[a.root] if dr else name[a.other]}")


def _propagate(aligned: Sequence, decided: list, name: dict, share: Sequence[str]) -> None:
    """A document told apart as an original (or a translation) in one pair is so in its undecided pairs."""
    orig_of: dict[int, int] = {}
    tr_of: dict[int, int] = {}
    for a, d in zip(aligned, decided):
        if d is not None:
            o, t = (a.root, a.other) if d[0] else (a.other, a.root)
            orig_of.setdefault(o, t)
            tr_of.setdefault(t, o)
    for k, a in enumerate(aligned):
        if decided[k] is not None:
            continue
        if a.root in orig_of or a.other in tr_of:
            o, t = (a.root, orig_of[a.root]) if a.root in orig_of else (tr_of[a.other], a.other)
            decided[k] = (True, f"{share[k]}; {name[o]} is the original of {name[t]}")
        elif a.other in orig_of or a.root in tr_of:
            o, t = (a.other, orig_of[a.other]) if a.other in orig_of else (tr_of[a.root], a.root)
            decided[k] = (False, f"{share[k]}; {name[o]} is the original of {name[t]}")


def folder_prior(aligned: Sequence, decided: Sequence, langs: Sequence[str]) -> Optional[tuple[str, int, int, str]]:
    """(language, pairs where it is the original, pairs counted, what was counted) when one language
    dominates: in at least 80% of the pairs told apart (at least 3), else in at least 70% of the votes
    (at least 8) of those pairs and of the other pairs' shared words (:func:`by_shared_words`)."""
    told: dict[str, int] = {}
    votes: dict[str, int] = {}
    for a, d in zip(aligned, decided):
        if d is not None:
            lang = langs[a.root] if d[0] else langs[a.other]
            told[lang] = told.get(lang, 0) + 1
        else:
            dr = by_shared_words(a.signals)
            if dr is None:
                continue
            lang = langs[a.root] if dr else langs[a.other]
        votes[lang] = votes.get(lang, 0) + 1
    for counts, least, need, how in ((told, PRIOR_MIN_PAIRS, PRIOR_SHARE, "pairs told apart"),
                                     (votes, VOTE_MIN, VOTE_SHARE, "pairs told apart or voted by their shared words")):
        n = sum(counts.values())
        if n >= least:
            lang, k = max(counts.items(), key=lambda x: (x[1], x[0]))
            if k >= need * n:
                return lang, k, n, how
    return None
