#!/usr/bin/env python
"""List every alignment error of a dev set, classified by cause (for error analysis, not a metric).

    python scripts/errors.py "Text+Berg"            # sets whose name contains this text
    python scripts/errors.py "NTREX en-vi" --limit 10 --show 40

For each document the predicted beads are mapped into gold sentence space (as the metrics do) and
compared with the gold links.  Each gold link that the prediction does not reproduce exactly, and
each predicted link that gold does not have, is printed once with a cause:

    missed-merge     gold m-n link, prediction split it into smaller links (or left members out)
    over-merge       predicted m-n link that is a union of gold links / unaligned sentences
    wrong            a link whose sentences belong to different gold links
    false-added      predicted added/dropped sentence that gold links
    false-dropped
    missed-added     gold added/dropped sentence that the prediction links
    missed-dropped

Counts per cause are printed at the end.  Uses the same sets and lexicon rules as scripts/bench.py.
"""
from __future__ import annotations

import argparse
import collections
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import bench  # noqa: E402

from aligner.align.pipeline import align  # noqa: E402
from aligner.eval import metrics as ev  # noqa: E402
from aligner.scoring.params import Params  # noqa: E402
from tune import parse_set  # noqa: E402


def classify(gold: ev.Gold, pred: list) -> list[tuple[str, tuple, tuple]]:
    gl = {(x.src, x.tgt) for x in gold.links}
    pl = {(tuple(s), tuple(t)) for s, t in pred if s or t}
    owner_s = {i: k for k, (s, t) in enumerate(gl) for i in s}
    owner_t = {j: k for k, (s, t) in enumerate(gl) for j in t}
    out = []
    for s, t in sorted(pl - gl):
        if not t:
            out += [("false-dropped" if i in owner_s else "ok", (i,), ()) for i in s]
            continue
        if not s:
            out += [("false-added" if j in owner_t else "ok", (), (j,)) for j in t]
            continue
        ks = {owner_s.get(i) for i in s} | {owner_t.get(j) for j in t}
        if len(ks) == 1 and None not in ks:
            out.append(("missed-merge", s, t))        # a strict part of one gold link
        elif None not in ks:
            out.append(("over-merge" if len(s) + len(t) > 2 else "wrong", s, t))
        else:
            out.append(("over-merge" if len(s) + len(t) > 2 and len(ks) == 2 else "wrong", s, t))
    pred_s = {i for s, t in pl if t for i in s}
    pred_t = {j for s, t in pl if s for j in t}
    out += [("missed-dropped", (i,), ()) for i in gold.dropped if i in pred_s]
    out += [("missed-added", (), (j,)) for j in gold.added if j in pred_t]
    return [x for x in out if x[0] != "ok"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sets", nargs="*", help="substrings of set names (default: all)")
    ap.add_argument("--limit", type=int, help="documents per set")
    ap.add_argument("--show", type=int, default=25, help="errors printed per set")
    ap.add_argument("--width", type=int, default=110)
    ap.add_argument("--set", nargs="*", default=[], help="Params overrides, name=value (as scripts/tune.py)")
    args = ap.parse_args()
    params = Params(**parse_set(args.set))
    totals: collections.Counter = collections.Counter()
    for name, docs in bench.accuracy_sets().items():
        if args.sets and not any(s.lower() in name.lower() for s in args.sets):
            continue
        with bench.lexicon_for(name):
            shown = 0
            counts: collections.Counter = collections.Counter()
            for d in docs[: args.limit]:
                al = align(d.src_text, [d.tgt_text], src_lang=d.src_lang, tgt_langs=[d.tgt_lang],
                           presegmented=d.presegmented, params=params)
                src_s, tgt_s = al.source.sentences, al.targets[0].document.sentences
                beads = al.targets[0].beads
                pred = ev.gold_links_from_beads(beads, ev.map_sentences(src_s, d.gold.src_sentences),
                                                ev.map_sentences(tgt_s, d.gold.tgt_sentences))
                gold_of = {}
                for x in d.gold.links:
                    for i in x.src:
                        gold_of[("s", i)] = x
                    for j in x.tgt:
                        gold_of[("t", j)] = x
                for cause, s, t in classify(d.gold, pred):
                    counts[cause] += 1
                    if shown >= args.show:
                        continue
                    shown += 1
                    g = {(gold_of.get(("s", i)).src, gold_of.get(("s", i)).tgt) for i in s if ("s", i) in gold_of}
                    g |= {(gold_of.get(("t", j)).src, gold_of.get(("t", j)).tgt) for j in t if ("t", j) in gold_of}
                    print(f"[{name} / {d.name}] {cause}: pred {list(s)}:{list(t)}  gold {sorted(g)}")
                    for i in sorted({i for gs, _ in g for i in gs} | set(s)):
                        print(f"    S{i}: {d.gold.src_sentences[i].text[:args.width]}")
                    for j in sorted({j for _, gt in g for j in gt} | set(t)):
                        print(f"    T{j}: {d.gold.tgt_sentences[j].text[:args.width]}")
            print(f"== {name}: " + ", ".join(f"{k} {v}" for k, v in counts.most_common()))
            totals.update(counts)
    print("== total: " + ", ".join(f"{k} {v}" for k, v in totals.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
