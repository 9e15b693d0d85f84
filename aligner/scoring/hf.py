"""Hugging Face transformers backends: a sentence encoder and a seq2seq translator.

Needs the ``mt`` extra (``pip install 'aligner[mt]'``: torch, transformers,
sentencepiece); nothing here is imported until one of these classes is used.

Models are given as a Hugging Face id or a local directory and are loaded with
``local_files_only=True`` always: the aligner never downloads weights and never
waits on the network.  A model that is not on disk raises ``ModelError`` with
one line saying how to provide it.  Each model loads lazily, once per process
(module-level cache keyed by model and device).
"""
from __future__ import annotations

import os
import re
import threading
import warnings
from typing import Any, Optional

import numpy as np

from ..errors import ModelError
from .cache import DiskCache
from .embed import Embedder
from .mt import CachedTranslator

_INSTALL = "pip install 'aligner[mt]'"

#: ISO 639-1 -> NLLB-200 (FLORES-200) codes for the languages we expect; other
#: codes pass through unchanged (so ``fra_Latn`` can be given directly).
NLLB_CODES = {
    "en": "eng_Latn", "id": "ind_Latn", "vi": "vie_Latn", "ms": "zsm_Latn", "de": "deu_Latn",
    "fr": "fra_Latn", "es": "spa_Latn", "pt": "por_Latn", "it": "ita_Latn", "nl": "nld_Latn",
    "ru": "rus_Cyrl", "zh": "zho_Hans", "ja": "jpn_Jpan", "ko": "kor_Hang", "th": "tha_Thai",
    "tl": "tgl_Latn", "ar": "arb_Arab", "hi": "hin_Deva", "tr": "tur_Latn", "jv": "jav_Latn",
    "su": "sun_Latn", "km": "khm_Khmr", "lo": "lao_Laoo", "my": "mya_Mymr",
}

_lock = threading.Lock()
_loaded: dict[tuple[str, str, str], tuple[Any, Any]] = {}


def _import_torch():
    try:
        import torch
        import transformers
    except ImportError as exc:
        raise ModelError(f"transformers backends need torch and transformers ({exc.name} is missing): "
                         f"{_INSTALL}") from None
    return torch, transformers


def _device(torch, device: Optional[str]) -> str:
    if device and device != "auto":
        return device
    return "cuda" if torch.cuda.is_available() else "cpu"


def _not_found(model: str) -> ModelError:
    return ModelError(
        f"model {model!r} is not available locally: give a local directory, or download it once into the "
        f"Hugging Face cache (HF_HOME) on a machine with network (`hf download {model}`) and run with "
        f"HF_HUB_OFFLINE=1")


def _load(kind: str, model: str, device: str):
    """(tokenizer, model) for ``kind`` in {"encoder", "seq2seq"}, loaded once, on ``device``, eval mode."""
    key = (kind, model, device)
    with _lock:
        if key in _loaded:
            return _loaded[key]
        torch, transformers = _import_torch()
        local = os.path.isdir(model)
        if not local and model.startswith((".", "/", "~")):
            raise ModelError(f"model directory {model!r} does not exist")
        auto = transformers.AutoModelForSeq2SeqLM if kind == "seq2seq" else transformers.AutoModel
        tf_logging = transformers.utils.logging
        bars = tf_logging.is_progress_bar_enabled()
        tf_logging.disable_progress_bar()  # library code writes nothing to the terminal
        try:
            with warnings.catch_warnings():
                # Marian's tokenizer asks for sacremoses, which only its target-side detokeniser uses
                warnings.filterwarnings("ignore", message=".*sacremoses.*")
                tok = transformers.AutoTokenizer.from_pretrained(model, local_files_only=True)
                net = auto.from_pretrained(model, local_files_only=True)
        except ImportError as exc:  # e.g. sentencepiece missing for a Marian tokenizer
            raise ModelError(f"cannot load {model!r}: {exc}".splitlines()[0] + f" ({_INSTALL})") from None
        except (OSError, ValueError, KeyError) as exc:
            if not local:
                raise _not_found(model) from None
            msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ModelError(f"cannot load model from {model!r}: {msg}") from None
        finally:
            if bars:
                tf_logging.enable_progress_bar()
        net.to(device)
        net.eval()
        _loaded[key] = (tok, net)
        return tok, net


def _model_label(model: str) -> str:
    """The model as it goes into cache namespaces and signatures: an id, or an absolute path."""
    return os.path.abspath(model) if os.path.isdir(model) else model


# --------------------------------------------------------------------------- encoder

