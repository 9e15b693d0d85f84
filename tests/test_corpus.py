"""Corpus mode: decision logic on hand-made embeddings, CLI in-process, seeds end to end (model)."""
from __future__ import annotations

import json
import os
import zlib

import numpy as np
import pytest

from aligner import corpus as C
from aligner.corpus.ann import candidates
from aligner.corpus.direction import Signals, by_additions
from aligner.cli import main
from aligner.scoring.embed import Embedder
from aligner.types import Bead

SEEDS = os.path.join(os.path.dirname(__file__), os.pardir, "seeds")


class FakeEmbedder(Embedder):
    """Deterministic vectors: texts sharing a ``[tag]`` prefix are near-identical (a translation)."""

    name = "fake-tags"

    def __init__(self):
        super().__init__(cache=_NoCache())

    @property
    def dim(self) -> int:
        return 64

    def _embed_uncached(self, texts):
        out = []
        for t in texts:
            key = t.split("]")[0] if t.startswith("[") else t
            rng = np.random.default_rng(zlib.crc32(key.encode("utf-8")))
            v = rng.normal(size=64)
            noise = np.random.default_rng(zlib.crc32(t.encode("utf-8"))).normal(size=64) * 0.1
            out.append(v + noise)
        return np.asarray(out, dtype=np.float32)


class _NoCache:
    def get_many(self, name, texts):
        return {}

    def put_many(self, name, items):
        pass


def _unit(x):
    x = np.asarray(x, dtype=np.float32)
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


# ---- unit: retrieval and verification ---------------------------------------------
def test_candidates_never_same_language_and_top_k_in_each_language():
    rng = np.random.default_rng(0)
    V = _unit(rng.normal(size=(6, 8)))
    langs = ["en", "en", "id", "id", "vi", "vi"]
    cand = candidates(V, langs, top_k=1)
    for i, js in enumerate(cand):
        assert all(langs[j] != langs[i] for j in js)
        assert sorted(langs[j] for j in js) == sorted(set(langs) - {langs[i]})


def test_document_vectors_remove_the_language_offset():
    rng = np.random.default_rng(1)
    topics = _unit(rng.normal(size=(3, 16)))
    offset = {"en": _unit(rng.normal(size=16)) * 3, "id": _unit(rng.normal(size=16)) * 3}
    embs, langs = [], []
    for lang in ("en", "id"):
        for t in topics:
            embs.append(_unit(t + offset[lang] + rng.normal(size=(5, 16)) * 0.05))
            langs.append(lang)
    V = C.document_vectors(np.stack([e.mean(0) for e in embs]), langs)
    cand = candidates(V, langs, top_k=1)
    assert [c[0] for c in cand] == [3, 4, 5, 0, 1, 2]


@pytest.mark.parametrize("cov_a, cov_b, links, expected", [
    (1.0, 1.0, 10, True),      # full translation
    (0.8, 0.45, 8, True),      # a translation with added commentary
    (0.39, 0.39, 4, True),     # at the bar
    (0.6, 0.3, 5, False),      # one side barely covered: same topic
    (0.33, 0.33, 6, False),    # the strongest wrong candidate on the dev folder
    (0.0, 0.0, 0, False),
])
def test_acceptance_rule(cov_a, cov_b, links, expected):
    ev = C.Evidence(0, 1, links, cov_a, cov_b)
    assert C.accepted(ev, C.CorpusParams()) is expected


def test_evidence_weights_links_by_score_and_ignores_weak_ones():
    beads = [Bead((0,), (0,), "match", 1.0), Bead((1, 2), (1,), "merge", 0.8),
             Bead((3,), (2,), "match", 0.9, weak=True), Bead((), (3,), "added", 0.0)]
    ev = C.evidence_of(0, 1, beads, 4, 4)
    assert ev.n_links == 2
    assert ev.coverage_a == pytest.approx((1.0 + 2 * 0.8) / 4)
    assert ev.coverage_b == pytest.approx((1.0 + 0.8) / 4)
    assert ev.score == pytest.approx((ev.coverage_a + ev.coverage_b) / 2, abs=1e-4)


def _ev(a, b, score, n=10):
    return C.Evidence(a, b, n, score, score)


def test_decide_builds_a_star_around_the_best_linked_document():
    # 0 en, 1 id, 2 vi: a triple; the id-vi link is the weakest (translation of a translation)
    evidence = [_ev(0, 1, 0.95), _ev(0, 2, 0.9), _ev(1, 2, 0.8)]
    pairs = C.decide(evidence, [10, 10, 10], ["en", "id", "vi"], C.CorpusParams())
    assert sorted(pairs) == [(0, 1), (0, 2)]


