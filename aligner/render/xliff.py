"""XLIFF 2.1 for CAT tools, written with translate-toolkit's ``Xliff2File``.

One ``<unit>`` per linked bead of one target (ids ``u1``, ``u2``... in the target's
bead order), one ``<segment>`` with the bead's source sentences as ``<source>`` and
its target sentences as ``<target>``; ``srcLang``/``trgLang`` on the root, the
source file in ``<file original>``.  Links are ``state="translated"``; a weak link
is ``state="initial"`` (translate-toolkit and CAT tools read it as needing work),
``subState="aligner:weak"``, with a ``<note>`` asking for review; changed facts (numbers,
dates, names the two sides disagree on) are listed in a ``<note>`` too.  The bead's kind,
score and sentence indices are in the Metadata module (``mda:metadata``).

translate-toolkit writes the XLIFF 2.0 skeleton; the core namespace is the same in 2.1,
so the root says ``version="2.1"``.  It puts notes and ``xml:space`` on ``<segment>``,
where the XLIFF 2 schema does not allow them: they are moved to ``<unit>`` here.
"""
from __future__ import annotations

import io

from ..textio import display_name
from ..types import Alignment
from .tm import facts_note, note, toolkit, units

MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def to_xliff(al: Alignment, t: int = 0) -> str:
    """XLIFF 2.1 of the source with target ``t``."""
    from lxml import etree

    xliff2 = toolkit("xliff2", "xliff")
    src_lang, tgt_lang = al.source.lang, al.targets[t].document.lang
    store = xliff2.Xliff2File(sourcelanguage=src_lang, targetlanguage=tgt_lang)
    root = store.document.getroot()
    root.set("version", "2.1")
    if al.source.path:
        store.body.set("original", display_name(al.source.path))
    for k, u in enumerate(units(al, t), 1):
        unit = xliff2.Xliff2Unit(u.source)
        unit.target = u.target
        unit.setid(f"u{k}")
        segment = unit.xmlelement
        segment.attrib.pop(XML_SPACE, None)
        if u.bead.weak:
            unit.markfuzzy()
            segment.set("subState", "aligner:weak")
        else:
            unit.marktranslated()
        store.addunit(unit)
        element = unit.getunitelement()
        meta = etree.SubElement(etree.SubElement(element, f"{{{MDA}}}metadata", nsmap={"mda": MDA}),
                                f"{{{MDA}}}metaGroup", category="aligner")
        for key, value in (("kind", u.bead.kind), ("score", f"{u.bead.score:.4f}"),
                           ("src", ",".join(map(str, u.bead.src))), ("tgt", ",".join(map(str, u.bead.tgt)))):
            etree.SubElement(meta, f"{{{MDA}}}meta", type=key).text = value
        segment.addprevious(meta.getparent())  # unit: extensions, notes?, segment+
        texts = ([note(u.bead)] if u.bead.weak else []) + ([facts_note(u.bead)] if u.bead.divergences else [])
        if texts:
            notes = etree.Element(store.namespaced("notes"))
            for text in texts:
                etree.SubElement(notes, store.namespaced("note"), category="aligner").text = text
            segment.addprevious(notes)
    out = io.BytesIO()
    store.serialize(out)
    return out.getvalue().decode("utf-8")
