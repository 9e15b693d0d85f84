import json

import pytest

from aligner.cli import main
from aligner.eval.metrics import (Counts, Gold, Link, evaluate_beads, gold_from_dict, line_sentences,
                              map_sentences, moved_links, parse_vecalign_gold, pool, score_links)
from aligner.types import Bead, Sentence
from shared_paths import SHARED


def sents(n, width=10):
    """n gold sentences of ``width`` characters separated by one space."""
    return [Sentence("x" * width, k * (width + 1), k * (width + 1) + width) for k in range(n)]


def gold(links, ns=4, nt=4, dropped=(), added=()):
    return Gold(sents(ns), sents(nt), [Link(tuple(s), tuple(t), sure) for s, t, sure in links],
                tuple(dropped), tuple(added))


def pr(c):
    return (c.tp_p, c.n_p, c.tp_r, c.n_r)


# gold: 0-0, (1,2)-1 (a 2-1 bead), 3-2 sure, 3-3 possible
G = gold([([0], [0], True), ([1, 2], [1], True), ([3], [2], True), ([3], [3], False)])


@pytest.mark.parametrize("pred, strict, lax, pairs", [
    # perfect (sure links only)
    ([((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))], (3, 3, 3, 3), (3, 3, 3, 3), (4, 4, 4, 4)),
    # 2-1 bead predicted as 1-1 + 1-0: strict misses it, lax gets the 1-1
    ([((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,))], (2, 4, 2, 3), (3, 4, 3, 3), (3, 3, 3, 4)),
    # predicting the possible link too: tolerated as a pair; the 1-2 link is not strict
    ([((0,), (0,)), ((1, 2), (1,)), ((3,), (2, 3))], (2, 3, 2, 3), (3, 3, 3, 3), (5, 5, 4, 4)),
    # empty prediction
    ([], (0, 0, 0, 3), (0, 0, 0, 3), (0, 0, 0, 4)),
])
def test_textberg_and_pairs(pred, strict, lax, pairs):
    r = score_links(G, pred)
    assert pr(r["strict"]) == strict
    assert pr(r["lax"]) == lax
    assert pr(r["pairs"]) == pairs


def test_vecalign_semantics_dedupe_and_empty_links():
    r = score_links(G, [((0,), (0,)), ((0,), (0,)), ((), ())])
    assert pr(r["strict"]) == (1, 1, 1, 3)


def test_added_dropped_with_tolerance():
    g = gold([([0], [0], True), ([2], [2], False)], ns=3, nt=4, dropped=[1], added=[1, 3])
    # predicted: src 1 dropped (right), src 2 dropped (tolerated: only a possible link), tgt 3 added (right)
    r = score_links(g, [((0,), (0,)), ((1,), ()), ((2,), ()), ((), (3,))])
    assert pr(r["dropped"]) == (2, 2, 1, 1)
    assert pr(r["added"]) == (1, 1, 1, 2)
    assert r["added"].recall == 0.5


def test_moved_link_recall():
    # target order: s0 s2 s3 s1 s4 -> s1 moved two places
    links = [Link((0,), (0,)), Link((2,), (1,)), Link((3,), (2,)), Link((1,), (3,)), Link((4,), (4,))]
    assert moved_links(links) == [3]
    g = Gold(sents(5), sents(5), links)
    monotone = [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((), (3,)), ((4,), (4,))]
    assert pr(score_links(g, monotone)["moved"]) == (0, 0, 0, 1)
    assert pr(score_links(g, [(x.src, x.tgt) for x in links])["moved"]) == (0, 0, 1, 1)


def test_empty_document():
    g = Gold([], [], [])
    r = score_links(g, [])
    assert all(c.f1 is None for c in r.metrics.values())
    assert "strict" in r.format_table()
    assert r.to_dict()["metrics"]["strict"]["f1"] is None


def test_mapping_by_overlap_and_other_segmentation():
    g_src = [Sentence("aaaa bbbb.", 0, 10), Sentence("cccc.", 11, 16)]
    g_tgt = [Sentence("AAAA, BBBB.", 0, 11), Sentence("CCCC.", 12, 17)]
    g = Gold(g_src, g_tgt, [Link((0,), (0,)), Link((1,), (1,))])
    # the system cut target 0 in two and aligned the second half as added: united into one link
    p_tgt = [Sentence("AAAA,", 0, 5), Sentence("BBBB.", 6, 11), Sentence("CCCC.", 12, 17)]
    assert map_sentences(p_tgt, g_tgt) == [(0,), (0,), (1,)]
    beads = [Bead((0,), (0,), "match", 1.0), Bead((), (1,), "added", 1.0), Bead((1,), (2,), "match", 1.0)]
    r = evaluate_beads(g, g_src, p_tgt, beads)
    assert pr(r["strict"]) == (2, 2, 2, 2)
    assert r["seg_tgt"].recall == 1.0 and r["seg_tgt"].precision == 4 / 6


def test_map_sentence_spanning_two_gold():
    g = [Sentence("aaaa.", 0, 5), Sentence("bbbbbb.", 6, 13)]
    assert map_sentences([Sentence("aaaa. bbbbbb.", 0, 13)], g) == [(0, 1)]
    assert map_sentences([Sentence("zz", 50, 52)], g) == [()]


