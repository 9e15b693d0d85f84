import random

import numpy as np
import pytest

from aligner.eval.metrics import gold_from_dict, moved_links
from aligner.eval.perturb import _split_text, perturb_pair, same_topic_sources

SRC = [f"Source sentence number {k}, with some words and more text." for k in range(25)]
TGT = [f"Kalimat sasaran nomor {k}, dengan beberapa kata dan teks lain." for k in range(25)]
OTHER = [f"Kalimat dokumen lain {k} yang tidak diterjemahkan." for k in range(10)]


def make(seed):
    return perturb_pair(SRC, TGT, OTHER, random.Random(seed), src_lang="en", tgt_lang="id")


def test_reproducible():
    assert make(7) == make(7)
    assert make(7) != make(8)


@pytest.mark.parametrize("seed", range(20))
def test_gold_consistent(seed):
    src_text, tgt_text, d = make(seed)
    for side, text in (("source", src_text), ("target", tgt_text)):
        for s in d[side]["sentences"]:
            assert text[s["start"]:s["end"]] == s["text"]
    g = gold_from_dict(d)  # validates ranges
    ns, nt = len(g.src_sentences), len(g.tgt_sentences)
    assert ns == len(SRC)
    # every sentence accounted for exactly once: in a link or dropped / added
    src_seen = [i for x in g.links for i in x.src] + list(g.dropped)
    tgt_seen = [j for x in g.links for j in x.tgt] + list(g.added)
    assert sorted(src_seen) == list(range(ns))
    assert sorted(tgt_seen) == list(range(nt))
    # the edits happened
    assert 1 <= len(g.added) <= 2 and len(g.dropped) >= 1
    assert any(len(x.src) == 2 and len(x.tgt) == 1 for x in g.links)
    assert moved_links(g.links)
    # layout: headline alone, then a blank line
    assert tgt_text.split("\n")[0] == TGT[0] and tgt_text.split("\n")[1] == ""
    # the source is unperturbed
    assert [s["text"] for s in d["source"]["sentences"]] == SRC
    for x in g.links:
        if len(x.src) == 1 and len(x.tgt) == 1 and x.src[0] > 0:
            assert g.tgt_sentences[x.tgt[0]].text == TGT[x.src[0]]


def test_split_text():
    assert _split_text("Dia datang ke rumah kemarin, lalu pergi ke pasar pagi ini.", "id") == (
        "Dia datang ke rumah kemarin.", "Lalu pergi ke pasar pagi ini.")
    assert _split_text("Tidak ada tempat.", "id") is None


def _unit(rng, n, dim=32):
    v = rng.standard_normal((n, dim))
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_same_topic_sources_pick_the_nearest_document_and_its_most_on_topic_sentences():
    rng = np.random.default_rng(0)
    topics = _unit(rng, 3)
    noise = lambda n: 0.3 * _unit(rng, n)  # noqa: E731
    # documents 0 and 2 are about topic 0, document 1 about topic 1, document 3 about topic 2
    docs = [topics[0] + noise(6), topics[1] + noise(5), topics[0] + noise(7), topics[2] + noise(4)]
    docs[2][4] = -topics[0]  # an off-topic sentence inside document 2
    docs[2][5] = topics[0]   # its most on-topic sentence
    docs = [d / np.linalg.norm(d, axis=1, keepdims=True) for d in docs]
    out = same_topic_sources(docs, k=3)
    assert [e for e, _ in out][0] == 2 and out[2][0] == 0
    e, idx = out[0]
    assert len(idx) == 3 and 0 not in idx and 4 not in idx and idx[0] == 5
    assert all(e != d for d, (e, _) in enumerate(out))
    assert same_topic_sources(docs, k=3) == out  # deterministic
    assert same_topic_sources([docs[0]], k=2)[0][0] == 0  # a lone document draws from itself
    assert same_topic_sources([]) == []


def test_same_topic_insertions_come_from_the_pool():
    others = ["Judul lain", "Komentar editor yang sangat relevan."]
    for seed in range(10):
        _, tgt_text, d = perturb_pair(SRC, TGT, others, random.Random(seed), tgt_lang="id")
        added = [d["target"]["sentences"][j]["text"] for j in d["added"]]
        assert added and set(added) == {others[1]}
