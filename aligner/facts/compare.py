"""Compare the facts of the two sides of each linked bead -> :class:`~aligner.types.Divergence`.

Numbers and dates: a fact of one side is *matched* when the other side has one
that agrees (see :func:`.fact.facts_agree`; spelled-out numbers count as
matches but are never reported).  Names: see :mod:`.names`.  Unmatched facts of
the two sides are paired in reading order into contradictions (``3.8 million ->
38 juta``); the rest are omissions (``tgt`` is None) or additions (``src`` is None).
"""
from __future__ import annotations

import dataclasses
from typing import Optional, Sequence

from ..types import Bead, Divergence, Document
from . import names as nm
from .dates import dates
from .fact import Fact, facts_agree
from .numbers import fractions, numerals, spelled, times


def sentence_facts(text: str, lang: str) -> list[Fact]:
    """Numbers and dates of one sentence (dates first: they claim the numerals inside them)."""
    taken: list[tuple[int, int]] = []
    out = dates(text, lang, taken)
    out += times(text, lang, taken)
    out += fractions(text, lang, taken)
    out += numerals(text, lang, taken)
    out += spelled(text, lang, taken)
    return sorted(out, key=lambda f: f.start)


# ------------------------------------------------------------------ numbers and dates

def _unmatched(facts: list[tuple[int, Fact]], others: list[tuple[int, Fact]]) -> list[tuple[int, Fact]]:
    return [(i, f) for i, f in facts if not f.soft and not any(facts_agree(f, g) for _, g in others)]


def _pair(a: list, b: list, key) -> list[tuple]:
    """Pair two lists kind by kind in order; leftovers are paired with None."""
    out = []
    kinds = dict.fromkeys([key(x) for x in a] + [key(y) for y in b])
    for kind in kinds:
        xs, ys = [x for x in a if key(x) == kind], [y for y in b if key(y) == kind]
        for k in range(max(len(xs), len(ys))):
            out.append((xs[k] if k < len(xs) else None, ys[k] if k < len(ys) else None))
    return out


# ------------------------------------------------------------------ names

def _phrases(s: nm.Side) -> dict[int, list[nm.Token]]:
    out: dict[int, list[nm.Token]] = {}
    for t in s.tokens:
        out.setdefault(t.phrase, []).append(t)
    return out


def _match_names(a: nm.Side, b: nm.Side, lex: nm.Lexicon) -> None:
    """Mark the tokens of ``a`` found on side ``b`` (and remember a partner token)."""
    by_key = {t.key: t for t in b.tokens}
    by_group = {t.group: t for t in b.tokens if t.group is not None}
    for t in a.tokens:
        partner, ok = by_key.get(t.key), t.key in b.words
        if not ok:
            sk = nm.skeleton(t.key)
            ok = len(sk) >= 2 and sk in b.skeletons
            partner = next((u for u in b.tokens if nm.skeleton(u.key) == sk), None) if ok else None
        if not ok:
            partner = next((u for u in b.tokens if nm.similar(t.key, u.key)), None)
            ok = partner is not None
        if not ok and t.group is not None and t.group in b.groups:
            ok, partner = True, by_group.get(t.group)
        if not ok and t.acronym:  # the same letters in another order: DNA / ADN, NATO / OTAN
            partner = next((u for u in b.tokens if u.acronym and sorted(u.key) == sorted(t.key)), None)
            ok = partner is not None
        if not ok and not t.strong:
            ok = lex.links(t, b.raw_words)
        t.matched, t.partner = ok, partner


