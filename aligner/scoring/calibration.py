"""One calibrated model of P(a bead is right | its evidence), instead of thresholds and costs.

Every candidate bead (1-1, or a run of ``a`` source with ``b`` target sentences) is described
by the features below, computed the same way for any shape by
:class:`aligner.scoring.pairs.PairScorer`.  A logistic model turns them into the log-odds that
the bead is exactly right; the search maximises the sum of the log-odds of the beads it
chooses (an unaligned sentence scores 0), and a bead's reported ``score`` is its probability.

    z        embedding cosine, z-normalised against both sides' background (document blended
             with the embedder's prior, see :mod:`aligner.scoring.prior`)
    zp       the same cosine against the embedder's prior alone: absolute evidence, what
             decides for a one-sentence document
    len      length agreement, -|log(len_t / (ratio * len_s))| smoothed
    dice     Dice overlap of anchors (numbers, names, URLs)
    lex      z-scored IBM-1 lexical coverage (0 when no lexical model covers the pair)
    head     1 when a heading line is paired with body text, or sits in a multi-sentence bead
    extra    a + b - 2: sentences beyond a 1-1 bead
    mn       1 when both sides have several sentences (2-2, 2-3...)
    lex_on   1 when a lexical model is active (the lex feature is informative)
    one      constant

MT (``--mt``) adds its z-scored chrF with the fixed weight ``Params.w_mt``: there is no
machine translation in the dev data to fit it on.

The weights are fitted by ``scripts/calibrate.py`` on the dev sets (perturbed NTREX and
FLORES en-id/en-vi with lexical tables trained without them, Text+Berg de-fr dev without a
lexical model), never on the seeds; the script prints the table below.
"""
from __future__ import annotations

import numpy as np

FEATURES = ("z", "zp", "len", "dice", "lex", "head", "extra", "mn", "lex_on", "one")
IDX = {name: k for k, name in enumerate(FEATURES)}

#: fitted by scripts/calibrate.py (see the module docstring)
WEIGHTS: dict[str, float] = {
    "z": 1.399, "zp": 0.000, "len": 8.977, "dice": 0.503, "lex": 0.566, "head": -0.532, "extra": -1.301, "mn": 0.261, "lex_on": 2.221, "one": -6.188,
}


def weight_vector(weights: dict[str, float] = WEIGHTS) -> np.ndarray:
    return np.array([weights.get(name, 0.0) for name in FEATURES], dtype=np.float64)


def fit_logistic(X: np.ndarray, y: np.ndarray, l2: float = 1e-2, sample_weight: np.ndarray | None = None,
                 iterations: int = 50) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method: weights (K,) with ``P(y=1) = sigmoid(X @ w)``.

    The last column is expected to be the constant (not regularised).
    """
    n, k = X.shape
    sw = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    reg = np.full(k, l2)
    reg[-1] = 0.0
    w = np.zeros(k)
    for _ in range(iterations):
        z = np.clip(X @ w, -30, 30)
        p = 1.0 / (1.0 + np.exp(-z))
        g = X.T @ (sw * (p - y)) + reg * w
        h = (X * (sw * p * (1 - p))[:, None]).T @ X + np.diag(reg + 1e-9)
        step = np.linalg.solve(h, g)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w
