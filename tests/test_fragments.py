"""Bead decisions for clean, finely cut text: fragments that continue a linked piece, and 2-2 beads
that are really two links side by side (or crossing)."""
from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pytest

from aligner import align
from aligner.align.fragments import continues, debris, debris_pass, fragment_pass, mid_sentence, wordy
from aligner.align.passes import split_pass
from aligner.scoring.params import Params


def test_a_piece_continues_one_that_does_not_end_a_sentence_unless_it_starts_with_a_capital():
    texts = ["Pendant deux jours on creusa des tranchées :", "tentes , cordes , vivres , etc. ;", "peine perdue .",
             "on rentra au camp .", "Le lendemain il neigea ;", "Le surlendemain aussi .", "1956 , Fritz Müller",
             "et Arthur Durst ."]
    assert [continues(texts, k) for k in range(len(texts))] == [
        False,   # the first piece continues nothing
        True,    # after a colon, lower case
        True,    # after a semicolon
        False,   # after a full stop, even in lower case
        False,   # a capital after a full stop
        False,   # a complete sentence after a semicolon
        False,   # after a full stop
        True,    # after no punctuation at all
    ]
    # closing quotes and brackets do not hide the punctuation before them
    assert continues(["Il dit : « Non ; »", "puis il partit ."], 1)
    assert not continues(["Il dit : « Non. »", "puis il partit ."], 1)


def test_an_abbreviation_or_an_open_bracket_does_not_end_a_sentence():
    # a full stop after an initial, then lower case or a number
    assert continues(["Par souci d' exactitude , l' E .", "1934 les a gravis les quatre ."], 1)
    assert continues(["The Alpine Journal , Nr. 293,S .", "296-309 ."], 1)
    assert not continues(["Il dit : « Non .", "puis il partit ."], 1)   # a short word, not an initial
    # but not before a capital, after an ordinary word, or after an acronym's dotted letters
    assert not continues(["Par souci d' exactitude , l' E .", "Le camp fut levé ."], 1)
    assert not continues(["They went home .", "then they slept ."], 1)
    assert not continues(["It happened in the U.S.", "2019 was a good year ."], 1)
    # a bracket left open by the previous piece and closed by this one, whatever its case
    assert continues(["Monica Jackson , « Tents in the Clouds » ( London :", "Collins 1956 ) , flott ."], 1)
    assert not continues(["Ein Buch ( London ) .", "Collins schrieb ) es ."], 1)
    assert not continues(["Ein Buch ( London :", "Der Verlag ( Collins ) ."], 1)


def test_words_not_debris():
    assert wordy("peine perdue .") and wordy("1956 , Fritz Müller")
    assert not wordy("* , *^") and not wordy("h * \"") and not wordy("24 a !") and not wordy("f r")


class _Scorer:
    """z-scores from a table ``{(source, target): z}``; every other pair is unrelated (z = -3)."""

    def __init__(self, src, tgt, z):
        self.src, self.tgt, self.z = SimpleNamespace(texts=src), SimpleNamespace(texts=tgt), z

    def z11(self, r, c):
        return np.array([self.z.get((int(i), int(j)), -3.0) for i, j in zip(r, c)])


SRC = ["Zwei Tage lang wurden Gräben gezogen, um die Zelte, Seile und Vorräte zu retten; vergeblich.",
       "Am dritten Tag brach die Mannschaft auf."]
TGT = ["Pendant deux jours on creusa des tranchées pour récupérer :", "tentes , cordes , vivres ;",
       "peine perdue .", "Le troisième jour l' équipe partit ."]


def test_fragments_join_the_bead_of_the_piece_they_continue():
    sc = _Scorer(SRC, TGT, {(0, 0): 4.0, (0, 1): 0.5, (0, 2): -0.5, (1, 3): 5.0})
    groups = [((0,), (0,), False), ((), (1,), False), ((), (2,), False), ((1,), (3,), False)]
    assert fragment_pass(groups, sc, Params()) == [((0,), (0, 1, 2), False), ((1,), (3,), False)]
    # unrelated to the bead's other side (below fragment_z): stays out; the pass can be switched off
    assert fragment_pass(groups, _Scorer(SRC, TGT, {(0, 0): 4.0, (1, 3): 5.0}), Params()) == groups
    assert fragment_pass(groups, sc, replace(Params(), fragment_z=None)) == groups
    # a bead already holding max_group sentences on that side takes no more
    assert fragment_pass(groups, sc, replace(Params(), max_group=1)) == groups


def test_a_fragment_joins_the_bead_of_the_piece_that_continues_it():
    src = ["Dank den Seilen ging es bis zur Gratscharte sehr flott ."]
    tgt = ["Grâce aux cordes fixes , l' arête", "est atteinte rapidement ."]
    sc = _Scorer(src, tgt, {(0, 0): 0.2, (0, 1): 3.0})
    groups = [((), (0,), False), ((0,), (1,), False)]
    assert fragment_pass(groups, sc, Params()) == [((0,), (0, 1), False)]


