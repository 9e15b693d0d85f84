"""Direction accuracy of corpus mode against a dev folder's gold (scripts/make_corpus_devset.py)."""
from __future__ import annotations

import os

#: which rule of aligner.corpus.direction decided, from the start of its evidence line
RULES = (("the side with more", "additions"), ("written as in", "numbers"), ("has translations in", "star"),
         ("is the original of", "same document"), ("in this folder", "prior"), ("read like", "shared words"), ("too close", "uncertain"))


def rule_of(evidence: str) -> str:
    return next((name for key, name in RULES if key in evidence), "other")


def direction_accuracy(pairs: list[dict], gold: dict) -> dict:
    """Of the predicted pairs that are gold pairs: how many have the gold original as ``source`` with
    direction ``original`` (``uncertain`` is wrong), and per deciding rule ``[decided, right]``."""
    want = {frozenset((g["source"], g["target"])): g["source"] for g in gold["pairs"]}
    n = correct = uncertain = 0
    rules: dict[str, list[int]] = {}
    wrong = []
    for p in pairs:
        s, t = os.path.basename(p["source"]), os.path.basename(p["target"])
        if frozenset((s, t)) not in want:
            continue
        n += 1
        ok = p["direction"] == "original" and want[frozenset((s, t))] == s
        correct += ok
        uncertain += p["direction"] != "original"
        r = rules.setdefault(rule_of(p.get("direction_evidence", "")), [0, 0])
        r[0] += 1
        r[1] += ok
        if not ok:
            wrong.append(f"{s} -> {t}: {p.get('direction_evidence', '')}")
    return {"n": n, "correct": correct, "uncertain": uncertain, "accuracy": correct / n if n else 0.0,
            "rules": rules, "wrong": wrong}


def render_rules(res: dict) -> str:
    """"additions 3/4, star 10/10, ..." (right/decided per rule)."""
    return ", ".join(f"{k} {v[1]}/{v[0]}" for k, v in sorted(res["rules"].items(), key=lambda x: -x[1][0]))
