"""``aligner eval GOLD PRED``: score a saved JSON result against a gold alignment."""
from __future__ import annotations

import argparse

from .common import epilog

EPILOG = epilog([
    ("aligner align en.txt vi.txt -f json -o vi.json && aligner eval gold-en-vi.json vi.json",
     "align, then score the result against a gold alignment of the same two files"),
    ("aligner eval gold-en-vi.json vi.json --json",
     "the same scores as JSON (precision, recall, F1 and the raw counts of each metric)"),
    ("aligner align en.txt id.txt vi.txt -f json -o all.json && aligner eval gold-en-vi.json all.json --target 1",
     "score the second translation (0-based) of a result made with several"),
    ("aligner align en.lines vi.lines --presegmented -f json -o lines.json && "
     "aligner eval gold.vecalign lines.json --src-sentences en.lines --tgt-sentences vi.lines",
     "a vecalign gold file ('[0]:[0]' lines) needs the gold's sentences, one per line"),
], notes=["Under the table, a legend says what each metric counts. Sentence indices in gold and result "
          "files count from 0."])


def add_parser(p: argparse.ArgumentParser) -> None:
    p.epilog = EPILOG
    p.add_argument("gold", metavar="GOLD", help="gold alignment: our gold JSON, or a vecalign file of '[i]:[j]' lines")
    p.add_argument("pred", metavar="PRED", help="predicted alignment: the JSON written by 'aligner align -f json'")
    p.add_argument("--src-sentences", metavar="FILE",
                   help="source sentences, one per line (required with a vecalign gold file)")
    p.add_argument("--tgt-sentences", metavar="FILE",
                   help="target sentences, one per line (required with a vecalign gold file)")
    p.add_argument("--target", type=int, metavar="N",
                   help="which target of PRED to score (0-based; default: the only one, or the one named like the gold's)")
    p.add_argument("--json", action="store_true", help="write the scores as JSON")


def run(args: argparse.Namespace) -> int:
    from ..errors import InputError
    from ..eval.metrics import evaluate, load_gold
    from ..jsonio import dumps
    from . import say, write_output
    from .view import load_result

    if (args.src_sentences is None) != (args.tgt_sentences is None):
        raise InputError("give both --src-sentences and --tgt-sentences, or neither")
    gold = load_gold(args.gold, args.src_sentences, args.tgt_sentences)
    pred = load_result(args.pred)
    result = evaluate(gold, pred, args.target)
    write_output(dumps(result.to_dict(), indent=2) + "\n" if args.json else result.format_table(legend=True) + "\n")
    if min(result.src_coverage, result.tgt_coverage) < 0.9:
        say("aligner: warning: the prediction covers few gold sentences; were both made from the same files?")
    return 0
