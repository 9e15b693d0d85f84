"""The alignment passes end to end on constructed same-language documents (fast fake embedder)."""
from __future__ import annotations

import pytest

from aligner import align
from aligner.align.passes import order_groups
from aligner.align.pipeline import headings, make_document

SENTS = [
    "The council approved the new budget on Tuesday evening.",
    "Teachers will receive a raise of three percent next year.",
    "Road repairs in the northern district start in March.",
    "The mayor said the library will stay open on Sundays.",
    "A new bus line will connect the harbour and the airport.",
    "Critics argue the plan ignores rising housing costs.",
    "The final vote was eleven to four in favour.",
    "Residents can comment on the plan until the end of May.",
]
EXTRA = "Meanwhile a famous chef opened a bakery selling purple croissants downtown."


def run(src, tgt, fake_embedder):
    res = align(" ".join(src), [" ".join(tgt)], src_lang="en", tgt_langs=["en"], embedder=fake_embedder)
    return res.targets[0].beads


def kinds(beads):
    return {(b.src, b.tgt): b.kind for b in beads}


def test_identical(fake_embedder):
    beads = run(SENTS, SENTS, fake_embedder)
    assert all(b.kind == "match" and b.src == b.tgt for b in beads) and len(beads) == len(SENTS)


def test_dropped_and_added(fake_embedder):
    tgt = SENTS[:3] + SENTS[4:6] + [EXTRA] + SENTS[6:]
    k = kinds(run(SENTS, tgt, fake_embedder))
    assert k[((3,), ())] == "dropped"
    assert k[((), (5,))] == "added"
    assert k[((0,), (0,))] == "match" and k[((7,), (7,))] == "match"


def test_moved_sentence_is_linked_not_dropped(fake_embedder):
    tgt = SENTS[:1] + SENTS[2:] + SENTS[1:2]          # sentence 1 moved to the end
    beads = run(SENTS, tgt, fake_embedder)
    moved = [b for b in beads if b.kind == "moved"]
    assert [(b.src, b.tgt) for b in moved] == [((1,), (7,))]
    assert not any(b.kind in ("added", "dropped") for b in beads)


def test_merge(fake_embedder):
    merged = SENTS[2][:-1] + "; " + SENTS[3][0].lower() + SENTS[3][1:]
    tgt = SENTS[:2] + [merged] + SENTS[4:]
    k = kinds(run(SENTS, tgt, fake_embedder))
    assert k.get(((2, 3), (2,))) == "merge"


def test_headings_are_lines_without_final_punctuation():
    doc = make_document("A Title Line\n\nFirst sentence here. Second one.\nSource: Example News\n", "en", False)
    assert [s.text for s in doc.sentences][0] == "A Title Line"
    assert list(headings(doc)) == [True, False, False, True]


def test_order_groups_puts_leftovers_after_the_bead_that_encloses_them():
    groups = [((0,), (0,), False), ((1, 3), (1,), False), ((2,), (), False), ((), (2,), False),
              ((4,), (3,), False), ((5,), (0,), True)]
    out = order_groups(groups)
    firsts_src = [g[0][0] for g in out if g[0] and not g[2]]
    firsts_tgt = [g[1][0] for g in out if g[1] and not g[2]]
    assert firsts_src == sorted(firsts_src) and firsts_tgt == sorted(firsts_tgt)
    assert sorted(out) == sorted(groups)
