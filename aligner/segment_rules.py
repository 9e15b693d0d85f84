"""Punkt parameters for the segmenter (:mod:`aligner.segment`), per language.

* Abbreviation lists (``en``, ``id``, ``vi``, and a generic list covering de
  and fr) and the month abbreviations after which a capitalised word starts a
  new sentence.
* Frequent sentence starters, marked in Punkt's orthographic context so that
  an abbreviation followed by one of them still ends a sentence.
* The Punkt language variables of the generic fallback (non-Latin terminators).
* The tokenizer built from them (no trained model, no download), plus the
  orthographic evidence the document itself gives; and the normalisation of a
  language code to the rules it selects.
"""
from __future__ import annotations

import re
from functools import lru_cache

from nltk.tokenize.punkt import (
    PunktLanguageVars,
    PunktParameters,
    PunktSentenceTokenizer,
)

__all__ = ["MONTH_ABBREVS", "SUPPORTED_LANGS", "document_tokenizer", "norm_lang"]

#: Languages with dedicated rules; any other code uses the generic rules.
SUPPORTED_LANGS = ("en", "id", "vi")

# Orthographic-context flags, as in nltk.tokenize.punkt.
_ORTHO_BEG_UC = 1 << 1
_ORTHO_MID_UC = 1 << 2
_ORTHO_MID_LC = 1 << 5

#: month abbreviations: followed by a capitalised word (not a day number) they end a sentence
MONTH_ABBREVS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec agu agt agus okt des".split())

# --------------------------------------------------------------------------
# Abbreviations (lower case, without the final period; internal periods kept).
# Words that are also ordinary words written in full (id ``ibu``, ``Mei``,
# ``kota``, ``desa``; en ``sat``, ``sun``, ``ill``, ``mass``...) are not listed:
# a sentence ending with one of them would never be split.
# --------------------------------------------------------------------------

_COMMON_ABBREVS = """
mr mrs ms dr prof sr jr st mt ft vs etc e.g i.e cf al approx est
u.s u.k u.n u.s.a e.u a.m p.m no nos vol fig pp ph.d m.d b.a m.a b.sc
jan feb mar apr jun jul aug sep sept oct nov dec
inc ltd co corp bros dept univ assn
""".split()

_ABBREVS = {
    "en": """
        gen col lt maj capt cmdr adm sgt cpl pvt rep sen gov pres rev hon
        messrs mmes supt insp det
        ave blvd rd hwy
        mon tue tues wed thu thur thurs fri
        ala ariz ark calif colo conn del fla ga ind kan kans ky la md
        mich minn mo mont neb nev okla pa penn tenn tex vt va
        wis wyo d.c n.y n.j l.a
        no.1 jan feb
        op ed eds trans ca viz
    """.split(),
    "id": """
        jend jen letjen mayjen brigjen laksda laksma marsda kol letkol mayor
        kapt lettu letda serka kompol kombes irjen komjen akbp akp ipda iptu
        bpk sdr sdri yth ny nn tn hj h kh ust
        drs dra ir s.h s.e s.pd s.kom s.t s.sos s.ip m.si m.m m.hum m.pd
        s.ag m.ag m.sc
        jl jln gg kab kec kel prov rt rw
        tsb dll dsb dst dkk sbg spt yg dgn utk tgl hlm kpd a.n u.p s.d
        rp tbk pt a.s det
        agu agt agus okt des
    """.split(),
    "vi": """
        tp tt tx ts ths pgs gs bs ks ls nsnd nsưt ttưt tw ubnd
        q p h x tr st v.v ng nxb th.s tiến.sĩ đ
    """.split(),
}

#: Abbreviations used by the generic fallback (covers de and fr too).
_GENERIC_ABBREVS = """
z.b bzw usw u.a d.h ca vgl nr str hr fr frl abs jh jhd s.o u.ä o.ä evtl ggf
inkl bspw sog
m mm mme mlle mgr me av apr j.-c art ch éd t
""".split()

# Frequent sentence starters: marked in the orthographic context as words
# that also occur in lower case mid-sentence, so that Punkt's orthographic
# heuristic ends a sentence after an abbreviation followed by one of them.
_COMMON_STARTERS = """
The A An This That These Those It He She They We I You There Here His Her
Its Their Our But And Or So Yet However Meanwhile In On At For From With By
As After Before When While If Although Though Since Because Some Many Most
All Both Each Other Such One Two Three What Who Why How Where Then Now Still
Also Last Next Earlier Later Today Yesterday Tomorrow According Despite
Under Over Between During Until Instead Asked
""".split()