def test_a_reference_tail_closing_a_bracket_joins_although_it_holds_no_words():
    src = ["Darüber berichtet Trevor Braham ( « The Alpine Journal » , Nr. 293,S .", "296-309 ) ."]
    tgt = ["L' expédition y fut en 1955 ( voir Alpine Journal , n° 293 , p. 296-309 ) ."]
    sc = _Scorer(src, tgt, {(0, 0): 5.0, (1, 0): 0.0})
    groups = [((0,), (0,), False), ((1,), (), False)]
    assert fragment_pass(groups, sc, Params()) == [((0, 1), (0,), False)]
    # the same piece without the open bracket before it is debris and stays out
    src2 = ["Darüber berichtet Trevor Braham im « Alpine Journal » , Nr. 293 .", "296-309 ) ."]
    assert fragment_pass(groups, _Scorer(src2, tgt, {(0, 0): 5.0, (1, 0): 0.0}), Params()) == groups


def test_mid_sentence_is_a_bracket_an_initial_or_a_line_break_not_a_clause_boundary():
    assert mid_sentence(["Gyalzen ( n° 57 du rôle de l' H .", "C ) ."], 1)
    assert mid_sentence(["Par souci d' exactitude , l' E .", "1934 les a gravis ."], 1)
    assert mid_sentence(["Grâce aux cordes fixes , l' arête", "est atteinte rapidement ."], 1)
    assert continues(["On creusa des tranchées :", "peine perdue ."], 1)
    assert not mid_sentence(["On creusa des tranchées :", "peine perdue ."], 1)
    assert not mid_sentence(["1952 , Lombard en géologie ;", "1953 , Pugh en physiologie ."], 1)


def test_a_bead_cut_mid_sentence_on_both_sides_joins_the_bead_it_continues():
    src = ["Den Gipfel erreichten Imanishi und Gyalzen ( Himalayan Club", "Nr. 57 ) und Kato am 11. Mai .",
           "Das Wetter blieb gut ."]
    tgt = ["Le sommet fut atteint par Imanishi et Gyalzen ( n° 57 du rôle de l' H .",
           "C ) , puis par Kato le 11 mai .", "Le temps resta beau ."]
    sc = _Scorer(src, tgt, {})
    groups = [((0,), (0,), False), ((1,), (1,), False), ((2,), (2,), False)]
    assert fragment_pass(groups, sc, Params()) == [((0, 1), (0, 1), False), ((2,), (2,), False)]
    # cut at a semicolon on one side: two clauses, two links
    tgt2 = ["Le sommet fut atteint par Imanishi et Gyalzen ;", "puis par Kato le 11 mai .", "Le temps resta beau ."]
    assert fragment_pass(groups, _Scorer(src, tgt2, {}), Params()) == groups
    # not past max_group
    assert fragment_pass(groups, sc, replace(Params(), max_group=1)) == groups


def test_debris_and_whole_sentences_stay_unaligned():
    src = ["Die Mannschaft brach am dritten Tag auf ."]
    tgt = ["L' équipe partit le troisième jour ;", "* , *^", "Une franche explication dissipa tout ."]
    sc = _Scorer(src, tgt, {(0, 0): 4.0, (0, 1): 0.0, (0, 2): 0.0})
    groups = [((0,), (0,), False), ((), (1,), False), ((), (2,), False)]
    assert fragment_pass(groups, sc, Params()) == groups


def test_a_bracket_opened_pieces_before_is_closed_by_a_continuing_piece():
    ref = ["Ein Bericht ( « Alpine Journal » No .", "293 , Nov .", "1956 , S. 340-343 ) ."]
    assert continues(ref, 2)
    assert not continues(["Ein Bericht ( « Alpine Journal » ) .", "Er kam .", "1956 , S. 340-343 ) ."], 2)


def test_ocr_debris_at_a_bead_edge_stays_unaligned_but_reference_tails_stay_in():
    assert debris("24 a !") and debris(".:-- , .") and debris("C ) .")
    assert not debris("1. Kangchenjunga .") and not debris("A. Desio ) .")
    assert not debris("好的。") and not debris("はい。") and not debris("네.")
    src = ["Auf Verlangen des Offiziers wurden die Lasten auf 27 kg umgepackt .",
           "Ein Bericht ( « Alpine Journal » No .", "293 , Nov .", "1956 , S. 340-343 ) ."]
    tgt = ["24 a !", "A la demande de l' officier , il fallut refaire les charges .", "* , *^",
           "L' Alpine Journal ( n° 293 , novembre 1956 ) a publié une relation ."]
    sc = SimpleNamespace(src=SimpleNamespace(texts=src), tgt=SimpleNamespace(texts=tgt))
    groups = [((0,), (0, 1, 2), False), ((1, 2, 3), (3,), False)]
    assert debris_pass(groups, sc, Params()) == [((0,), (1,), False), ((), (0,), False), ((), (2,), False),
                                                 ((1, 2, 3), (3,), False)]
    assert debris_pass(groups, sc, replace(Params(), trim_debris=False)) == groups
    # a bead of debris alone keeps its only member
    assert debris_pass([((0,), (0,), False)], sc, Params()) == [((0,), (0,), False)]


