"""Language identification with py3langid (offline, model shipped in the wheel).

:func:`detect_language` returns an ISO 639-1 code.  Normalisations on top of
the raw classifier:

* **Malay -> Indonesian.**  The classifier often labels Indonesian as ``ms``;
  ``ms`` is reported as ``id`` unless the text carries more Malaysian-only
  spellings (``kerana``, ``boleh``, ``selepas`` ...) than Indonesian-only ones.
* **Vietnamese by script.**  Text whose letters are dense in Vietnamese-only
  letters (``ơ ư ă đ`` and stacked tone marks) is ``vi`` without asking the
  model; this makes very short Vietnamese strings reliable.
* **Short text.**  Below :data:`SHORT_TEXT_LETTERS` letters the answer is
  restricted to :data:`COMMON_LANGS` (to its Latin-script members if all
  letters are Latin; or to ``candidates``), because n-gram scores over a few
  characters favour exotic languages.  A handful of letters is still a guess.
* **No letters.**  Text without any letter yields ``"und"``.

The model is loaded on first use and cached at module level.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Optional

__all__ = ["detect_language", "normalise_lang", "contradicts", "KNOWN_LANGS", "COMMON_LANGS",
           "SHORT_TEXT_LETTERS"]

#: Below this many letters the answer is restricted to COMMON_LANGS.
SHORT_TEXT_LETTERS = 40

#: Languages considered for short texts when no candidates are given.
COMMON_LANGS = (
    "en", "id", "vi", "ms", "de", "fr", "es", "it", "pt", "nl",
    "ru", "zh", "ja", "ko", "th", "ar", "hi",
)

#: Languages of COMMON_LANGS written in Latin script.
_LATIN_LANGS = frozenset(COMMON_LANGS[:10])

#: Language codes accepted by ``--src-lang``/``--tgt-lang``: the languages the
#: classifier knows (py3langid's model), i.e. the codes detection can produce.
KNOWN_LANGS = frozenset("""
ace af am an ar ary arz as az ba bcl be bg bn br bs ca crh cs cy da de dz el en eo es et eu ext fa fi
fo fr fuv fy ga gcf gcr gd gl gom grc gu gug guw ha hbo he hi hr ht hu hy id ig is it ja jv ka kab kik
kk km kn ko ku ky la lb lg lij ln lo lt ltg lv mg mk ml mn mr ms mt my ne nl nn no nso oc om or pa pcm
pl ps pt qu ro ru rw sa sdh se si sk sl sn so sq sr st sv sw ta te tg th tk tl tr tt ug uk ur uz uzs
vec vi vo wa wuu xh yo yue zh zu
""".split())

#: CLDR spellings that the classifier knows under another code
_LANG_ALIASES = {"fil": "tl", "nb": "no"}

#: groups of languages too close for detection to tell apart reliably: no contradiction warning inside
_CLOSE = [frozenset(g.split()) for g in ("id ms", "hr sr bs", "no nn da", "zh wuu yue", "cs sk", "fa tg",
                                         "ar ary arz", "he hbo", "gl pt", "ca oc", "gu gug")]

#: Only the first this many characters are classified (speed; plenty).
_MAX_CHARS = 5000

_identifier = None

_VI_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ")
_VI_TONED = re.compile(
    "[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
    "ẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ]"
)

_MALAY_ONLY = frozenset(
    "kerana boleh sahaja selepas manakala bagaimanapun daripada iaitu "
    "wang jabatan mahkamah polis kenyataan negeri".split()
)
_INDONESIAN_ONLY = frozenset(
    "karena bisa saja setelah sementara namun tetapi uang departemen "
    "pengadilan polisi pernyataan kepolisian mengatakan sudah kata "
    "pemerintah provinsi".split()
)


def _get_identifier():
    global _identifier
    if _identifier is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        try:
            _identifier = _from_unpacked_copy(LanguageIdentifier)
        except Exception:  # any problem with the unpacked copy: the package's own (slower) loader
            _identifier = None
        if _identifier is None:
            _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


def _from_unpacked_copy(cls):
    """Load py3langid's model from an uncompressed copy in aligner's cache directory.

    The packaged model is LZMA-compressed and takes ~0.5 s to unpack on every run;
    the copy (a plain .npz, loaded with ``allow_pickle=False``) is made once, keyed
    by the model file's size and modification time, written atomically.
    """
    import lzma
    import os
    import tempfile
    from pathlib import Path

    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE
    from py3langid.modelio import _to_array

    from .scoring.cache import default_cache_dir

    src = Path(MODEL_FILE)
    src = src if src.is_absolute() else Path(MODEL_DIR) / src
    st = src.stat()
    cache_dir = default_cache_dir()
    if cache_dir in ("", "off", "none"):
        return None
    path = os.path.join(cache_dir, f"py3langid-{st.st_size}-{int(st.st_mtime)}.npz")
    if not os.path.exists(path):
        os.makedirs(cache_dir, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out, lzma.open(src) as fh:
                while chunk := fh.read(1 << 20):
                    out.write(chunk)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    with np.load(path, allow_pickle=False) as d:
        return cls(np.asarray(d["ptc"]), np.asarray(d["pc"]), d["classes"].tolist(), _to_array(d["nextmove"]),
                   d["out_feat"].tolist(), norm_probs=True, tk_row=_to_array(d["nextmove_row"]))


def detect_language(text: str, candidates: Optional[Iterable[str]] = None) -> str:
    """Return the ISO 639-1 code of the language of ``text``.

    ``candidates`` restricts the answer to the given codes (the best-ranked
    of them wins).  Returns ``"und"`` for text without letters.
    """
    sample = unicodedata.normalize("NFC", text[:_MAX_CHARS])
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return "und"
    allowed = set(candidates) if candidates is not None else None
    if allowed:
        allowed |= {"ms"} if "id" in allowed else set()

    if _looks_vietnamese(sample, letters) and (allowed is None or "vi" in allowed):
        return "vi"

    if allowed is None and len(letters) < SHORT_TEXT_LETTERS:
        allowed = set(COMMON_LANGS)
        if all(unicodedata.name(ch, "").startswith("LATIN") for ch in letters):
            allowed &= _LATIN_LANGS
    ranking = _get_identifier().rank(sample)
    lang = next((code for code, _ in ranking if allowed is None or code in allowed), None)
    if lang is None:
        return "und"
    if lang == "ms" and (candidates is None or "ms" not in set(candidates)):
        lang = _malay_or_indonesian(sample)
    return lang


def _looks_vietnamese(sample: str, letters: list[str]) -> bool:
    special = sum(1 for ch in letters if ch in _VI_LETTERS) + len(_VI_TONED.findall(sample))
    return special >= 2 and special / len(letters) >= 0.04


def _malay_or_indonesian(sample: str) -> str:
    words = re.findall(r"\w+", sample.lower())
    malay = sum(1 for w in words if w in _MALAY_ONLY)
    indonesian = sum(1 for w in words if w in _INDONESIAN_ONLY)
    return "ms" if malay >= 2 and malay > 2 * indonesian else "id"


def normalise_lang(code: str) -> str:
    """An ISO 639-1 code (or the classifier's code) for a language tag a user gave.

    Unambiguous spellings are normalised (``EN``, ``en-US``, ``en_GB``, ``eng``,
    ``fre``/``fra``, ``in`` -> ``id``, ``cmn`` -> ``zh``) by :mod:`langcodes`;
    anything else (``english``, ``xx``, a language the classifier does not know)
    raises ValueError naming the known codes.
    """
    import langcodes

    tag = code.strip().replace("_", "-")
    try:
        lang = langcodes.Language.get(tag)
        candidates = [lang.language, langcodes.Language.get(langcodes.standardize_tag(tag, macro=True)).language]
    except (ValueError, LookupError):  # LanguageTagError is a ValueError
        candidates = []
    for c in candidates:
        c = _LANG_ALIASES.get(c or "", c)
        if c in KNOWN_LANGS:
            return c
    raise ValueError(f"unknown language {code!r}: give an ISO 639 code (one of {' '.join(sorted(KNOWN_LANGS))})")


def contradicts(given: str, text: str) -> Optional[str]:
    """The detected language of ``text`` when it clearly is not ``given``, else None.

    Silent for short texts (a guess) and within groups of close languages
    (Indonesian/Malay, Croatian/Serbian/Bosnian, ...).
    """
    sample = text[:_MAX_CHARS]
    if sum(1 for ch in sample if ch.isalpha()) < SHORT_TEXT_LETTERS:
        return None
    detected = detect_language(text)
    if detected in ("und", given) or any(given in g and detected in g for g in _CLOSE):
        return None
    return detected