class TransformersEmbedder(Embedder):
    """Sentence vectors from a transformers encoder (``--embedder MODEL``).

    Pooling and prefix follow the model family unless given:
    LaBSE -> pooler output (CLS through the pooler dense layer); multilingual-e5
    -> mean pooling with the ``"passage: "`` prefix; anything else -> mean pooling.
    Vectors are L2-normalised by the base class, shape (n, hidden size).
    """

    def __init__(self, model: str, pooling: Optional[str] = None, prefix: Optional[str] = None,
                 max_length: int = 512, device: Optional[str] = None, cache: DiskCache | None = None):
        super().__init__(cache)
        model = os.path.expanduser(model)
        low = model.lower()
        if pooling is None:
            pooling = "pooler" if "labse" in low else "mean"
        if pooling not in ("pooler", "cls", "mean"):
            raise ValueError(f"unknown pooling {pooling!r}")
        if prefix is None:
            prefix = "passage: " if "e5" in os.path.basename(low.rstrip("/")) else ""
        self.model = model
        self.pooling = pooling
        self.prefix = prefix
        self.max_length = max_length
        self._device = device
        self.name = f"hf:{_model_label(model)}|pool:{pooling}|prefix:{prefix.strip()}|max:{max_length}"

    def _net(self):
        torch, _ = _import_torch()
        dev = _device(torch, self._device)
        return torch, dev, _load("encoder", self.model, dev)

    @property
    def dim(self) -> int:
        """Hidden size, from the model's config (the weights are not loaded for this)."""
        if getattr(self, "_dim", None) is None:
            _, transformers = _import_torch()
            try:
                config = transformers.AutoConfig.from_pretrained(self.model, local_files_only=True)
            except (OSError, ValueError, KeyError):
                raise _not_found(self.model) from None
            self._dim = int(config.hidden_size)
        return self._dim

    def _embed_uncached(self, texts: list[str]) -> np.ndarray:
        torch, dev, (tok, net) = self._net()
        enc = tok([self.prefix + t for t in texts], padding=True, truncation=True,
                  max_length=_position_limit(net, self.max_length), return_tensors="pt").to(dev)
        with torch.inference_mode():
            out = net(**enc)
            hidden = out.last_hidden_state                      # (n, len, dim)
            if self.pooling == "pooler" and getattr(out, "pooler_output", None) is not None:
                vec = out.pooler_output
            elif self.pooling in ("pooler", "cls"):
                vec = hidden[:, 0]
            else:
                mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                vec = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            vec = torch.nn.functional.normalize(vec.float(), dim=-1)
        return vec.cpu().numpy()


# --------------------------------------------------------------------------- translator

_OPUS = re.compile(r"opus-mt-([a-z]{2,3})-([a-z]{2,3})$")


class TransformersTranslator(CachedTranslator):
    """Translation with a transformers seq2seq model (``--mt MODEL``).

    Marian (opus-mt-SRC-TGT: one direction per model; multi-target models get
    the ``>>tgt<<`` token), NLLB-200 (``src_lang`` on the tokenizer,
    ``forced_bos_token_id`` = target code, ISO codes mapped through
    ``NLLB_CODES``) and M2M100 (ISO codes, ``get_lang_id``).  Beam search,
    ``max_length`` new tokens, inputs truncated to ``max_length`` tokens,
    ``torch.inference_mode``; results cached on disk per model, settings and
    language pair.
    """

    def __init__(self, model: str, beam_size: int = 4, max_length: int = 256, batch_size: int = 16,
                 device: Optional[str] = None, cache: DiskCache | None = None):
        super().__init__(cache)
        model = os.path.expanduser(model)
        self.model = model
        self.beam_size = beam_size
        self.max_length = max_length
        self.batch_size = batch_size
        self._device = device
        self.name = f"hf:{_model_label(model)}|beam:{beam_size}|max:{max_length}"

    def supports(self, src_lang: str, tgt_lang: str) -> bool:
        """False when the model's name says it translates another pair (opus-mt-SRC-TGT), else True."""
        m = _OPUS.search(os.path.basename(self.model.rstrip("/")))
        if m is None:
            return True
        return m.group(1) == src_lang and m.group(2) in (tgt_lang, "mul")

    def translate(self, texts: list[str], src_lang: str, tgt_lang: str, batch_size: Optional[int] = None) -> list[str]:
        if not self.supports(src_lang, tgt_lang):
            raise ModelError(f"model {self.model!r} does not translate {src_lang} -> {tgt_lang}")
        return super().translate(texts, src_lang, tgt_lang, batch_size or self.batch_size)

    def _translate_uncached(self, texts: list[str], src_lang: str, tgt_lang: str) -> list[str]:
        torch, _ = _import_torch()
        dev = _device(torch, self._device)
        tok, net = _load("seq2seq", self.model, dev)
        limit = _position_limit(net, self.max_length)
        gen: dict[str, Any] = {"num_beams": self.beam_size, "max_length": limit}
        inputs = list(texts)
        family = type(tok).__name__
        if "Nllb" in family:
            tok.src_lang = NLLB_CODES.get(src_lang, src_lang)
            gen["forced_bos_token_id"] = tok.convert_tokens_to_ids(NLLB_CODES.get(tgt_lang, tgt_lang))
        elif hasattr(tok, "get_lang_id"):  # M2M100
            try:
                tok.src_lang = src_lang
                gen["forced_bos_token_id"] = tok.get_lang_id(tgt_lang)
            except KeyError:
                raise ModelError(f"model {self.model!r} has no language code for "
                                 f"{src_lang!r} or {tgt_lang!r}") from None
        else:  # Marian and other fixed-direction models
            codes = getattr(tok, "supported_language_codes", None) or []
            for code in (f">>{tgt_lang}<<", f">>{_ISO3.get(tgt_lang, tgt_lang)}<<"):
                if code in codes:
                    inputs = [f"{code} {t}" for t in inputs]
                    break
        enc = tok(inputs, padding=True, truncation=True, max_length=limit, return_tensors="pt").to(dev)
        try:
            with torch.inference_mode():
                out = net.generate(**enc, **gen)
        except (RuntimeError, IndexError, ValueError) as e:
            raise ModelError(f"translation with {self.model!r} failed: {str(e).splitlines()[0][:200]}") from None
        return [s.strip() for s in tok.batch_decode(out, skip_special_tokens=True)]


def _position_limit(net: Any, wanted: int) -> int:
    """``wanted`` capped by the model's own position limit (inputs and outputs never exceed it)."""
    cfg = net.config
    limits = [getattr(cfg, k, None) for k in ("max_position_embeddings", "n_positions", "max_length")]
    limits = [int(x) for x in limits if isinstance(x, int) and x > 0]
    return min([wanted] + limits)


_ISO3 = {"en": "eng", "id": "ind", "vi": "vie", "ms": "zsm", "de": "deu", "fr": "fra", "es": "spa"}