def test_decide_one_translation_per_language_and_never_same_language():
    evidence = [_ev(0, 1, 0.95), _ev(0, 2, 0.85), _ev(1, 3, 0.2, n=2)]
    pairs = C.decide(evidence, [10, 10, 10, 10], ["en", "id", "id", "en"], C.CorpusParams())
    assert pairs == [(0, 1)]


@pytest.mark.parametrize("extra_root, extra_other, expected", [
    (0.0, 0.4, True), (0.4, 0.0, False), (0.05, 0.1, None)])
def test_direction_rule(extra_root, extra_other, expected):
    assert by_additions(Signals(extra_root, extra_other), 0.15) is expected


def test_swap_beads_mirrors_kinds():
    beads = [Bead((0,), (0, 1), "split", 0.9), Bead((1,), (), "dropped", 0.0), Bead((), (2,), "added", 0.0)]
    kinds = [b.kind for b in C.swap_beads(beads)]
    assert kinds == ["merge", "added", "dropped"]


# ---- library end to end with the fake embedder ----------------------------------------
def _write_folder(tmp_path):
    d = tmp_path / "docs"
    d.mkdir()
    en = [f"[s{k}] English sentence number {k} of the story." for k in range(8)]
    id_ = [f"[s{k}] Kalimat bahasa Indonesia nomor {k} dari cerita." for k in range(8)]
    # an unrelated document: other content, and no numbers in common with the story
    other = [f"[o{k}] Sebuah artikel lain tentang pasar ikan, bagian {k + 40}." for k in range(8)]
    (d / "a.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    (d / "b.txt").write_text("\n".join(id_) + "\n", encoding="utf-8")
    (d / "c.txt").write_text("\n".join(other) + "\n", encoding="utf-8")
    return d


def test_find_translations_with_fake_embedder(tmp_path, monkeypatch):
    d = _write_folder(tmp_path)
    monkeypatch.setattr("aligner.langid.detect_language",
                        lambda text, candidates=None: "en" if "English" in text else "id")
    res = C.corpus_from_folder(str(d), FakeEmbedder(), presegmented=True)
    assert [(os.path.basename(p.source.path), os.path.basename(p.target.path)) for p in res.pairs] \
        in ([("a.txt", "b.txt")], [("b.txt", "a.txt")])
    assert [os.path.basename(u.path) for u in res.unmatched] == ["c.txt"]
    assert res.unmatched[0].nearest is not None and "evidence too weak" in res.unmatched[0].reason
    out = tmp_path / "out"
    C.write_corpus(res, str(out))
    data = json.loads((out / "pairs.json").read_text(encoding="utf-8"))
    assert len(data["pairs"]) == 1 and len(data["unmatched"]) == 1
    for name in (data["pairs"][0]["json"], data["pairs"][0]["html"], "index.html"):
        assert (out / name).exists()
    json.loads((out / data["pairs"][0]["json"]).read_text(encoding="utf-8"))
    index = (out / "index.html").read_text(encoding="utf-8")
    assert data["pairs"][0]["html"] in index


def test_a_pair_the_full_alignment_refutes_frees_its_documents_for_their_next_partners(tmp_path, monkeypatch):
    """The cheap verification can accept a same-topic pair; the full alignment refutes it, and the
    translation then pairs with its real original in a second round instead of staying unmatched."""
    from dataclasses import replace
    import aligner.corpus.flow as flow

    d = tmp_path / "docs"
    d.mkdir()
    (d / "a.txt").write_text("\n".join(f"[s{k}] English sentence number {k} of the story." for k in range(8)) + "\n",
                             encoding="utf-8")
    (d / "b.txt").write_text("\n".join(f"[s{k}] Kalimat bahasa Indonesia nomor {k} dari cerita." for k in range(8))
                             + "\n", encoding="utf-8")
    # c: another story, with no number in common either (numbers are anchors)
    (d / "c.txt").write_text("\n".join(f"[o{w}] English sentence about another story, the {w} part." for w in
                                       ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "last"))
                             + "\n", encoding="utf-8")
    monkeypatch.setattr("aligner.langid.detect_language",
                        lambda text, candidates=None: "en" if "English" in text else "id")
    real_verify = flow.verify_task

    def verify(items, *args):
        out = real_verify(items, *args)
        # the same-topic look-alike c-b passes the cheap check, better than the real pair a-b
        return [replace(ev, n_links=8, coverage_a=0.99, coverage_b=0.99)
                if {os.path.basename(pi), os.path.basename(pj)} == {"b.txt", "c.txt"} else ev
                for ev, (_, _, pi, pj) in zip(out, items)]

    monkeypatch.setattr(flow, "verify_task", verify)
    res = C.corpus_from_folder(str(d), FakeEmbedder(), presegmented=True)
    assert [{os.path.basename(p.source.path), os.path.basename(p.target.path)} for p in res.pairs] == [{"a.txt", "b.txt"}]
    assert [os.path.basename(u.path) for u in res.unmatched] == ["c.txt"]
    assert "full alignment" in res.unmatched[0].reason
    # one round only (as before): the refuted pair leaves both documents unmatched
    monkeypatch.setattr(flow, "ROUNDS", 1)
    res = C.corpus_from_folder(str(d), FakeEmbedder(), presegmented=True)
    assert res.pairs == [] and sorted(os.path.basename(u.path) for u in res.unmatched) == ["a.txt", "b.txt", "c.txt"]


