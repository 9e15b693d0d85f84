"""Changed facts: recall of changed numbers and names, false alarms, and precision of the uncovered spans."""
from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import Callable, Sequence

import make_devsets  # scripts/make_devsets.py: the dev sets' recipe

from aligner.align.pipeline import align

from benchlib import DATA, SEED
from benchlib.datasets import lexicon_for, seed_docs


@dataclass
class FactsResult:
    name: str
    docs: int
    changed: dict            #: kind -> (found, total)
    linked: int              #: linked beads of the unchanged documents
    alarms: int              #: ... of which carry a divergence
    seconds: float


def _line_starts(lines: Sequence[str]) -> list[int]:
    out, pos = [], 0
    for ln in lines:
        out.append(pos)
        pos += len(ln) + 1
    return out


def facts_set(name: str, docs, lang: str, embedder=None) -> FactsResult:
    """Align each (possibly changed) document and score the divergences (see module docstring)."""
    from aligner.eval.changes import changed_fact_docs

    found: dict = {"number": [0, 0], "name": [0, 0]}
    linked = alarms = 0
    n = 0
    t0 = time.perf_counter()
    for fd in changed_fact_docs(docs, SEED):
        n += 1
        al = align("\n".join(fd.src) + "\n", ["\n".join(fd.tgt) + "\n"], src_lang="en", tgt_langs=[lang],
                   embedder=embedder)
        ta = al.targets[0]
        starts = _line_starts(fd.tgt)
        for c in fd.changes:
            pos = starts[c.line] + c.start
            bead = next((b for b in ta.beads for j in b.tgt
                         if ta.document.sentences[j].start <= pos < ta.document.sentences[j].end), None)
            kinds = ("number", "date") if c.kind == "number" else ("name",)
            ok = bead is not None and any(d.kind in kinds and d.tgt and c.new in d.tgt for d in bead.divergences)
            found[c.kind][0] += ok
            found[c.kind][1] += 1
        if not fd.changes:
            for b in ta.beads:
                if b.src and b.tgt:
                    linked += 1
                    alarms += bool(b.divergences)
    return FactsResult(name, n, {k: tuple(v) for k, v in found.items()}, linked, alarms, time.perf_counter() - t0)


def seed_facts() -> list[tuple[str, int, int, list[str]]]:
    """(pair, linked beads, beads with divergences, descriptions) for the seeds."""
    out = []
    for d in (doc for docs in seed_docs().values() for doc in docs):
        al = align(d.src_text, [d.tgt_text], src_lang=d.src_lang, tgt_langs=[d.tgt_lang])
        beads = [b for b in al.targets[0].beads if b.src and b.tgt]
        out.append((d.name, len(beads), sum(bool(b.divergences) for b in beads),
                    [v.describe() for b in beads for v in b.divergences]))
    return out


def uncovered_set(name: str, docs, lang: str, embedder=None, min_words: Sequence[int] = (6,)) -> dict:
    """Sentence-level precision and recall of the uncovered spans on documents with inserted clauses."""
    from aligner.align.pipeline import Options, uncovered_spans
    from aligner.eval.changes import clause_docs

    counts = {mw: [0, 0, 0, 0] for mw in min_words}  # flagged, flagged & hit, clauses, clauses hit
    sentences = 0
    for cd in clause_docs(docs, SEED):
        al = align("\n".join(cd.src) + "\n", ["\n".join(cd.tgt) + "\n"],
                   options=Options(src_lang="en", tgt_langs=[lang], embedder=embedder, facts=False))
        ta = al.targets[0]
        starts = _line_starts(cd.tgt)
        sentences += len(ta.document.sentences)
        for mw in min_words:
            spans = uncovered_spans(al.source, ta.document, ta.beads, min_words=mw) or []
            for j, s in enumerate(ta.document.sentences):
                clause = None
                for line, (a, b) in cd.clauses.items():
                    a, b = starts[line] + a - s.start, starts[line] + b - s.start
                    if a < len(s.text) and b > 0:
                        clause = (a, b)
                hit = clause is not None and any(x < clause[1] and clause[0] < y for x, y in spans[j])
                c = counts[mw]
                c[0] += bool(spans[j])
                c[1] += bool(spans[j]) and hit
                c[2] += clause is not None
                c[3] += hit
    return {"name": name, "sentences": sentences, "by_min_words": counts}


def run_facts(quick: bool = False, embedder=None, log: Callable[[str], None] = lambda s: None) -> dict:
    limit = 4 if quick else None
    res: dict = {"facts": [], "uncovered": []}
    for corpus in ("NTREX", "FLORES"):
        for lang in ("id", "vi"):
            docs = (make_devsets.ntrex_docs(DATA, lang) if corpus == "NTREX"
                    else make_devsets.flores_docs(DATA, lang, random.Random(SEED)))[:limit]
            with lexicon_for(corpus) as held_out:
                name = f"{corpus} en-{lang} [lexicon: {held_out} only]"
                r = facts_set(name, docs, lang, embedder)
                log(f"  {name}: {r.docs} docs, {r.seconds:.1f}s")
                res["facts"].append(r)
                if corpus == "NTREX":
                    u = uncovered_set(name, docs, lang, embedder, min_words=(4, 6, 8))
                    log(f"  uncovered spans, {name}")
                    res["uncovered"].append(u)
    res["seeds"] = seed_facts()
    return res
