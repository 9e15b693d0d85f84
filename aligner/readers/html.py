"""Saved web pages: the article's headline and paragraphs, extracted with trafilatura.

trafilatura (in the ``formats`` extra) finds the main text and leaves out menus,
cookie notices, share links, "related stories" boxes, comments and footers.  Its
plain-text output has one paragraph (or heading, list item, table row) per line,
which is the layout the segmenter expects of a text file.  The headline is kept:
trafilatura keeps an ``<h1>`` that sits inside the article; when the headline
sits outside it (a page header), the title from the page's metadata (og:title,
the single ``<h1>``, or ``<title>`` without the site name) becomes the first line.

Encoding: UTF-8 or UTF-16 with a BOM as for text files, or the charset the page
declares in a ``<meta>`` tag (looked for in its first 1024 bytes, as browsers do).
Nothing is guessed.
"""
from __future__ import annotations

import codecs
import logging
import re

from ..errors import FORMATS_INSTALL, AlignerError, InputError

# <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
#: an article has at least one line of this many non-space characters (menus, buttons and
#: sign-in forms, which trafilatura's fallback returns for pages without an article, have none)
MIN_PROSE_LINE = 30


def decode_html(data: bytes, name: str) -> str:
    """Decode a page: UTF-8/UTF-16 (BOM) as text files are, else the charset its ``<meta>`` declares."""
    from ..textio import decode

    try:
        return decode(data, name)
    except InputError as err:
        m = _META_CHARSET.search(data[:1024])
        if m is None or b"\x00" in data:
            raise err from None
        label = m.group(1).decode("ascii")
        try:
            codec = codecs.lookup(label)
        except LookupError:
            raise InputError(f"{name}: declares an unknown charset {label!r}") from None
        if codec.name == "utf-8":
            raise err from None
        try:
            return decode(data.decode(codec.name).encode("utf-8"), name)
        except UnicodeDecodeError as e:
            raise InputError(f"{name}: not valid {label} text (byte {e.start}), although the page declares it") from None


def html_text(page: str, name: str) -> str:
    """The article of a web page as text, one paragraph per line; InputError when there is none."""
    try:
        import trafilatura
    except ImportError:
        raise AlignerError(f"{name}: reading web pages needs trafilatura: {FORMATS_INSTALL}") from None
    for logger in ("trafilatura", "htmldate", "courlan"):  # no "discarding data" lines on stderr
        if not logging.getLogger(logger).handlers:
            logging.getLogger(logger).addHandler(logging.NullHandler())
    doc = trafilatura.bare_extraction(
        page, with_metadata=True, include_comments=False, include_tables=True,
        include_images=False, include_links=False, include_formatting=False, deduplicate=False)
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not any(len(_SPACE.sub("", line)) >= MIN_PROSE_LINE for line in body.split("\n")):
        raise InputError(f"{name}: no article text found in this web page "
                         f"(copy the text you want aligned into a .txt file)")
    title = (doc.title or "").strip()
    if title and not _has_headline(doc.body, body, title):
        body = f"{title}\n{body}"
    return body + "\n"


def _has_headline(tree, body: str, title: str) -> bool:
    """True when the extracted article already starts with its ``<h1>`` or with the title."""
    if tree is not None and len(tree) and tree[0].tag == "head" and tree[0].get("rend") == "h1":
        return True
    first = _SPACE.sub(" ", body.split("\n", 1)[0]).casefold()
    return _SPACE.sub(" ", title).casefold() in first
