
from aligner.eval.baselines import gale_church
from shared_paths import SHARED


def covers(beads, n, m):
    src = [i for b in beads for i in b.src]
    tgt = [j for b in beads for j in b.tgt]
    return src == list(range(n)) and tgt == list(range(m))


def test_tiny_case_with_a_split():
    src = ["a" * 40, "b" * 80, "c" * 30]
    tgt = ["x" * 42, "y" * 38, "y" * 41, "z" * 31]
    beads = gale_church(src, tgt)
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))]
    assert beads[1].kind == "split" and all(0 <= b.score <= 1 for b in beads)


def test_empty_sides():
    assert gale_church([], []) == []
    assert [b.kind for b in gale_church(["a"], [])] == ["dropped"]
    assert [b.kind for b in gale_church([], ["a", "b"])] == ["added", "added"]


def test_500_sentences():
    import random
    rng = random.Random(0)
    src = ["w" * rng.randint(20, 200) for _ in range(500)]
    tgt = ["v" * max(1, int(len(s) * rng.uniform(0.9, 1.2))) for s in src]
    beads = gale_church(src, tgt)
    assert covers(beads, 500, 500)
    assert sum(b.src == b.tgt for b in beads) > 450


def test_textberg_dev_strict_f1():
    import os
    import pytest
    from aligner.eval.metrics import evaluate_beads, load_gold
    d = str(SHARED / "data" / "textberg-dev") + "/"
    if not os.path.exists(d + "dev.defr"):
        pytest.skip("Text+Berg dev data not present")
    g = load_gold(d + "dev.defr", d + "dev.de", d + "dev.fr")
    beads = gale_church([s.text for s in g.src_sentences], [s.text for s in g.tgt_sentences])
    r = evaluate_beads(g, g.src_sentences, g.tgt_sentences, beads)
    assert 0.55 < r["strict"].f1 < 0.8  # measured 0.608 (published Gale-Church on the test set: 0.68)
