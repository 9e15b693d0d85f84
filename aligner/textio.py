"""Reading input documents: bytes -> normalised text, or a clear InputError.

Accepted: UTF-8 with or without BOM, UTF-16 with BOM.  CRLF and lone CR become
LF.  Offsets everywhere in aligner refer to the text returned here.
"""
from __future__ import annotations

import codecs
import os
import sys

from .errors import InputError

MAX_BYTES = 200 * 1024 * 1024


def decode(data: bytes, name: str = "<input>") -> str:
    """Decode raw bytes of a document; raise InputError when they are not text."""
    if data.startswith(codecs.BOM_UTF8):
        data, enc = data[3:], "utf-8"
    elif data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        enc = "utf-16"
    else:
        enc = "utf-8"
        if b"\x00" in data:
            raise InputError(f"{name}: looks like a binary file (contains NUL bytes)")
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as e:
        raise InputError(
            f"{name}: not valid {enc.upper()} text (byte {e.start}); convert it to UTF-8, "
            f"e.g. iconv -f cp1252 -t utf-8"
        ) from None
    if enc == "utf-16" and text.startswith("\ufeff"):
        text = text[1:]
    text = normalise_newlines(text)
    if "\x00" in text:
        raise InputError(f"{name}: looks like a binary file (contains NUL characters)")
    if not text.strip():
        raise InputError(f"{name}: is empty or contains only whitespace")
    return text


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: str) -> str:
    """Read and decode a document; ``-`` reads standard input."""
    return decode(read_bytes(path), "<stdin>" if path == "-" else path)


def read_bytes(path: str) -> bytes:
    """The raw bytes of a document (at most :data:`MAX_BYTES`); ``-`` reads standard input."""
    if path == "-":
        return sys.stdin.buffer.read()
    if not os.path.exists(path):
        raise InputError(f"{path}: no such file")
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory, not a file")
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from None
    if len(data) > MAX_BYTES:
        raise InputError(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MB")
    return data


def write_atomic(path: str, data: str) -> None:
    """Write ``data`` to ``path`` via a temporary file and rename: readers never see a partial file."""
    import tempfile

    directory = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".aligner-", suffix=".tmp", dir=directory)
    except OSError as e:
        raise InputError(f"{path}: cannot write ({e.strerror or e})") from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes 0600; outputs get the usual permissions
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise InputError(f"{path}: cannot write ({e.strerror or e})") from None
        raise
