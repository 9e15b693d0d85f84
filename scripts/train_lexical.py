#!/usr/bin/env python3
"""Train the bundled IBM Model 1 tables (aligner/data/lex-en-{id,vi}.tsv.gz) and measure them.

Parallel text: NTREX dev (ntrex-dev/DOC.{en,id,vi}.txt) and FLORES-200 devtest
(flores-devtest/devtest.{en,id,vi}.txt), both CC BY-SA 4.0, line-parallel.

    python scripts/train_lexical.py                 # train on both corpora, write the tables
    python scripts/train_lexical.py --eval          # held-out top-1: NTREX->FLORES and FLORES->NTREX
    python scripts/train_lexical.py --only flores --out out/lex-flores   # for honest NTREX benchmarks

Top-1 accuracy: within one document (an NTREX document, or a block of
--block consecutive FLORES lines), the share of English sentences whose
highest-scoring target sentence is the right one, and the same from the
target side.
"""
from __future__ import annotations

import argparse
import glob
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from aligner.scoring.lexical import DATA_DIR, LexicalModel, prune, train_ibm1, words, write_table  # noqa: E402

LANGS = ("id", "vi")


def read_lines(path: str) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return [line.rstrip("\n") for line in fh]


def ntrex_docs(data: str, lang: str) -> list[tuple[list[str], list[str]]]:
    docs = []
    for en_path in sorted(glob.glob(os.path.join(data, "ntrex-dev", "*.en.txt"))):
        other = en_path[:-len("en.txt")] + f"{lang}.txt"
        en, xx = read_lines(en_path), read_lines(other)
        assert len(en) == len(xx), en_path
        docs.append((en, xx))
    return docs


def flores_docs(data: str, lang: str, block: int) -> list[tuple[list[str], list[str]]]:
    en = read_lines(os.path.join(data, "flores-devtest", "devtest.en.txt"))
    xx = read_lines(os.path.join(data, "flores-devtest", f"devtest.{lang}.txt"))
    assert len(en) == len(xx)
    return [(en[i:i + block], xx[i:i + block]) for i in range(0, len(en), block)]


def train(docs, iterations: int, top_k: int, min_prob: float):
    pairs = [(words(e), words(x)) for en, xx in docs for e, x in zip(en, xx)]
    fwd = prune(train_ibm1(pairs, iterations), top_k, min_prob)                       # p(x | en)
    bwd = prune(train_ibm1([(x, e) for e, x in pairs], iterations), top_k, min_prob)  # p(en | x)
    return fwd, bwd


def top1(model: LexicalModel, docs) -> tuple[float, float, int]:
    """(accuracy en->xx, accuracy xx->en, number of sentences) over ``docs``."""
    right_s = right_t = n = 0
    for en, xx in docs:
        m = model.score_matrix(en, xx)
        gold = np.arange(len(en))
        right_s += int((m.argmax(axis=1) == gold).sum())
        right_t += int((m.argmax(axis=0) == gold).sum())
        n += len(en)
    return right_s / n, right_t / n, n


def top1_adapted(model: LexicalModel, docs) -> tuple[float, float, int]:
    """As ``top1``, after adapting the model to each document on its mutual-best pairs (Moore)."""
    right_s = right_t = n = 0
    for en, xx in docs:
        m = model.score_matrix(en, xx)
        best = m.argmax(axis=1)
        confident = [(en[i], xx[j]) for i, j in enumerate(best) if m[:, j].argmax() == i]
        m = model.adapt(confident).score_matrix(en, xx)
        gold = np.arange(len(en))
        right_s += int((m.argmax(axis=1) == gold).sum())
        right_t += int((m.argmax(axis=0) == gold).sum())
        n += len(en)
    return right_s / n, right_t / n, n


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.environ.get("ALIGNER_DATA", "/work/shared/data"))
    ap.add_argument("--out", default=DATA_DIR)
    ap.add_argument("--iterations", type=int, default=10)
    ap.add_argument("--top-k", type=int, default=8)
    ap.add_argument("--min-prob", type=float, default=0.01)
    ap.add_argument("--block", type=int, default=25, help="FLORES lines per pseudo-document for --eval")
    ap.add_argument("--eval", action="store_true", help="held-out evaluation instead of writing tables")
    ap.add_argument("--only", choices=("ntrex", "flores"),
                    help="train on one corpus only (tables for evaluating on the other, held out)")
    args = ap.parse_args(argv)

    for lang in LANGS:
        ntrex = ntrex_docs(args.data, lang)
        flores = flores_docs(args.data, lang, args.block)
        if args.eval:
            for train_name, train_docs, test_name, test_docs in (
                    ("ntrex", ntrex, "flores", flores), ("flores", flores, "ntrex", ntrex)):
                t0 = time.perf_counter()
                fwd, bwd = train(train_docs, args.iterations, args.top_k, args.min_prob)
                t1 = time.perf_counter()
                model = LexicalModel("en", lang, fwd, bwd)
                a_s, a_t, n = top1(model, test_docs)
                t2 = time.perf_counter()
                print(f"en-{lang} train={train_name} test={test_name} ({len(test_docs)} docs, {n} sents): "
                      f"top1 en->{lang} {a_s:.3f}  {lang}->en {a_t:.3f}  "
                      f"[train {t1 - t0:.1f}s, score {t2 - t1:.2f}s]")
                a_s, a_t, n = top1_adapted(model, test_docs)
                print(f"    adapted per document: top1 en->{lang} {a_s:.3f}  {lang}->en {a_t:.3f}  "
                      f"[{time.perf_counter() - t2:.1f}s]")
            continue
        corpus = {"ntrex": ntrex, "flores": flores}.get(args.only, ntrex + flores)
        fwd, bwd = train(corpus, args.iterations, args.top_k, args.min_prob)
        os.makedirs(args.out, exist_ok=True)
        path = os.path.join(args.out, f"lex-en-{lang}.tsv.gz")
        write_table(path, "en", lang, fwd, bwd)
        print(f"wrote {path} ({os.path.getsize(path) / 1e6:.2f} MB, "
              f"{sum(map(len, fwd.values()))} + {sum(map(len, bwd.values()))} entries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
