"""Reading input documents (bytes -> normalised text, or a clear InputError) and writing outputs.

Accepted: UTF-8 with or without BOM, UTF-16 with BOM.  CRLF and lone CR become
LF.  Offsets everywhere in aligner refer to the text returned here.

Outputs are written by :func:`write_atomic`: regular files are replaced
atomically (keeping their mode), devices, FIFOs and ``/dev/stdout`` are written
through; :func:`check_writable` tells before any work whether that will fail.
"""
from __future__ import annotations

import codecs
import os
import re
import stat
import sys
from typing import Optional

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


#: what a name must not carry raw into any output: C0/C1 controls, DEL, bidi embeddings,
#: overrides and isolates, and lone surrogates (undecodable bytes under ``surrogateescape``)
_UNSAFE_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape_char(m: "re.Match[str]") -> str:
    c = ord(m.group())
    if 0xDC80 <= c <= 0xDCFF:      # a byte that was not valid UTF-8 (surrogateescape)
        return f"\\x{c - 0xDC00:02x}"
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def display_name(name: str) -> str:
    """A file name (or message) as every output shows it: undecodable bytes as ``\\xe9``,
    control characters as ``\\x1b``, bidi controls as ``\\u202e``; anything else unchanged.

    File names from the command line are decoded with ``surrogateescape``, so a
    name that is not valid UTF-8 holds lone surrogates that no UTF-8 output can
    encode; this makes them visible instead.  Idempotent.
    """
    return _UNSAFE_IN_NAME.sub(_escape_char, name)


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


# ---- writing ------------------------------------------------------------------------
def _descriptor(path: str) -> Optional[int]:
    """N when ``path`` names this process's descriptor N (``/dev/stdout``, ``/dev/fd/N``,
    ``/proc/self/fd/N``), following symbolic links; else None."""
    p = os.path.abspath(path)
    for _ in range(40):
        parent = os.path.realpath(os.path.dirname(p))
        name = os.path.basename(p)
        if name.isdigit() and (parent == f"/proc/{os.getpid()}/fd" or parent in ("/proc/self/fd", "/dev/fd")):
            return int(name)
        if not os.path.islink(p):
            return None
        p = os.path.normpath(os.path.join(os.path.dirname(p), os.readlink(p)))
    return None


def _target(path: str) -> tuple[str, Optional[os.stat_result]]:
    """(the path to replace or write to, its stat or None if missing), symbolic links followed.

    Raises InputError for what can never be written (a directory, a socket, a link loop).
    """
    try:
        st: Optional[os.stat_result] = os.stat(path)
    except FileNotFoundError:
        st = None   # missing, or a dangling link: created where the link points
    except OSError as e:
        raise InputError(f"{path}: cannot write ({e.strerror or e})") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path}: is a directory")
    if st is not None and stat.S_ISSOCK(st.st_mode):
        raise InputError(f"{path}: is a socket, not a file")
    if st is not None and not stat.S_ISREG(st.st_mode):
        return path, st                  # device, FIFO: written through, never replaced
    return os.path.realpath(path), st    # regular file (or missing): replaced atomically


def check_writable(path: str) -> None:
    """Raise InputError now when ``path`` cannot be written by :func:`write_atomic`.

    Called before any expensive work, so that a bad ``--output`` fails at once
    rather than after the alignment.
    """
    if _descriptor(path) is not None:
        return
    real, st = _target(path)
    if st is not None and not stat.S_ISREG(st.st_mode):
        if not os.access(real, os.W_OK):
            raise InputError(f"{path}: cannot write (permission denied)")
        return
    directory, name = os.path.split(real)
    if not os.path.isdir(directory):
        raise InputError(f"{path}: cannot write (no such directory {directory})")
    if not os.access(directory, os.W_OK | os.X_OK):
        raise InputError(f"{path}: cannot write (directory {directory} is not writable)")
    try:
        limit = os.pathconf(directory, "PC_NAME_MAX")
    except (OSError, ValueError):
        limit = 255
    if len(os.fsencode(name)) > limit:
        raise InputError(f"{path}: cannot write (file name longer than {limit} bytes)")


def write_atomic(path: str, data: str) -> None:
    """Write ``data`` (UTF-8) to ``path`` so that readers never see a partial file.

    A regular file (or a missing path) is replaced by renaming a temporary file
    over it: an interrupted or failed write leaves the old file, or none, and
    the replaced file keeps its permission bits.  A symbolic link is followed
    and its target replaced; the link stays.  Anything else (a device such as
    ``/dev/null``, a FIFO, ``/dev/stdout``) is written through, never replaced.
    """
    fd_no = _descriptor(path)
    if fd_no is not None:
        return _write_through(path, data, fd_no)
    real, st = _target(path)
    if st is not None and not stat.S_ISREG(st.st_mode):
        return _write_through(path, data, None)
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(prefix=".aligner-", suffix=".tmp", dir=os.path.dirname(real))
    except OSError as e:
        raise InputError(f"{path}: cannot write ({e.strerror or e})") from None
    try:
        if st is not None:
            os.fchmod(fd, stat.S_IMODE(st.st_mode))
            if (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
                try:  # root replacing another user's file: keep its owner
                    os.fchown(fd, st.st_uid, st.st_gid)
                except OSError:
                    pass
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes 0600; new outputs get the usual permissions
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(data)
        os.replace(tmp, real)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise InputError(f"{path}: cannot write ({e.strerror or e})") from None
        raise


def _write_through(path: str, data: str, fd_no: Optional[int]) -> None:
    """Write to a device, FIFO or one of our own descriptors in place (no temporary file)."""
    try:
        if fd_no is not None:
            fh = open(fd_no, "w", encoding="utf-8", newline="\n", closefd=False)
        else:
            fh = open(os.open(path, os.O_WRONLY | os.O_TRUNC), "w", encoding="utf-8", newline="\n")
        with fh:
            fh.write(data)
    except OSError as e:
        raise InputError(f"{path}: cannot write ({e.strerror or e})") from None
