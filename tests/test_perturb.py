import random

import pytest

from aligner.eval.metrics import gold_from_dict, moved_links
from aligner.eval.perturb import _split_text, perturb_pair

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
