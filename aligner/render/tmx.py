"""TMX 1.4 for translation memories, written with translate-toolkit's ``tmxfile``.

One ``<tu>`` per linked bead of one target: a ``<tuv xml:lang>`` for the source and
one for the target, the bead's sentences joined in each ``<seg>``, and ``<prop>``s
with the bead's kind, score and 0-based sentence indices (``x-aligner-kind``,
``x-aligner-score``, ``x-aligner-src``, ``x-aligner-tgt``).  A weak link also gets
``x-aligner-weak`` = ``yes`` and a ``<note>`` asking for review; a link whose sides disagree
on numbers, dates or names gets ``x-aligner-facts`` (their count) and a ``<note>`` listing
them.  Added and dropped
sentences are not units.  ``<``, ``&`` are escaped by the serialiser; control
characters, which XML 1.0 cannot carry, become U+FFFD (:func:`.tm.xml_text`).
"""
from __future__ import annotations

import io

from ..types import Alignment
from .tm import facts_note, note, toolkit, units

PROP = "x-aligner-"


def to_tmx(al: Alignment, t: int = 0) -> str:
    """TMX 1.4 of the source with target ``t``."""
    from lxml import etree

    from .. import __version__

    tmx = toolkit("tmx", "tmx")
    src_lang, tgt_lang = al.source.lang, al.targets[t].document.lang
    store = tmx.tmxfile(sourcelanguage=src_lang)
    header = store.document.getroot().find("header")
    header.set("creationtool", "aligner")
    header.set("creationtoolversion", __version__)
    header.set("datatype", "plaintext")
    for u in units(al, t):
        tu = store.addsourceunit(u.source, src_lang)
        tu.settarget(u.target, tgt_lang, append=True)
        props = {"kind": u.bead.kind, "score": f"{u.bead.score:.4f}",
                 "src": ",".join(map(str, u.bead.src)), "tgt": ",".join(map(str, u.bead.tgt))}
        if u.bead.weak:
            props["weak"] = "yes"
            tu.addnote(note(u.bead))
        if u.bead.divergences:
            props["facts"] = str(len(u.bead.divergences))
            tu.addnote(facts_note(u.bead))
        first_tuv = tu.xmlelement.find("tuv")
        for key, value in props.items():  # TMX order: note*, prop*, tuv+
            prop = etree.Element("prop", type=PROP + key)
            prop.text = value
            first_tuv.addprevious(prop)
    out = io.BytesIO()
    store.serialize(out)
    return out.getvalue().decode("utf-8")
