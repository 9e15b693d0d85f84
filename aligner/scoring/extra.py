"""Additional scorers fused with the embedding similarity: lexical translation model, MT + chrF.

Each one is a dense raw similarity matrix over 1-1 sentence pairs plus a function
giving the raw similarity of concatenated runs (for m-n beads).  Both are turned
into z-scores against each sentence's row and column background, exactly like
the embedding cosine, so that every scorer speaks on one scale.
"""
from __future__ import annotations

from typing import Callable, Optional, Sequence

import numpy as np

#: above this many 1-1 cells the dense extra scorers are skipped (memory, time)
MAX_CELLS = 4_000_000


class MatrixScorer:
    def __init__(self, name: str, raw: np.ndarray, group_raw: Callable[[str, str], float],
                 src_texts: Sequence[str], tgt_texts: Sequence[str], shrink: float = 4.0, floor: float = 0.01):
        self.name = name
        self.src_texts, self.tgt_texts = list(src_texts), list(tgt_texts)
        self.raw = np.asarray(raw, dtype=np.float64)
        self.group_raw = group_raw
        n, m = self.raw.shape
        g_mu, g_var = float(self.raw.mean()), float(self.raw.var())
        floor2 = floor ** 2

        def stats(x: np.ndarray, axis: int):
            cnt = x.shape[axis]
            mu = (x.sum(axis) + shrink * g_mu) / (cnt + shrink)
            var = ((x ** 2).sum(axis) + shrink * (g_var + g_mu ** 2)) / (cnt + shrink) - mu ** 2
            return mu, np.sqrt(np.maximum(var, floor2))

        self.mu_r, self.sd_r = stats(self.raw, 1)
        self.mu_c, self.sd_c = stats(self.raw, 0)

    def pairs(self, r: np.ndarray, c: np.ndarray) -> np.ndarray:
        x = self.raw[r, c]
        return 0.5 * ((x - self.mu_r[r]) / self.sd_r[r] + (x - self.mu_c[c]) / self.sd_c[c])

    def _z_groups(self, x: np.ndarray, S: np.ndarray, T: np.ndarray) -> np.ndarray:
        return 0.5 * ((x - self.mu_r[S].mean(1)) / self.sd_r[S].mean(1)
                      + (x - self.mu_c[T].mean(1)) / self.sd_c[T].mean(1))

    def group_many(self, S: np.ndarray, T: np.ndarray) -> np.ndarray:
        """z-scores of groups ``S`` (C, a) against ``T`` (C, b), one shape: (C,)."""
        if S.shape[1] == 1 and T.shape[1] == 1:
            return self.pairs(S[:, 0], T[:, 0])
        x = np.array([self.group_raw(" ".join(self.src_texts[i] for i in si), " ".join(self.tgt_texts[j] for j in ti))
                      for si, ti in zip(S.tolist(), T.tolist())])
        return self._z_groups(x, S, T)

    def group_bound(self, S: np.ndarray, T: np.ndarray) -> np.ndarray:
        """An upper bound of :meth:`group_many` (none known for an arbitrary raw similarity)."""
        return np.full(len(S), np.inf)

    def group(self, src_idx: Sequence[int], tgt_idx: Sequence[int]) -> float:
        """z-score of a group of source sentences against a group of target sentences."""
        if len(src_idx) == 1 and len(tgt_idx) == 1:
            return float(self.pairs(np.array(src_idx), np.array(tgt_idx))[0])
        si, ti = list(src_idx), list(tgt_idx)
        x = self.group_raw(" ".join(self.src_texts[i] for i in si), " ".join(self.tgt_texts[j] for j in ti))
        return 0.5 * ((x - self.mu_r[si].mean()) / self.sd_r[si].mean()
                      + (x - self.mu_c[ti].mean()) / self.sd_c[ti].mean())


