"""IBM Model 1 lexical model: training, bundled tables, scores, uncovered spans, adaptation."""
from __future__ import annotations

import copy
import os

import numpy as np
import pytest

from aligner.scoring import coverage, lexical
from aligner.scoring.lexical import LexicalModel, prune, read_table, tokenize, train_ibm1, write_table
from aligner.scoring.registry import get_lexical

# FLORES-200 devtest lines [103, 104, 106, 109, 111, 112, 113, 118] (CC BY-SA 4.0)
FLORES = {
    "en": [
        "Scientists say the explosion caused by the collision was massive.",
        "They are still trying to determine just how large the crash was and how the Earth will be affected.",
        "The result of plotting analysis will be posted to a public website.",
        "She directed officers to her black Oldsmobile Intrigue which was 500 feet away.",
        "Police said that the body appeared to have been there for about a day.",
        "The first cases of the disease this season were reported in late July.",
        "The disease is carried by pigs, which then migrates to humans through mosquitos.",
        "He produced over 1,000 stamps for Sweden and 28 other countries.",
    ],
    "id": [
        "Ilmuwan mengatakan bahwa ledakan yang disebabkan oleh tumbukan masif sekali.",
        "Mereka masih berusaha menentukan seberapa besar hantaman tersebut dan dampaknya terhadap bumi.",
        "Hasil analisis grafik akan dikirim ke situs web publik.",
        "Ia mengarahkan para petugas ke Oldsmobile Intrigue berwarna hitam miliknya yang berjarak 152 meter.",
        "Polisi mengatakan bahwa mayat itu sudah satu hari berada di tempat tersebut.",
        "Musim ini, kasus pertama penyakit ini dilaporkan pada akhir Juli.",
        "Penyakit dibawa oleh babi, kemudian berpindah ke manusia lewat nyamuk.",
        "Dia membuat lebih dari 1.000 prangko untuk Swedia dan 28 negara lainnya.",
    ],
    "vi": [
        "Các nhà khoa học cho biết vụ va chạm đã gây ra vụ nổ rất lớn.",
        "Họ vẫn đang cố gắng xác định vụ va chạm sẽ lớn cỡ nào và Trái Đất sẽ bị ảnh hưởng thế nào.",
        "Kết quả phân tích đồ thị sẽ được đăng lên một trang web công cộng.",
        "Cô ấy chỉ cảnh sát tới chiếc xe Oldsmobile Intrigue màu đen cách đó 500 foot.",
        "Cảnh sát cho biết thi thể nạn nhận đã ở đó được khoảng một ngày.",
        "Những trường hợp mắc bệnh đầu tiên mùa này được cho là xuất hiện vào cuối tháng Bảy.",
        "Căn bệnh được truyền trên lợn, sau đó di trú sang người thông qua muỗi.",
        "Ông ấy đã sản xuất hơn 1.000 con tem cho Thụy Điển và 28 quốc gia khác.",
    ],
}


@pytest.mark.parametrize("text, expected", [
    ("Hello, World!", ["hello", "world"]),
    ("Trái Đất sẽ bị ảnh hưởng", ["trái", "đất", "sẽ", "bị", "ảnh", "hưởng"]),
    ("Tra\u0301i \u0110a\u0302\u0301t", ["trái", "đất"]),   # NFD input is normalised to NFC
    ("1,000 stamps_x", ["1", "000", "stamps", "x"]),
])
def test_tokenize(text, expected):
    toks = tokenize(text)
    assert [w for w, _, _ in toks] == expected
    for w, a, b in toks:
        assert text[a:b].lower() == text[a:b].lower() and len(text[a:b]) >= 1


def test_train_ibm1_toy():
    pairs = [("the house".split(), "das haus".split()), ("the book".split(), "das buch".split()),
             ("a book".split(), "ein buch".split())]
    t = train_ibm1(pairs, iterations=20)
    assert max(t["house"], key=t["house"].get) == "haus"
    assert max(t["book"], key=t["book"].get) == "buch"
    assert max(t["the"], key=t["the"].get) == "das"
    for e, d in t.items():
        assert sum(d.values()) == pytest.approx(1.0)
    pruned = prune(t, top_k=1, min_prob=0.0)
    assert all(len(d) == 1 for d in pruned.values()) and "" not in pruned


def test_table_roundtrip(tmp_path):
    fwd = {"house": {"haus": 0.9, "das": 0.1}}
    bwd = {"haus": {"house": 0.8}}
    path = tmp_path / "lex-en-de.tsv.gz"
    write_table(str(path), "en", "de", fwd, bwd)
    first = path.read_bytes()
    write_table(str(path), "en", "de", fwd, bwd)
    assert path.read_bytes() == first  # deterministic bytes
    assert read_table(str(path)) == ("en", "de", fwd, bwd)


