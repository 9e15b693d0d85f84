"""Which files are documents, and reading one: the single entry point corpus and batch share.

Only regular files are read (a FIFO or device named ``*.txt`` would block or
never end); hidden files and folders are skipped, and so is any folder that an
aligner run wrote (it holds :data:`OUTPUT_MARKER`), so an output folder inside
the input folder is never read back as input.
"""
from __future__ import annotations

import os
import stat
from functools import lru_cache
from typing import Iterable, Optional

from ..errors import InputError
from ..readers import DOCUMENT_SUFFIXES as READER_SUFFIXES
from ..readers import Read
from ..types import Document

#: file name suffixes read as documents: text, saved web pages, Word (see :mod:`aligner.readers`)
TEXT_SUFFIXES = (".txt", ".text", ".md")
DOCUMENT_SUFFIXES = TEXT_SUFFIXES + READER_SUFFIXES
#: a file every corpus/batch output folder holds; folders with it are not input
OUTPUT_MARKER = ".aligner-output"


def read_document(path: str, input_format: str = "auto") -> Read:
    """Text (and reader) of the document at ``path``: the one place corpus and batch read files.

    Refuses anything but a regular file (or a symbolic link to one) before opening it,
    then reads it as ``aligner align`` does (:func:`aligner.readers.read_document`).
    """
    from ..readers import read_document as read

    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{path}: not a regular file ({_kind(st.st_mode)})")
    return read(path, input_format)


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "a special file"


def is_output_folder(folder: str) -> bool:
    return os.path.exists(os.path.join(folder, OUTPUT_MARKER))


def list_documents(folder: str, exclude: Iterable[str] = ()) -> tuple[list[str], list[tuple[str, str]]]:
    """Sorted paths of the documents under ``folder``, and ``(path, reason)`` of files skipped.

    ``exclude``: folders not to descend into (the run's own output folder).
    Skipped: files with a document suffix that are not regular files.  Hidden
    entries, other suffixes and aligner output folders are passed over silently.
    """
    if not os.path.exists(folder):
        raise InputError(f"{folder}: no such folder")
    if not os.path.isdir(folder):
        raise InputError(f"{folder}: is not a folder")
    skip_real = {os.path.realpath(e) for e in exclude}
    out, skipped = [], []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and os.path.realpath(os.path.join(root, d)) not in skip_real
                         and not is_output_folder(os.path.join(root, d)))
        for f in files:
            if f.startswith(".") or not f.lower().endswith(DOCUMENT_SUFFIXES):
                continue
            path = os.path.join(root, f)
            try:
                mode = os.stat(path).st_mode
            except OSError as e:
                skipped.append((path, f"unreadable: {e.strerror or e}"))
                continue
            if stat.S_ISREG(mode):
                out.append(path)
            else:
                skipped.append((path, f"skipped: not a regular file ({_kind(mode)})"))
    if not out:
        raise InputError(f"{folder}: no documents ({', '.join(DOCUMENT_SUFFIXES)}) found")
    return sorted(out), sorted(skipped)


def load_document(path: str, lang: Optional[str] = None, presegmented: bool = False) -> Document:
    """Read, identify the language of (unless given) and segment one document.

    Memoised per process on the file's identity (path, size, mtime), since corpus
    mode meets each document in several candidate pairs.
    """
    try:
        st = os.stat(path)
        ident = (st.st_size, st.st_mtime_ns, st.st_ino)
    except OSError:
        ident = None
    return _load(path, lang, presegmented, ident)


@lru_cache(maxsize=2048)
def _load(path: str, lang: Optional[str], presegmented: bool, ident) -> Document:
    from ..align.pipeline import make_document

    read = read_document(path)
    doc = make_document(read.text, lang, presegmented, path)
    doc.reader = read.reader
    return doc
