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

from .cache import CachedModel

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

    The n-gram Counters are built once per string; the shared n-gram mass
    ``sum_g min(hyp_i[g], ref_j[g])`` of all pairs is then computed per order
    by joining the (gram, sentence, count) postings of both sides on the gram
    (numpy sort + repeat + bincount, no BLAS), in blocks of hypotheses to bound
    memory on long documents.
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
        match[:, :, n] = _shared_mass([cs[n] for cs in hyp_c], [cs[n] for cs in ref_c])
    return _fscore(tot_h[:, None, :], tot_r[None, :, :], match)


def _postings(counters: list[Counter], gid: dict[str, int], grow: bool):
    g, s, c = [], [], []
    for idx, cnt in enumerate(counters):
        for gram, k in cnt.items():
            x = gid.setdefault(gram, len(gid)) if grow else gid.get(gram)
            if x is not None:
                g.append(x)
                s.append(idx)
                c.append(k)
    return np.array(g, dtype=np.int64), np.array(s, dtype=np.int64), np.array(c, dtype=np.float64)


def _shared_mass(hyp: list[Counter], ref: list[Counter], block_pairs: int = 4_000_000) -> np.ndarray:
    """``M[i, j] = sum_g min(hyp[i][g], ref[j][g])`` -> array (len(hyp), len(ref))."""
    nh, nr = len(hyp), len(ref)
    out = np.zeros(nh * nr, dtype=np.float64)
    gid: dict[str, int] = {}
    r_g, r_s, r_c = _postings(ref, gid, grow=True)
    h_g, h_s, h_c = _postings(hyp, gid, grow=False)
    if len(h_g) == 0 or len(r_g) == 0:
        return out.reshape(nh, nr)
    order = np.argsort(r_g, kind="stable")
    r_g, r_s, r_c = r_g[order], r_s[order], r_c[order]
    per_gram = np.bincount(r_g, minlength=len(gid))
    first = np.cumsum(per_gram) - per_gram
    reps = per_gram[h_g]                          # partners of each hypothesis posting
    # hypothesis postings come grouped by sentence; cut them into blocks of bounded work
    ends = np.cumsum(reps)
    start = 0
    while start < len(h_g):
        stop = int(np.searchsorted(ends, (ends[start - 1] if start else 0) + block_pairs, side="right"))
        stop = max(stop, start + 1)
        rp = reps[start:stop]
        total = int(rp.sum())
        if total:
            hk = np.repeat(np.arange(start, stop), rp)
            offset = np.arange(total) - np.repeat(np.cumsum(rp) - rp, rp)
            rk = np.repeat(first[h_g[start:stop]], rp) + offset
            out += np.bincount(h_s[hk] * nr + r_s[rk], weights=np.minimum(h_c[hk], r_c[rk]),
                               minlength=nh * nr)
        start = stop
    return out.reshape(nh, nr)


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


class CachedTranslator(CachedModel):
    """Base class: translations cached on disk per model and language pair.

    Subclasses set ``name`` and implement ``_translate_uncached``.
    """

    def namespace(self, src_lang: str, tgt_lang: str) -> str:
        return f"mt:{self.name}:{src_lang}-{tgt_lang}"

    def _translate_uncached(self, texts: list[str], src_lang: str,
                            tgt_lang: str) -> list[str]:  # pragma: no cover - abstract
        raise NotImplementedError

    def translate(self, texts: list[str], src_lang: str, tgt_lang: str, batch_size: int = 16) -> list[str]:
        """Translate ``texts`` from ``src_lang`` into ``tgt_lang``; one output per input, in order."""
        texts = list(texts)
        ns = self.namespace(src_lang, tgt_lang)
        done_map = {}
        for t, b in self.cache.get_many(ns, texts).items():
            try:  # a damaged entry is recomputed (and overwritten) like a missing one
                done_map[t] = b.decode("utf-8")
            except UnicodeDecodeError:
                pass
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
