"""Fused similarity of sentence groups, and the gain tables the search consumes.

One scale for every scorer (hunalign's "one matrix, many scorers"): the
similarity ``s`` of a source group and a target group is

    s = z(embedding cosine)            # cosine normalised against both sentences' neighbours
      + w_len * length_agreement       # -|log(len_t / (ratio * len_s))|, smoothed
      + w_anchor * anchor_dice         # shared numbers, names, URLs
      + w_lex * z(lexical coverage)    # IBM-1 table, where one covers the language pair
      + w_mt * z(chrF of MT output)    # optional, with a translator
      - heading penalty                # a heading line paired with a body sentence

and a bead covering ``a`` source and ``b`` target sentences gains
``(a + b) / 2 * (s - threshold) - merge_cost * (a + b - 2) - mn_cost * [a > 1 and b > 1]``
where ``threshold = skip + skip_per_weight * (sum of extra scorers' weights)``;
leaving a sentence unaligned gains 0.  Raw e5 cosines of unrelated sentences sit
at 0.72-0.82 and of true pairs at 0.84-0.91, so the z-normalisation is what makes
one fixed threshold work across documents.

The defaults were tuned on perturbed NTREX dev documents (``scripts/tune.py``),
checked on perturbed FLORES and Text+Berg dev, never on the seeds alone.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np

from ..align.band import Band, band_cosines
from ..progress import NO_PROGRESS, Progress, model_stage
from . import anchors as anchors_mod
from . import calibration, groups
from .params import Params  # noqa: F401  (re-exported: aligner.scoring.pairs.Params)


@dataclass
class Side:
    """One document's sentences as the scorer sees them."""

    texts: list[str]
    lang: str
    headings: np.ndarray                 # (n,) bool
    emb: np.ndarray                      # (n, d) float32, L2-normalised
    lengths: np.ndarray = field(init=False)
    anchors: list = field(init=False)

    def __post_init__(self) -> None:
        self.lengths = np.array([len(t) for t in self.texts], dtype=np.float64)
        self.anchors = [anchors_mod.extract(t, self.lang) for t in self.texts]


def _group_stats(vals: np.ndarray, cnt: np.ndarray, sq: np.ndarray, g_mu: float, g_var: float,
                 shrink: float, floor: float) -> tuple[np.ndarray, np.ndarray]:
    mu = (vals + shrink * g_mu) / (cnt + shrink)
    var = (sq + shrink * (g_var + g_mu ** 2)) / (cnt + shrink) - mu ** 2
    return mu, np.sqrt(np.maximum(var, floor ** 2))


def _not_best(group: np.ndarray, vals: np.ndarray, size: int, singles: bool = False) -> np.ndarray:
    """Mask of entries that are not the maximum of their group: every group of two or more entries
    loses its maximum, and with ``singles`` a group of one loses its only entry too (its statistics
    are then the document's and the embedder's background)."""
    cnt = np.bincount(group, minlength=size)
    drop = (cnt >= 2) | ((cnt == 1) & singles)
    if not drop.any():
        return np.ones(len(vals), bool)
    best = np.full(size, -np.inf)
    np.maximum.at(best, group, vals)
    # drop only one maximum per group
    first = np.zeros(len(vals), dtype=bool)
    idx = np.flatnonzero(vals >= best[group])
    _, pos = np.unique(group[idx], return_index=True)
    first[idx[pos]] = True
    return ~(first & drop[group])


