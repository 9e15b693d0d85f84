"""Peer adapters (aligner/eval/peers.py): planted alignments on synthetic embeddings, valid partitions."""
import re
import sys

import numpy as np
import pytest

from aligner.eval import peers
from aligner.scoring.cache import DiskCache
from aligner.scoring.embed import Embedder
from aligner.types import bead_kind

EMBEDDING_PEERS = ("Bertalign", "Vecalign")


class TopicEmbedder(Embedder):
    """A text ``"s4 s5"`` (or ``"t4"``) is the normalised sum of one random unit vector per number:
    source sentence k and target sentence k share a meaning, and a run of sentences (what the peers
    embed for merges) means the sum of its parts.  Other text (padding) gets its own random vector."""

    name = "test-topic"

    def __init__(self, dim=64):
        super().__init__(DiskCache("off"))
        self._dim = dim
        self.calls = 0

    def _base(self, key: int) -> np.ndarray:
        return np.random.default_rng(key).standard_normal(self._dim)

    def _embed_uncached(self, texts):
        self.calls += 1
        out = []
        for t in texts:
            ids = [int(m) for m in re.findall(r"\b[st](\d+)\b", t)]
            out.append(sum(self._base(k) for k in ids) if ids else self._base(10**6 + len(t)))
        return np.stack(out)

    @property
    def dim(self):
        return self._dim


def check_partition(beads, n, m):
    """In order, every sentence of both sides exactly once, kinds as bead_kind says."""
    assert [i for b in beads for i in b.src] == list(range(n))
    assert [j for b in beads for j in b.tgt] == list(range(m))
    for b in beads:
        assert b.kind == bead_kind(len(b.src), len(b.tgt)) and 0.0 <= b.score <= 1.0
        assert list(b.src) == list(range(b.src[0], b.src[0] + len(b.src))) if b.src else True
        assert list(b.tgt) == list(range(b.tgt[0], b.tgt[0] + len(b.tgt))) if b.tgt else True


@pytest.fixture(scope="module", params=EMBEDDING_PEERS)
def peer(request):
    return peers.load_peer(request.param)


def links(beads):
    return {(b.src, b.tgt) for b in beads if b.src and b.tgt}


def test_planted_diagonal(peer):
    n = 40
    src, tgt = [f"s{k}" for k in range(n)], [f"t{k}" for k in range(n)]
    beads = peer.align(src, tgt, TopicEmbedder())
    check_partition(beads, n, n)
    assert links(beads) == {((k,), (k,)) for k in range(n)}


def test_planted_merge_split_and_deletion(peer):
    # source 0..29; target: 10+11 merged into one sentence, 20 split in two, 25 dropped
    src = [f"s{k}" for k in range(30)]
    tgt = []
    for k in range(30):
        if k == 11 or k == 25:
            continue
        if k == 10:
            tgt.append("t10 t11")
        elif k == 20:
            tgt += ["t20 t1000", "t20 t1001"]  # two halves sharing meaning 20, each with its own rest
        else:
            tgt.append(f"t{k}")
    beads = peer.align(src, tgt, TopicEmbedder())
    check_partition(beads, len(src), len(tgt))
    got = links(beads)
    assert ((10, 11), (10,)) in got  # the merge (target 10 is "t10 t11")
    assert ((20,), (19, 20)) in got  # the split
    # the dropped source sentence 25 is not required: both peers glue it to a neighbour's bead here
    assert ((0,), (0,)) in got and ((29,), (len(tgt) - 1,)) in got


def test_short_and_empty_inputs(peer):
    emb = TopicEmbedder()
    for n in (1, 2, 3):
        beads = peer.align([f"s{k}" for k in range(n)], [f"t{k}" for k in range(n)], emb)
        check_partition(beads, n, n)
        if n == 1:  # (Vecalign leaves 2-4 sentence pairs wholly unaligned: its deletion cost is a
            # percentile of the document's own pair costs, most of which are true pairs here)
            assert links(beads) == {((0,), (0,))}
    assert [b.kind for b in peer.align([], ["t0", "t1"], emb)] == ["added", "added"]
    assert [b.kind for b in peer.align(["s0"], [], emb)] == ["dropped"]


def test_whitespace_and_empty_sentences_keep_indices(peer):
    src = ["s0", "s1\nacross a line", "", "s3", "s4"]
    tgt = ["t0", "t1  across", "", "t3", "t4"]
    beads = peer.align(src, tgt, TopicEmbedder())
    check_partition(beads, 5, 5)
    assert {((0,), (0,)), ((3,), (3,)), ((4,), (4,))} <= links(beads)


def test_gale_church_peer_needs_no_embedder():
    p = peers.load_peer("Gale-Church")
    assert not p.uses_embedder
    beads = p.align(["a" * 40, "b" * 80], ["x" * 42, "y" * 79], None)
    check_partition(beads, 2, 2)


def test_unknown_and_missing_peers(monkeypatch):
    with pytest.raises(KeyError):
        peers.load_peer("hunalign")
    monkeypatch.setitem(sys.modules, "sentalign", None)  # import fails as if not installed
    with pytest.raises(peers.PeerUnavailable, match="sentalign not installed.*install-peers"):
        peers.load_peer("Vecalign")


def test_bertalign_stubs_do_not_leak():
    peers.load_peer("Bertalign")
    for mod in ("sentence_transformers", "lingua", "sentence_splitter"):
        assert not isinstance(sys.modules.get(mod), peers._Stub)


def test_stub_refuses_use():
    stub = peers._Stub("lingua")
    with pytest.raises(peers.PeerUnavailable, match="lingua.LanguageDetectorBuilder is a stub"):
        stub.LanguageDetectorBuilder()
