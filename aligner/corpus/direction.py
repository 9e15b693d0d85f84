"""Which side of an accepted pair is the original.

Signals are measured per aligned pair on the worker (:func:`signals`) and
decided here for all pairs together (:func:`decide_directions`):

* **additions**: the side with clearly more unaligned body sentences (not
  headings) is the translation: it adds commentary, a summary, notes.
  "Clearly" means the shares differ by ``direction_margin``.
* **stars**: a document with accepted translations in two or more other
  languages is their original (the hub of :func:`~aligner.corpus.matching.decide`);
  a document known to be an original (or a translation) in one pair fixes
  its other pairs.

Otherwise the direction is reported as ``"uncertain"`` and the displayed
source is the hub.  Caveat: a partial translation looks, by the first rule
alone, like an original with additions.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Optional, Sequence

from ..types import Bead, Document


@dataclass
class Signals:
    """Direction evidence of one aligned pair (root = the hub side of the star)."""

    extra_root: float               # share of the root's body sentences left unaligned
    extra_other: float


def signals(root: Document, other: Document, beads: Sequence[Bead]) -> Signals:
    from ..align.pipeline import headings
    from .matching import unaligned_body_share

    er, eo = unaligned_body_share(beads, headings(root), headings(other))
    return Signals(er, eo)


def by_additions(s: Signals, margin: float) -> Optional[bool]:
    """True: the root is the original; False: the other is; None: cannot tell."""
    if s.extra_other - s.extra_root >= margin:
        return True
    if s.extra_root - s.extra_other >= margin:
        return False
    return None


def decide_directions(aligned: Sequence, langs: Sequence[str], params) -> list[tuple[bool, str, str]]:
    """Per aligned pair (objects with ``root``, ``other``, ``source``, ``target``, ``signals``):
    ``(source is the root, "original" | "uncertain", one-line evidence)``."""
    first = [by_additions(a.signals, params.direction_margin) for a in aligned]
    name = {}
    for a in aligned:
        name[a.root] = os.path.basename(a.source.path or "?")
        name[a.other] = os.path.basename(a.target.path or "?")
    # a document told apart in one pair fixes its other pairs
    orig_of: dict[int, int] = {}
    tr_of: dict[int, int] = {}
    for a, dr in zip(aligned, first):
        if dr is not None:
            o, t = (a.root, a.other) if dr else (a.other, a.root)
            orig_of.setdefault(o, t)
            tr_of.setdefault(t, o)
    out = []
    for a, dr in zip(aligned, first):
        s = a.signals
        share = f"unaligned body sentences {s.extra_root:.0%} vs {s.extra_other:.0%}"
        if dr is True:
            out.append((True, "original", f"{share}: the side with more is the translation"))
        elif dr is False:
            out.append((False, "original", f"{share}: the side with more is the translation"))
        elif a.root in orig_of or a.other in tr_of:
            o, t = (a.root, orig_of[a.root]) if a.root in orig_of else (tr_of[a.other], a.other)
            out.append((True, "original", f"{share}; {name[o]} is the original of {name[t]}"))
        elif a.other in orig_of or a.root in tr_of:
            o, t = (a.other, orig_of[a.other]) if a.other in orig_of else (tr_of[a.root], a.root)
            out.append((False, "original", f"{share}; {name[o]} is the original of {name[t]}"))
        else:
            out.append((True, "uncertain",
                        f"{share}: too close to tell; source shown is the best-linked document of its group"))
    return out
