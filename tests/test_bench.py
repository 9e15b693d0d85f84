"""Smoke test of scripts/bench.py's functions on tiny inputs with a fake embedder (no model)."""
import importlib.util
import os
import sys
import zlib

import numpy as np
import pytest

from aligner.scoring.cache import DiskCache
from aligner.scoring.embed import Embedder
from shared_paths import SHARED

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = str(SHARED / "data")


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench", os.path.join(ROOT, "scripts", "bench.py"))
    mod = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


class HashEmbedder(Embedder):
    """Deterministic random vector per text: no model, no cache."""

    name = "test-hash"

    def __init__(self):
        super().__init__(DiskCache("off"))

    def _embed_uncached(self, texts):
        return np.stack([np.random.default_rng(zlib.crc32(t.encode())).standard_normal(16) for t in texts])

    @property
    def dim(self):
        return 16


needs_data = pytest.mark.skipif(not os.path.isdir(os.path.join(DATA, "ntrex-dev")), reason="shared data absent")


@needs_data
def test_accuracy_sets_and_run_set_with_every_peer(bench):
    """The peer rows of the bench (CI's smoke test of item 4): every peer runs on our sentences."""
    docs = bench.perturbed_set("ntrex", "id", limit=1) + [bench.textberg_doc(max_links=12)]
    assert len(docs) == 2 and docs[1].presegmented
    assert max(i for x in docs[1].gold.links for i in x.src) < len(docs[1].gold.src_sentences)
    peers = bench.load_peers(["Bertalign", "Vecalign", "Gale-Church"])
    assert not [p for p in peers if isinstance(p, tuple)], peers  # test.sh installs them all
    r = bench.run_set("tiny", docs, embedder=HashEmbedder(), peers=peers)
    assert r.docs == 2 and r.src_sents > 0 and r.tgt_sents > 0
    assert [p.name for p in r.peers] == ["Bertalign", "Vecalign", "Gale-Church"]
    for res in [r.ours] + [p.result for p in r.peers]:
        assert res["pairs"].n_r > 0 and 0.0 <= (res["pairs"].f1 or 0.0) <= 1.0
    assert all(p.error is None for p in r.peers)
    assert all(len(v) == 2 for v in r.per_doc.values())
    table = bench.accuracy_table([r])
    assert "| tiny | aligner |" in table
    for name in ("Bertalign", "Vecalign", "Gale-Church"):
        assert f"| | {name} | |" in table


def test_missing_peer_gets_a_row_and_the_bench_carries_on(bench, monkeypatch):
    monkeypatch.setitem(sys.modules, "sentalign", None)
    peers = bench.load_peers(["Vecalign", "Gale-Church"])
    assert isinstance(peers[0], tuple) and "sentalign not installed" in peers[0][1]
    src = "The cat sat on the mat. It was a sunny day.\n"
    tgt = "Le chat était assis sur le tapis. C'était une belle journée.\n"
    gold = bench.Gold(bench.line_sentences(src), bench.line_sentences(tgt), [bench.Link((0,), (0,))])
    doc = bench.Doc("one", src, "en", tgt, "fr", gold, presegmented=True)
    r = bench.run_set("one", [doc], embedder=HashEmbedder(), peers=peers)
    assert r.peers[0].result is None and r.peers[1].result is not None
    assert "| | Vecalign | | | not installed: sentalign not installed" in bench.accuracy_table([r])


@needs_data
def test_short_texts_rows(bench):
    docs = bench.short_docs("vi", 2, limit=3)
    assert len(docs) == 3
    for d in docs:
        assert d.src_text.count("\n") == 2 and d.tgt_text.count("\n") == 2 and not d.presegmented
        assert [(x.src, x.tgt) for x in d.gold.links] == [((0,), (0,)), ((1,), (1,))]
    r = bench.run_set("NTREX en-vi, first 2 sentences", docs, embedder=HashEmbedder(),
                      peers=bench.load_peers(["Gale-Church"]), short=True)
    ok, n = bench.clean_share(r.per_doc["Gale-Church"])
    assert n == 3 and ok == 3  # length-only 1-1 on parallel text: never a false added/dropped
    table = bench.short_table([r])
    assert "| NTREX en-vi, first 2 sentences | 3 |" in table and "3/3 = **1.000**" in table
    assert bench.accuracy_table([r]).count("\n") == 1  # short sets have their own table