def _anchored_subs(a: nm.Side, b: nm.Side, anchored: set, paired: tuple[set, set], flip: bool) -> list[tuple]:
    """Name phrases anchored by a token matched to a token of a phrase on the other side:
    the phrase is the same name, and only a token that differs from the one at the same
    place in the partner phrase is reported (``Kanye West`` -> ``Kanye Combs``).  A phrase
    that says less or adds a title (``Donald Trump`` -> ``Presiden AS Trump``) is no
    divergence; a place the target puts before the anchor is a descriptor (``Presiden Ukraina
    Zelensky`` for ``President Volodymyr Zelenskiy``).
    ``anchored`` collects the anchored phrases of ``a``; ``paired`` the phrases (of ``a``,
    of ``b``) already in a substitution."""
    out = []
    b_phr = _phrases(b)
    for p, toks in _phrases(a).items():
        anchors = [k for k, t in enumerate(toks)
                   if t.matched and not t.weak_form and not t.translated and t.partner is not None]
        if not anchors:
            continue
        anchored.add(p)
        for k in anchors:
            partner = toks[k].partner
            if partner.phrase in paired[1] or p in paired[0]:
                continue
            q = b_phr[partner.phrase]
            pk = next(n for n, u in enumerate(q) if u is partner)
            lost, other = [], []
            for n, t in enumerate(toks):
                m = pk + n - k
                if t.matched or not t.strong or not 0 <= m < len(q):
                    continue
                u = q[m]
                placed = (t if flip else u).group is not None and n < k  # the target's token is a place
                if not u.matched and u.namey and not placed:
                    lost.append(t)
                    other.append(u)
            if lost:
                paired[0].add(p)
                paired[1].add(partner.phrase)
                out.append((other, lost) if flip else (lost, other))
                break
    return out


def _name_pairs(s: nm.Side, t: nm.Side) -> list[tuple[Optional[list], Optional[list]]]:
    used_s: set[int] = set()
    used_t: set[int] = set()
    paired_s: set[int] = set()
    paired_t: set[int] = set()
    pairs = _anchored_subs(s, t, used_s, (paired_s, paired_t), False)
    pairs += _anchored_subs(t, s, used_t, (paired_t, paired_s), True)

    def loose(side: nm.Side, used: set[int]) -> list[list[nm.Token]]:
        """Unmatched strong tokens of the phrases not yet accounted for."""
        out = []
        for p, toks in _phrases(side).items():
            sel = [x for x in toks if not x.matched and x.strong]
            if p not in used and sel:
                out.append(sel)
        return out

    def spare(side: nm.Side, used: set[int]) -> list[list[nm.Token]]:
        """Name-like leftovers that may stand in for a lost name: unmatched, inside a sentence,
        in a phrase with no translated word ("Dewan Keamanan" translates "Security Council")."""
        out = []
        for p, toks in _phrases(side).items():
            if p in used or any(x.translated or x.weak_form for x in toks):
                continue
            sel = [x for x in toks if not x.matched and x.namey and not x.initial and not x.strong]
            if sel:
                out.append(sel)
        return out

    def rendered(side: nm.Side, used: set[int]) -> bool:
        """Whether the side has an unexplained capitalised word of its own script inside a
        sentence (Vietnamese "Vân Nam" for "Yunnan", "Quỹ Khoa học Quốc gia" for "NSF")."""
        return any(x.native and not x.matched and not x.initial and not x.weak_form and x.phrase not in used
                   for x in side.tokens)

    src_c, tgt_c = loose(s, used_s), loose(t, used_t)
    n = min(len(src_c), len(tgt_c))
    pairs += list(zip(src_c[:n], tgt_c[:n]))
    # a name lost on one side may have been replaced by a name-like word the table does not know;
    # a common word ("the Council") is not trusted enough for that: it is reported alone, if at
    # all (see Comparer._names); a name the other side may have transliterated is not reported
    for extra, other_side, used_other, flip in ((src_c[n:], t, used_t, False), (tgt_c[n:], s, used_s, True)):
        stand_ins = spare(other_side, used_other)
        for c in extra:
            sub = stand_ins.pop(0) if stand_ins and not any(x.common for x in c) else None
            if sub is None and rendered(other_side, used_other):
                continue
            pairs.append((sub, c) if flip else (c, sub))
    return pairs


# ------------------------------------------------------------------ documents

def _mentioned(toks: list[nm.Token], doc: nm.Side) -> bool:
    """Whether a document mentions any of these name tokens anywhere."""
    for t in toks:
        if t.key in doc.words or nm.skeleton(t.key) in doc.skeletons or (t.group is not None and t.group in doc.groups):
            return True
        if any(nm.similar(t.key, k) for k in doc.caps):
            return True
    return False