def test_pool_sums_counts():
    r = pool([score_links(G, []), score_links(G, [((0,), (0,))])])
    assert r.n_docs == 2 and pr(r["strict"]) == (1, 1, 1, 6)
    assert Counts(1, 2, 1, 4).f1 == pytest.approx(2 * 0.5 * 0.25 / 0.75)


def test_vecalign_gold_and_line_sentences():
    src = line_sentences("a b\n c \nd\n")
    assert src == [Sentence("a b", 0, 3), Sentence("c", 5, 6), Sentence("d", 8, 9)]
    g = parse_vecalign_gold("[0]:[0, 1]\n[]:[2]\n[1]:[]\n[2]:[3]:0.5\n", src, line_sentences("e\nf\ng\nh\n"))
    assert g.links == [Link((0,), (0, 1)), Link((2,), (3,))]
    assert g.added == (2,) and g.dropped == (1,)


def test_gold_json_seed():
    d = json.load(open(SHARED / "gold" / "seed-en-vi.json"))
    g = gold_from_dict(d)
    r = score_links(g, [(x.src, x.tgt) for x in g.links if x.sure]
                    + [((i,), ()) for i in g.dropped] + [((), (j,)) for j in g.added])
    assert r["strict"].f1 == 1.0 and r["pairs"].f1 == 1.0 and r["added"].f1 == 1.0
    assert r["moved"].recall == 1.0 and r["moved"].n_r >= 1


# ---------------------------------------------------------------- CLI

def _write(tmp_path):
    text_s, text_t = "aaaa.\nbbbb.\ncccc.\n", "AAAA.\nBBBB.\nDDDD.\n"
    (tmp_path / "s.txt").write_text(text_s)
    (tmp_path / "t.txt").write_text(text_t)
    (tmp_path / "gold.txt").write_text("[0]:[0]\n[1]:[1]\n[2]:[]\n[]:[2]\n")
    doc = lambda text, path: {"path": path, "lang": "xx",  # the prediction was made from the same files
                              "sentences": [{"text": line, "start": 6 * k, "end": 6 * k + 5}
                                            for k, line in enumerate(text.split())]}
    pred = {"version": "0", "signature": "test", "source": doc(text_s, "s.txt"),
            "targets": [dict(doc(text_t, "t.txt"), alignment=[
                {"src": [0], "tgt": [0], "kind": "match", "score": 1},
                {"src": [1, 2], "tgt": [1], "kind": "merge", "score": 1},
                {"src": [], "tgt": [2], "kind": "added", "score": 1}])]}
    (tmp_path / "pred.json").write_text(json.dumps(pred))


def test_cli_vecalign_gold(tmp_path, capsys):
    _write(tmp_path)
    rc = main(["eval", str(tmp_path / "gold.txt"), str(tmp_path / "pred.json"),
               "--src-sentences", str(tmp_path / "s.txt"), "--tgt-sentences", str(tmp_path / "t.txt"), "--json"])
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    assert out["metrics"]["strict"]["tp_p"] == 2 and out["metrics"]["strict"]["n_p"] == 3
    assert out["metrics"]["added"]["f1"] == 1.0
    rc = main(["eval", str(tmp_path / "gold.txt"), str(tmp_path / "pred.json"),
               "--src-sentences", str(tmp_path / "s.txt"), "--tgt-sentences", str(tmp_path / "t.txt")])
    text = capsys.readouterr().out
    assert rc == 0 and "strict" in text


def test_cli_table_has_a_legend_for_every_row(tmp_path, capsys):
    from aligner.eval.metrics import METRICS

    _write(tmp_path)
    main(["eval", str(tmp_path / "gold.txt"), str(tmp_path / "pred.json"),
          "--src-sentences", str(tmp_path / "s.txt"), "--tgt-sentences", str(tmp_path / "t.txt")])
    table, legend = capsys.readouterr().out.split("\n\n", 1)
    explained = {line.split()[0] for line in legend.splitlines()}
    assert set(METRICS) - {"seg_tgt"} <= explained and "P," in explained   # seg_tgt is explained with seg_src
    assert "recall only" in legend and "0/0" in legend                     # why moved shows 0/0
    assert [ln.split()[0] for ln in table.splitlines()[1:-1]] == list(METRICS)


@pytest.mark.parametrize("args, message", [
    (["gold.txt", "pred.json"], "needs --src-sentences"),
    (["gold.txt", "pred.json", "--src-sentences", "s.txt"], "give both"),
    (["missing.json", "pred.json"], "no such file"),
    (["pred.json", "pred.json"], "not a gold alignment"),
    (["gold.txt", "s.txt", "--src-sentences", "s.txt", "--tgt-sentences", "t.txt"], "not valid JSON"),
    (["gold.txt", "pred.json", "--src-sentences", "s.txt", "--tgt-sentences", "t.txt", "--target", "3"], "target"),
])
def test_cli_errors(tmp_path, capsys, monkeypatch, args, message):
    _write(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["eval", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
