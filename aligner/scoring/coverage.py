"""Lexical coverage of sentences and of sentence groups from per-sentence best links (see
:meth:`aligner.scoring.lexical.LexicalModel.coverage_parts`): the arrays behind the lexical scorer."""
from __future__ import annotations

from typing import Optional

import numpy as np


def best_links(links: np.ndarray, toks: np.ndarray) -> np.ndarray:
    """(len(toks), links.shape[1]): row k is ``links[toks[k]].max(axis=0)`` over sentence k's token ids
    (-1 padded; 0 where a sentence has none).  Rows gathered from a C-contiguous copy (gathering
    columns of the other orientation's matrix is ten times slower)."""
    links = np.ascontiguousarray(links)
    out = np.zeros((len(toks), links.shape[1]), dtype=links.dtype)
    for k, ids in enumerate(toks):
        ids = ids[ids >= 0]
        if len(ids):
            out[k] = links[ids].max(axis=0)
    return out


def token_ids(sents: list[list[str]], vocab: dict[str, int]) -> np.ndarray:
    """Token ids per sentence, padded with -1: (n, longest sentence)."""
    longest = max((len(ws) for ws in sents), default=0)
    out = np.full((len(sents), max(1, longest)), -1, dtype=np.int64)
    for k, ws in enumerate(sents):
        out[k, :len(ws)] = [vocab[w] for w in ws]
    return out


class CoverageParts:
    """Best link of every target word from each source sentence (``best_t``, (n, |T|)) and of every
    source word from each target sentence (``best_s``, (m, |S|)), with each sentence's token ids.

    The symmetric coverage of a *group* of source sentences with a group of target sentences (the
    lexical score of the two concatenations, :meth:`LexicalModel.score`) is the mean over the target
    group's tokens of their best link from any source member, averaged with the converse.
    """

    def __init__(self, best_t: np.ndarray, best_s: np.ndarray, src_tok: np.ndarray, tgt_tok: np.ndarray):
        self.best_t, self.best_s, self.src_tok, self.tgt_tok = best_t, best_s, src_tok, tgt_tok
        self._cov: Optional[tuple[np.ndarray, np.ndarray]] = None   # the 1-1 coverages, once matrix() ran

    def matrix(self) -> np.ndarray:
        """Scores of every source against every target sentence, (n, m) (``score_matrix(idf=False)``)."""
        n, m = len(self.src_tok), len(self.tgt_tok)
        out = np.zeros((n, m))
        if n == 0 or m == 0:
            return out
        cov_t = _mean_over_tokens(self.best_t, self.tgt_tok)            # (n, m)
        cov_s = _mean_over_tokens(self.best_s, self.src_tok).T          # (n, m)
        self._cov = (cov_t, cov_s)
        empty = (self.src_tok[:, 0] < 0)[:, None] | (self.tgt_tok[:, 0] < 0)[None, :]
        out = 0.5 * (cov_t + cov_s)
        out[empty] = 0.0
        return np.clip(out, 0.0, 1.0)

    def group_bound(self, S: np.ndarray, T: np.ndarray, slack: float = 1e-4) -> np.ndarray:
        """An upper bound of :meth:`groups` (C,) from the 1-1 coverages alone: a token's best link from a
        group is at most the sum of its links from the members, so the group's coverage of the other side's
        tokens is at most the token-weighted sum of its members' 1-1 coverages (capped at 1; ``slack``
        absorbs the float32 rounding of the 1-1 means)."""
        if self._cov is None:
            self.matrix()
        cov_t, cov_s = self._cov
        nt, ns = (self.tgt_tok >= 0).sum(1).astype(np.float64), (self.src_tok >= 0).sum(1).astype(np.float64)
        a, b = S.shape[1], T.shape[1]
        rr, cc = np.repeat(S, b, axis=1), np.tile(T, (1, a))                   # (C, a * b) cells
        tot_t, tot_s = nt[T].sum(1), ns[S].sum(1)
        with np.errstate(invalid="ignore", divide="ignore"):
            bt = (cov_t[rr, cc] * nt[cc]).sum(1) / tot_t
            bs = (cov_s[rr, cc] * ns[rr]).sum(1) / tot_s
        bt = np.where(tot_t > 0, np.minimum(bt + slack, 1.0), 1.0)
        bs = np.where(tot_s > 0, np.minimum(bs + slack, 1.0), 1.0)
        return 0.5 * (bt + bs)

    def groups(self, S: np.ndarray, T: np.ndarray, budget: int = 1 << 24) -> np.ndarray:
        """Scores of source groups ``S`` (C, a) with target groups ``T`` (C, b): (C,)."""
        C = len(S)
        out = np.zeros(C)
        if C == 0:
            return out
        cost = max(1, S.shape[1] * T.shape[1] * max(self.src_tok.shape[1], self.tgt_tok.shape[1]))
        step = max(64, budget // cost)
        for c0 in range(0, C, step):
            s, t = S[c0:c0 + step], T[c0:c0 + step]
            ct = _group_cov(self.best_t, s, self.tgt_tok[t].reshape(len(t), -1))
            cs = _group_cov(self.best_s, t, self.src_tok[s].reshape(len(s), -1))
            out[c0:c0 + len(s)] = np.where(np.isnan(ct) | np.isnan(cs), 0.0,
                                           0.5 * (np.nan_to_num(ct) + np.nan_to_num(cs)))
        return np.clip(out, 0.0, 1.0)


def _mean_over_tokens(best: np.ndarray, toks: np.ndarray) -> np.ndarray:
    """(rows, len(toks)): mean of ``best[row, token]`` over each sentence's tokens (0 if none)."""
    valid = toks >= 0
    cnt = valid.sum(1)
    bag = np.zeros((len(toks), best.shape[1]), dtype=np.float32)
    rr = np.repeat(np.arange(len(toks)), toks.shape[1])[valid.ravel()]
    np.add.at(bag, (rr, toks[valid]), 1.0)
    bag /= np.maximum(cnt, 1)[:, None]
    return best @ bag.T


def _group_cov(best: np.ndarray, rows: np.ndarray, toks: np.ndarray) -> np.ndarray:
    """For each group: mean over ``toks`` (C, L, -1 padded) of the max over ``rows`` (C, a) of best; NaN if no token."""
    valid = toks >= 0
    vals = best[rows[:, :, None], np.maximum(toks, 0)[:, None, :]].max(1)   # (C, L)
    cnt = valid.sum(1)
    tot = np.where(valid, vals, 0.0).sum(1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(cnt > 0, tot / cnt, np.nan)
