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
from ..align.search import BEAD_TYPES, NEG
from ..progress import NO_PROGRESS, Progress, model_stage
from . import anchors as anchors_mod


@dataclass(frozen=True)
class Params:
    skip: float = 1.2            # threshold on s: groups below it are better left unaligned...
    skip_per_weight: float = 0.8 # ...raised by this per unit weight of extra scorers (they add to s)
    w_len: float = 1.0
    w_anchor: float = 1.0
    w_lex: float = 0.5           # weight of the IBM-1 lexical scorer (z-normalised); 0 = off
    w_mt: float = 1.0            # weight of MT chrF (z-normalised), used when a translator is given
    merge_cost: float = 1.25     # per extra sentence in an m-n bead
    mn_cost: float = 1.0         # extra cost of beads with several sentences on both sides (2-2)
    anchor_floor: float = 1.0    # m-n groups are built around cells at least this strong...
    member_floor: float = 0.5    # ...whose every member reaches this z with the other side
    top_k: int = 3               # m-n groups are considered around each sentence's top_k partners
    screen_margin: float = 0.5   # keep m-n groups whose approximate gain comes this close to 1-1 beads
    embed_runs: bool = True      # embed concatenated runs for real (else length-weighted sums)
    heading_penalty: float = 1.0
    contain_min: float = 0.9     # a left-over sentence this contained in a neighbour bead joins it...
    contain_sandwiched: float = 0.6  # ...or this, when it sits between two sentences of that bead
    contain_floor: float = 0.0   # ...if its z with that bead reaches this (1.0 = containment off)
    prune_below: float = 0.6     # an m-n member less contained than this in the other side leaves
    max_group: int = 5           # the absorb pass grows groups up to this many sentences a side
    move_threshold: float = 1.5  # s needed for a non-monotonic (moved) link...
    steal_margin: float = 1.0    # ...and this much more than the in-order 1-1 partner it takes over
    weak_threshold: float = 0.75 # links scoring below this (on [0, 1]) are flagged weak: loose paraphrases
    len_smooth: float = 30.0
    sigma_floor: float = 0.015
    shrink: float = 4.0          # pseudo-count pulling row/col statistics to the document's
    types: tuple = BEAD_TYPES

    def signature(self) -> str:
        return (f"skip:{self.skip}|len:{self.w_len}|anchor:{self.w_anchor}|lex:{self.w_lex}"
                f"|merge:{self.merge_cost}|mn:{self.mn_cost}|move:{self.move_threshold}"
                f"|contain:{self.contain_min}|head:{self.heading_penalty}")


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


