#!/usr/bin/env python
"""Direction accuracy of corpus mode on dev folders, per rule, with the alignments cached for re-deciding.

    python scripts/direction_dev.py [--no-prior] FOLDER [FOLDER ...]   # folders of scripts/make_corpus_devset.py

Runs corpus mode in this process on ``FOLDER/docs`` once (the aligned pairs are kept in
``out/direction-dev/NAME.aligned.pkl``; delete it to rerun), then decides the directions with the current
:mod:`aligner.corpus.direction` and prints, per folder, the share of gold pairs whose original is
the predicted source (``uncertain`` counts as wrong) and, per rule, how often it decided and how
often it was right.  ``--no-prior`` switches the folder prior off: what the per-pair rules after
it decide in a folder where no language dominates.  Development aid: never used by the library.
"""
from __future__ import annotations

import json
import os
import pickle
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.dirname(HERE), HERE]   # this checkout's aligner, then benchlib

from benchlib.direction import direction_accuracy, render_rules  # noqa: E402


def aligned_pairs(folder: str):
    cache = os.path.join(os.path.dirname(HERE), "out", "direction-dev", os.path.basename(os.path.abspath(folder)) + ".aligned.pkl")
    if os.path.exists(cache):
        with open(cache, "rb") as f:
            return pickle.load(f)
    from aligner.corpus import direction as dirmod
    from aligner.corpus import flow

    seen = {}
    real = dirmod.decide_directions

    def capture(aligned, langs, params):
        seen["aligned"], seen["langs"] = list(aligned), list(langs)
        return real(aligned, langs, params)

    flow.dirmod.decide_directions = capture
    try:
        flow.corpus_from_folder(os.path.join(folder, "docs"))
    finally:
        flow.dirmod.decide_directions = real
    for a in seen["aligned"]:
        a.signals = None
    with open(cache, "wb") as f:
        pickle.dump((seen["aligned"], seen["langs"]), f)
    return seen["aligned"], seen["langs"]


def decide(aligned, langs) -> list[dict]:
    """pairs.json-like entries: source, target, direction, direction_evidence."""
    from aligner.corpus import direction as dirmod
    from aligner.corpus.matching import CorpusParams

    for a in aligned:
        a.signals = dirmod.signals(a.source, a.target, a.beads)
    out = []
    for a, (src_root, how, why) in zip(aligned, dirmod.decide_directions(aligned, langs, CorpusParams())):
        s, t = (a.source, a.target) if src_root else (a.target, a.source)
        out.append({"source": s.path, "target": t.path, "direction": how, "direction_evidence": why})
    return out


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--no-prior":   # what decides where no language dominates the folder
        from aligner.corpus import direction as dirmod

        dirmod.folder_prior = lambda *a, **k: None
        argv = argv[1:]
    for folder in argv:
        gold = json.load(open(os.path.join(folder, "gold.json"), encoding="utf-8"))
        aligned, langs = aligned_pairs(folder)
        res = direction_accuracy(decide(aligned, langs), gold)
        print(f"{os.path.basename(folder.rstrip('/'))}: {res['correct']}/{res['n']} = {res['accuracy']:.3f} "
              f"({res['uncertain']} uncertain); {render_rules(res)}")
        for w in res["wrong"]:
            print("   wrong:", w)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