class Comparer:
    """Fact comparison for one (source, target) document pair.

    Two rules keep translation choices from being reported as changed facts: a number
    or date one side adds (or omits) is not reported when an unlinked sentence of the
    other side states it (the translator moved it out of a sentence it dropped, or into
    one it added); a name one side adds or omits is reported only when the other
    document never mentions it ("the country" for "Ukraine", "he" for "Trump").  Names
    that replace others are always reported.
    """

    def __init__(self, source: Document, target: Document, beads: Sequence[Bead] = ()):
        from ..scoring.lexical import LexicalModel

        self.source, self.target = source, target
        model = LexicalModel.load(source.lang, target.lang)
        self.has_table = model is not None
        self.lex_src = nm.Lexicon(model.fwd if model else None)
        self.lex_tgt = nm.Lexicon(model.bwd if model else None)
        self.src_facts = [sentence_facts(s.text, source.lang) for s in source.sentences]
        self.tgt_facts = [sentence_facts(s.text, target.lang) for s in target.sentences]
        self.src_doc = nm.side(((s.text, i) for i, s in enumerate(source.sentences)), source.lang)
        self.tgt_doc = nm.side(((s.text, j) for j, s in enumerate(target.sentences)), target.lang)
        self.inventory = nm.inventory(*[[(t.key, t.initial) for t in d.tokens if not t.weak_form]
                                        for d in (self.src_doc, self.tgt_doc)])
        linked_src = {i for b in beads if b.src and b.tgt for i in b.src}
        linked_tgt = {j for b in beads if b.src and b.tgt for j in b.tgt}
        self.unlinked_src = [f for i, fs in enumerate(self.src_facts) if i not in linked_src for f in fs]
        self.unlinked_tgt = [f for j, fs in enumerate(self.tgt_facts) if j not in linked_tgt for f in fs]

    def divergences(self, bead: Bead) -> tuple[Divergence, ...]:
        if not bead.src or not bead.tgt:
            return ()
        return tuple(self._numbers(bead) + self._names(bead))

    def _numbers(self, bead: Bead) -> list[Divergence]:
        out = []
        src_f = [(i, f) for i in bead.src for f in self.src_facts[i]]
        tgt_f = [(j, f) for j in bead.tgt for f in self.tgt_facts[j]]
        for a, b in _pair(_unmatched(src_f, tgt_f), _unmatched(tgt_f, src_f), key=lambda x: x[1].kind):
            if a is None and any(facts_agree(b[1], g) for g in self.unlinked_src):
                continue
            if b is None and any(facts_agree(a[1], g) for g in self.unlinked_tgt):
                continue
            out.append(Divergence((a or b)[1].kind, a[1].text if a else None, b[1].text if b else None,
                                  self._span(self.source, a[0], a[1].start, a[1].end) if a else None,
                                  self._span(self.target, b[0], b[1].start, b[1].end) if b else None))
        return out

    def _names(self, bead: Bead) -> list[Divergence]:
        s = nm.side(((self.source.sentences[i].text, i) for i in bead.src), self.source.lang)
        t = nm.side(((self.target.sentences[j].text, j) for j in bead.tgt), self.target.lang)
        nm.classify(s, self.lex_src, self.inventory, self.has_table, self.src_doc.lower)
        nm.classify(t, self.lex_tgt, self.inventory, self.has_table, self.tgt_doc.lower)
        _match_names(s, t, self.lex_src)
        _match_names(t, s, self.lex_tgt)
        out = []
        for a, b in _name_pairs(s, t):
            if b is None and _mentioned(a, self.tgt_doc) or a is None and _mentioned(b, self.src_doc):
                continue
            sa, tb = self._token_span(self.source, a), self._token_span(self.target, b)
            out.append(Divergence("name", sa[0] if sa else None, tb[0] if tb else None,
                                  sa[1] if sa else None, tb[1] if tb else None))
        return out

    @staticmethod
    def _span(doc: Document, sentence: int, a: int, b: int) -> tuple[int, int]:
        base = doc.sentences[sentence].start
        return (base + a, base + b)

    def _token_span(self, doc: Document, toks: Optional[list]) -> Optional[tuple[str, tuple[int, int]]]:
        if not toks:
            return None
        sent = doc.sentences[toks[0].sentence]
        a, b = toks[0].start, toks[-1].end
        return sent.text[a:b], (sent.start + a, sent.start + b)


def annotate(source: Document, target: Document, beads: Sequence[Bead]) -> list[Bead]:
    """The beads with their ``divergences`` filled in (linked beads only)."""
    cmp = Comparer(source, target, beads)
    return [dataclasses.replace(b, divergences=cmp.divergences(b)) if b.src and b.tgt else b for b in beads]