class _Sims:
    """Fused similarities from a table; threshold 1.6 as with a lexical model; steal margin 1."""

    threshold, steal_margin = 1.6, 1.0

    def __init__(self, sims):
        self.sims = sims

    def sim11(self, r, c):
        return np.array([self.sims[(int(i), int(j))] for i, j in zip(r, c)])


def test_a_two_two_bead_of_two_independent_links_is_split():
    strong_weak = _Sims({(0, 0): 12.5, (1, 1): 1.8, (0, 1): -0.6, (1, 0): -1.9})
    groups = [((0, 1), (0, 1), False), ((2,), (2,), False)]
    assert split_pass(groups, strong_weak, Params()) == [((0,), (0,), False), ((1,), (1,), False),
                                                         ((2,), (2,), False)]
    assert split_pass(groups, strong_weak, replace(Params(), split_pairs=False)) == groups


def test_a_true_two_two_bead_with_cross_evidence_stays():
    # the translator moved a clause across the boundary: a sentence also matches the other one
    moved_clause = _Sims({(0, 0): 4.7, (1, 1): 6.1, (0, 1): 5.5, (1, 0): 2.3})
    weak_pair = _Sims({(0, 0): 1.2, (1, 1): 6.0, (0, 1): 0.1, (1, 0): 0.3})   # one pair does not clear the threshold
    groups = [((0, 1), (0, 1), False)]
    assert split_pass(groups, moved_clause, Params()) == groups
    assert split_pass(groups, weak_pair, Params()) == groups


def test_a_two_two_bead_of_crossing_links_becomes_two_links_one_moved():
    crossing = _Sims({(0, 0): 1.6, (1, 1): 0.7, (0, 1): 10.2, (1, 0): 8.9})
    assert split_pass([((0, 1), (0, 1), False)], crossing, Params()) == [((0,), (1,), False), ((1,), (0,), True)]


@pytest.mark.model
def test_a_translation_cut_at_semicolons_is_one_bead_on_presegmented_text():
    src = ["Der Gemeinderat traf sich am Dienstagabend, um über den Haushalt zu beraten.",
           "Zwei Tage lang wurden Gräben gezogen und Schächte ausgehoben, um wenigstens etwas von den "
           "unersetzlichen Zelten, Seilen, Haken und Lebensmitteln zu retten, aber vergeblich.",
           "Die Lehrer erhalten im nächsten Jahr drei Prozent mehr Lohn.",
           "Die Reparatur der Strassen im Norden beginnt im März."]
    tgt = ["Le conseil municipal s' est réuni mardi soir pour discuter du budget .",
           "Pendant deux jours on creusa des tranchées et des puits pour tâcher de récupérer au moins une partie "
           "de ces choses irremplaçables :",
           "tentes , cordes , pitons , vivres , etc. ;",
           "peine perdue .",
           "Les enseignants recevront une augmentation de trois pour cent l' an prochain .",
           "La réparation des routes du nord commence en mars ."]
    beads = align("\n".join(src), ["\n".join(tgt)], src_lang="de", tgt_langs=["fr"], presegmented=True).targets[0].beads
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0,)), ((1,), (1, 2, 3)), ((2,), (4,)), ((3,), (5,))]


class _MoveScorer:
    """Out-of-order candidates from embeddings, fused similarities from a table."""

    move_threshold, steal_margin = 1.5, 1.0

    def __init__(self, src, tgt, sims):
        rng = np.random.default_rng(0)
        self.src = SimpleNamespace(texts=src, emb=rng.normal(size=(len(src), 8)))
        self.tgt = SimpleNamespace(texts=tgt, emb=rng.normal(size=(len(tgt), 8)))
        self.sims = sims

    def sim11(self, r, c):
        return np.array([self.sims.get((int(i), int(j)), -2.0) for i, j in zip(r, c)])


def test_debris_is_never_linked_out_of_order():
    from aligner.align.passes import moved_pass
    src = ["Der Gipfel wurde am 9. Mai erreicht .", "Das Lager stand auf 4500 m .", "296-309 ) ."]
    tgt = ["L' E .", "Le camp était à 4500 m .", "Le sommet fut atteint le 9 mai ."]
    groups = [((0,), (2,), False), ((1,), (1,), False), ((2,), (), False), ((), (0,), False)]
    sc = _MoveScorer(src, tgt, {(0, 2): 6.0, (1, 1): 6.0, (2, 0): 3.0})
    assert moved_pass(groups, sc, Params()) == groups
    # the same similarity between two real sentences is a moved link
    sc = _MoveScorer(src[:2] + ["Die Träger kehrten um ."], ["Les porteurs rentrèrent ."] + tgt[1:],
                     {(0, 2): 6.0, (1, 1): 6.0, (2, 0): 3.0})
    moved = [g for g in moved_pass(groups, sc, Params()) if g[2]]
    assert moved == [((2,), (0,), True)]
