#!/usr/bin/env python
"""Benchmark aligner: accuracy beside the peer aligners, speed and memory.

    python scripts/bench.py                     # everything; rewrites BENCHMARKS.md
    python scripts/bench.py --quick --no-write  # small subsets (smoke test)
    python scripts/bench.py --only accuracy     # or: --only speed, --only facts (printed only)
    python scripts/bench.py --peers Vecalign    # or: --peers none (default: all peers)
    python scripts/bench.py --only accuracy --sets Text+Berg,NTREX --no-write   # some sets only

Accuracy sets: the seed article (en-id, en-vi, hand-made gold), perturbed NTREX
and FLORES (made in memory with ``scripts/make_devsets.py``'s functions and
seed), the same with same-topic insertions, the Text+Berg de-fr dev document
(presegmented), and short texts (the first 1, 2, 3 sentences of every NTREX
document).  Every set is also aligned by the peers of
:mod:`aligner.eval.peers` (Bertalign, Vecalign, Gale-Church) on the very same
sentences with the same embedder, and each figure is shown with our figure
over theirs; a peer that cannot be imported gets a "not installed" row.  Speed: seeds end to end
in a fresh process (cold: empty embedding cache; warm: second run), embedding
throughput, search time at 100 / 1,000 / 10,000 sentences a side on synthetic
gains, and the pipeline's band + gain tables + search at 10,000 x 10,000 on
synthetic embeddings, with peak RSS of each child process.

Changed facts: NTREX dev documents (and FLORES pseudo-documents, as a check) of
which half get a changed number digit or a swapped name in up to three target
sentences (:mod:`aligner.eval.changes`, seed 13): recall of the changes and the
share of linked beads of the unchanged documents that carry a divergence; the
seeds' divergences; and the precision of the "uncovered" spans on documents
with clauses inserted into 20% of the target sentences.

Embeddings of the accuracy sets come from the shared disk cache
(``ALIGNER_CACHE_DIR`` or ~/.cache/aligner); the first run fills it.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Optional

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

# The work lives in scripts/benchlib/ (one module per job); every name other code reads as ``bench.NAME``
# (scripts/tune.py, errors.py, calibrate.py, bench_pairs.py, bench_scale.py, tests/test_bench.py) is
# re-exported here.
import make_devsets  # noqa: E402,F401  (scripts/make_devsets.py: the dev sets' recipe)

from aligner.eval import metrics as ev  # noqa: E402,F401
from aligner.eval import peers as peers_mod  # noqa: E402
from aligner.eval.gold import Gold, Link, line_sentences  # noqa: E402,F401
from aligner.align.pipeline import align  # noqa: E402,F401
from aligner.textio import read_text  # noqa: E402,F401

from benchlib import DATA, GOLD, SEED, SEED_SRC, SEED_TGTS  # noqa: E402,F401
from benchlib.datasets import (  # noqa: E402,F401
    HELD_OUT_LEXICON, NO_LEXICAL, SAME_TOPIC, SHORT_K, Doc, _has_table, accuracy_sets, lexicon_for,
    perturbed_set, seed_docs, short_docs, short_sets, textberg_doc)
from benchlib.accuracy import PeerRun, SetResult, load_peers, run_accuracy, run_set  # noqa: E402,F401
from benchlib.facts import (  # noqa: E402,F401
    FactsResult, _line_starts, facts_set, run_facts, seed_facts, uncovered_set)
from benchlib.children import (  # noqa: E402,F401
    _IN_PAGE, child_pipeline, child_search, child_seeds, child_viewer, embedding_throughput,
    synthetic_embeddings, synthetic_gains)
from benchlib.speed import (  # noqa: E402,F401
    _child, _cli_cmd, _seed_child_cmd, corpus_benchmark, machine_info, run_child, run_speed, scale_rows,
    seeds_end_to_end, shutil_rm)
from benchlib.report import (  # noqa: E402,F401
    METRIC_COLS, PUBLISHED, RATIO_COLS, _f, _ratio, _ratio_cell, _value, accuracy_table, clean_share,
    facts_tables, pairs_section, published_table, render, scale_section, short_table, speed_tables)


def main(argv: Optional[list[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_child"]:  # internal: measured work in a fresh process, JSON on stdout
        kind, rest = argv[1], argv[2:]
        if kind == "search":
            out = child_search(int(rest[0]), int(rest[1]))
        elif kind == "pipeline":
            out = child_pipeline(int(rest[0]))
        elif kind == "embed":
            out = embedding_throughput(int(rest[0]))
        elif kind == "viewer":
            out = child_viewer(int(rest[0]))
        else:
            out = child_seeds()
        print(json.dumps(out))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small subsets (smoke test); numbers not representative")
    ap.add_argument("--only", choices=("accuracy", "speed", "facts"), help="run one part only")
    ap.add_argument("--no-write", action="store_true", help="print only; do not rewrite BENCHMARKS.md")
    ap.add_argument("--peers", default=",".join(peers_mod.PEERS),
                    help="comma list of peers to run beside aligner, or 'none' (default: %(default)s)")
    ap.add_argument("--sets", default="", metavar="WORD[,WORD]",
                    help="only the accuracy sets whose name contains all words of one of these comma-separated "
                    "patterns, e.g. 'Text+Berg,NTREX same-topic' (then BENCHMARKS.md is not written unless "
                    "--output is given)")
    ap.add_argument("--limit", type=int, help="accuracy: only the first N documents of each set (the same "
                    "documents as a full run; peers are slow to embed their runs the first time)")
    ap.add_argument("--output", help="report path (default: BENCHMARKS.md; with --quick nothing is "
                    "written unless --output is given)")
    args = ap.parse_args(argv)
    output = args.output or (None if args.quick or args.sets or args.limit or args.only == "facts"
                             else os.path.join(ROOT, "BENCHMARKS.md"))
    command = "python scripts/bench.py" + ("".join(f" {a}" for a in argv))
    log = lambda s: print(s, file=sys.stderr, flush=True)  # noqa: E731
    info = machine_info()
    t0 = time.perf_counter()
    acc = speed = facts = None
    if args.only in (None, "accuracy"):
        log("accuracy ...")
        names = [] if args.peers == "none" else [n.strip() for n in args.peers.split(",") if n.strip()]
        unknown = [n for n in names if n not in peers_mod.PEERS]
        if unknown:
            ap.error(f"unknown peer(s) {', '.join(unknown)} (known: {', '.join(peers_mod.PEERS)})")
        only = [w.strip() for w in args.sets.split(",") if w.strip()]
        acc = run_accuracy(args.quick, log=log, peer_names=names, only_sets=only, limit=args.limit)
    if args.only in (None, "facts"):
        log("changed facts ...")
        facts = run_facts(args.quick, log=log)
    if args.only in (None, "speed"):
        log("speed ...")
        speed = run_speed(args.quick, log=log)
    report = render(info, command, time.perf_counter() - t0, acc, speed, args.quick, facts)
    print(report)
    if output and not args.no_write:
        from aligner.textio import write_atomic

        write_atomic(output, report)
        log(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