@pytest.mark.parametrize("lang", ["id", "vi"])
def test_bundled_tables(lang):
    path = lexical.table_path("en", lang)
    assert path is not None and os.path.getsize(path) < 2_000_000
    m = LexicalModel.load("en", lang)
    rev = LexicalModel.load(lang, "en")
    assert m.fwd is rev.bwd and m.bwd is rev.fwd  # one table, both directions, loaded once
    assert LexicalModel.load("en", "xx") is None
    assert get_lexical("en", lang).fwd is m.fwd
    assert os.path.exists(os.path.join(lexical.DATA_DIR, "LEXICON-NOTICE.md"))


@pytest.mark.parametrize("lang", ["id", "vi"])
def test_correct_translation_ranks_first(lang):
    en, xx = FLORES["en"], FLORES[lang]
    m = LexicalModel.load("en", lang)
    mat = m.score_matrix(en, xx)
    assert mat.shape == (len(en), len(xx))
    assert (mat >= 0).all() and (mat <= 1).all()
    assert (mat.argmax(axis=1) == np.arange(len(en))).all()
    assert (mat.argmax(axis=0) == np.arange(len(en))).all()
    back = LexicalModel.load(lang, "en").score_matrix(xx, en)
    assert np.allclose(back, mat.T, atol=1e-6)   # symmetric coverage


def test_score_matches_matrix_without_idf():
    m = LexicalModel.load("en", "id")
    en, xx = FLORES["en"][:3], FLORES["id"][:3] + ["", "!!!"]
    mat = m.score_matrix(en, xx, idf=False)
    for i, s in enumerate(en):
        for j, t in enumerate(xx):
            assert mat[i, j] == pytest.approx(m.score(s, t), abs=1e-5)
    assert m.score("", "halo") == 0.0 and mat[:, 3:].max() == 0.0


def test_score_matrix_shape_and_diagonal():
    m = LexicalModel.load("en", "vi")
    en = (FLORES["en"] * 13)[:100]
    vi = (FLORES["vi"] * 13)[:100]
    M = m.score_matrix(en, vi)
    assert M.shape == (100, 100)
    assert ((M >= 0) & (M <= 1)).all()


@pytest.mark.parametrize("lang", ["id", "vi"])
def test_uncovered_finds_appended_clause(lang):
    """Append another sentence to each target: it is flagged, the faithful part never is."""
    m = LexicalModel.load("en", lang)
    shares = []
    for i, src in enumerate(FLORES["en"]):
        base = FLORES[lang][i]
        assert m.uncovered(src, base) == []
        for j, extra in enumerate(FLORES[lang]):
            if i == j:
                continue
            tgt = base + " " + extra
            start = len(base) + 1
            spans = m.uncovered(src, tgt)
            assert spans, (i, j)
            assert all(a >= start for a, b in spans), (i, j)
            shares.append(sum(b - a for a, b in spans) / len(extra))
    assert np.mean(shares) > 0.5  # measured: 0.75 (id), 0.62 (vi)


def test_adapt_returns_new_model_and_learns_document_terms():
    m = LexicalModel.load("en", "id")
    before_fwd = copy.deepcopy(m.fwd.get("collision"))
    n_fwd, n_bwd = len(m.fwd), len(m.bwd)
    pairs = [("The zorblax collided with the satellite.", "Zorblix bertabrakan dengan satelit."),
             ("The zorblax exploded.", "Zorblix meledak."),
             ("Scientists saw the zorblax.", "Ilmuwan melihat zorblix.")]
    a = m.adapt(pairs)
    assert a is not m and a.fwd is not m.fwd
    assert len(m.fwd) == n_fwd and len(m.bwd) == n_bwd and "zorblax" not in m.fwd
    assert m.fwd.get("collision") == before_fwd
    assert max(a.fwd["zorblax"], key=a.fwd["zorblax"].get) == "zorblix"
    assert a.link("zorblax", "zorblix") > 0.2 and m.link("zorblax", "zorblix") == 0.0
    # words absent from the document keep the base table
    assert a.fwd["stamps"] == m.fwd["stamps"]
    assert a.adapt([]).fwd is a.fwd


def test_as_translator_glosses():
    tr = LexicalModel.load("en", "id").as_translator()
    out = tr.translate(["Police said", "Polisi mengatakan"], "en", "id")
    assert out[0].lower().split() == ["polisi", "mengatakan"]
    assert tr.translate(["Polisi mengatakan"], "id", "en")[0].lower().split() == ["police", "said"]


DE_FR = [
    ("der hund schläft", "le chien dort"),
    ("der hund bellt laut", "le chien aboie fort"),
    ("die katze schläft", "le chat dort"),
    ("die katze trinkt milch", "le chat boit du lait"),
    ("ein hund trinkt wasser", "un chien boit de l'eau"),
    ("die kinder spielen im garten", "les enfants jouent dans le jardin"),
    ("der garten ist gross", "le jardin est grand"),
    ("die kinder trinken milch", "les enfants boivent du lait"),
    ("das wasser ist kalt", "l'eau est froide"),
    ("der hund spielt im garten", "le chien joue dans le jardin"),
]


