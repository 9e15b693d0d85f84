"""Machine-readable writers: JSON (the exchange contract), TSV and vecalign.

Each writer is a pure function ``Alignment -> str``; none prints or writes files.
Indices are 0-based, as in the JSON contract (:mod:`aligner.jsonio`); the TSV adds
a ``#`` column with the 1-based labels of the diff view.
"""
from __future__ import annotations

import re
from typing import Callable

from ..jsonio import dumps, to_dict
from ..textio import display_name
from ..types import Alignment, Bead

#: ``src``/``tgt`` hold 0-based indices (for programs); ``#`` the 1-based labels people see in the
#: diff view and the HTML report (``S2 S3 T2``), so one file serves both
TSV_COLUMNS = ("target", "kind", "score", "weak", "src", "tgt", "src_text", "tgt_text", "#")

_TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
#: what else some readers take for a line break or a control: C0, DEL, C1, U+2028/2029
_TSV_OTHER = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _tsv_char(m: "re.Match[str]") -> str:
    c = m.group()
    return _TSV_ESCAPES.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")


def to_json(al: Alignment) -> str:
    """The JSON contract, pretty-printed, non-ASCII kept as is; ends with a newline."""
    return dumps(to_dict(al), indent=2) + "\n"


def tsv_escape(text: str) -> str:
    """Backslash-escape what could break a TSV row: ``\\``, ``\\t``, ``\\n``, ``\\r``, and other
    control or line-separator characters as ``\\xNN`` / ``\\uNNNN``."""
    return _TSV_OTHER.sub(_tsv_char, text.replace("\\", "\\\\"))


def _indices(idx: tuple[int, ...]) -> str:
    return ",".join(str(i) for i in idx)


def to_tsv(al: Alignment) -> str:
    """One row per bead, after a header row (:data:`TSV_COLUMNS`).

    ``src``/``tgt`` are comma-separated 0-based indices (empty for added/dropped);
    the texts of a group are joined with a space; ``weak`` is 0 or 1; the last
    column, ``#``, names the same sentences 1-based as people read them (``S2 S3 T2``).
    """
    rows = ["\t".join(TSV_COLUMNS)]
    src = al.source.sentences
    for t, ta in enumerate(al.targets):
        tgt = ta.document.sentences
        for b in ta.beads:
            rows.append("\t".join((
                str(t), b.kind, f"{b.score:.4f}", "1" if b.weak else "0",
                _indices(b.src), _indices(b.tgt),
                tsv_escape(" ".join(src[i].text for i in b.src)),
                tsv_escape(" ".join(tgt[j].text for j in b.tgt)),
                " ".join([*(f"S{i + 1}" for i in b.src), *(f"T{j + 1}" for j in b.tgt)]),
            )))
    return "\n".join(rows) + "\n"


def vecalign_line(b: Bead) -> str:
    """``[i, j]:[k]:0.8100`` (vecalign's list notation; the score is ours, in [0, 1])."""
    return f"[{', '.join(map(str, b.src))}]:[{', '.join(map(str, b.tgt))}]:{b.score:.4f}"


def to_vecalign(al: Alignment) -> str:
    """vecalign lines per target, in bead order; several targets get ``# target N: path`` headers."""
    out: list[str] = []
    several = len(al.targets) > 1
    for t, ta in enumerate(al.targets):
        if several:
            out.append(f"# target {t}: {display_name(ta.document.path or '-')}")
        out.extend(vecalign_line(b) for b in ta.beads)
    return "\n".join(out) + "\n" if out else ""


#: format name -> writer (the CLI's --format choices besides diff and html)
WRITERS: dict[str, Callable[[Alignment], str]] = {
    "json": to_json,
    "tsv": to_tsv,
    "vecalign": to_vecalign,
}