def test_clean_share_counts_false_added_and_dropped(bench):
    from aligner.eval.metrics import EvalResult, Counts

    def res(added_fp, dropped_fp):
        return EvalResult({"added": Counts(0, added_fp, 0, 0), "dropped": Counts(0, dropped_fp, 0, 0)})

    assert bench.clean_share([res(0, 0), res(1, 0), res(0, 2), res(0, 0)]) == (2, 4)


@needs_data
def test_perturbed_set_matches_make_devsets_output(bench, tmp_path):
    import json

    import make_devsets  # on sys.path via bench

    docs = make_devsets.ntrex_docs(DATA, "vi")[:3]
    make_devsets.write_set(str(tmp_path), docs, "vi", bench.SEED)
    name = docs[0][0]
    mem = next(make_devsets.perturbed_docs(docs, "vi", bench.SEED))
    assert mem[1] == (tmp_path / f"{name}.src.txt").read_text(encoding="utf-8")
    assert mem[2] == (tmp_path / f"{name}.tgt.txt").read_text(encoding="utf-8")
    assert mem[3] == json.loads((tmp_path / f"{name}.gold.json").read_text(encoding="utf-8"))


def test_search_and_pipeline_children_in_process(bench):
    s = bench.child_search(60, 5)
    assert s["width"] < 20 and s["cells"] == 61 * s["width"] and s["diag_recovered"] == 1.0
    p = bench.child_pipeline(40)
    assert p["diag_recovered"] > 0.9 and p["search_s"] >= 0


def test_ratio_and_render(bench):
    assert bench._ratio(0.5, 0.25) == "x2.00"
    assert bench._ratio(0.5, 0.0) == "(peer 0)"
    assert bench._ratio(None, 0.3) == "-"
    speed = {
        "seeds": {"sentences": 53, "command": "python -m aligner align a b c",
                  "cold": {"seconds": 10.0, "rss_mib": 300}, "warm": {"seconds": 2.0, "rss_mib": 250}},
        "embed": {"model": "m", "sentences": 32, "seconds": 4.0, "per_s": 8.0, "load_s": 1.0, "rss_mib": 200},
        "search": [{"n": 100, "width": 41, "cells": 4141, "search_s": 0.01, "diag_recovered": 1.0, "rss_mib": 90}],
        "pipeline": {"n": 100, "width": 101, "band_s": 0.0, "tables_s": 0.5, "search_s": 0.01,
                     "wall_s": 1.0, "rss_mib": 120, "diag_recovered": 1.0},
    }
    md = bench.render(bench.machine_info(), "python scripts/bench.py", 12.0, None, speed, quick=True)
    assert "QUICK" in md and "synthetic embeddings" in md and "published" not in md.lower()
    assert "| 100 | 41 | 4,141 |" in md


def test_main_rejects_unknown_only(bench):
    with pytest.raises(SystemExit):
        bench.main(["--only", "nonsense"])


@needs_data
def test_same_topic_set_inserts_from_the_nearest_document(bench):
    import make_devsets  # on sys.path via bench

    emb = HashEmbedder()
    corpus = make_devsets.ntrex_docs(DATA, "vi")
    others = make_devsets.same_topic_others(corpus, emb, k=5)
    assert len(others) == len(corpus) and all(1 < len(o) <= 6 for o in others)
    assert make_devsets.same_topic_others(corpus, emb, k=5) == others
    docs = bench.perturbed_set("ntrex", "vi", limit=3, same_topic_embedder=emb)
    for n, d in enumerate(docs):
        added = {d.gold.tgt_sentences[j].text for j in d.gold.added}
        assert added and added <= set(others[n][1:])
        assert not added & set(corpus[n][2])  # never from the document itself


