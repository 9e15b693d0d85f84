#!/usr/bin/env python
"""Build the corpus-mode dev folder (deterministic) with its gold pairs.

    python scripts/make_corpus_devset.py [--data /work/shared/data] [--out out/corpus-dev] [--seed 7]

Writes ``OUT/docs/*.txt`` and ``OUT/gold.json``:

* the 60 NTREX dev documents in English, Indonesian and Vietnamese (180 files)
  turned into raw documents: the headline on its own line, a blank line, then
  paragraphs of 1-4 sentences separated by blank lines (the same paragraphing
  in the three languages);
* 20 unrelated FLORES pseudo-documents of 20 consecutive lines, cycling
  en/id/vi over *disjoint* line ranges, so none has a counterpart in the folder
  (neighbouring ranges often come from the same article: same-topic decoys).

Options for other folders of the same kind:

* ``--unrelated N`` adds N more unrelated documents (FLORES lines from 400 on,
  disjoint ranges, cycling en/id/vi, and Text+Berg German and French excerpts of
  disjoint ranges): the pairing must not change (corpus invariance);
* ``--flores``: instead of NTREX, triples of FLORES pseudo-documents (lines from
  400 on, 12-20 consecutive lines; English original, Indonesian and Vietnamese
  translations), held out from the NTREX folder the thresholds were chosen on;
  ``--pairs-only`` keeps one translation per original (alternately id and vi),
  so no document has translations in two languages;
* ``--pairs-only`` without ``--flores``: the NTREX English originals, each with
  one translation (alternately id and vi), and no FLORES documents;
* ``--edit SHARE`` (with ``--pairs-only``): that share of the translations (every
  one for 1, every other one for 0.5, ...) is edited the way news translations
  are (:func:`aligner.eval.perturb.perturb_pair`, seeded): 5-30% of the body
  sentences dropped, 0-2 sentences inserted from another document, neighbours
  merged, one split, one moved.  A translation that drops more than it adds
  makes its original look like the side with additions.

File names are ``NNN_<hash>.txt`` in shuffled order and give nothing away.
``gold.json``: ``{"pairs": [{"source": NAME, "target": NAME}], "unpaired": [NAME]}``;
English is the source of both of its translations.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil

from aligner.eval.perturb import perturb_pair
from aligner.textio import read_text, write_atomic

DATA = os.environ.get("ALIGNER_DATA") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data")
LANGS = ("en", "id", "vi")


def _lines(path: str) -> list[str]:
    return [line.strip() for line in read_text(path).split("\n") if line.strip()]


def raw_document(lines: list[str], breaks: list[int]) -> str:
    """Headline line, blank line, then paragraphs ending after the indices in ``breaks``."""
    paras, cur = [], []
    for k, s in enumerate(lines[1:], start=1):
        cur.append(s)
        if k in breaks or k == len(lines) - 1:
            paras.append(" ".join(cur))
            cur = []
    return "\n\n".join([lines[0]] + paras) + "\n"


def paragraph_breaks(n: int, rng: random.Random) -> list[int]:
    out, k = [], 0
    while k < n - 1:
        k += rng.randint(1, 4)
        out.append(k)
    return out


def build(data: str, seed: int, pairs_only: bool = False, edit: float = 0.0) -> tuple[dict[str, str], dict]:
    """-> ({original id: text}, gold keyed by original ids)."""
    rng = random.Random(seed)
    d = os.path.join(data, "ntrex-dev")
    ids = sorted({f[: -len(".en.txt")] for f in os.listdir(d) if f.endswith(".en.txt")})
    texts: dict[str, str] = {}
    pairs, unpaired = [], []
    for doc in ids:
        lines = {lg: _lines(os.path.join(d, f"{doc}.{lg}.txt")) for lg in LANGS}
        if len({len(v) for v in lines.values()}) != 1:
            raise SystemExit(f"{doc}: languages differ in line count")
        breaks = paragraph_breaks(len(lines["en"]), rng)
        if pairs_only:
            k = len(pairs)
            lg = LANGS[1 + k % 2]
            src, tgt = raw_document(lines["en"], breaks), raw_document(lines[lg], breaks)
            m = k // 2                                   # both languages alike: edit SHARE of the pairs, spread evenly
            if edit and int((m + 1) * edit) > int(m * edit):
                other = ids[(ids.index(doc) + 1) % len(ids)]
                src, tgt, _ = perturb_pair(lines["en"], lines[lg], _lines(os.path.join(d, f"{other}.{lg}.txt")),
                                           random.Random(f"{seed}:{doc}"), drop_rate=rng.uniform(0.05, 0.3),
                                           n_insert=(0, 2), src_lang="en", tgt_lang=lg)
            texts[f"ntrex/{doc}.en"], texts[f"ntrex/{doc}.{lg}"] = src, tgt
            pairs.append((f"ntrex/{doc}.en", f"ntrex/{doc}.{lg}"))
            continue
        for lg in LANGS:
            texts[f"ntrex/{doc}.{lg}"] = raw_document(lines[lg], breaks)
        pairs += [(f"ntrex/{doc}.en", f"ntrex/{doc}.id"), (f"ntrex/{doc}.en", f"ntrex/{doc}.vi")]
    if pairs_only:
        return texts, {"pairs": pairs, "unpaired": unpaired}
    fl = {lg: read_text(os.path.join(data, "flores-devtest", f"devtest.{lg}.txt")).rstrip("\n").split("\n")
          for lg in LANGS}
    for k in range(20):
        lg = LANGS[k % 3]
        chunk = [s.strip() for s in fl[lg][k * 20:(k + 1) * 20]]
        # FLORES lines are independent sentences: paragraphs of 2-5, no headline
        paras, i = [], 0
        while i < len(chunk):
            step = rng.randint(2, 5)
            paras.append(" ".join(chunk[i:i + step]))
            i += step
        name = f"flores/{k * 20}-{(k + 1) * 20}.{lg}"
        texts[name] = "\n\n".join(paras) + "\n"
        unpaired.append(name)
    return texts, {"pairs": pairs, "unpaired": unpaired}


def unrelated(data: str, n: int, rng: random.Random) -> dict[str, str]:
    """``n`` documents with no counterpart: FLORES lines 400+ (disjoint 12-line ranges) and Text+Berg de/fr
    (German from the start of the document, French from line 320 on: the French translation of the first
    German lines ends before line 320, so no German chunk has its translation among the French ones)."""
    fl = {lg: read_text(os.path.join(data, "flores-devtest", f"devtest.{lg}.txt")).rstrip("\n").split("\n")
          for lg in LANGS}
    tb = {lg: read_text(os.path.join(data, "textberg-dev", f"dev.{lg}")).rstrip("\n").split("\n") for lg in ("de", "fr")}
    out, k_fl, k_tb = {}, 400, {"de": 0, "fr": 320}
    for k in range(n):
        if k % 5 < 3:
            lg = LANGS[k % 3]
            chunk, name = fl[lg][k_fl:k_fl + 12], f"unrelated/flores-{k_fl}.{lg}"
            k_fl += 12
        else:
            lg = ("de", "fr")[k % 2]
            chunk, name = tb[lg][k_tb[lg]:k_tb[lg] + 15], f"unrelated/textberg-{k_tb[lg]}.{lg}"
            k_tb[lg] += 15
        paras, i = [], 0
        while i < len(chunk):
            step = rng.randint(2, 5)
            paras.append(" ".join(x.strip() for x in chunk[i:i + step]))
            i += step
        out[name] = "\n\n".join(paras) + "\n"
    return out


def flores_triples(data: str, rng: random.Random, pairs_only: bool) -> tuple[dict[str, str], dict]:
    """Pseudo-documents of 12-20 consecutive FLORES lines from line 400 on: en original, id and vi translations."""
    fl = {lg: [x.strip() for x in read_text(os.path.join(data, "flores-devtest", f"devtest.{lg}.txt")).rstrip("\n").split("\n")]
          for lg in LANGS}
    texts, pairs, k, start = {}, [], 0, 400
    while start + 12 <= len(fl["en"]):
        n = min(rng.randint(12, 20), len(fl["en"]) - start)
        breaks = paragraph_breaks(n, rng)
        keep = ("en", ("id", "vi")[k % 2]) if pairs_only else LANGS
        for lg in keep:
            texts[f"flores/{start}.{lg}"] = raw_document(fl[lg][start:start + n], breaks)
        pairs += [(f"flores/{start}.en", f"flores/{start}.{lg}") for lg in keep if lg != "en"]
        start += n
        k += 1
    return texts, {"pairs": pairs, "unpaired": []}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=DATA)
    ap.add_argument("--out", default="out/corpus-dev")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--unrelated", type=int, default=0, metavar="N", help="add N unrelated documents")
    ap.add_argument("--flores", action="store_true", help="FLORES triples instead of NTREX")
    ap.add_argument("--pairs-only", action="store_true", help="one translation per original")
    ap.add_argument("--edit", type=float, default=0.0, metavar="SHARE",
                    help="with --pairs-only (NTREX): edit this share of the translations (drops, insertions, merges)")
    args = ap.parse_args()

    if args.flores:
        texts, gold = flores_triples(args.data, random.Random(args.seed), args.pairs_only)
    else:
        texts, gold = build(args.data, args.seed, args.pairs_only, args.edit)
    if args.unrelated:
        extra = unrelated(args.data, args.unrelated, random.Random(args.seed + 2))
        texts.update(extra)
        gold["unpaired"] = gold["unpaired"] + sorted(extra)
    keys = sorted(texts)
    random.Random(args.seed + 1).shuffle(keys)
    names = {}
    for n, key in enumerate(keys):
        h = hashlib.sha1(f"{args.seed}:{key}".encode()).hexdigest()[:16]
        names[key] = f"{n:03d}_{h}.txt"
    docs = os.path.join(args.out, "docs")
    if os.path.isdir(docs):
        shutil.rmtree(docs)
    os.makedirs(docs)
    for key in keys:
        write_atomic(os.path.join(docs, names[key]), texts[key])
    out = {"pairs": [{"source": names[s], "target": names[t]} for s, t in gold["pairs"]],
           "unpaired": sorted(names[k] for k in gold["unpaired"]),
           "origin": {names[k]: k for k in keys}}
    write_atomic(os.path.join(args.out, "gold.json"), json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(keys)} documents in {docs}, {len(out['pairs'])} gold pairs in {args.out}/gold.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
