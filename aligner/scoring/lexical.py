"""Offline lexical translation model (IBM Model 1) for sentence similarity.

A bundled word-translation table per language pair (``aligner/data/lex-en-id.tsv.gz``,
``lex-en-vi.tsv.gz``, built by ``scripts/train_lexical.py`` from NTREX and
FLORES-200, CC BY-SA 4.0, see ``aligner/data/LEXICON-NOTICE.md``) gives, for a
source word s and a target word t, ``p(t | s)`` and ``p(s | t)``.  A pair of
words is linked with strength ``link(s, t) = max(p(t | s), p(s | t))``, and 1.0
when the two words are identical (names, numbers, borrowings).

The similarity of two sentences is their symmetric lexical coverage: the mean,
over the target words, of the strongest link to any source word, averaged with
the same quantity the other way round.  It lies in [0, 1].

Tables are loaded lazily, once per process, and never mutated:
``LexicalModel.adapt`` returns a new model.
"""
from __future__ import annotations

import gzip
import os
import re
import unicodedata
from typing import Iterable, Optional, Sequence

import numpy as np

from .coverage import CoverageParts, best_links, token_ids

DATA_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data")

#: a word: letters/digits plus combining marks (Vietnamese in NFD form), no underscore
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")

#: table: conditioning word -> {other word: probability}
Table = dict[str, dict[str, float]]


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Words of ``text`` as ``(normalised word, start, end)``; lowercased NFC, punctuation dropped."""
    return [(unicodedata.normalize("NFC", m.group()).lower(), m.start(), m.end())
            for m in _WORD.finditer(text)]


def words(text: str) -> list[str]:
    return [w for w, _, _ in tokenize(text)]


# --------------------------------------------------------------------------- IBM Model 1

def train_ibm1(pairs: Sequence[tuple[Sequence[str], Sequence[str]]], iterations: int = 5,
               prior: Optional[Table] = None, prior_weight: float = 2.0) -> Table:
    """Estimate ``t(f | e)`` by EM over ``pairs`` of (e words, f words), NULL included.

    Returns ``{e: {f: t(f | e)}}`` for every co-occurring pair (no pruning),
    with ``""`` as the NULL word.  With ``prior`` (a table of the same
    direction), the EM starts from it and the M-step is a MAP estimate:
    ``t(f | e) = (c(f, e) + w * prior(f | e)) / (c(e) + w)``, so a handful of
    document pairs refine a large table instead of replacing it; words of the
    prior not seen in ``pairs`` are copied unchanged.
    """
    e_vocab: dict[str, int] = {"": 0}
    f_vocab: dict[str, int] = {}
    sents = []
    for e_words, f_words in pairs:
        if not e_words or not f_words:
            continue
        e_ids = np.array([0] + [e_vocab.setdefault(w, len(e_vocab)) for w in e_words], dtype=np.int64)
        f_ids = np.array([f_vocab.setdefault(w, len(f_vocab)) for w in f_words], dtype=np.int64)
        sents.append((e_ids, f_ids))
    if not sents:
        return {e: dict(d) for e, d in prior.items()} if prior else {}
    n_f = len(f_vocab)
    # one "link" per (sentence, f position, e position); group = (sentence, f position)
    keys, groups = [], []
    g0 = 0
    for e_ids, f_ids in sents:
        k = (e_ids[None, :] * n_f + f_ids[:, None]).ravel()
        keys.append(k)
        groups.append(np.repeat(np.arange(g0, g0 + len(f_ids)), len(e_ids)))
        g0 += len(f_ids)
    all_keys = np.concatenate(keys)
    link_group = np.concatenate(groups)
    pair_keys, link_pair = np.unique(all_keys, return_inverse=True)
    pair_e = pair_keys // n_f
    pair_f = pair_keys % n_f
    n_pairs = len(pair_keys)
    e_words_list = list(e_vocab)
    f_words_list = list(f_vocab)

    prior_t = np.zeros(n_pairs)
    if prior:
        for idx in range(n_pairs):
            d = prior.get(e_words_list[pair_e[idx]])
            if d:
                prior_t[idx] = d.get(f_words_list[pair_f[idx]], 0.0)
        # unseen pairs start small but non-zero so EM can still discover them
        t = np.where(prior_t > 0, prior_t, 1e-3)
    else:
        t = np.ones(n_pairs)
    for _ in range(iterations):
        v = t[link_pair]
        z = np.bincount(link_group, weights=v, minlength=g0)
        post = v / z[link_group]
        counts = np.bincount(link_pair, weights=post, minlength=n_pairs)
        tot_e = np.bincount(pair_e, weights=counts, minlength=len(e_vocab))
        if prior:
            t = (counts + prior_weight * prior_t) / (tot_e[pair_e] + prior_weight)
        else:
            t = counts / tot_e[pair_e]

    out: Table = {}
    for idx in np.flatnonzero(t > 0):
        out.setdefault(e_words_list[pair_e[idx]], {})[f_words_list[pair_f[idx]]] = float(t[idx])
    if prior:
        for e, d in prior.items():
            if e not in out:
                out[e] = d
            elif e in e_vocab:
                # prior mass on words f never co-occurring with e in the document
                scale = prior_weight / (tot_e[e_vocab[e]] + prior_weight)
                for f, p in d.items():
                    if f not in out[e]:
                        out[e][f] = p * scale
    return out


def prune(table: Table, top_k: int = 8, min_prob: float = 0.01) -> Table:
    """Keep, per conditioning word, at most ``top_k`` entries with probability >= ``min_prob``."""
    out: Table = {}
    for e, d in table.items():
        if not e:
            continue
        best = sorted(((p, f) for f, p in d.items() if p >= min_prob), reverse=True)[:top_k]
        if best:
            out[e] = {f: p for p, f in best}
    return out


def write_table(path: str, src_lang: str, tgt_lang: str, fwd: Table, bwd: Table) -> None:
    """Write ``fwd`` = p(tgt | src) and ``bwd`` = p(src | tgt) as one gzipped TSV.

    Rows: ``src word, tgt word, p(tgt | src), p(src | tgt)`` (0 where pruned),
    sorted, with a ``#`` header naming the languages.  Deterministic bytes (mtime 0).
    """
    rows: dict[tuple[str, str], list[float]] = {}
    for s, d in fwd.items():
        for t, p in d.items():
            rows.setdefault((s, t), [0.0, 0.0])[0] = p
    for t, d in bwd.items():
        for s, p in d.items():
            rows.setdefault((s, t), [0.0, 0.0])[1] = p
    lines = [f"#{src_lang}\t{tgt_lang}\tp({tgt_lang}|{src_lang})\tp({src_lang}|{tgt_lang})"]
    for (s, t), (pf, pb) in sorted(rows.items()):
        lines.append(f"{s}\t{t}\t{pf:.3g}\t{pb:.3g}")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(data)


def read_table(path: str) -> tuple[str, str, Table, Table]:
    """Inverse of ``write_table`` -> (src_lang, tgt_lang, fwd, bwd)."""
    fwd: Table = {}
    bwd: Table = {}
    with gzip.open(path, "rb") as fh:
        lines = fh.read().decode("utf-8").split("\n")
    header = lines[0].lstrip("#").split("\t")
    src_lang, tgt_lang = header[0], header[1]
    for line in lines[1:]:
        if not line:
            continue
        s, t, pf, pb = line.split("\t")
        f, b = float(pf), float(pb)
        if f > 0:
            d = fwd.get(s)
            if d is None:
                d = fwd[s] = {}
            d[t] = f
        if b > 0:
            d = bwd.get(t)
            if d is None:
                d = bwd[t] = {}
            d[s] = b
    return src_lang, tgt_lang, fwd, bwd


_loaded: dict[tuple[str, str], Optional[tuple[Table, Table]]] = {}


def table_path(lang_a: str, lang_b: str) -> Optional[str]:
    """The table for a language pair: in $ALIGNER_LEXICON_DIR if set (e.g. tables trained
    without the documents being evaluated), else the bundled ones."""
    directory = os.environ.get("ALIGNER_LEXICON_DIR") or DATA_DIR
    for a, b in ((lang_a, lang_b), (lang_b, lang_a)):
        p = os.path.join(directory, f"lex-{a}-{b}.tsv.gz")
        if os.path.exists(p):
            return p
    return None


# --------------------------------------------------------------------------- model

class LexicalModel:
    """Word-translation tables for one direction: ``fwd[s][t] = p(t | s)``, ``bwd[t][s] = p(s | t)``.

    ``s`` are words of the source language, ``t`` of the target language.
    """

    #: a target word whose best link is below this is "uncovered"
    uncovered_threshold = 0.05

    def __init__(self, src_lang: str, tgt_lang: str, fwd: Table, bwd: Table, name: str = ""):
        self.src_lang = src_lang
        self.tgt_lang = tgt_lang
        self.fwd = fwd
        self.bwd = bwd
        self.name = name or f"ibm1-{src_lang}-{tgt_lang}"

    @classmethod
    def load(cls, src_lang: str, tgt_lang: str) -> Optional["LexicalModel"]:
        """The bundled model for ``src_lang`` -> ``tgt_lang``, or None if no table covers the pair."""
        key = tuple(sorted((src_lang, tgt_lang)))
        if key not in _loaded:
            path = table_path(src_lang, tgt_lang)
            if path is None:
                _loaded[key] = None
            else:
                a, b, fwd, bwd = read_table(path)
                _loaded[key] = (a, b, fwd, bwd)
        entry = _loaded[key]
        if entry is None:
            return None
        a, b, fwd, bwd = entry
        if (a, b) == (src_lang, tgt_lang):
            return cls(src_lang, tgt_lang, fwd, bwd)
        return cls(src_lang, tgt_lang, bwd, fwd)

    # ---- link strengths

    def link(self, s: str, t: str) -> float:
        """Strength in [0, 1] of the link between source word ``s`` and target word ``t``."""
        if s == t:
            return 1.0
        return max(self.fwd.get(s, {}).get(t, 0.0), self.bwd.get(t, {}).get(s, 0.0))

    def _link_matrix(self, s_vocab: dict[str, int], t_vocab: dict[str, int]) -> np.ndarray:
        """Dense links (|s_vocab|, |t_vocab|) among the given words."""
        m = np.zeros((len(s_vocab), len(t_vocab)), dtype=np.float32)
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        for s, i in s_vocab.items():
            j = t_vocab.get(s)
            if j is not None:
                rows.append(i), cols.append(j), vals.append(1.0)
            for t, p in self.fwd.get(s, {}).items():
                j = t_vocab.get(t)
                if j is not None:
                    rows.append(i), cols.append(j), vals.append(p)
        for t, j in t_vocab.items():
            for s, p in self.bwd.get(t, {}).items():
                i = s_vocab.get(s)
                if i is not None:
                    rows.append(i), cols.append(j), vals.append(p)
        # each cell keeps its largest link (rounding to float32 keeps the order, so the max is the same)
        np.maximum.at(m, (np.array(rows, np.int64), np.array(cols, np.int64)), np.array(vals, np.float32))
        return m

    # ---- sentence similarity

    def score(self, src_text: str, tgt_text: str) -> float:
        """Symmetric lexical coverage of two sentences, in [0, 1]."""
        return float(self.score_matrix([src_text], [tgt_text], idf=False)[0, 0])

    def score_matrix(self, src_texts: Sequence[str], tgt_texts: Sequence[str],
                     idf: bool = True) -> np.ndarray:
        """Scores of every source against every target sentence -> array (len(src), len(tgt)).

        With ``idf`` (default) each word's share in the coverage averages is
        weighted by its inverse document frequency *among the sentences passed
        in* (``log((n + 1) / (df + 0.5))``), so words that occur everywhere in
        the document count less; this raised held-out top-1 accuracy by 1-2
        points.  A single pair weighs its words uniformly, so
        ``M[i, j] == score(src_texts[i], tgt_texts[j])`` holds only with
        ``idf=False``.  A sentence without words scores 0 against everything.
        """
        src_w = [words(t) for t in src_texts]
        tgt_w = [words(t) for t in tgt_texts]
        out = np.zeros((len(src_w), len(tgt_w)), dtype=np.float64)
        if not src_w or not tgt_w:
            return out
        s_vocab = {w: i for i, w in enumerate(dict.fromkeys(w for ws in src_w for w in ws))}
        t_vocab = {w: i for i, w in enumerate(dict.fromkeys(w for ws in tgt_w for w in ws))}
        if not s_vocab or not t_vocab:
            return out
        links = self._link_matrix(s_vocab, t_vocab)
        # best link of each target word from each source sentence: (n_src, |T|), and conversely
        best_t = best_links(links, token_ids(src_w, s_vocab))
        best_s = best_links(links.T, token_ids(tgt_w, t_vocab))
        t_bag = _bag(tgt_w, t_vocab, idf)  # (n_tgt, |T|), rows sum to 1
        s_bag = _bag(src_w, s_vocab, idf)  # (n_src, |S|)
        cov_t = best_t @ t_bag.T            # (n_src, n_tgt): target words covered by source
        cov_s = (best_s @ s_bag.T).T        # (n_src, n_tgt): source words covered by target
        out = 0.5 * (cov_t + cov_s)
        empty = np.array([not ws for ws in src_w])[:, None] | np.array([not ws for ws in tgt_w])[None, :]
        out[empty] = 0.0
        return np.clip(out, 0.0, 1.0)

    def coverage_parts(self, src_texts: Sequence[str], tgt_texts: Sequence[str]) -> "CoverageParts":
        """Per-sentence best links, from which the coverage of any groups follows (see :class:`CoverageParts`)."""
        src_w = [words(t) for t in src_texts]
        tgt_w = [words(t) for t in tgt_texts]
        s_vocab = {w: i for i, w in enumerate(dict.fromkeys(w for ws in src_w for w in ws))}
        t_vocab = {w: i for i, w in enumerate(dict.fromkeys(w for ws in tgt_w for w in ws))}
        links = self._link_matrix(s_vocab, t_vocab)
        src_tok, tgt_tok = token_ids(src_w, s_vocab), token_ids(tgt_w, t_vocab)
        return CoverageParts(best_links(links, src_tok), best_links(links.T, tgt_tok), src_tok, tgt_tok)

    def coverage(self, src_text: str, tgt_text: str) -> list[tuple[int, int, float]]:
        """Each target word as ``(start, end, best link to any source word)``."""
        src = set(words(src_text))
        out = []
        for t, a, b in tokenize(tgt_text):
            best = max((self.link(s, t) for s in src), default=0.0)
            out.append((a, b, best))
        return out

    def uncovered(self, src_text: str, tgt_text: str, threshold: Optional[float] = None,
                  min_words: int = 2, max_gap: int = 2) -> list[tuple[int, int]]:
        """Character spans in ``tgt_text`` of target words with no counterpart in the source.

        A word is uncovered when its best link is below ``threshold``.  Uncovered
        words separated by at most ``max_gap`` covered words are joined into one
        run (function words of an added clause often find a spurious partner),
        and runs with fewer than ``min_words`` uncovered words are dropped (a
        lone untranslated word is noise, an added clause is a run).  Each run
        becomes ``(start of its first word, end of its last word)``.
        """
        thr = self.uncovered_threshold if threshold is None else threshold
        cov = self.coverage(src_text, tgt_text)
        bad = [k for k, (_, _, best) in enumerate(cov) if best < thr]
        runs: list[list[int]] = []
        for k in bad:
            if runs and k - runs[-1][-1] - 1 <= max_gap:
                runs[-1].append(k)
            else:
                runs.append([k])
        return [(cov[r[0]][0], cov[r[-1]][1]) for r in runs if len(r) >= min_words]

    def as_translator(self):
        """A word-by-word ``DictTranslator`` both ways (best translation of each word): offline glosses."""
        from .mt import DictTranslator

        def best(table: Table) -> dict[str, str]:
            return {w: max(d.items(), key=lambda kv: kv[1])[0] for w, d in table.items() if d}

        return DictTranslator({(self.src_lang, self.tgt_lang): best(self.fwd),
                               (self.tgt_lang, self.src_lang): best(self.bwd)}, name=self.name)

    # ---- document adaptation (Moore 2002) and self-training (hunalign)

    @classmethod
    def self_trained(cls, pairs: Iterable[tuple[str, str]], src_lang: str, tgt_lang: str,
                     iterations: int = 5, min_pairs: int = 8) -> Optional["LexicalModel"]:
        """A model learned from the confident ``(src, tgt)`` links of the input itself, for a
        language pair with no table (IBM-1 by EM in both directions, pruned); None with fewer
        than ``min_pairs`` usable pairs."""
        tok = [(words(s), words(t)) for s, t in pairs]
        tok = [(s, t) for s, t in tok if s and t]
        if len(tok) < min_pairs:
            return None
        fwd = prune(train_ibm1(tok, iterations), top_k=8, min_prob=0.02)
        bwd = prune(train_ibm1([(t, s) for s, t in tok], iterations), top_k=8, min_prob=0.02)
        return cls(src_lang, tgt_lang, fwd, bwd, f"ibm1-self{len(tok)}-{src_lang}-{tgt_lang}")

    def adapt(self, pairs: Iterable[tuple[str, str]], iterations: int = 3,
              prior_weight: float = 2.0) -> "LexicalModel":
        """A new model re-estimated on confident ``(src, tgt)`` sentence pairs of a document.

        A few EM iterations in each direction, starting from this model's
        tables and anchored to them (MAP, see ``train_ibm1``), so names and
        terms of the document gain links.  ``self`` is left unchanged.
        """
        tok = [(words(s), words(t)) for s, t in pairs]
        tok = [(s, t) for s, t in tok if s and t]
        if not tok:
            return LexicalModel(self.src_lang, self.tgt_lang, self.fwd, self.bwd, self.name + "+adapt0")
        fwd = train_ibm1(tok, iterations, prior=self.fwd, prior_weight=prior_weight)
        bwd = train_ibm1([(t, s) for s, t in tok], iterations, prior=self.bwd, prior_weight=prior_weight)
        fwd.pop("", None)
        bwd.pop("", None)
        return LexicalModel(self.src_lang, self.tgt_lang, fwd, bwd, f"{self.name}+adapt{len(tok)}")


def _bag(sents: list[list[str]], vocab: dict[str, int], idf: bool) -> np.ndarray:
    """Word weights per sentence (n, |vocab|), each non-empty row summing to 1."""
    weight = np.ones(len(vocab), dtype=np.float32)
    if idf:
        df = np.zeros(len(vocab), dtype=np.float32)
        for ws in sents:
            for w in set(ws):
                df[vocab[w]] += 1.0
        weight = np.log((len(sents) + 1) / (df + 0.5)).astype(np.float32)
    m = np.zeros((len(sents), len(vocab)), dtype=np.float32)
    for j, ws in enumerate(sents):
        for w in ws:
            m[j, vocab[w]] += weight[vocab[w]]
        total = m[j].sum()
        if total > 0:
            m[j] /= total
    return m
