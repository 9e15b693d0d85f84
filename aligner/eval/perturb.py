"""Realistic test pairs with gold, made from perfectly parallel sentence lists.

:func:`perturb_pair` edits the target side the way translators and editors
do — drops sentences, adds one or two from elsewhere, merges neighbours,
splits one, moves one several places — lays both sides out as raw text
(headline alone on its line, blank line, paragraphs of 1-3 sentences) and
returns the gold alignment the edits imply, in the shared gold JSON format,
with character offsets into the texts it wrote.  The same ``random.Random``
seed always gives the same output.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Optional, Sequence

import numpy as np

#: conjunctions at which a sentence may be split when it has no usable comma
CONJUNCTIONS = {
    "en": ("and", "but", "while"),
    "id": ("dan", "tetapi", "namun", "sedangkan"),
    "vi": ("và", "nhưng", "trong khi"),
}


@dataclass
class _Item:
    text: str
    src: tuple[int, ...]  # source sentences this target sentence translates; () = added
    edited: bool = False  # already merged/split: not touched again


def _merge_text(a: str, b: str) -> str:
    """Two sentences as one: the first's full stop becomes a semicolon, joined by a space."""
    a = a.rstrip()
    if a.endswith("."):
        a = a[:-1] + ";"
    elif not a.endswith((";", ",", ":")):
        a = a + ";"
    return a + " " + b.lstrip()


