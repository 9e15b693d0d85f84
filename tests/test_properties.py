"""Property-based tests over arbitrary Unicode (hypothesis), with the fast fake embedder.

Invariants of any alignment: every sentence of both sides is in exactly one
bead, indices are in range, offsets slice the (normalised) input to the
sentence text, kinds agree with bead sizes, and beads are in source and target
order except ``moved`` links.  Surrogate code points are excluded: decoded
files can never contain them.
"""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aligner.errors import InputError
from aligner.jsonio import from_dict
from aligner.align.pipeline import align
from aligner.render.formats import to_json, to_tsv, to_vecalign
from aligner.render.text import render_text
from aligner.segment import segment, segment_lines
from aligner.textio import decode, normalise_newlines
from aligner.types import bead_kind

from conftest import HashEmbedder

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ANY_CHAR = st.characters(blacklist_categories=("Cs",))
SPECIAL = st.sampled_from([
    "e\u0301", "\u0928\u093f", "\u05e9\u05b8\u05c1", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",  # combining, RTL
    "\u200f", "\u200e", "\u202e", "\u200b", "\u00ad",                                              # bidi, zero-width
    "😀", "👩\u200d👩\u200d👧", "🇻🇳",                                                              # emoji sequences
    "\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\u2028", "\u2029", "\t", "\v", "\f",              # controls
    "Mr.", "e.g.", "U.S.", "3.14", "...", "…", "?!", "。", "！", "؟", "।", "\"", "“", "”", "(", ")",
    "https://example.com/a.b?c=d.", "a@b.co",
])
WORDS = st.sampled_from(["The", "cat", "sat", "kucing", "duduk", "con", "mèo", "ngồi", "猫", "แมว", "قطة"])
TOKEN = st.one_of(
    WORDS, SPECIAL, st.text(ANY_CHAR, min_size=1, max_size=8),
    st.text(st.sampled_from("abcdefghij"), min_size=300, max_size=3000),  # very long tokens
)
SEP = st.sampled_from([" ", " ", " ", ". ", "? ", "\n", "\n\n", "\r\n", "\r", "  ", "\u3000"])
TEXT = st.lists(st.tuples(TOKEN, SEP), min_size=0, max_size=40).map(lambda xs: "".join(a + b for a, b in xs))
LANG = st.sampled_from([None, "en", "id", "vi", "th", "ar", "zh", "xx"])

EMBEDDER = HashEmbedder()


def check_document(doc) -> None:
    prev_end = 0
    for s in doc.sentences:
        assert 0 <= s.start < s.end <= len(doc.text)
        assert doc.text[s.start:s.end] == s.text
        assert s.text.strip(), "no empty sentences"
        assert s.start >= prev_end, "sentences in order, not overlapping"
        prev_end = s.end


def check_alignment(al) -> None:
    n = len(al.source.sentences)
    check_document(al.source)
    for ta in al.targets:
        m = len(ta.document.sentences)
        check_document(ta.document)
        srcs = [i for b in ta.beads for i in b.src]
        tgts = [j for b in ta.beads for j in b.tgt]
        assert sorted(srcs) == list(range(n)), "each source sentence in exactly one bead"
        assert sorted(tgts) == list(range(m)), "each target sentence in exactly one bead"
        for b in ta.beads:
            assert 0.0 <= b.score <= 1.0
            assert list(b.src) == sorted(b.src) and list(b.tgt) == sorted(b.tgt)
            if b.kind == "moved":
                assert len(b.src) >= 1 and len(b.tgt) >= 1
            else:
                assert b.kind == bead_kind(len(b.src), len(b.tgt))
        in_order = [b for b in ta.beads if b.kind != "moved"]
        # beads follow both documents (by their first sentence; a group may enclose a
        # left-over sentence, e.g. a merge around a dropped one, which then follows it)
        s_seq = [b.src[0] for b in in_order if b.src]
        t_seq = [b.tgt[0] for b in in_order if b.tgt]
        assert s_seq == sorted(s_seq), "beads in source order except moved"
        assert t_seq == sorted(t_seq), "beads in target order except moved"
        linked = [b for b in in_order if b.src and b.tgt]
        for a, b in zip(linked, linked[1:]):
            assert a.src[-1] < b.src[0] and a.tgt[-1] < b.tgt[0], "in-order links never cross"


@SETTINGS
@given(src=TEXT, tgt=TEXT, src_lang=LANG, tgt_lang=LANG, presegmented=st.booleans())
def test_align_invariants(src, tgt, src_lang, tgt_lang, presegmented):
    src, tgt = normalise_newlines(src), normalise_newlines(tgt)
    try:
        al = align(src, [tgt], src_lang=src_lang, tgt_langs=[tgt_lang], presegmented=presegmented,
                   embedder=EMBEDDER, source_path="s", target_paths=["t"])
    except InputError:
        assert not src.strip() or not tgt.strip()
        return
    assert src.strip() and tgt.strip()
    check_alignment(al)
    # every writer copes, and JSON round-trips
    back = from_dict(json.loads(to_json(al)))
    assert back.targets[0].beads == [type(b)(b.src, b.tgt, b.kind, round(b.score, 4), b.weak, b.divergences)
                                       for b in al.targets[0].beads]
    assert len(to_tsv(al).splitlines()) == 1 + len(al.targets[0].beads)
    to_vecalign(al)
    assert "\x1b" not in render_text(al)


@SETTINGS
@given(base=TEXT, data=st.data())
def test_align_with_perturbed_copy(base, data):
    """Target = source with sentences dropped, duplicated and shuffled a little: invariants still hold."""
    base = normalise_newlines(base)
    if not base.strip():
        return
    lines = [ln for ln in base.split("\n") if ln.strip()]
    ops = data.draw(st.lists(st.sampled_from(["keep", "drop", "dup", "swap"]), min_size=len(lines), max_size=len(lines)))
    out: list[str] = []
    for ln, op in zip(lines, ops):
        if op == "keep":
            out.append(ln)
        elif op == "dup":
            out += [ln, ln]
        elif op == "swap" and out:
            out.insert(len(out) - 1, ln)
    tgt = "\n".join(out) or "Something else entirely."
    al = align(base, [tgt, base], src_lang="en", tgt_langs=["en", "en"], embedder=EMBEDDER,
               presegmented=data.draw(st.booleans()))
    check_alignment(al)


@SETTINGS
@given(text=TEXT, lang=LANG)
def test_segment_offsets(text, lang):
    text = normalise_newlines(text)
    for sents in (segment(text, lang or "und"), segment_lines(text)):
        prev = 0
        for s in sents:
            assert text[s.start:s.end] == s.text and s.text.strip() and s.start >= prev
            prev = s.end
        covered = "".join(s.text for s in sents)
        assert "".join(covered.split()) == "".join(text.split()) or not sents and not text.strip()


@SETTINGS
@given(text=st.text(ANY_CHAR, max_size=200), enc=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_decode_round_trip(text, enc):
    data = text.encode(enc)
    if enc == "utf-8" and (text.startswith("\ufeff") or "\x00" in text):
        return  # a leading BOM is the BOM; NUL means binary
    try:
        got = decode(data)
    except InputError as e:
        assert not text.strip() or "\x00" in text, e
        return
    expected = normalise_newlines(text)
    if enc == "utf-16" and expected.startswith("\ufeff"):
        return  # a text starting with U+FEFF is indistinguishable from a second BOM
    assert got == expected