_STARTERS = {
    "en": [],
    "id": """
        Ia Dia Ini Itu Namun Tetapi Tapi Sementara Selain Saat Ketika Menurut
        Pada Dalam Hal Sebelumnya Kami Kita Mereka Anda Saya Di Ke Dari Untuk
        Dengan Akan Jika Bila Sedangkan Bahkan Kemudian Selanjutnya Adapun
        Sebagai Para Sang Hingga Sejak Setelah Sebelum Karena Oleh Bagi Meski
        Meskipun Walaupun Apa Siapa Mengapa Bagaimana Kapan Semua Banyak
        Beberapa Sebuah Seorang Salah Tak Tidak Juga Lalu Maka Oleh Pekan
    """.split(),
    "vi": """
        Tuy Theo Trong Ông Bà Anh Chị Đây Điều Các Những Khi Sau Người Năm
        Hiện Nhưng Vì Do Tại Với Cũng Đó Việc Tôi Chúng Họ Nó Nếu Mặc Ngoài
        Trước Hôm Ngày Tháng Cuộc Song Bên Còn Sự Một Hai Ba Đến Từ Để Có
        Không Chỉ Thế Vậy Này Lúc Hiện Báo Dù Được Nga Mỹ
    """.split(),
}

_GENERIC_STARTERS = """
Der Die Das Ein Eine Er Sie Es Wir Ich Aber Und Auch Im Am In Auf Mit Nach
Le La Les Un Une Il Elle Ils Nous Je Mais Et Dans Sur Pour Avec Après Ce Cette
""".split()

# --------------------------------------------------------------------------
# Language variables
# --------------------------------------------------------------------------


class _GenericLanguageVars(PunktLanguageVars):
    """Punkt variables that also end sentences at non-Latin terminators."""

    # Arabic/Urdu question mark and full stop, Devanagari danda, Armenian,
    # Ethiopic, Burmese, Khmer, Tibetan terminators, fullwidth ! ? . and
    # the CJK full stop (CJK stops with no space after them are pre-split).
    sent_end_chars = (
        ".", "?", "!", "؟", "۔", "।", "॥", "։", "።", "၊", "။", "។", "༎",
        "！", "？", "．", "。",
    )


# --------------------------------------------------------------------------
# Tokenizers
# --------------------------------------------------------------------------


def _params(abbrevs: list[str], starters: list[str]) -> PunktParameters:
    params = PunktParameters()
    params.abbrev_types = set(a.lower() for a in abbrevs)
    for word in starters:
        params.add_ortho_context(word.lower(), _ORTHO_BEG_UC | _ORTHO_MID_LC)
    return params


@lru_cache(maxsize=None)
def _tokenizer(lang: str) -> PunktSentenceTokenizer:
    if lang in SUPPORTED_LANGS:
        abbrevs = _COMMON_ABBREVS + _ABBREVS[lang]
        starters = _COMMON_STARTERS + _STARTERS[lang]
        lang_vars = PunktLanguageVars()
    else:
        abbrevs = _COMMON_ABBREVS + _GENERIC_ABBREVS
        starters = _COMMON_STARTERS + _GENERIC_STARTERS
        lang_vars = _GenericLanguageVars()
    return PunktSentenceTokenizer(lang_vars=lang_vars, train_text=_params(abbrevs, starters))


_DOC_WORD = re.compile(r"(?<![\w.'’-])([^\W\d_][^\W\d_'’-]*)(?![\w'’-]*\.\w)")
_MID_CAP = re.compile(r"(?<=[^\W\d_]) +([^\W\d_][^\W\d_]+)")


def document_tokenizer(lang: str, text: str) -> PunktSentenceTokenizer:
    """The language's tokenizer with orthographic evidence from the document itself.

    Punkt decides whether a capitalised word after an abbreviation or an initial
    starts a sentence by how that word is written elsewhere.  Without training
    text it knows only the frequent starters; here every word the document also
    writes in lower case counts as an ordinary word (so ``option A. Researchers``
    splits), and a capitalised word that follows a lower-case word somewhere in
    the document counts as a name (so ``by A. Smith`` does not).
    """
    base = _tokenizer(lang)
    params = PunktParameters()
    params.abbrev_types = base._params.abbrev_types
    params.collocations = base._params.collocations
    params.sent_starters = base._params.sent_starters
    params.ortho_context = base._params.ortho_context.copy()
    known = set(params.ortho_context)
    for m in _DOC_WORD.finditer(text):
        w = m.group(1)
        if w.islower() and len(w) > 1:
            params.ortho_context[w] |= _ORTHO_MID_LC
    for m in _MID_CAP.finditer(text):
        w = m.group(1)
        if w[0].isupper() and not w.isupper() and w.lower() not in known:
            params.ortho_context[w.lower()] |= _ORTHO_MID_UC
    return PunktSentenceTokenizer(lang_vars=base._lang_vars, train_text=params)


def norm_lang(lang: str) -> str:
    code = (lang or "").strip().lower().replace("_", "-").split("-")[0]
    return {"in": "id", "ind": "id", "vie": "vi", "eng": "en"}.get(code, code)