@needs_data
def test_run_accuracy_set_filter_and_short_rows(bench):
    out = bench.run_accuracy(quick=True, embedder=HashEmbedder(), peer_names=["Gale-Church"],
                             only_sets=["first 1", "text+berg"])
    # de-fr has no shipped table: its row comes with one without the self-trained lexicon
    assert [r.name for r in out] == ["Text+Berg de-fr (dev)", "Text+Berg de-fr (dev) [without the self-trained lexicon]",
                                     "NTREX en-id, first 1 sentence", "NTREX en-vi, first 1 sentence"]
    assert [r.short for r in out] == [False, False, True, True] and all(r.docs == 3 for r in out[2:])
    assert not out[1].peers and out[0].peers
    md = bench.render(bench.machine_info(), "x", 1.0, out, None, quick=True)
    assert "### Short texts" in md and "| NTREX en-vi, first 1 sentence | 3 |" in md


def test_value_of_an_f1_with_nothing_predicted(bench):
    from aligner.eval.metrics import Counts, EvalResult

    r = EvalResult({"added": Counts(0, 0, 0, 5), "dropped": Counts(0, 0, 0, 0), "pairs": Counts(3, 4, 3, 6)})
    assert bench._value(r, "added", "f1") == 0.0  # gold has 5 added, the system found none
    assert bench._value(r, "dropped", "f1") is None  # nothing in gold, nothing predicted
    assert abs(bench._value(r, "pairs", "f1") - 2 * 0.75 * 0.5 / 1.25) < 1e-9


@needs_data
def test_facts_and_uncovered_sets(bench):
    import make_devsets  # on sys.path via bench

    docs = make_devsets.ntrex_docs(DATA, "id")[:4]
    r = bench.facts_set("tiny facts", docs, "id", embedder=HashEmbedder())
    assert r.docs == 4 and r.linked > 0 and 0 <= r.alarms <= r.linked
    assert sum(total for _, total in r.changed.values()) > 0  # half of the documents were changed
    u = bench.uncovered_set("tiny clauses", docs[:2], "id", embedder=HashEmbedder(), min_words=(6,))
    flagged, good, clauses, hit = u["by_min_words"][6]
    assert u["sentences"] > 0 and 0 <= good <= flagged and 0 <= hit <= clauses
    table = bench.facts_tables({"facts": [r], "uncovered": [u], "seeds": [("seed-en-id", 10, 0, [])]})
    assert "| tiny facts | 4 |" in table and "| seed-en-id (seed) | 1 | - | - | 0.000 (0/10) |" in table
    assert "| tiny clauses |" in table


def test_real_pairs_section(bench):
    import bench_pairs

    speed = {"pairs": {"rows": [
        {"name": "seeds", "mode": "cold", "src": 18, "tgt": 35, "cold_s": 9.0, "cold_rss": 200.0, "embed_s": 4.5,
         "embed_sentences": 53},
        {"name": "news", "mode": "warm", "src": 1000, "tgt": 990, "cold_s": 90.0, "cold_rss": 900.0, "warm_s": 6.0,
         "warm_rss": 700.0, "warm_align_s": 5.0, "embed_s": 60.0, "embed_sentences": 1990}]}}
    md = bench.pairs_section(speed)
    assert "### Real pairs beside the embedder alone" in md
    assert "| seeds | 18 x 35 | cold | **9.0** | 200 | 4.5 | x2.00 |" in md
    assert "| news | 1,000 x 990 | warm | **6.0** | 700 | 60.0 | x0.10 |" in md
    assert "spends 5.0 s in `aligner.align`" in md and "cold run (empty cache) took 90.0 s" in md
    assert bench.pairs_section({}) == "" and bench_pairs.render(speed["pairs"]).count("\n| ") == 2


@needs_data
def test_news_pair_concatenates_whole_documents_to_the_size_asked(bench, tmp_path):
    import bench_pairs

    en, id_ = bench_pairs.news_pair(str(tmp_path), 100)
    lines = {p: [x for x in open(p, encoding="utf-8").read().split("\n") if x.strip()] for p in (en, id_)}
    assert len(lines[en]) == len(lines[id_]) >= 100 and len(lines[en]) < 200
