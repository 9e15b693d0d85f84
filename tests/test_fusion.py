"""Scorer fusion: MT decides where embeddings are ambiguous; the pipeline records it."""
from __future__ import annotations

import numpy as np

from aligner import align
from aligner.scoring.cache import DiskCache
from aligner.scoring.embed import Embedder
from aligner.scoring.mt import DictTranslator

SRC = ["The cat sleeps on the red mat.", "A dog runs in the green park.",
       "Birds sing in the early morning.", "The old man reads a long book.",
       "Children play football after school.", "My sister cooks rice and fish."]
WORDS = {"the": "le", "cat": "chat", "sleeps": "dort", "on": "sur", "red": "rouge", "mat": "tapis",
         "a": "un", "dog": "chien", "runs": "court", "in": "dans", "green": "vert", "park": "parc",
         "birds": "oiseaux", "sing": "chantent", "early": "tot", "morning": "matin", "old": "vieux",
         "man": "homme", "reads": "lit", "long": "longue", "book": "livre", "children": "enfants",
         "play": "jouent", "football": "foot", "after": "apres", "school": "ecole", "my": "ma",
         "sister": "soeur", "cooks": "cuisine", "rice": "riz", "and": "et", "fish": "poisson"}


def to_xx(sentence: str) -> str:
    words = [WORDS[w.strip(".").lower()] for w in sentence.split()]
    return " ".join(words).capitalize() + "."


class FlatEmbedder(Embedder):
    """Every text gets the same vector: embeddings cannot tell any pair apart."""

    name = "test-flat"

    def __init__(self):
        super().__init__(cache=DiskCache("off"))

    @property
    def dim(self) -> int:
        return 8

    def _embed_uncached(self, texts):
        return np.ones((len(texts), 8), dtype=np.float32)


def translator() -> DictTranslator:
    back = {v: k for k, v in WORDS.items()}
    return DictTranslator({("xx", "en"): back}, name="test-dict")


def test_mt_decides_when_embeddings_are_ambiguous():
    src = " ".join(SRC)
    # the translation drops sentence 2 and reorders nothing: only MT can tell which one is missing
    tgt_sents = [to_xx(s) for k, s in enumerate(SRC) if k != 2]
    tgt = " ".join(tgt_sents)
    from aligner.align.pipeline import Options
    from aligner.scoring.params import Params

    without = align(src, [tgt], src_lang="en", tgt_langs=["xx"], embedder=FlatEmbedder())
    linked_without = [b for b in without.targets[0].beads if b.src and b.tgt]

    opts = Options(src_lang="en", tgt_langs=["xx"], embedder=FlatEmbedder(), translator=translator(),
                   params=Params())
    with_mt = align(src, [tgt], options=opts)
    beads = with_mt.targets[0].beads
    pairs = {(b.src, b.tgt) for b in beads}
    expected = {((0,), (0,)), ((1,), (1,)), ((3,), (2,)), ((4,), (3,)), ((5,), (4,))}
    assert expected <= pairs
    assert ((2,), ()) in pairs and [b.kind for b in beads if b.src == (2,)] == ["dropped"]
    # embeddings alone could not find these links
    assert {(b.src, b.tgt) for b in linked_without} != expected
    # the glosses travel with the result and the signature says MT was used
    assert with_mt.targets[0].glosses[0].lower().startswith("the cat")
    assert "mt:test-dict" in with_mt.signature


def test_gloss_in_json():
    from aligner.jsonio import from_dict, to_dict
    from aligner.align.pipeline import Options

    opts = Options(src_lang="en", tgt_langs=["xx"], embedder=FlatEmbedder(), translator=translator())
    res = align(" ".join(SRC[:3]), [" ".join(to_xx(s) for s in SRC[:3])], options=opts)
    d = to_dict(res)
    assert all("gloss" in s for s in d["targets"][0]["sentences"])
    assert from_dict(d).targets[0].glosses == res.targets[0].glosses
