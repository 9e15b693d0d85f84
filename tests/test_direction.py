"""Which side of a pair is the original (aligner.corpus.direction): the signals on small hand-made
documents, and the rule sequence on a translation that drops more sentences than it adds."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from aligner.corpus import direction as dirmod
from aligner.corpus.direction import Signals, by_shared_words, decide_directions, shared_words_lean
from aligner.corpus.documents import load_document
from aligner.corpus.matching import CorpusParams
from aligner.types import Bead, Document

# an English story from Gloucestershire and its Indonesian translation (names copied verbatim)
EN_ORIGINAL = [
    "Flooding closes roads around Tewkesbury",
    "Heavy rain flooded the streets of Tewkesbury on Thursday morning.",
    "Councillor Margaret Ashcroft said the water reached the old Abbey within hours.",
    "Residents of Walton Cardiff were told to leave their homes before nightfall.",
    "The Environment Agency issued three severe warnings along the Severn.",
    "Firefighters from Gloucestershire rescued an elderly couple near Bredon.",
    "Trains between Cheltenham and Worcester were cancelled until further notice.",
    "Shopkeeper Trevor Whitmore said his cellar was full of water again.",
    "Forecasters expect more rain over the weekend across the whole county.",
    "A rest centre has opened at the Roses Theatre for anyone who needs shelter.",
]
ID_TRANSLATION = [
    "Banjir menutup jalan di sekitar Tewkesbury",
    "Hujan deras membanjiri jalan-jalan di Tewkesbury pada Kamis pagi.",
    "Anggota dewan Margaret Ashcroft mengatakan air mencapai biara tua dalam beberapa jam.",
    "Warga Walton Cardiff diminta meninggalkan rumah mereka sebelum malam tiba.",
    "Badan lingkungan mengeluarkan tiga peringatan keras di sepanjang sungai Severn.",
    "Petugas pemadam kebakaran dari Gloucestershire menyelamatkan pasangan lansia di dekat Bredon.",
    "Kereta antara Cheltenham dan Worcester dibatalkan sampai pemberitahuan lebih lanjut.",
    "Pemilik toko Trevor Whitmore mengatakan gudang bawah tanahnya kembali penuh air.",
    "Para peramal cuaca memperkirakan lebih banyak hujan selama akhir pekan di seluruh wilayah.",
    "Sebuah pusat pengungsian telah dibuka di gedung teater bagi siapa saja yang membutuhkan tempat berlindung.",
]
# an Indonesian story from Central Java and its English translation (names copied verbatim)
ID_ORIGINAL = [
    "Gunung Merapi kembali meletus",
    "Gunung Merapi mengeluarkan awan panas pada Selasa dini hari.",
    "Kepala desa Sumberharjo, Sutopo Wiryosuwarno, meminta warga tetap tenang.",
    "Warga Kaliurang dan Cangkringan mengungsi ke balai desa terdekat.",
    "Petugas dari Sleman membagikan masker kepada anak-anak sekolah.",
    "Pedagang pasar Pakem, Nugroho Wibisono, mengatakan abu menutupi dagangannya.",
    "Jalan menuju Boyolali ditutup sementara karena hujan abu yang tebal.",
    "Relawan dari Yogyakarta mendirikan dapur umum di lapangan Wukirsari.",
    "Para ahli memperkirakan letusan susulan masih mungkin terjadi minggu ini.",
    "Pemerintah daerah menyiapkan bantuan makanan bagi seluruh pengungsi.",
]
EN_TRANSLATION = [
    "Mount Merapi erupts again",
    "Mount Merapi released hot clouds early on Tuesday morning.",
    "The head of Sumberharjo village, Sutopo Wiryosuwarno, asked residents to stay calm.",
    "Residents of Kaliurang and Cangkringan fled to the nearest village hall.",
    "Officers from Sleman handed out masks to schoolchildren.",
    "Pakem market trader Nugroho Wibisono said ash covered his goods.",
    "The road to Boyolali was closed for a while because of the thick ash rain.",
    "Volunteers from Yogyakarta set up a public kitchen on the Wukirsari field.",
    "Experts expect that further eruptions are still possible this week.",
    "The local government is preparing food aid for all the evacuees.",
]


def _doc(tmp_path, name, lines, lang):
    p = tmp_path / name
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_document(str(p), lang, presegmented=True)


@pytest.mark.parametrize("orig, orig_lang, tr, tr_lang", [
    (EN_ORIGINAL, "en", ID_TRANSLATION, "id"),
    (ID_ORIGINAL, "id", EN_TRANSLATION, "en"),   # the same language pair the other way round
])
def test_shared_words_read_like_the_original(tmp_path, orig, orig_lang, tr, tr_lang):
    o, t = _doc(tmp_path, "o.txt", orig, orig_lang), _doc(tmp_path, "t.txt", tr, tr_lang)
    n, lean = shared_words_lean(o, t)
    assert n >= 8                      # the names (and nothing else of 4+ letters) are written alike
    assert lean > 0
    n2, lean2 = shared_words_lean(t, o)
    assert (n2, lean2) == (n, pytest.approx(-lean))


def test_shared_words_lean_without_shared_words():
    a = Document("Hujan deras turun sepanjang malam.", [], "id")
    b = Document("Heavy rain fell all night.", [], "en")
    assert shared_words_lean(a, b) == (0, 0.0)


@pytest.mark.parametrize("n, lean, expected", [(8, 2.5, True), (8, -0.4, False), (2, 5.0, None), (5, 0.0, None)])
def test_by_shared_words(n, lean, expected):
    assert by_shared_words(Signals(0.0, 0.0, shared_words=n, shared_lean=lean)) is expected


def _one_pair(root, other, beads):
    s = dirmod.signals(root, other, beads)
    return SimpleNamespace(root=0, other=1, source=root, target=other, beads=beads, signals=s), s


def test_drop_heavy_translation_is_not_taken_for_the_original(tmp_path):
    """The Indonesian translation drops 3 of the 9 body sentences and adds none: by unaligned sentences
    alone the English original looks like the side with additions; its names decide."""
    en, id_ = _doc(tmp_path, "en.txt", EN_ORIGINAL, "en"), _doc(tmp_path, "id.txt", [
        s for k, s in enumerate(ID_TRANSLATION) if k not in (3, 6, 8)], "id")
    kept = [k for k in range(len(EN_ORIGINAL)) if k not in (3, 6, 8)]
    beads = [Bead((k,), (j,), "match", 0.9) for j, k in enumerate(kept)] + \
            [Bead((k,), (), "dropped", 0.0) for k in (3, 6, 8)]
    for root, other, beads_, original_is_root in ((id_, en, _swap(beads), False), (en, id_, beads, True)):
        a, s = _one_pair(root, other, beads_)
        assert dirmod.by_additions(s, CorpusParams().direction_margin) is (not original_is_root)  # the trap
        (src_is_root, how, why), = decide_directions([a], ["en" if root is en else "id",
                                                          "id" if root is en else "en"], CorpusParams())
        assert (src_is_root, how) == (original_is_root, "original"), why
        assert "read like en.txt" in why


def _swap(beads):
    from aligner.corpus.matching import swap_beads
    return swap_beads(beads)


def _pair(root, other, extra_root=0.0, extra_other=0.0, copied_root=0, copied_other=0, shared=0, lean=0.0):
    return SimpleNamespace(root=root, other=other, source=Document("", [], "", f"d{root}.txt"),
                           target=Document("", [], "", f"d{other}.txt"),
                           signals=Signals(extra_root, extra_other, copied_root, copied_other, shared, lean))


@pytest.mark.parametrize("pairs, langs, expected", [
    # copied numbers decide before clear additions (a drop-heavy translation)
    ([(0, 1, 0.3, 0.0, 0, 2)], ["en", "id"], [(True, "written as in d0.txt")]),
    # additions yield to shared words that lean the other way ...
    ([(0, 1, 0.3, 0.0, 0, 0, 9, 1.5)], ["en", "id"], [(True, "read like d0.txt")]),
    # ... and decide when they agree or say nothing
    ([(0, 1, 0.0, 0.3, 0, 0, 9, 1.5)], ["en", "id"], [(True, "the side with more")]),
    ([(0, 1, 0.3, 0.0, 0, 0, 2, 1.5)], ["en", "id"], [(False, "the side with more")]),
    # the folder prior from decided pairs (numbers): 3 of 3, then the undecided pair follows it
    ([(2 * k, 2 * k + 1, 0, 0, 0, 1) for k in range(3)] + [(6, 7)], ["en", "id"] * 3 + ["vi", "en"],
     [(True, "written as in")] * 3 + [(False, "en is the original in 3 of 3 pairs told apart")]),
    # additions no longer feed the prior: 3 pairs told apart by additions leave the 4th uncertain
    ([(2 * k, 2 * k + 1, 0, .3) for k in range(3)] + [(6, 7)], ["en", "id"] * 3 + ["vi", "en"],
     [(True, "the side with more")] * 3 + [(True, "too close")]),
    # the prior from votes: 8 of 9 pairs' shared words lean to en, so en is the original of the 9th too
    ([(2 * k, 2 * k + 1, 0, 0, 0, 0, 6, 1.0) for k in range(8)] + [(16, 17, 0, 0, 0, 0, 6, 1.0)],
     ["en", "id"] * 8 + ["id", "en"],
     [(True, "en is the original in 8 of 9")] * 8 + [(False, "en is the original in 8 of 9")]),
])
def test_rule_sequence(pairs, langs, expected):
    got = decide_directions([_pair(*p) for p in pairs], langs, CorpusParams())
    for g, (src_is_root, why) in zip(got, expected):
        assert g[0] is src_is_root and why in g[2], g
        assert g[1] == ("uncertain" if "too close" in why else "original")