class PairScorer:
    """Scores groups of source and target sentences of one document pair.

    ``embed`` embeds extra texts (concatenated sentence runs) on demand.
    ``extra`` are optional additional similarity matrices (n, m) — MT chrF or
    lexical scores — already on a comparable scale (see :meth:`add_extra`).
    """

    def __init__(self, src: Side, tgt: Side, params: Params,
                 embed: Callable[[list[str]], np.ndarray], band: Band,
                 background: Optional[tuple[float, float]] = None):
        self.src, self.tgt, self.p, self.embed, self.band = src, tgt, params, embed, band
        #: the embedder's (mean, sd) cosine for unrelated sentences (see :mod:`aligner.scoring.prior`)
        self.background = background
        n, m = len(src.texts), len(tgt.texts)
        self.n, self.m = n, m
        tot_s, tot_t = src.lengths.sum(), tgt.lengths.sum()
        self.ratio = float(tot_t / tot_s) if tot_s > 0 and tot_t > 0 else 1.0
        self._extra: list = []
        self._kinds: list[str] = []
        self._w = calibration.weight_vector()
        self.span_cache: dict[tuple[str, int, int], np.ndarray] = {}
        self._anchor_inc: Optional[tuple] = None
        self._anchor_runs: dict = {}
        self._stats()

    # ---- background statistics of the 1-1 cosine over the band -------------
    def _stats(self) -> None:
        n, m, p = self.n, self.m, self.p
        self.cos_band = band_cosines(self.src.emb, self.tgt.emb, self.band)
        if n == 0 or m == 0:
            self.mu_r = np.zeros(n); self.sd_r = np.ones(n); self.mu_c = np.zeros(m); self.sd_c = np.ones(m)
            return
        ii, kk = np.nonzero(~np.isnan(self.cos_band))
        r, c = ii - 1, self.band.lo[ii] + kk - 1
        cos = self.cos_band[ii, kk].astype(np.float64)
        # background = each sentence's cosines with the sentences that are NOT its best candidate
        # (that one is likely its translation); a sentence with a single candidate keeps it
        # in a short text a sentence's best candidate is most of its background: leave it out
        tiny = min(n, m) < p.small_doc
        everywhere = np.ones(len(r), bool)
        keep_r = _not_best(r, cos, n, singles=tiny) if p.exclude_best or tiny else everywhere
        keep_c = _not_best(c, cos, m, singles=tiny) if p.exclude_best or tiny else everywhere
        bg = keep_r & keep_c
        cb = cos[bg] if bg.any() else cos
        g_mu, g_var = float(cb.mean()), float(cb.var())
        if self.background is not None and p.prior_weight > 0:
            # blend with the embedder's own background: what decides for short documents
            mu0, sd0 = self.background
            w0, w = p.prior_weight, float(len(cb))
            mu = (w * g_mu + w0 * mu0) / (w + w0)
            g_var = (w * (g_var + (g_mu - mu) ** 2) + w0 * (sd0 ** 2 + (mu0 - mu) ** 2)) / (w + w0)
            g_mu = mu
        cr, cc = cos[keep_r], cos[keep_c]
        self.mu_r, self.sd_r = _group_stats(np.bincount(r[keep_r], cr, n), np.bincount(r[keep_r], None, n),
                                            np.bincount(r[keep_r], cr ** 2, n), g_mu, g_var, p.shrink, p.sigma_floor)
        self.mu_c, self.sd_c = _group_stats(np.bincount(c[keep_c], cc, m), np.bincount(c[keep_c], None, m),
                                            np.bincount(c[keep_c], cc ** 2, m), g_mu, g_var, p.shrink, p.sigma_floor)

    @property
    def threshold(self) -> float:
        """The skip threshold on this scorer's scale (extra scorers raise true pairs' s); 0 for log-odds."""
        if self.p.calibrated:
            return 0.0
        return self.p.skip + self.p.skip_per_weight * sum(w for _, w in self._extra)

    def unit(self, s: float) -> float:
        """A similarity as a score in [0, 1]: the probability when calibrated (0.5 at the threshold)."""
        if self.p.calibrated:
            return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, s))))
        return to_unit(s, self.threshold)

    @property
    def move_threshold(self) -> float:
        return self.p.move_logit if self.p.calibrated else self.p.move_threshold

    @property
    def steal_margin(self) -> float:
        return self.p.steal_logit if self.p.calibrated else self.p.steal_margin

    def is_weak(self, score: float) -> bool:
        return score < (self.p.weak_p if self.p.calibrated else self.p.weak_threshold)

    def add_extra(self, scorer, weight: float, kind: str = "lex") -> None:
        """Fuse another scorer (see :mod:`aligner.scoring.extra`): ``pairs(r, c)`` and
        ``group_many(S, T)`` z-scores; ``kind`` is ``lex`` (a lexical model) or ``mt``."""
        self._extra.append((scorer, weight))
        self._kinds.append(kind)

    # ---- similarities ---------------------------------------------------------
    def z11(self, r: np.ndarray, c: np.ndarray, cos: Optional[np.ndarray] = None) -> np.ndarray:
        """z-normalised embedding cosine of 1-1 pairs (r[k], c[k]); ``cos`` if already known."""
        if cos is None:
            cos = np.einsum("ij,ij->i", self.src.emb[r], self.tgt.emb[c])
        cos = np.asarray(cos, dtype=np.float64)
        return 0.5 * ((cos - self.mu_r[r]) / self.sd_r[r] + (cos - self.mu_c[c]) / self.sd_c[c])

    def zp(self, cos: np.ndarray) -> np.ndarray:
        """Cosines as z-scores against the embedder's prior background alone."""
        if self.background is None:
            return np.zeros(np.shape(cos))
        mu0, sd0 = self.background
        return (np.asarray(cos, dtype=np.float64) - mu0) / max(sd0, self.p.sigma_floor)

    def _length_term(self, ls: np.ndarray, lt: np.ndarray) -> np.ndarray:
        k = self.p.len_smooth
        return -np.abs(np.log((lt + k) / (self.ratio * ls + k)))

    def _span_emb(self, side: str, idx: tuple[int, ...], approx: bool = False) -> np.ndarray:
        """Embedding of the sentences ``idx`` of one side read together (a run, or a gapped group)."""
        s = self.src if side == "s" else self.tgt
        if len(idx) == 1:
            return s.emb[idx[0]]
        key = (side + ("~" if approx else ""), idx)
        if key not in self.span_cache:
            if approx:
                sel = list(idx)
                v = (s.emb[sel] * np.sqrt(s.lengths[sel])[:, None]).sum(0)
                self.span_cache[key] = v / max(float(np.linalg.norm(v)), 1e-12)
            else:
                self.span_cache[key] = self.embed([" ".join(s.texts[i] for i in idx)])[0]
        return self.span_cache[key]

    def prefetch_spans(self, spans: list[tuple[str, tuple[int, ...]]], progress: Progress = NO_PROGRESS,
                       stage: str = "embedding merge candidates") -> None:
        """Embed many multi-sentence groups in one batch (one progress ``stage``)."""
        todo = sorted({sp for sp in spans if sp not in self.span_cache and len(sp[1]) > 1})
        if not todo:
            return
        texts = [" ".join((self.src if sd == "s" else self.tgt).texts[i] for i in idx) for sd, idx in todo]
        with model_stage(progress, getattr(self.embed, "__self__", None), stage, len(texts), "runs"):
            vecs = self.embed(texts)
        for sp, v in zip(todo, vecs):
            self.span_cache[sp] = v

    def _span_stats(self, side: str, idx: tuple[int, ...], vec: np.ndarray) -> tuple[float, float]:
        """Background (mean, sd) of a group's cosine with the other side's sentences in the band.

        For a single sentence this is the row/column statistic used by :meth:`z11`;
        for a group it is recomputed, because longer texts have higher cosines
        with everything.
        """
        if len(idx) == 1:
            i = idx[0]
            return ((float(self.mu_r[i]), float(self.sd_r[i])) if side == "s"
                    else (float(self.mu_c[i]), float(self.sd_c[i])))
        b = self.band
        start = idx[0]
        if side == "s":
            lo = int(b.lo[start + 1])
            other = self.tgt.emb[max(0, lo - 1):min(self.m, lo - 1 + b.width)]
        else:
            rows = np.nonzero((b.lo <= start + 1) & (b.lo + b.width > start + 1))[0]
            other = self.src.emb[max(0, rows.min() - 1):rows.max()] if len(rows) else self.src.emb
        cos = other @ vec
        p = self.p
        if len(cos) > 1 and p.exclude_best:  # as for single sentences: the best candidate is not background
            cos = np.delete(cos, int(cos.argmax()))
        g_mu, g_var = (float(self.mu_r.mean()), float((self.sd_r ** 2).mean())) if side == "s" else \
            (float(self.mu_c.mean()), float((self.sd_c ** 2).mean()))
        mu, sd = _group_stats(np.array([cos.sum()]), np.array([len(cos)]), np.array([(cos ** 2).sum()]),
                              g_mu, g_var, p.shrink, p.sigma_floor)
        return float(mu[0]), float(sd[0])

    def _group_cz(self, src_idx: tuple[int, ...], tgt_idx: tuple[int, ...]) -> tuple[float, float]:
        """Cosine and z-normalised cosine of two groups' embeddings (each against its own background)."""
        es = self._span_emb("s", src_idx)
        et = self._span_emb("t", tgt_idx)
        cos = float(es @ et)
        mu_s, sd_s = self._span_stats("s", src_idx, es)
        mu_t, sd_t = self._span_stats("t", tgt_idx, et)
        return cos, 0.5 * ((cos - mu_s) / sd_s + (cos - mu_t) / sd_t)

    def group_sim(self, src_idx: tuple[int, ...], tgt_idx: tuple[int, ...], approx: bool = False) -> float:
        """Fused similarity ``s`` of a group of source and a group of target sentences (sorted indices)."""
        return float(self.sims_many(np.array([list(src_idx)]), np.array([list(tgt_idx)]), approx)[0])

    def member_z(self, src_idx: tuple[int, ...], tgt_idx: tuple[int, ...]) -> float:
        """The weakest member's best 1-1 z-score with the other side of the group."""
        r = np.repeat(src_idx, len(tgt_idx))
        c = np.tile(tgt_idx, len(src_idx))
        z = self.z11(r, c).reshape(len(src_idx), len(tgt_idx))
        return float(min(z.max(1).min(), z.max(0).min()))

    def gain(self, src_idx: tuple[int, ...], tgt_idx: tuple[int, ...], sim: Optional[float] = None) -> float:
        """Gain of a bead (what the search maximises); 0 for an unaligned sentence."""
        a, b = len(src_idx), len(tgt_idx)
        if a == 0 or b == 0:
            return 0.0
        sim = self.group_sim(src_idx, tgt_idx) if sim is None else sim
        return float(self._to_gain(np.array([sim]), a, b)[0])

    def _to_gain(self, sims: np.ndarray, a: int, b: int) -> np.ndarray:
        if self.p.calibrated:
            return sims
        p = self.p
        return ((a + b) / 2 * (sims - self.threshold) - p.merge_cost * (a + b - 2) - p.mn_cost * (a > 1 and b > 1)
                - p.big_cost * max(0, a + b - 4))

    def _dice(self, r: np.ndarray, c: np.ndarray) -> np.ndarray:
        """Anchor Dice of 1-1 pairs (r[k], c[k]).  The pairs of sentences sharing an anchor are listed
        once per document pair (anchor by anchor), so memory follows the shared anchors, not n x m."""
        if self._anchor_inc is None:
            m = max(self.m, 1)
            by_s: dict = {}
            by_t: dict = {}
            for by, side in ((by_s, self.src.anchors), (by_t, self.tgt.anchors)):
                for row, anchors in enumerate(side):
                    for x in anchors:
                        by.setdefault(x, []).append(row)
            keys = [(np.array(by_s[x], np.int64)[:, None] * m + np.array(by_t[x], np.int64)[None, :]).ravel()
                    for x in by_s.keys() & by_t.keys()]
            uniq, cnt = (np.unique(np.concatenate(keys), return_counts=True) if keys
                         else (np.zeros(0, np.int64), np.zeros(0, np.int64)))
            self._anchor_inc = (uniq, cnt.astype(np.float32), np.array([len(a) for a in self.src.anchors], np.float32),
                                np.array([len(a) for a in self.tgt.anchors], np.float32))
        uniq, cnt, la, lb = self._anchor_inc
        r, c = np.asarray(r, np.int64), np.asarray(c, np.int64)
        inter = np.zeros(len(r), np.float32)
        if len(uniq):
            q = r * max(self.m, 1) + c
            pos = np.minimum(np.searchsorted(uniq, q), len(uniq) - 1)
            hit = uniq[pos] == q
            inter[hit] = cnt[pos[hit]]
        size = la[r] + lb[c]
        return np.where(size > 0, 2 * inter / np.maximum(size, 1), 0.0).astype(np.float32)

    def _group_dice(self, S: np.ndarray, T: np.ndarray) -> np.ndarray:
        """Anchor Dice of groups ``S`` (C, a) with ``T`` (C, b): the union of each run's anchors.  Only
        groups with a 1-1 cell that shares an anchor can score above 0; only those build sets."""
        C = len(S)
        hit = np.flatnonzero(self._shares_anchor(S, T))
        out = np.zeros(C)
        for k, si, ti in zip(hit.tolist(), S[hit].tolist(), T[hit].tolist()):
            out[k] = anchors_mod.dice(self._run_anchors("s", tuple(si)), self._run_anchors("t", tuple(ti)))
        return out

    def _shares_anchor(self, S: np.ndarray, T: np.ndarray) -> np.ndarray:
        """Whether some 1-1 cell of each group shares an anchor (C,): else the group's anchor Dice is 0."""
        C, a = S.shape
        b = T.shape[1]
        rr = np.repeat(S, b, axis=1).ravel()
        cc = np.tile(T, (1, a)).ravel()
        return (self._dice(rr, cc).reshape(C, a * b) > 0).any(1)

    def _run_anchors(self, side: str, idx: tuple[int, ...]) -> frozenset:
        key = (side, idx)
        got = self._anchor_runs.get(key)
        if got is None:
            doc = self.src if side == "s" else self.tgt
            got = self._anchor_runs[key] = frozenset().union(*(doc.anchors[i] for i in idx))
        return got

    # ---- features and fused similarities ----------------------------------------
    def _extras(self, kind: str):
        return [(x, w) for (x, w), k in zip(self._extra, self._kinds) if k == kind]

    def features11(self, r: np.ndarray, c: np.ndarray, cos: Optional[np.ndarray] = None) -> np.ndarray:
        """Features (see :mod:`aligner.scoring.calibration`) of 1-1 pairs (r[k], c[k]): (C, K)."""
        r, c = np.asarray(r, np.int64), np.asarray(c, np.int64)
        if cos is None:
            cos = np.einsum("ij,ij->i", self.src.emb[r], self.tgt.emb[c])
        F = np.zeros((len(r), len(calibration.FEATURES)))
        I = calibration.IDX
        F[:, I["z"]] = self.z11(r, c, cos)
        F[:, I["zp"]] = self.zp(cos)
        F[:, I["len"]] = self._length_term(self.src.lengths[r], self.tgt.lengths[c])
        F[:, I["dice"]] = self._dice(r, c)
        for x, _ in self._extras("lex"):
            F[:, I["lex"]] += x.pairs(r, c)
            F[:, I["lex_on"]] = 1.0
        F[:, I["head"]] = self.src.headings[r] != self.tgt.headings[c]
        F[:, I["one"]] = 1.0
        return F

    def features_many(self, S: np.ndarray, T: np.ndarray, approx: bool = False, bound: bool = False) -> np.ndarray:
        """Features of groups: sources ``S`` (C, a) with targets ``T`` (C, b), one shape: (C, K).

        ``approx`` uses :func:`aligner.scoring.groups.approx_z` (no model call) instead of the
        embeddings of the concatenated runs, which must then be in the span cache
        (see :meth:`prefetch_spans`) or are embedded here.  ``bound`` puts the anchor Dice and
        the lexical coverage at upper bounds instead of computing them (see :meth:`screen_gains`).
        """
        C, a = S.shape
        b = T.shape[1]
        if a == 1 and b == 1:
            return self.features11(S[:, 0], T[:, 0])
        F = np.zeros((C, len(calibration.FEATURES)))
        if C == 0:
            return F
        I = calibration.IDX
        if approx:
            cos, z = groups.approx_cz(self, S, T)
        else:
            cz = np.array([self._group_cz(tuple(si), tuple(ti)) for si, ti in zip(S.tolist(), T.tolist())])
            cos, z = cz[:, 0], cz[:, 1]
        F[:, I["z"]] = z
        F[:, I["zp"]] = self.zp(cos)
        ls = self.src.lengths[S].sum(1) + (a - 1)
        lt = self.tgt.lengths[T].sum(1) + (b - 1)
        F[:, I["len"]] = self._length_term(ls, lt)
        if bound:
            F[:, I["dice"]] = self._shares_anchor(S, T)
            for x, _ in self._extras("lex"):
                F[:, I["lex"]] += x.group_bound(S, T)
        else:
            self._overlaps(F, S, T)
        F[:, I["lex_on"]] = 1.0 if self._extras("lex") else 0.0
        F[:, I["head"]] = self.src.headings[S].sum(1) + self.tgt.headings[T].sum(1)   # each heading belongs alone
        F[:, I["extra"]] = a + b - 2
        F[:, I["mn"]] = float(a > 1 and b > 1)
        F[:, I["one"]] = 1.0
        return F

    def _fuse(self, F: np.ndarray, mt: np.ndarray) -> np.ndarray:
        """Features -> the similarity on this scorer's scale: log-odds (calibrated) or the hand-weighted ``s``."""
        I, p = calibration.IDX, self.p
        if p.calibrated:
            return F @ self._w + p.offset + mt
        s = F[:, I["z"]] + p.w_len * F[:, I["len"]] + p.w_anchor * F[:, I["dice"]] - p.heading_penalty * F[:, I["head"]]
        w_lex = sum(w for _, w in self._extras("lex"))
        return s + w_lex * F[:, I["lex"]] + mt

    def _mt(self, S: np.ndarray, T: np.ndarray) -> np.ndarray:
        out = np.zeros(len(S))
        for x, w in self._extras("mt"):
            out += w * x.group_many(S, T)
        return out

    def sim11(self, r: np.ndarray, c: np.ndarray, cos: Optional[np.ndarray] = None) -> np.ndarray:
        """Vectorised fused similarity of 1-1 pairs (r[k], c[k])."""
        r, c = np.asarray(r, np.int64), np.asarray(c, np.int64)
        return self._fuse(self.features11(r, c, cos), self._mt(r[:, None], c[:, None]))

    def sims_many(self, S: np.ndarray, T: np.ndarray, approx: bool = False) -> np.ndarray:
        """Fused similarity of groups ``S`` (C, a) with ``T`` (C, b), one shape: (C,)."""
        return self._fuse(self.features_many(S, T, approx), self._mt(S, T))

    def gains_many(self, S: np.ndarray, T: np.ndarray, approx: bool = False,
                   sims: Optional[np.ndarray] = None) -> np.ndarray:
        """Gains of groups ``S`` (C, a), ``T`` (C, b) of one shape (see :meth:`gain`)."""
        sims = self.sims_many(S, T, approx) if sims is None else sims
        return self._to_gain(sims, S.shape[1], T.shape[1])

    def screen_gains(self, S: np.ndarray, T: np.ndarray, floor: np.ndarray) -> np.ndarray:
        """``gains_many(S, T, approx=True)`` where that can exceed ``floor`` (C,), -inf elsewhere.

        An upper bound comes first, with the anchor Dice at 1 (0 when no 1-1 cell shares an anchor) and
        the lexical coverage at its bound from the 1-1 coverages; only the groups whose bound clears
        ``floor`` build anchor sets and lexical coverage."""
        a, b = S.shape[1], T.shape[1]
        p = self.p
        F = self.features_many(S, T, approx=True, bound=True)
        mt = self._mt(S, T)
        hope = np.ones(len(S), bool)
        if not (p.calibrated or p.w_anchor < 0 or any(w < 0 for _, w in self._extras("lex"))):
            hope = self._to_gain(self._fuse(F, mt), a, b) > floor
        out = np.full(len(S), -np.inf)
        if hope.any():
            Fh = self._overlaps(F[hope], S[hope], T[hope])
            out[hope] = self._to_gain(self._fuse(Fh, mt[hope]), a, b)
        return out

    def _overlaps(self, F: np.ndarray, S: np.ndarray, T: np.ndarray) -> np.ndarray:
        """Fill the anchor Dice and lexical coverage columns of group features ``F`` (in place; returned)."""
        I = calibration.IDX
        F[:, I["dice"]] = self._group_dice(S, T)
        F[:, I["lex"]] = 0.0
        for x, _ in self._extras("lex"):
            F[:, I["lex"]] += x.group_many(S, T)
        return F

    # ---- gain tables for the search -------------------------------------------
    def tables(self, progress: Progress = NO_PROGRESS, label: str = ""):
        """Gain tables in band layout: ({(a, b): (n+1, W)}, skip_src (n,), skip_tgt (m,)); see
        :func:`aligner.scoring.groups.gain_tables` (``progress``: its stages, prefixed by ``label``)."""
        return groups.gain_tables(self, progress, label)


def to_unit(s: float, skip: float) -> float:
    """Map a fused similarity to a score in [0, 1] (0.5 at the skip threshold)."""
    return 1.0 / (1.0 + math.exp(-1.5 * (s - skip)))