def _split_text(text: str, lang: str) -> Optional[tuple[str, str]]:
    """Cut a sentence in two near its middle at a comma, else before a conjunction."""
    n = len(text)
    lo, hi = int(n * 0.3), int(n * 0.7)
    cuts = [i for i in range(lo, hi) if text[i] == "," and i + 1 < n and text[i + 1] == " "]
    if cuts:
        i = min(cuts, key=lambda k: abs(k - n // 2))
        first, second = text[:i].rstrip(), text[i + 1:].strip()
    else:
        best = None
        for conj in CONJUNCTIONS.get(lang, ()) + CONJUNCTIONS["en"] * (lang not in CONJUNCTIONS):
            start = 0
            while True:
                k = text.find(f" {conj} ", start)
                if k < 0:
                    break
                if lo <= k < hi and (best is None or abs(k - n // 2) < abs(best - n // 2)):
                    best = k
                start = k + 1
        if best is None:
            return None
        first, second = text[:best].rstrip(" ,"), text[best + 1:].strip()
    if len(first) < 10 or len(second) < 10:
        return None
    first = first.rstrip(";:") + "."
    second = second[0].upper() + second[1:]
    return first, second


def _layout(sentences: Sequence[str], rng: random.Random) -> tuple[str, list[dict[str, Any]]]:
    """Headline alone, blank line, paragraphs of 1-3 sentences; returns text and sentence dicts."""
    parts: list[str] = []
    out: list[dict[str, Any]] = []
    pos = 0

    def put(s: str, sep: str) -> None:
        nonlocal pos
        if parts:
            parts.append(sep)
            pos += len(sep)
        parts.append(s)
        out.append({"text": s, "start": pos, "end": pos + len(s)})
        pos += len(s)

    if sentences:
        put(sentences[0], "")
    k = 1
    while k < len(sentences):
        size = rng.randint(1, 3)
        for m, s in enumerate(sentences[k:k + size]):
            put(s, "\n\n" if m == 0 else " ")
        k += size
    return "".join(parts) + "\n", out


def perturb_pair(src_sents: Sequence[str], tgt_sents: Sequence[str], other_doc_sents: Sequence[str],
                 rng: random.Random, *, drop_rate: float = 0.1, n_insert: tuple[int, int] = (1, 2),
                 n_merge: tuple[int, int] = (1, 2), n_split: int = 1, n_move: int = 1,
                 move_distance: tuple[int, int] = (3, 6), src_lang: str = "en", tgt_lang: str = "und",
                 src_file: Optional[str] = None, tgt_file: Optional[str] = None,
                 ) -> tuple[str, str, dict[str, Any]]:
    """Perturb a parallel pair; return ``(src_text, tgt_text, gold_dict)``.

    ``src_sents[k]`` and ``tgt_sents[k]`` must be translations of each other;
    the first sentence is the headline and is never edited.  Edits, in order:
    drop ``round(drop_rate * (n - 1))`` target sentences (at least one when
    n > 4); merge ``n_merge`` pairs of neighbours (m-1 links); split ``n_split``
    sentence at a comma or conjunction (1-2 link; skipped when none fits);
    insert ``n_insert`` sentences from ``other_doc_sents`` (added); move
    ``n_move`` sentence ``move_distance`` places (an out-of-order link).
    Counts given as ``(lo, hi)`` are drawn uniformly.  The source text is laid
    out unperturbed.  The gold uses the shared gold JSON format.
    """
    if len(src_sents) != len(tgt_sents):
        raise ValueError(f"parallel lists differ in length ({len(src_sents)} vs {len(tgt_sents)})")
    src = [s.strip() for s in src_sents]
    items = [_Item(t.strip(), (k,)) for k, t in enumerate(tgt_sents)]
    n = len(items)

    # 1. drop
    body = list(range(1, n))
    n_drop = round(drop_rate * (n - 1))
    if n > 4:
        n_drop = max(1, n_drop)
    dropped = set(rng.sample(body, min(n_drop, max(0, len(body) - 2))))
    items = [it for k, it in enumerate(items) if k not in dropped]

    # 2. merge neighbours
    for _ in range(rng.randint(*n_merge)):
        cands = [k for k in range(1, len(items) - 1)
                 if not items[k].edited and not items[k + 1].edited and items[k].src and items[k + 1].src]
        if not cands:
            break
        k = rng.choice(cands)
        a, b = items[k], items[k + 1]
        items[k:k + 2] = [_Item(_merge_text(a.text, b.text), a.src + b.src, True)]

    # 3. split one
    for _ in range(n_split):
        cands = [k for k in range(1, len(items)) if not items[k].edited and items[k].src
                 and _split_text(items[k].text, tgt_lang)]
        if not cands:
            break
        k = rng.choice(cands)
        first, second = _split_text(items[k].text, tgt_lang)  # type: ignore[misc]
        items[k:k + 1] = [_Item(first, items[k].src, True), _Item(second, items[k].src, True)]

    # 4. insert sentences from another document (a translator's addition)
    pool = [s.strip() for s in other_doc_sents[1:] if s.strip()] or [s.strip() for s in other_doc_sents if s.strip()]
    if pool:
        for _ in range(rng.randint(*n_insert)):
            pos = rng.randint(1, len(items))
            items.insert(pos, _Item(rng.choice(pool), (), True))

    # 5. move one sentence several places
    for _ in range(n_move):
        lo, hi = move_distance
        cands = [k for k in range(1, len(items)) if items[k].src and not items[k].edited and len(items[k].src) == 1]
        moves = [(k, d) for k in cands for d in range(-hi, hi + 1)
                 if abs(d) >= lo and 1 <= k + d < len(items)]
        if not moves:
            break
        k, d = rng.choice(moves)
        it = items.pop(k)
        it.edited = True
        items.insert(k + d, it)

    src_text, src_dicts = _layout(src, rng)
    tgt_text, tgt_dicts = _layout([it.text for it in items], rng)

    groups: dict[tuple[int, ...], list[int]] = {}
    for j, it in enumerate(items):
        if it.src:
            groups.setdefault(it.src, []).append(j)
    links = [{"src": list(s), "tgt": t, "sure": True} for s, t in sorted(groups.items(), key=lambda x: x[0])]
    covered = {i for s in groups for i in s}
    gold = {
        "source": {"file": src_file, "lang": src_lang, "sentences": src_dicts},
        "target": {"file": tgt_file, "lang": tgt_lang, "sentences": tgt_dicts},
        "links": links,
        "dropped": sorted(set(range(n)) - covered),
        "added": [j for j, it in enumerate(items) if not it.src],
    }
    return src_text, tgt_text, gold


def same_topic_sources(sent_vectors: Sequence[np.ndarray], k: int = 5) -> list[tuple[int, list[int]]]:
    """For each document, where a same-topic editor's insertion comes from.

    ``sent_vectors[d]`` is the (n_d, dim) array of unit sentence vectors of
    document ``d`` (its headline first).  A document's vector is the mean of its
    sentence vectors; document ``d`` draws from the other document ``e`` whose
    vector is nearest by cosine, and only from the ``k`` body sentences of ``e``
    (headline excluded) nearest to ``d``'s vector: the most on-topic sentences
    of the most on-topic document, like an editor's commentary.  Returns, per
    document, ``(e, [sentence indices of e, nearest first])``; with one
    document only, ``e`` is the document itself.  Deterministic: ties go to
    the lower index.
    """
    if not sent_vectors:
        return []
    docs = np.stack([np.asarray(v, dtype=np.float64).mean(axis=0) for v in sent_vectors])
    docs /= np.maximum(np.linalg.norm(docs, axis=1, keepdims=True), 1e-12)
    sims = docs @ docs.T
    if len(docs) > 1:
        np.fill_diagonal(sims, -np.inf)
    out = []
    for d in range(len(docs)):
        e = int(np.argmax(sims[d]))
        body = np.asarray(sent_vectors[e], dtype=np.float64)[1:]
        if len(body) == 0:
            out.append((e, [0]))
            continue
        closeness = body @ docs[d]
        order = sorted(range(len(body)), key=lambda i: (-closeness[i], i))[:k]
        out.append((e, [i + 1 for i in order]))
    return out
