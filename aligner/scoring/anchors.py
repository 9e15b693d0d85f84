"""Language-independent anchors: numbers, names and URLs shared by a sentence pair.

Anchors are normalised so that they compare across languages: ``3.8`` (English)
and ``3,8`` (Indonesian, Vietnamese, German, French) are the same number;
``1,000`` (en) and ``1.000`` (id) too.  Names are capitalised words compared by
their first five letters, so inflected or transliterated spellings
(Zelenskiy / Zelensky / Zelenskyy) still meet.
"""
from __future__ import annotations

import re
import unicodedata

import numpy as np

#: languages that write a decimal comma and a thousands dot
DECIMAL_COMMA = {"id", "vi", "de", "fr", "es", "it", "pt", "nl", "ru", "tr", "pl", "cs", "ro", "da", "sv", "nb", "fi"}

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|id|vn|de|fr|uk|io)\b", re.I)
_NUM = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


def _norm_number(tok: str, lang: str) -> str:
    if lang in DECIMAL_COMMA:
        thousands, decimal = ".", ","
    else:
        thousands, decimal = ",", "."
    parts = tok.split(thousands)
    if len(parts) > 1 and all(len(p) == 3 for p in parts[1:]):
        tok = "".join(parts)
    tok = tok.replace(decimal, ".")
    if tok.count(".") > 1 or "," in tok:
        return tok.replace(",", ".")
    try:
        v = float(tok)
    except ValueError:
        return tok
    return f"{v:g}"


def _strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def extract(text: str, lang: str) -> frozenset[str]:
    """The anchors of one sentence: ``#number``, ``@domain``, ``name`` strings."""
    out: set[str] = set()
    rest = text
    for m in _URL.finditer(text):
        url = m.group(0).lower()
        host = re.sub(r"^(?:https?://)?(?:www\.)?", "", url).split("/")[0]
        out.add("@" + host)
        rest = rest.replace(m.group(0), " ")
    for m in _NUM.finditer(rest):
        tok = m.group(0).rstrip(".,")
        if tok:
            out.add("#" + _norm_number(tok, lang))
    for m in _WORD.finditer(rest):
        w = m.group(0)
        if len(w) >= 3 and w[0].isupper() and not w.isupper() or (w.isupper() and 2 <= len(w) <= 6):
            if m.start() == 0 or w.isupper():
                # sentence-initial capitals are weak evidence; keep acronyms, skip others
                if not w.isupper():
                    continue
            out.add(_strip_accents(w.lower())[:5])
    return frozenset(out)


def anchor_matrix(src: list[frozenset[str]], tgt: list[frozenset[str]]) -> np.ndarray:
    """Dice overlap of anchor sets, (len(src), len(tgt)); 0 where either side has none."""
    n, m = len(src), len(tgt)
    out = np.zeros((n, m), dtype=np.float32)
    if n == 0 or m == 0:
        return out
    vocab: dict[str, int] = {}
    for s in (*src, *tgt):
        for a in s:
            vocab.setdefault(a, len(vocab))
    if not vocab:
        return out
    A = np.zeros((n, len(vocab)), dtype=np.float32)
    B = np.zeros((m, len(vocab)), dtype=np.float32)
    for r, s in enumerate(src):
        A[r, [vocab[a] for a in s]] = 1
    for r, s in enumerate(tgt):
        B[r, [vocab[a] for a in s]] = 1
    inter = A @ B.T
    sizes = A.sum(1)[:, None] + B.sum(1)[None, :]
    np.divide(2 * inter, sizes, out=out, where=sizes > 0)
    return out


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))
