"""The terminal diff view (aligner.render.text)."""
from __future__ import annotations

from aligner.render.text import MARKER_KEY, clean, render_target, render_text, source_order
from aligner.summary import COVERAGE_DEFINITION, complete_beads, summarise
from aligner.types import Alignment, Bead, TargetAlignment

from test_formats import doc


def alignment(beads, n_src=6, n_tgt=6, targets=1) -> Alignment:
    src = doc([f"Source sentence {i + 1}." for i in range(n_src)], "en", "src.txt")
    tas = [TargetAlignment(doc([f"Target sentence {j + 1}." for j in range(n_tgt)], "id", f"t{t}.txt"), list(beads))
           for t in range(targets)]
    return Alignment(source=src, targets=tas, signature="test")


BEADS = [
    Bead((0,), (0,), "match", 0.95),
    Bead((1, 2), (1,), "merge", 0.81),
    Bead((), (2,), "added", 0.0),
    Bead((3,), (5,), "moved", 0.72),
    Bead((4,), (3, 4), "split", 0.3, weak=True),
    Bead((5,), (), "dropped", 0.0),
]


def lines_of(text: str) -> list[str]:
    return text.splitlines()


def test_markers_tags_and_order():
    out = lines_of(render_target(alignment(BEADS), 0))
    assert out[0].startswith("--- S: src.txt (en, 6 sentences)")
    assert out[1].startswith("+++ T: t0.txt (id, 6 sentences)")
    body = out[2:-1]
    assert body[0].startswith("= S1 ") and body[0].endswith("Source sentence 1.")
    assert body[1].startswith("  T1 ")
    assert body[2].startswith("= S2") and "merge 0.81" in body[2]
    assert body[3].startswith("  S3") and body[4].startswith("  T2")
    assert body[5].startswith("+ T3") and "added" in body[5]          # after the group preceding it
    assert body[6].startswith("~ S4") and "moved 0.72" in body[6]     # next to its original
    assert body[7].startswith("  T6")
    assert body[8].startswith("~ S5") and "split weak 0.30" in body[8]
    assert body[9].startswith("  T4") and body[10].startswith("  T5")
    assert body[11].startswith("- S6") and "dropped" in body[11]
    assert len(body) == 12


def test_summary_counts_and_coverage():
    al = alignment(BEADS)
    s = summarise(al.targets[0], 6)
    assert (s.match, s.merge, s.split, s.moved, s.added, s.dropped, s.weak) == (1, 1, 1, 1, 1, 1, 1)
    assert (s.source_covered, s.source_sentences, s.coverage_percent) == (5, 6, "83.3%")
    assert (s.target_covered, s.target_sentences, s.target_coverage_percent) == (5, 6, "83.3%")
    last = lines_of(render_target(al, 0))[-1]
    assert last == ("# 1 match, 1 merge, 1 split, 1 moved, 1 added, 1 dropped; 1 weak; "
                    "coverage 83.3% (5 of 6 original sentences)")


def test_moved_link_shows_its_weak_flag():
    beads = [Bead((0,), (1,), "moved", 0.55, weak=True), Bead((1,), (0,), "match", 0.9)]
    out = render_target(alignment(beads, n_src=2, n_tgt=2), 0)
    assert "~ S1  moved weak 0.55" in out
    assert "; 1 weak;" in out


def test_key_follows_the_last_section_once():
    out = render_text(alignment(BEADS, targets=2))
    tail = out.split("\n\n")[-1]
    assert out.count("# key:") == 1 and tail.startswith("# key:")
    for marker, short, _ in MARKER_KEY:
        assert f"{marker} {short}" in tail
    assert "count from 1" in tail and "count from 0" in tail and COVERAGE_DEFINITION in tail


def test_uncovered_sentences_become_added_and_dropped():
    al = alignment([Bead((0,), (0,), "match", 0.9)], n_src=2, n_tgt=2)
    beads = complete_beads(al.targets[0], 2)
    assert Bead((1,), (), "dropped", 0.0) in beads and Bead((), (1,), "added", 0.0) in beads
    text = render_text(al)
    assert "- S2" in text and "+ T2" in text


def test_added_at_the_start_comes_first():
    beads = [Bead((), (0,), "added", 0.0), Bead((0,), (1,), "match", 0.9)]
    assert source_order(beads)[0].kind == "added"


def test_several_targets_one_section_each():
    out = render_text(alignment(BEADS, targets=2))
    assert out.count("--- S: src.txt") == 2
    assert "[target 1 of 2]" in out and "[target 2 of 2]" in out
    assert "\n\n--- S:" in out


def test_colour_only_when_asked():
    al = alignment(BEADS)
    assert "\x1b[" not in render_text(al)
    coloured = render_text(al, color=True)
    assert "\x1b[31m- S6" in coloured and "\x1b[32m+ T3" in coloured and "\x1b[33m~ S4" in coloured


def test_control_characters_cannot_reach_the_terminal():
    assert clean("a\x1b[31mb\x07c\nd\te") == "a\\x1b[31mb\\x07c d e"
    src = doc(["Evil \x1b[2J sentence.", "Two."], "en")
    tgt = doc(["Fine."], "en")
    al = Alignment(src, [TargetAlignment(tgt, [Bead((0,), (0,), "match", 0.9)])], "x")
    assert "\x1b" not in render_text(al)


def test_seeds_diff_view_real_model(seeds_alignment):
    """Marked ``model`` automatically (uses the real-model seeds alignment)."""
    from aligner.render.formats import to_tsv, to_vecalign

    out = render_text(seeds_alignment)
    sections = out.split("\n\n--- S:")
    assert len(sections) == 2
    vi = sections[1]
    assert "(vi," in vi and "+ T" in vi
    added = summarise(seeds_alignment.targets[1], len(seeds_alignment.source.sentences)).added
    assert added >= 3
    n_beads = sum(len(t.beads) for t in seeds_alignment.targets)
    assert len(to_tsv(seeds_alignment).splitlines()) == 1 + n_beads
    assert len(to_vecalign(seeds_alignment).splitlines()) == 2 + n_beads
