"""Which side of an accepted pair is the original.

Signals are measured per aligned pair on the worker (:func:`signals`) and
decided here for all pairs together (:func:`decide_directions`), strongest first:

1. **additions**: the side with clearly more unaligned body sentences (not
   headings) is the translation: it adds commentary, a summary, notes.
   "Clearly" means the shares differ by ``direction_margin``.
2. **copied numbers**: numbers written in the other language's convention
   (``1,000`` and ``3.5`` in an Indonesian text), verbatim as in the other
   document, were copied by a translator: that side is the translation.
3. **stars**: a document with accepted translations in two or more other
   languages is their original (the hub of :func:`~aligner.corpus.matching.decide`).
4. **the same document elsewhere**: a document told apart as an original (or
   a translation) in one pair is so in its other pairs.
5. **the folder's prior**: the language that is the original in at least 80%
   of the pairs told apart by 1-4 (at least 3 of them) is taken as the
   original of the remaining pairs it is part of: a folder of news translated
   from English stays consistent.

Otherwise the direction is ``"uncertain"`` and the displayed source is the
hub.  Measured on the dev folders (see the README and scripts/bench.py):
faithful translations (NTREX, FLORES) carry no additions, so 2 and 4 decide
there.  Caveat: a partial translation looks, by rule 1 alone, like an
original with additions.
"""
from __future__ import annotations

import os
import re
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


def signals(root: Document, other: Document, beads: Sequence[Bead]) -> Signals:
    from ..align.pipeline import headings
    from .matching import unaligned_body_share

    er, eo = unaligned_body_share(beads, headings(root), headings(other))
    return Signals(er, eo, copied_numbers(root, other), copied_numbers(other, root))


def copied_numbers(doc: Document, source: Document) -> int:
    """Numbers in ``doc`` written in ``source``'s convention (not ``doc``'s own) that appear verbatim in
    ``source``: a translator copied them.  0 when both languages write numbers alike."""
    if (doc.lang in POINT_LANGS) == (source.lang in POINT_LANGS):
        return 0
    style = _POINT_STYLE if source.lang in POINT_LANGS else _COMMA_STYLE
    theirs = set(style.findall(source.text))
    return sum(1 for x in style.findall(doc.text) if x in theirs)


def by_additions(s: Signals, margin: float) -> Optional[bool]:
    """True: the root is the original; False: the other is; None: cannot tell."""
    if s.extra_other - s.extra_root >= margin:
        return True
    if s.extra_root - s.extra_other >= margin:
        return False
    return None


#: the folder prior needs this many pairs told apart, and this share of them agreeing
PRIOR_MIN_PAIRS, PRIOR_SHARE = 3, 0.8


def decide_directions(aligned: Sequence, langs: Sequence[str], params) -> list[tuple[bool, str, str]]:
    """Per aligned pair (objects with ``root``, ``other``, ``source``, ``target``, ``signals``):
    ``(source is the root, "original" | "uncertain", one-line evidence)``.

    In order: clear additions; copied numbers; the hub of a star with translations in two or
    more languages; a document told apart in another pair; the folder's prior
    (the language that is the original in at least 80% of the pairs told
    apart so far, at least 3 of them); else uncertain.
    """
    name = {}
    for a in aligned:
        name[a.root] = os.path.basename(a.source.path or "?")
        name[a.other] = os.path.basename(a.target.path or "?")
    star_size: dict[int, set] = {}
    for a in aligned:
        star_size.setdefault(a.root, set()).add(langs[a.other])
    decided: list[Optional[tuple[bool, str]]] = []
    for a in aligned:
        s = a.signals
        share = f"unaligned body sentences {s.extra_root:.0%} vs {s.extra_other:.0%}"
        dr = by_additions(s, params.direction_margin)
        if dr is not None:
            decided.append((dr, f"{share}: the side with more is the translation"))
        elif s.copied_root != s.copied_other:
            dr = s.copied_other > s.copied_root
            n = max(s.copied_root, s.copied_other)
            decided.append((dr, f"{share}; {n} number{'s' if n > 1 else ''} written as in "
                                f"{name[a.root] if dr else name[a.other]}, copied by its translation"))
        elif len(star_size[a.root]) >= 2:
            decided.append((True, f"{share}; {name[a.root]} has translations in "
                                  f"{len(star_size[a.root])} languages ({', '.join(sorted(star_size[a.root]))})"))
        else:
            decided.append(None)
    # a document told apart in one pair fixes its other pairs
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
        share = f"unaligned body sentences {a.signals.extra_root:.0%} vs {a.signals.extra_other:.0%}"
        if a.root in orig_of or a.other in tr_of:
            o, t = (a.root, orig_of[a.root]) if a.root in orig_of else (tr_of[a.other], a.other)
            decided[k] = (True, f"{share}; {name[o]} is the original of {name[t]}")
        elif a.other in orig_of or a.root in tr_of:
            o, t = (a.other, orig_of[a.other]) if a.other in orig_of else (tr_of[a.root], a.root)
            decided[k] = (False, f"{share}; {name[o]} is the original of {name[t]}")
    prior = folder_prior(aligned, decided, langs)
    out = []
    for a, d in zip(aligned, decided):
        if d is not None:
            out.append((d[0], "original", d[1]))
            continue
        share = f"unaligned body sentences {a.signals.extra_root:.0%} vs {a.signals.extra_other:.0%}"
        lr, lo = langs[a.root], langs[a.other]
        if prior and prior[0] in (lr, lo) and lr != lo:
            lang, n_orig, n_all = prior
            out.append((lang == lr, "original", f"{share}; in this folder {lang} is the original in "
                                                f"{n_orig} of {n_all} pairs told apart"))
        else:
            out.append((True, "uncertain",
                        f"{share}: too close to tell; source shown is the best-linked document of its group"))
    return out


def folder_prior(aligned: Sequence, decided: Sequence, langs: Sequence[str]) -> Optional[tuple[str, int, int]]:
    """(language, pairs where it is the original, pairs told apart) when one language dominates."""
    counts: dict[str, int] = {}
    n = 0
    for a, d in zip(aligned, decided):
        if d is None:
            continue
        n += 1
        lang = langs[a.root] if d[0] else langs[a.other]
        counts[lang] = counts.get(lang, 0) + 1
    if n < PRIOR_MIN_PAIRS:
        return None
    lang, k = max(counts.items(), key=lambda x: (x[1], x[0]))
    return (lang, k, n) if k >= PRIOR_SHARE * n else None