class PairScorer:
    """Scores groups of source and target sentences of one document pair.

    ``embed`` embeds extra texts (concatenated sentence runs) on demand.
    ``extra`` are optional additional similarity matrices (n, m) — MT chrF or
    lexical scores — already on a comparable scale (see :meth:`add_extra`).
    """

    def __init__(self, src: Side, tgt: Side, params: Params,
                 embed: Callable[[list[str]], np.ndarray], band: Band):
        self.src, self.tgt, self.p, self.embed, self.band = src, tgt, params, embed, band
        n, m = len(src.texts), len(tgt.texts)
        self.n, self.m = n, m
        tot_s, tot_t = src.lengths.sum(), tgt.lengths.sum()
        self.ratio = float(tot_t / tot_s) if tot_s > 0 and tot_t > 0 else 1.0
        self._extra: list = []
        self._span_cache: dict[tuple[str, int, int], np.ndarray] = {}
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
        g_mu, g_var = float(cos.mean()), float(cos.var())
        self.mu_r, self.sd_r = _group_stats(np.bincount(r, cos, n), np.bincount(r, None, n),
                                            np.bincount(r, cos ** 2, n), g_mu, g_var, p.shrink, p.sigma_floor)
        self.mu_c, self.sd_c = _group_stats(np.bincount(c, cos, m), np.bincount(c, None, m),
                                            np.bincount(c, cos ** 2, m), g_mu, g_var, p.shrink, p.sigma_floor)

    @property
    def threshold(self) -> float:
        """The skip threshold on this scorer's scale (extra scorers raise true pairs' s)."""
        return self.p.skip + self.p.skip_per_weight * sum(w for _, w in self._extra)

    def add_extra(self, scorer, weight: float) -> None:
        """Fuse another scorer (see :mod:`aligner.scoring.extra`): ``pairs(r, c)`` and ``group(a0, a1, b0, b1)`` z-scores."""
        self._extra.append((scorer, weight))

    # ---- similarities ---------------------------------------------------------
    def z11(self, r: np.ndarray, c: np.ndarray, cos: Optional[np.ndarray] = None) -> np.ndarray:
        """z-normalised embedding cosine of 1-1 pairs (r[k], c[k]); ``cos`` if already known."""
        if cos is None:
            cos = np.einsum("ij,ij->i", self.src.emb[r], self.tgt.emb[c])
        cos = np.asarray(cos, dtype=np.float64)
        return 0.5 * ((cos - self.mu_r[r]) / self.sd_r[r] + (cos - self.mu_c[c]) / self.sd_c[c])

    def _length_term(self, ls: np.ndarray, lt: np.ndarray) -> np.ndarray:
        k = self.p.len_smooth
        return -np.abs(np.log((lt + k) / (self.ratio * ls + k)))

    def _span_emb(self, side: str, idx: tuple[int, ...], approx: bool = False) -> np.ndarray:
        """Embedding of the sentences ``idx`` of one side read together (a run, or a gapped group)."""
        s = self.src if side == "s" else self.tgt
        if len(idx) == 1:
            return s.emb[idx[0]]
        key = (side + ("~" if approx else ""), idx)
        if key not in self._span_cache:
            if approx:
                sel = list(idx)
                v = (s.emb[sel] * np.sqrt(s.lengths[sel])[:, None]).sum(0)
                self._span_cache[key] = v / max(float(np.linalg.norm(v)), 1e-12)
            else:
                self._span_cache[key] = self.embed([" ".join(s.texts[i] for i in idx)])[0]
        return self._span_cache[key]

    def prefetch_spans(self, spans: list[tuple[str, tuple[int, ...]]], progress: Progress = NO_PROGRESS,
                       stage: str = "embedding merge candidates") -> None:
        """Embed many multi-sentence groups in one batch (one progress ``stage``)."""
        todo = sorted({sp for sp in spans if sp not in self._span_cache and len(sp[1]) > 1})
        if not todo:
            return
        texts = [" ".join((self.src if sd == "s" else self.tgt).texts[i] for i in idx) for sd, idx in todo]
        with model_stage(progress, getattr(self.embed, "__self__", None), stage, len(texts), "runs"):
            vecs = self.embed(texts)
        for sp, v in zip(todo, vecs):
            self._span_cache[sp] = v

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
        g_mu, g_var = (float(self.mu_r.mean()), float((self.sd_r ** 2).mean())) if side == "s" else \
            (float(self.mu_c.mean()), float((self.sd_c ** 2).mean()))
        mu, sd = _group_stats(np.array([cos.sum()]), np.array([len(cos)]), np.array([(cos ** 2).sum()]),
                              g_mu, g_var, p.shrink, p.sigma_floor)
        return float(mu[0]), float(sd[0])

    def group_sim(self, src_idx: tuple[int, ...], tgt_idx: tuple[int, ...], approx: bool = False) -> float:
        """Fused similarity ``s`` of a group of source and a group of target sentences (sorted indices)."""
        es = self._span_emb("s", src_idx, approx)
        et = self._span_emb("t", tgt_idx, approx)
        cos = float(es @ et)
        mu_s, sd_s = self._span_stats("s", src_idx, es)
        mu_t, sd_t = self._span_stats("t", tgt_idx, et)
        z = 0.5 * ((cos - mu_s) / sd_s + (cos - mu_t) / sd_t)
        si, ti = list(src_idx), list(tgt_idx)
        ls = self.src.lengths[si].sum() + (len(si) - 1)
        lt = self.tgt.lengths[ti].sum() + (len(ti) - 1)
        s = z + self.p.w_len * float(self._length_term(np.array([ls]), np.array([lt]))[0])
        sa = frozenset().union(*(self.src.anchors[i] for i in si))
        ta = frozenset().union(*(self.tgt.anchors[j] for j in ti))
        s += self.p.w_anchor * anchors_mod.dice(sa, ta)
        for extra, w in self._extra:
            s += w * extra.group(src_idx, tgt_idx)
        hs, ht = self.src.headings[si], self.tgt.headings[ti]
        if hs.any() != ht.any() or (hs.any() and (len(hs) > 1 or len(ht) > 1)):
            s -= self.p.heading_penalty
        return s

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
        p = self.p
        sim = self.group_sim(src_idx, tgt_idx) if sim is None else sim
        return ((a + b) / 2 * (sim - self.threshold) - p.merge_cost * (a + b - 2)
                - p.mn_cost * (a > 1 and b > 1))

    def sim11(self, r: np.ndarray, c: np.ndarray, cos: Optional[np.ndarray] = None) -> np.ndarray:
        """Vectorised fused similarity of 1-1 pairs (r[k], c[k])."""
        s = self.z11(r, c, cos)
        s = s + self.p.w_len * self._length_term(self.src.lengths[r], self.tgt.lengths[c])
        if self.p.w_anchor:
            s = s + self.p.w_anchor * np.array([anchors_mod.dice(self.src.anchors[i], self.tgt.anchors[j])
                                                for i, j in zip(r, c)])
        for extra, w in self._extra:
            s = s + w * extra.pairs(r, c)
        s = s - self.p.heading_penalty * (self.src.headings[r] != self.tgt.headings[c])
        return s

    # ---- gain tables for the search -------------------------------------------
    def tables(self, progress: Progress = NO_PROGRESS, label: str = ""):
        """Gain tables in band layout: ({(a, b): (n+1, W)}, skip_src (n,), skip_tgt (m,)).

        ``progress`` is told one step done when the 1-1 table and the plausible groups
        are ready (the last step of the caller's stage), then the stages ``scoring
        merge candidates`` (one unit per plausible group) and ``embedding merge
        candidates``, prefixed by ``label``."""
        b, p = self.band, self.p
        n, m, W = self.n, self.m, b.width
        ii = np.repeat(np.arange(n + 1), W)
        jj = (b.lo[:, None] + np.arange(W)[None, :]).ravel()
        gains: dict[tuple[int, int], np.ndarray] = {}
        # 1-1 first: it also decides which m-n groups are plausible
        ok = (ii >= 1) & (jj >= 1) & (jj <= m)
        z = np.full(len(ii), -np.inf)
        cos_ok = self.cos_band.ravel()[ok]
        z[ok] = self.z11(ii[ok] - 1, jj[ok] - 1, cos_ok)
        zmat = z.reshape(n + 1, W)
        g = np.full(len(ii), NEG, dtype=np.float32)
        g[ok] = self.sim11(ii[ok] - 1, jj[ok] - 1, cos_ok) - self.threshold
        gains[(1, 1)] = g.reshape(n + 1, W)

        def zat(i: int, j: int) -> float:  # z of source i-1 .. target j-1 (prefix coords) or -inf
            if i < 1 or j < 1 or j > m:
                return -math.inf
            k = j - b.lo[i]
            return float(zmat[i, k]) if 0 <= k < W else -math.inf

        multi = [t for t in p.types if t != (1, 1)]
        cands: dict[tuple[int, int], list[tuple[int, int]]] = {t: [] for t in multi}
        # plausible m-n groups: only around cells that are among the top partners of their
        # row or column (so the number of extra embeddings stays linear in document length)
        cand_mask = _top_mask(zmat, p.top_k) & (zmat >= p.anchor_floor)
        rows, ks = np.nonzero(cand_mask)
        for i, k in zip(rows.tolist(), ks.tolist()):
            j = int(b.lo[i]) + k
            for (a, bb) in multi:
                # groups ending at (i', j') that contain cell (i, j)
                for di in range(a):
                    for dj in range(bb):
                        ie, je = i + di, j + dj
                        if ie > n or je > m or ie - a < 0 or je - bb < 0:
                            continue
                        cands[(a, bb)].append((ie, je))
        plaus: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for (a, bb), lst in cands.items():
            keep = []
            for ie, je in set(lst):
                srcs = range(ie - a + 1, ie + 1)
                tgts = range(je - bb + 1, je + 1)
                if all(max(zat(s_, t_) for t_ in tgts) >= p.member_floor for s_ in srcs) and \
                        all(max(zat(s_, t_) for s_ in srcs) >= p.member_floor for t_ in tgts):
                    keep.append((ie, je))
            plaus[(a, bb)] = keep
        g11 = gains[(1, 1)]

        def g11at(i: int, j: int) -> float:
            k = j - b.lo[i]
            return max(0.0, float(g11[i, k])) if 0 <= k < W and 1 <= j <= m else 0.0

        # screen with approximate run embeddings (length-weighted sums: free), then embed for real
        # only the groups that could beat their best decomposition into 1-1 beads
        chosen: list[tuple[int, int, int, int]] = []
        progress.advance(1)
        progress.stage(label + "scoring merge candidates", sum(map(len, plaus.values())), "groups")
        for (a, bb) in multi:
            for ie, je in plaus[(a, bb)]:
                progress.advance()
                alt = _best_monotone([[g11at(i, j) for j in range(je - bb + 1, je + 1)]
                                      for i in range(ie - a + 1, ie + 1)])
                si, ti = tuple(range(ie - a, ie)), tuple(range(je - bb, je))
                approx = self.gain(si, ti, self.group_sim(si, ti, approx=True))
                if approx > alt - p.screen_margin:
                    chosen.append((a, bb, ie, je))
        if p.embed_runs:
            spans = [sp for a, bb, ie, je in chosen
                     for sp in (("s", tuple(range(ie - a, ie))), ("t", tuple(range(je - bb, je))))]
            self.prefetch_spans(spans, progress, label + "embedding merge candidates")
        for (a, bb) in multi:
            gains[(a, bb)] = np.full((n + 1, W), NEG, dtype=np.float32)
        for a, bb, ie, je in chosen:
            k = je - b.lo[ie]
            if 0 <= k < W:
                si, ti = tuple(range(ie - a, ie)), tuple(range(je - bb, je))
                gains[(a, bb)][ie, k] = self.gain(si, ti, self.group_sim(si, ti, approx=not p.embed_runs))
        return gains, np.zeros(n, dtype=np.float32), np.zeros(m, dtype=np.float32)


def _best_monotone(g: list[list[float]]) -> float:
    """Best total of non-negative 1-1 gains in a small block, matched monotonically."""
    rows, cols = len(g), len(g[0])
    D = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(1, rows + 1):
        for j in range(1, cols + 1):
            D[i][j] = max(D[i - 1][j], D[i][j - 1], D[i - 1][j - 1] + g[i - 1][j - 1])
    return D[rows][cols]


def _top_mask(zmat: np.ndarray, k: int) -> np.ndarray:
    """Cells among the ``k`` best of their row, or of their column (in band layout)."""
    n1, W = zmat.shape
    mask = np.zeros_like(zmat, dtype=bool)
    if W == 0:
        return mask
    kk = min(k, W)
    top = np.argpartition(-zmat, kk - 1, axis=1)[:, :kk]
    mask[np.arange(n1)[:, None], top] = True
    return mask


def to_unit(s: float, skip: float) -> float:
    """Map a fused similarity to a score in [0, 1] (0.5 at the skip threshold)."""
    return 1.0 / (1.0 + math.exp(-1.5 * (s - skip)))
