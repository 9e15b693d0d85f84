"""Reading input documents of any supported format: the one entry point for every command.

:func:`read_document` turns a file (a path, ``-`` for standard input, or raw bytes)
into the text that aligner segments, and names the reader it used:

``text``  UTF-8 / UTF-16 text, decoded and newline-normalised by :mod:`aligner.textio`.
``html``  a saved web page: its article (headline and paragraphs, one per line) is
          extracted with trafilatura; menus, cookie notices, share links, related
          stories, comments and footers are left out (:mod:`.html`).
``docx``  a Word document: its paragraphs in order, one per line (:mod:`.docx`).

The format is chosen by content as well as by extension: a ZIP archive is read as
.docx, a file that starts like HTML (WHATWG sniffing) is read as a web page even
when it is called .txt; ``input_format`` overrides detection.  Sentence offsets
always refer to the returned text, never to the file's bytes.
"""
from __future__ import annotations

import os
import re
from typing import NamedTuple, Optional, Union

from ..errors import InputError

#: values accepted for ``input_format`` (the CLI's ``--input-format``)
INPUT_FORMATS = ("auto", "text", "html", "docx")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
DOCX_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm")
#: file suffixes corpus mode picks up besides plain text
DOCUMENT_SUFFIXES = HTML_SUFFIXES + DOCX_SUFFIXES

_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc, and password-protected Office files
# WHATWG MIME sniffing, "HTML" patterns: the first tag after leading whitespace
_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    r"<(?:!doctype\s+html|html|head|body|script|iframe|h1|div|font|table|a|style|title|b|br|p|meta|!--)[\s/>]",
    re.IGNORECASE | re.DOTALL,
)


class Read(NamedTuple):
    """What :func:`read_document` returns: the text offsets refer to, and the reader used."""

    text: str
    reader: str


def read_document(source: Union[str, os.PathLike, bytes], input_format: str = "auto",
                  name: Optional[str] = None) -> Read:
    """Read a document of any supported format; raise :class:`InputError` (one line) if it cannot be.

    ``source`` is a path, ``-`` (standard input) or the file's bytes; ``name`` is used in
    messages (and, for bytes, its extension helps detection).
    """
    from ..textio import read_bytes

    if input_format not in INPUT_FORMATS:
        raise InputError(f"unknown input format {input_format!r} (choose from {', '.join(INPUT_FORMATS)})")
    if isinstance(source, (bytes, bytearray)):
        data, name = bytes(source), name or "<input>"
    else:
        path = os.fspath(source)
        data, name = read_bytes(path), name or ("<stdin>" if path == "-" else path)
    fmt = detect_format(data, name) if input_format == "auto" else input_format
    if fmt == "docx":
        from .docx import docx_text

        return Read(_checked(docx_text(data, name), name), "docx")
    if fmt == "html":
        from .html import decode_html, html_text

        return Read(_checked(html_text(decode_html(data, name), name), name), "html")
    from ..textio import decode

    return Read(decode(data, name), "text")


def detect_format(data: bytes, name: str = "") -> str:
    """``docx``, ``html`` or ``text`` for a file's bytes (and its name's extension)."""
    suffix = os.path.splitext(name)[1].lower()
    if data.startswith(_OLE2):
        raise InputError(f"{name}: a legacy Word .doc (or password-protected Office) file; "
                         f"save it as .docx without a password")
    if data.startswith(_ZIP) or suffix in DOCX_SUFFIXES:
        return "docx"
    if suffix in HTML_SUFFIXES or looks_like_html(data):
        return "html"
    return "text"


def looks_like_html(data: bytes) -> bool:
    """True when the first tag of the file is an HTML one (UTF-8, UTF-16 or an ASCII-compatible encoding)."""
    head = data[:2048]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        prefix = head[2:].decode("utf-16-le" if head[0] == 0xFF else "utf-16-be", "ignore")
    else:
        prefix = head.removeprefix(b"\xef\xbb\xbf").decode("latin-1")
    return _HTML_START.match(prefix) is not None


def _checked(text: str, name: str) -> str:
    from ..textio import normalise_newlines

    text = normalise_newlines(text)
    if not text.strip():
        raise InputError(f"{name}: contains no text")
    return text
