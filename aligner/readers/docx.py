"""Word .docx documents: the body's paragraphs in order, one per line, as in a text file.

Read with the standard library (zipfile + ElementTree) rather than python-docx:
python-docx needs lxml (~15 MB installed with it) and its ``Paragraph.text`` skips
what a reviewer expects to see: text in tracked insertions, content controls
(``w:sdt``) and simple fields.  Here the main document part is walked in document
order; elements are matched by local name, so Transitional and Strict OOXML both read.

* every ``w:p`` of the body is a line, including paragraphs in table cells and
  content controls; a line break (``w:br``, ``w:cr``) inside a paragraph is a newline;
* kept: text runs, hyperlinks, tracked insertions and moves-to, field results;
* left out: tracked deletions and moves-from, field instructions, text boxes,
  drawings and embedded objects, headers, footers, footnotes and comments (these
  live outside the body or are not part of the running text).
"""
from __future__ import annotations

import io
import posixpath
import zipfile
import xml.etree.ElementTree as ET

from ..errors import InputError

#: elements whose content is not running text of the paragraph they sit in
_SKIP = frozenset({
    "pPr", "rPr", "sectPr", "tblPr", "trPr", "tcPr", "sdtPr", "sdtEndPr", "tblGrid",
    "del", "moveFrom", "delText", "instrText", "delInstrText",
    "drawing", "pict", "object", "AlternateContent", "txbxContent",
    "footnoteReference", "endnoteReference", "commentReference", "annotationRef",
})
_CHARS = {"tab": "\t", "ptab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "\u2011"}
_OFFICE_DOCUMENT = "/officeDocument"


def docx_text(data: bytes, name: str) -> str:
    """The text of a .docx file: one line per paragraph, ending with a newline."""
    from ..textio import MAX_BYTES

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            part = _main_part(z)
            if part is None:
                raise InputError(f"{name}: a ZIP archive, but not a Word .docx document")
            with z.open(part) as fh:
                xml = fh.read(MAX_BYTES + 1)
    except zipfile.BadZipFile:
        raise InputError(f"{name}: not a .docx file (not a valid ZIP archive)") from None
    except (RuntimeError, NotImplementedError, OSError, EOFError) as e:  # encrypted or damaged members
        raise InputError(f"{name}: cannot read this .docx ({e})") from None
    if len(xml) > MAX_BYTES:
        raise InputError(f"{name}: document larger than {MAX_BYTES // (1024 * 1024)} MB")
    if b"<!DOCTYPE" in xml[:4096] or b"<!ENTITY" in xml[:4096]:
        raise InputError(f"{name}: damaged .docx (a document type declaration in its XML)")
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as e:
        raise InputError(f"{name}: damaged .docx ({e})") from None
    body = next((c for c in root if _local(c.tag) == "body"), None)
    if _local(root.tag) != "document" or body is None:
        raise InputError(f"{name}: not a Word .docx document (no document body)")
    lines: list[str] = []
    _blocks(body, lines)
    return "\n".join(lines) + "\n"


def _main_part(z: zipfile.ZipFile) -> str | None:
    """Name of the main document part (from the package relationships; word/document.xml by default)."""
    names = set(z.namelist())
    if "_rels/.rels" in names:
        try:
            rels = ET.fromstring(z.read("_rels/.rels"))
        except ET.ParseError:
            rels = None
        for rel in rels if rels is not None else ():
            if rel.get("Type", "").endswith(_OFFICE_DOCUMENT) and rel.get("TargetMode") != "External":
                target = posixpath.normpath(rel.get("Target", "").lstrip("/"))
                if target in names:
                    return target
    return "word/document.xml" if "word/document.xml" in names else None


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _blocks(el: ET.Element, lines: list[str]) -> None:
    """Append one line per paragraph under ``el`` (tables, content controls, insertions walked into)."""
    for child in el:
        name = _local(child.tag)
        if name == "p":
            lines.append(_paragraph(child))
        elif name not in _SKIP:
            _blocks(child, lines)


def _paragraph(p: ET.Element) -> str:
    out: list[str] = []

    def visit(el: ET.Element) -> None:
        for c in el:
            name = _local(c.tag)
            if name == "t":
                out.append(c.text or "")
            elif name in _CHARS:
                out.append(_CHARS[name])
            elif name not in _SKIP:
                visit(c)

    visit(p)
    return "".join(out)