class LexicalScorer(MatrixScorer):
    """IBM-1 symmetric coverage; groups are scored exactly from per-sentence best links, in bulk."""

    def __init__(self, model, src_texts: Sequence[str], tgt_texts: Sequence[str], fitted: bool = False):
        self.model, self.fitted = model, fitted   # fitted: learned from (or adapted to) this pair
        self.parts = model.coverage_parts(list(src_texts), list(tgt_texts))
        super().__init__(model.name, self.parts.matrix(), model.score, src_texts, tgt_texts)

    def group_many(self, S: np.ndarray, T: np.ndarray) -> np.ndarray:
        if S.shape[1] == 1 and T.shape[1] == 1:
            return self.pairs(S[:, 0], T[:, 0])
        return self._z_groups(self.parts.groups(S, T), S, T)

    def group_bound(self, S: np.ndarray, T: np.ndarray) -> np.ndarray:
        """The largest z-score :meth:`group_many` can give these groups (see :meth:`CoverageParts.group_bound`)."""
        return self._z_groups(self.parts.group_bound(S, T), S, T)

    def group(self, src_idx: Sequence[int], tgt_idx: Sequence[int]) -> float:
        return float(self.group_many(np.array([list(src_idx)]), np.array([list(tgt_idx)]))[0])


def lexical_scorer(src_texts: Sequence[str], tgt_texts: Sequence[str], src_lang: str,
                   tgt_lang: str, model=None) -> Optional[MatrixScorer]:
    """IBM-1 lexical coverage scorer (the bundled table unless ``model`` is given), or None when
    no table covers the language pair."""
    if len(src_texts) * len(tgt_texts) > MAX_CELLS:
        return None
    from .lexical import LexicalModel

    fitted = model is not None
    model = model or LexicalModel.load(src_lang, tgt_lang)
    if model is None:
        return None
    return LexicalScorer(model, src_texts, tgt_texts, fitted=fitted)


def mt_scorer(src_texts: Sequence[str], glosses: Sequence[str], name: str) -> Optional[MatrixScorer]:
    """chrF between source sentences and machine translations (into the source language) of targets."""
    if len(src_texts) * len(glosses) > MAX_CELLS:
        return None
    from .mt import chrf, chrf_matrix

    raw = chrf_matrix(list(glosses), list(src_texts)).T   # (n_src, n_tgt)
    return MatrixScorer(f"chrf:{name}", raw, lambda s, t_gloss: chrf(t_gloss, s), src_texts, glosses)


class Containment:
    """How much of one sentence a group on the other side explains (one-sided lexical coverage).

    A split translation's parts, or a merge's members, are each *contained* in the
    group on the other side even when their symmetric similarity is low; a
    translator's addition is not.  Value: share of the sentence's words with a
    translation link of at least ``threshold`` into the group.
    """

    def __init__(self, src_texts: Sequence[str], tgt_texts: Sequence[str], src_lang: str, tgt_lang: str,
                 threshold: float = 0.05, model=None, parts=None):
        from .lexical import LexicalModel

        self.src_texts, self.tgt_texts = list(src_texts), list(tgt_texts)
        self.model = model or LexicalModel.load(src_lang, tgt_lang)
        self.threshold = threshold
        self.available = self.model is not None
        self._parts = parts

    @property
    def parts(self):
        """Per-sentence best links (:class:`aligner.scoring.lexical.CoverageParts`), built once."""
        if self._parts is None:
            self._parts = self.model.coverage_parts(self.src_texts, self.tgt_texts)
        return self._parts

    @staticmethod
    def _share(best: np.ndarray, rows: Sequence[int], toks: np.ndarray, threshold: float) -> float:
        toks = toks[toks >= 0]
        if len(toks) == 0 or len(rows) == 0:
            return 0.0
        return float((best[np.asarray(rows)][:, toks].max(0) >= threshold).mean())

    def tgt_in_src(self, j: int, src_idx: Sequence[int]) -> float:
        return self._share(self.parts.best_t, src_idx, self.parts.tgt_tok[j], self.threshold)

    def src_in_tgt(self, i: int, tgt_idx: Sequence[int]) -> float:
        return self._share(self.parts.best_s, tgt_idx, self.parts.src_tok[i], self.threshold)
