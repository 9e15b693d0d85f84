"""Machine-translation similarity: a Translator protocol, a disk-cached base, and chrF.

A translator turns target sentences into the source language (or the reverse);
the translations are then compared with the other side by chrF, a character
n-gram F-score that needs no tokeniser and copes with names and numbers.

``chrf`` and ``chrf_matrix`` follow sacrebleu's sentence chrF (character orders
1..6, no word n-grams, beta = 2, whitespace removed) but return values in [0, 1]
instead of sacrebleu's 0..100.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable, Mapping, Optional, Protocol, Sequence, runtime_checkable

import numpy as np

from .cache import DiskCache, shared_cache

CHAR_ORDER = 6
BETA = 2.0


# --------------------------------------------------------------------------- chrF

def _ngram_counts(text: str, order: int = CHAR_ORDER) -> list[Counter]:
    """Character n-gram Counters for n = 1..order, whitespace removed (as sacrebleu)."""
    s = "".join(text.split())
    return [Counter(s[i:i + n] for i in range(len(s) - n + 1)) for n in range(1, order + 1)]


def _fscore(n_hyp: np.ndarray, n_ref: np.ndarray, n_match: np.ndarray, beta: float = BETA) -> np.ndarray:
    """sacrebleu's chrF from per-order statistics; arrays (..., order) -> (...,) in [0, 1].

    Precision and recall are averaged over the *effective* orders (those where
    both hypothesis and reference have n-grams), then combined into F-beta.
    """
    eps = 1e-16
    n_hyp = np.asarray(n_hyp, dtype=np.float64)
    n_ref = np.asarray(n_ref, dtype=np.float64)
    n_match = np.asarray(n_match, dtype=np.float64)
    prec = np.where(n_hyp > 0, n_match / np.maximum(n_hyp, 1), eps)
    rec = np.where(n_ref > 0, n_match / np.maximum(n_ref, 1), eps)
    eff = ((n_hyp > 0) & (n_ref > 0)).sum(axis=-1)
    safe = np.maximum(eff, 1)
    avg_p = np.where(eff > 0, prec.sum(axis=-1) / safe, 0.0)
    avg_r = np.where(eff > 0, rec.sum(axis=-1) / safe, 0.0)
    f2 = beta * beta
    denom = f2 * avg_p + avg_r
    return np.where(denom > 0, (1 + f2) * avg_p * avg_r / np.where(denom > 0, denom, 1.0), 0.0)


def chrf(hyp: str, ref: str) -> float:
    """Sentence chrF of ``hyp`` against ``ref`` in [0, 1] (sacrebleu chrF / 100)."""
    h, r = _ngram_counts(hyp), _ngram_counts(ref)
    n_hyp = [sum(c.values()) for c in h]
    n_ref = [sum(c.values()) for c in r]
    n_match = [sum((a & b).values()) for a, b in zip(h, r)]
    return float(_fscore(np.array(n_hyp), np.array(n_ref), np.array(n_match)))


def chrf_matrix(hyps: Sequence[str], refs: Sequence[str],
                pairs: Optional[Iterable[tuple[int, int]]] = None) -> np.ndarray:
    """chrF of every hypothesis against every reference -> array (len(hyps), len(refs)).

    ``M[i, j] == chrf(hyps[i], refs[j])``.  With ``pairs`` (an iterable of
    ``(i, j)``), only those cells are computed and the others are 0.0 (for a
    banded search over long documents).

    The full matrix is computed as a few matrix products: ``sum_g min(a_g, b_g)``
    equals the dot product of the "unary" expansions of the two count vectors
    (one column per n-gram g and threshold t <= count, set when count >= t), so
    the shared n-gram mass of all pairs is ``A @ B.T`` per order.
    """
    hyp_c = [_ngram_counts(t) for t in hyps]
    ref_c = [_ngram_counts(t) for t in refs]
    nh, nr = len(hyps), len(refs)
    out = np.zeros((nh, nr), dtype=np.float64)
    if nh == 0 or nr == 0:
        return out
    tot_h = np.array([[sum(c.values()) for c in cs] for cs in hyp_c], dtype=np.float64)
    tot_r = np.array([[sum(c.values()) for c in cs] for cs in ref_c], dtype=np.float64)
    if pairs is not None:
        pairs = list(pairs)
        if not pairs:
            return out
        ii = np.array([p[0] for p in pairs])
        jj = np.array([p[1] for p in pairs])
        match = np.array([[sum((a & b).values()) for a, b in zip(hyp_c[i], ref_c[j])] for i, j in pairs],
                         dtype=np.float64)
        out[ii, jj] = _fscore(tot_h[ii], tot_r[jj], match)
        return out
    match = np.zeros((nh, nr, CHAR_ORDER), dtype=np.float64)
    for n in range(CHAR_ORDER):
        shared = set()
        ref_grams = set()
        for cs in ref_c:
            ref_grams.update(cs[n])
        for cs in hyp_c:
            shared.update(g for g in cs[n] if g in ref_grams)
        if not shared:
            continue
        # column index of (gram, threshold t) for t = 1..max count over both sides
        maxc: dict[str, int] = {}
        for cs in (*hyp_c, *ref_c):
            for g, k in cs[n].items():
                if g in shared and k > maxc.get(g, 0):
                    maxc[g] = k
        base: dict[str, int] = {}
        ncol = 0
        for g, k in maxc.items():
            base[g] = ncol
            ncol += k
        a = _unary(hyp_c, n, base, ncol)
        b = _unary(ref_c, n, base, ncol)
        match[:, :, n] = a @ b.T
    return _fscore(tot_h[:, None, :], tot_r[None, :, :], match)


def _unary(counts: list[list[Counter]], n: int, base: Mapping[str, int], ncol: int) -> np.ndarray:
    mat = np.zeros((len(counts), ncol), dtype=np.float32)
    for row, cs in enumerate(counts):
        cols = [base[g] + t for g, k in cs[n].items() if g in base for t in range(k)]
        if cols:
            mat[row, cols] = 1.0
    return mat


# --------------------------------------------------------------------------- translators

@runtime_checkable
class Translator(Protocol):
    """Anything that translates a batch of sentences between two languages.

    ``name`` identifies the model (it keys the disk cache and goes into the
    alignment signature); language codes are ISO 639-1 (``en``, ``id``, ``vi``).
    """

    name: str

    def translate(self, texts: list[str], src_lang: str, tgt_lang: str) -> list[str]:
        ...


class CachedTranslator:
    """Base class: translations cached on disk per model and language pair.

    Subclasses set ``name`` and implement ``_translate_uncached``.
    """

    name = "base"
    #: callback(n_done, n_total) for progress reporting, set by the caller (CLI)
    progress = None

    def __init__(self, cache: DiskCache | None = None):
        self._cache = cache

    @property
    def cache(self) -> DiskCache:
        if self._cache is None:
            self._cache = shared_cache()
        return self._cache

    def namespace(self, src_lang: str, tgt_lang: str) -> str:
        return f"mt:{self.name}:{src_lang}-{tgt_lang}"

    def _translate_uncached(self, texts: list[str], src_lang: str,
                            tgt_lang: str) -> list[str]:  # pragma: no cover - abstract
        raise NotImplementedError

    def translate(self, texts: list[str], src_lang: str, tgt_lang: str, batch_size: int = 16) -> list[str]:
        """Translate ``texts`` from ``src_lang`` into ``tgt_lang``; one output per input, in order."""
        texts = list(texts)
        ns = self.namespace(src_lang, tgt_lang)
        done_map = {t: b.decode("utf-8") for t, b in self.cache.get_many(ns, texts).items()}
        todo = [t for t in dict.fromkeys(texts) if t not in done_map and t.strip()]
        for t in texts:
            if not t.strip():
                done_map[t] = ""
        n_done = 0
        for i in range(0, len(todo), batch_size):
            chunk = todo[i:i + batch_size]
            out = self._translate_uncached(chunk, src_lang, tgt_lang)
            if len(out) != len(chunk):
                raise RuntimeError(f"{self.name} returned {len(out)} translations for {len(chunk)} inputs")
            new = dict(zip(chunk, out))
            done_map.update(new)
            self.cache.put_many(ns, {k: v.encode("utf-8") for k, v in new.items()})
            n_done += len(chunk)
            if self.progress is not None:
                self.progress(n_done, len(todo))
        return [done_map[t] for t in texts]


_WORD = re.compile(r"[\w\u0300-\u036f]+|[^\w\s]", re.UNICODE)


class DictTranslator:
    """Deterministic word-by-word translation through a dictionary (tests, lexical glue).

    ``table`` maps ``(src_lang, tgt_lang)`` to a dict of lowercased word ->
    translation.  Words without an entry are copied as they are (names and
    numbers usually survive translation unchanged); punctuation is kept.
    """

    def __init__(self, table: Mapping[tuple[str, str], Mapping[str, str]], name: str = "dict"):
        self.table = {k: dict(v) for k, v in table.items()}
        self.name = name

    def translate(self, texts: list[str], src_lang: str, tgt_lang: str) -> list[str]:
        lookup = self.table.get((src_lang, tgt_lang), {})
        out = []
        for text in texts:
            words = []
            for tok in _WORD.findall(text):
                tr = lookup.get(tok.lower())
                words.append(tok if tr is None else tr)
            out.append(" ".join(w for w in words if w))
        return out