def test_index_escapes_names(tmp_path):
    res = C.CorpusResult([], [C.Unmatched("<b>x</b>.txt", "en", None, "a <script> reason")], "sig")
    C.write_corpus(res, str(tmp_path))
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html


# ---- CLI in-process ------------------------------------------------------------------------
@pytest.mark.parametrize("make", ["missing", "empty", "no-text", "file"])
def test_cli_bad_folder(tmp_path, capsys, make):
    d = tmp_path / "in"
    if make in ("empty", "no-text"):
        d.mkdir()
    if make == "no-text":
        (d / "image.png").write_bytes(b"\x89PNG")
    if make == "file":
        d.write_text("hello", encoding="utf-8")
    code = main(["corpus", str(d), "--output", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("aligner: error:") and err.count("\n") == 1


def test_cli_requires_output(capsys):
    with pytest.raises(SystemExit) as e:
        main(["corpus", "somewhere"])
    assert e.value.code == 2


def test_cli_with_fake_embedder(tmp_path, monkeypatch, capsys):
    d = _write_folder(tmp_path)
    monkeypatch.setattr("aligner.langid.detect_language",
                        lambda text, candidates=None: "en" if "English" in text else "id")
    monkeypatch.setattr("aligner.scoring.embed.default_embedder", lambda: FakeEmbedder())
    out = tmp_path / "out"
    assert main(["corpus", str(d), "-o", str(out), "--presegmented", "--quiet"]) == 0
    assert capsys.readouterr().err == ""
    data = json.loads((out / "pairs.json").read_text(encoding="utf-8"))
    assert len(data["pairs"]) == 1
    assert (out / "index.html").exists()


# ---- the seeds, real model -----------------------------------------------------------------
@pytest.mark.model
def test_seeds_end_to_end(tmp_path):
    out = tmp_path / "out"
    assert main(["corpus", SEEDS, "-o", str(out), "--quiet"]) == 0
    data = json.loads((out / "pairs.json").read_text(encoding="utf-8"))
    names = lambda p: os.path.basename(p)[:3]  # noqa: E731
    pairs = {frozenset((names(p["source"]), names(p["target"]))) for p in data["pairs"]}
    assert pairs == {frozenset(("001", "000")), frozenset(("001", "004"))}
    for p in data["pairs"]:
        assert names(p["source"]) == "001"
    unmatched = {names(u["path"]): u for u in data["unmatched"]}
    assert set(unmatched) == {"002", "003"}
    assert all(u["nearest"] and u["reason"] for u in unmatched.values())


# ---- on Dask: the same result as in this process -------------------------------------------------
def _tag_folder(tmp_path):
    d = tmp_path / "docs"
    d.mkdir()
    stories = {
        "a": ("The council approved the new harbour budget on Monday.", "Dewan menyetujui anggaran pelabuhan baru pada hari Senin."),
        "b": ("Heavy rain closed the mountain railway for two days.", "Hujan deras menutup jalur kereta gunung selama dua hari."),
        "c": ("The school festival drew a record crowd this year.", "Festival sekolah menarik penonton terbanyak tahun ini."),
    }
    for k, (en, id_) in stories.items():
        (d / f"{k}-en.txt").write_text("\n".join(f"[{k}{s}] {en}" for s in range(6)) + "\n", encoding="utf-8")
        (d / f"{k}-id.txt").write_text("\n".join(f"[{k}{s}] {id_}" for s in range(6)) + "\n", encoding="utf-8")
    (d / "lonely-id.txt").write_text("\n".join(f"[z{s}] Pasar ikan dibuka kembali setelah renovasi panjang."
                                               for s in range(6)) + "\n", encoding="utf-8")
    return d


def _cli_corpus(folder, out, *extra):
    import subprocess
    import sys

    tests = os.path.dirname(os.path.abspath(__file__))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([tests, os.environ.get("PYTHONPATH", "")]))
    run = subprocess.run([sys.executable, "-m", "aligner", "corpus", str(folder), "-o", str(out), "--presegmented",
                          "--embedder", "fakes:TagEmbedder", "-q", *extra], cwd=os.path.dirname(tests), env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    data = json.loads((out / "pairs.json").read_text(encoding="utf-8"))
    data.pop("run")
    for p in data["pairs"]:
        p.pop("json"), p.pop("html")
    return data


@pytest.mark.dask
def test_corpus_on_dask_equals_in_process(tmp_path):
    pytest.importorskip("distributed")
    d = _tag_folder(tmp_path)
    serial = _cli_corpus(d, tmp_path / "serial")
    on_dask = _cli_corpus(d, tmp_path / "dask", "--workers", "2")
    assert on_dask == serial
    pairs = sorted(sorted((os.path.basename(p["source"]), os.path.basename(p["target"]))) for p in serial["pairs"])
    assert pairs == [[f"{k}-en.txt", f"{k}-id.txt"] for k in "abc"]
    assert [os.path.basename(u["path"]) for u in serial["unmatched"]] == ["lonely-id.txt"]


# ---- the result must not depend on unrelated files (real model) -----------------------------------
UNRELATED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "unrelated")


def _pairing(out) -> set:
    data = json.loads((out / "pairs.json").read_text(encoding="utf-8"))
    return {(os.path.basename(p["source"]), os.path.basename(p["target"]), p["direction"]) for p in data["pairs"]}


@pytest.mark.model
def test_seeds_plus_unrelated_documents_pair_as_the_seeds_alone(tmp_path):
    import shutil

    alone = tmp_path / "alone"
    assert main(["corpus", SEEDS, "-o", str(alone), "--quiet"]) == 0
    d = tmp_path / "docs"
    shutil.copytree(SEEDS, d)
    for name in os.listdir(UNRELATED):   # German, French, Spanish and a second English text
        shutil.copy(os.path.join(UNRELATED, name), d / name)
    mixed = tmp_path / "mixed"
    assert main(["corpus", str(d), "-o", str(mixed), "--quiet"]) == 0
    assert _pairing(mixed) == _pairing(alone)
    assert {(s[:3], t[:3]) for s, t, _ in _pairing(alone)} == {("001", "000"), ("001", "004")}
    data = json.loads((mixed / "pairs.json").read_text(encoding="utf-8"))
    for p in data["pairs"]:  # evidence cites only pairs that are listed
        for name in {n for n in os.listdir(d) if n in p["direction_evidence"]}:
            assert any(name in (os.path.basename(q["source"]), os.path.basename(q["target"])) for q in data["pairs"])


# ---- direction: which signal decides -------------------------------------------------------------
def _aligned(root, other, extra_root=0.0, extra_other=0.0):
    from types import SimpleNamespace

    from aligner.types import Document as D

    return SimpleNamespace(root=root, other=other, source=D("", [], "", f"d{root}.txt"),
                           target=D("", [], "", f"d{other}.txt"), signals=Signals(extra_root, extra_other))


@pytest.mark.parametrize("pairs, langs, expected", [
    # clear additions decide, whatever the star says
    ([(0, 1, 0.3, 0.0)], ["en", "id"], [(False, "original", "the side with more")]),
    # a hub with translations in two languages is their original
    ([(0, 1), (0, 2)], ["en", "id", "vi"], [(True, "original", "2 languages")] * 2),
    # a document told apart elsewhere fixes its other pair
    ([(0, 1, 0.0, 0.4), (2, 0)], ["en", "id", "vi"],
     [(True, "original", "the side with more"), (False, "original", "d0.txt is the original of d1.txt")]),
    # nothing to go on: uncertain, the hub shown as source
    ([(0, 1)], ["en", "id"], [(True, "uncertain", "too close")]),
    # the folder's prior: en was the original in the 3 pairs told apart (by the star)
    ([(0, 1), (0, 2), (0, 3), (4, 5)], ["en", "id", "vi", "de", "id", "en"],
     [(True, "original", "3 languages")] * 3 + [(False, "original", "en is the original in 3 of 3")]),
])
def test_decide_directions(pairs, langs, expected):
    from aligner.corpus.direction import decide_directions

    aligned = [_aligned(*p) for p in pairs]
    got = decide_directions(aligned, langs, C.CorpusParams())
    assert [(g[0], g[1]) for g in got] == [(e[0], e[1]) for e in expected]
    for g, e in zip(got, expected):
        assert e[2] in g[2]


@pytest.mark.model
def test_ntrex_folder_plus_50_unrelated_documents_pairs_as_the_folder_alone(tmp_path):
    """The NTREX dev folder (scripts/make_corpus_devset.py) alone and with 50 unrelated documents
    (FLORES en/id/vi and Text+Berg de/fr excerpts): the same pairs, P = R = 1 against the gold."""
    import subprocess
    import sys

    from shared_paths import SHARED

    if not (SHARED / "data" / "ntrex-dev").is_dir():
        pytest.skip("shared dev data not found")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    found = []
    for name, extra in (("alone", []), ("plus50", ["--unrelated", "50"])):
        folder = tmp_path / name
        subprocess.run([sys.executable, os.path.join(root, "scripts", "make_corpus_devset.py"), "--data",
                        str(SHARED / "data"), "--out", str(folder), *extra], check=True, capture_output=True)
        gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
        assert main(["corpus", str(folder / "docs"), "-o", str(folder / "out"), "--quiet"]) == 0
        data = json.loads((folder / "out" / "pairs.json").read_text(encoding="utf-8"))
        origin = gold["origin"]  # hashed file name -> what it is (stable across both folders)
        got = {(origin[os.path.basename(p["source"])], origin[os.path.basename(p["target"])]) for p in data["pairs"]}
        want = {(origin[p["source"]], origin[p["target"]]) for p in gold["pairs"]}
        assert got == want, f"{name}: {len(got - want)} wrong pairs, {len(want - got)} missed"
        found.append(got)
    assert found[0] == found[1]


@pytest.mark.parametrize("doc_lang, doc_text, src_lang, src_text, expected", [
    ("id", "Harganya 1,500 dolar, naik 3.5 persen.", "en", "It costs 1,500 dollars, up 3.5 percent.", 2),
    ("id", "Harganya 1.500 dolar, naik 3,5 persen.", "en", "It costs 1,500 dollars, up 3.5 percent.", 0),
    ("en", "It costs 1.500 euros.", "de", "Es kostet 1.500 Euro.", 1),
    ("en", "It costs 1,500 dollars.", "en", "It costs 1,500 dollars.", 0),       # same convention: says nothing
    ("id", "Tahun 2020 ada 7 orang.", "en", "In 2020 there were 7 people.", 0),  # plain numbers say nothing
])
def test_copied_numbers(doc_lang, doc_text, src_lang, src_text, expected):
    from aligner.corpus.direction import copied_numbers
    from aligner.types import Document as D

    assert copied_numbers(D(doc_text, [], doc_lang), D(src_text, [], src_lang)) == expected


def _clustered(n_groups=60, dim=32, seed=3):
    rng = np.random.default_rng(seed)
    topics = rng.normal(size=(n_groups, dim))
    langs = ["en", "id", "vi"] * n_groups
    V = np.repeat(topics, 3, axis=0) + rng.normal(size=(3 * n_groups, dim)) * 0.3
    return C.document_vectors(V.astype(np.float32), langs), langs


@pytest.mark.parametrize("faiss_installed", [True, False])
def test_candidate_search_uses_ann_at_scale_and_falls_back_to_exact(monkeypatch, faiss_installed):
    from aligner.corpus import ann

    if faiss_installed:
        pytest.importorskip("faiss")
    V, langs = _clustered()
    exact = candidates(V, langs, top_k=2, backend="exact")
    monkeypatch.setattr(ann, "ANN_FROM", 10)  # every language is "large"
    monkeypatch.setattr(ann, "ann_available", lambda: faiss_installed)
    used: list = []
    got = candidates(V, langs, top_k=2, names=used)
    assert {kind for _, kind in used} == ({"faiss-hnsw"} if faiss_installed else {"exact"})
    # each document's two translations (its group of 3) come first, as exact search finds them
    assert all(len(js) == 4 and {j // 3 for j in js[:2]} == {i // 3} for i, js in enumerate(got))
    assert [sorted(js[:2]) for js in got] == [sorted(js[:2]) for js in exact]