def test_self_trained_model_learns_the_obvious_word_pairs():
    """A pair with no table: IBM-1 by EM on a tiny bitext links the words a reader would link."""
    m = LexicalModel.self_trained(DE_FR, "de", "fr")
    assert m is not None and m.src_lang == "de" and m.tgt_lang == "fr"
    for de, fr in [("hund", "chien"), ("katze", "chat"), ("garten", "jardin"), ("kinder", "enfants"),
                   ("milch", "lait"), ("schläft", "dort")]:
        assert m.fwd[de][fr] == max(m.fwd[de].values()), (de, m.fwd[de])   # best (ties: les/enfants)
        assert m.link(de, fr) > m.link(de, "jardin" if fr != "jardin" else "chien")
    # the learned model tells a translation from a non-translation
    assert m.score("der hund trinkt milch", "le chien boit du lait") > m.score("der hund trinkt milch", "les enfants jouent")
    assert LexicalModel.self_trained(DE_FR[:3], "de", "fr") is None   # too few pairs to learn from


def test_group_coverage_equals_scoring_the_concatenation():
    """CoverageParts scores any groups exactly as LexicalModel.score scores the joined texts."""
    m = LexicalModel.load("en", "id")
    en, xx = FLORES["en"][:6] + ["!!!"], FLORES["id"][:6]
    parts = m.coverage_parts(en, xx)
    assert np.allclose(parts.matrix(), m.score_matrix(en, xx, idf=False), atol=1e-6)
    S = np.array([[0, 1], [2, 3], [4, 5], [5, 6]])
    T = np.array([[0], [2], [1], [5]])
    got = parts.groups(S, T)
    want = [m.score(" ".join(en[i] for i in s), " ".join(xx[j] for j in t)) for s, t in zip(S, T)]
    assert np.allclose(got, want, atol=1e-5)
    got = parts.groups(np.array([[1]]), np.array([[1, 2, 3]]))
    assert got[0] == pytest.approx(m.score(en[1], " ".join(xx[1:4])), abs=1e-5)


def test_best_links_equals_the_dense_max():
    """best_links equals links[tokens].max(axis=0) per sentence, both orientations."""
    rng = np.random.default_rng(3)
    for trial in range(20):
        V, W, n = rng.integers(1, 30), rng.integers(1, 30), rng.integers(1, 12)
        links = np.where(rng.random((V, W)) < 0.2, rng.random((V, W)), 0.0).astype(np.float32)
        for lk in (links, links.T):
            toks = np.full((n, 7), -1)
            for k in range(n):
                m = rng.integers(0, 8)
                toks[k, :m] = rng.integers(0, len(lk), m)
            dense = np.array([lk[t[t >= 0]].max(axis=0) if (t >= 0).any() else np.zeros(lk.shape[1], np.float32)
                              for t in toks])
            assert np.array_equal(coverage.best_links(lk, toks), dense)


def test_group_bound_is_never_below_the_group_coverage():
    """CoverageParts.group_bound (from the 1-1 coverages) bounds groups() from above, for random groups."""
    m = LexicalModel.load("en", "id")
    en, xx = FLORES["en"][:8] + ["!!!"], FLORES["id"][:8] + ["..."]
    parts = m.coverage_parts(en, xx)
    rng = np.random.default_rng(5)
    for a, b in ((1, 2), (2, 1), (2, 2), (3, 1), (1, 4), (2, 3)):
        S = np.stack([rng.choice(len(en), a, replace=False) for _ in range(50)])
        T = np.stack([rng.choice(len(xx), b, replace=False) for _ in range(50)])
        bound, exact = parts.group_bound(S, T), parts.groups(S, T)
        assert (bound >= exact).all() and (bound <= 1.0).all()
        assert (bound - exact).min() < 0.05   # not vacuous


def test_link_matrix_keeps_each_cells_largest_link():
    """_link_matrix (collected, then one np.maximum.at) equals the cell-by-cell max of identity, fwd and bwd."""
    rng = np.random.default_rng(9)
    words_s, words_t = [f"w{k}" for k in range(30)], [f"w{k}" for k in range(20, 50)]
    fwd = {s: {t: float(rng.random()) for t in rng.choice(words_t, 5)} for s in words_s}
    bwd = {t: {s: float(rng.random()) for s in rng.choice(words_s, 5)} for t in words_t}
    m = LexicalModel("xx", "yy", fwd, bwd)
    sv, tv = {w: i for i, w in enumerate(words_s)}, {w: i for i, w in enumerate(words_t)}
    want = np.zeros((len(sv), len(tv)), np.float32)
    for s, i in sv.items():
        for t, j in tv.items():
            want[i, j] = max(1.0 if s == t else 0.0, fwd[s].get(t, 0.0), bwd[t].get(s, 0.0))
    assert np.array_equal(m._link_matrix(sv, tv), want)
