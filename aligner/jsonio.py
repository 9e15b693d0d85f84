"""The JSON exchange format (a stable contract; see README "JSON output").

Writing: :func:`to_dict` and :func:`dumps` (never NaN or Infinity: scores are
made finite first and ``allow_nan=False`` guards the rest).  Reading:
:func:`load_json` parses strictly (no NaN/Infinity, no ``1e999``, bounded
nesting) and :func:`from_dict` validates every field *before* allocating
anything from it: types, indices against the sentence lists, offsets against
the sentence texts.  Every problem is a :class:`FormatError` naming the field.
"""
from __future__ import annotations

import json
import math
from typing import Any, Optional

from .summary import summarise
from .textio import display_name
from .types import FACT_KINDS, KINDS, Alignment, Bead, Divergence, Document, Sentence, TargetAlignment

#: offsets may imply at most this many characters beyond twice the sentences' own
#: (the whitespace between sentences; a few characters per sentence in real results)
MAX_GAP_CHARS = 1 << 20


class FormatError(ValueError):
    """A JSON document does not follow the aligner result format."""


# ------------------------------------------------------------------------- writing

def finite_score(x: float) -> float:
    """A score as written: finite, in [0, 1], 4 decimals (NaN counts as 0)."""
    x = float(x)
    if math.isnan(x):
        return 0.0
    return round(min(1.0, max(0.0, x)), 4)


def _doc_dict(doc: Document) -> dict[str, Any]:
    d = {"path": display_name(doc.path) if doc.path is not None else None, "lang": doc.lang}
    if doc.reader is not None:
        d["reader"] = doc.reader
    d["text"] = doc.text  # what the offsets refer to (for a web page or .docx: the extracted text)
    d["sentences"] = [{"text": s.text, "start": s.start, "end": s.end} for s in doc.sentences]
    for k in doc.uncertain:   # segmentation unsure where this sentence ends
        d["sentences"][k]["uncertain"] = True
    return d


def bead_dict(b: Bead) -> dict[str, Any]:
    d = {"src": list(b.src), "tgt": list(b.tgt), "kind": b.kind,
         "score": finite_score(b.score), "weak": bool(b.weak)}
    if b.divergences:
        d["divergences"] = [{"kind": v.kind, "src": v.src, "tgt": v.tgt,
                             "src_span": list(v.src_span) if v.src_span else None,
                             "tgt_span": list(v.tgt_span) if v.tgt_span else None} for v in b.divergences]
    return d


def to_dict(al: Alignment) -> dict[str, Any]:
    targets = []
    for t in al.targets:
        d = _doc_dict(t.document)
        if t.glosses is not None:
            for s, g in zip(d["sentences"], t.glosses):
                s["gloss"] = g
        if t.uncovered is not None:
            for s, spans in zip(d["sentences"], t.uncovered):
                if spans:
                    s["uncovered"] = [[a, b] for a, b in spans]
        d["alignment"] = [bead_dict(b) for b in t.beads]
        d["summary"] = summarise(t, len(al.source.sentences)).to_dict()
        targets.append(d)
    return {"version": al.version, "signature": al.signature,
            "source": _doc_dict(al.source), "targets": targets}


def dumps(data: Any, **kwargs: Any) -> str:
    """``json.dumps`` as every aligner output uses it: UTF-8 text, never NaN or Infinity."""
    kwargs.setdefault("ensure_ascii", False)
    return json.dumps(data, allow_nan=False, **kwargs)


# ------------------------------------------------------------------------- reading

def _refuse_constant(name: str) -> Any:
    raise FormatError(f"{name} is not a valid JSON number")


def _finite_float(text: str) -> float:
    x = float(text)
    if not math.isfinite(x):
        raise FormatError(f"number {text[:30]} is out of range")
    return x


def load_json(text: str) -> Any:
    """Parse JSON strictly: NaN, Infinity and numbers beyond float range are errors, and so
    is nesting too deep to parse; each raises FormatError with the reason."""
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except json.JSONDecodeError as e:
        raise FormatError(f"not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})") from None
    except RecursionError:
        raise FormatError("JSON nested too deeply") from None


def _kind(x: Any) -> str:
    if x is None:
        return "null"
    return {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
            list: "a list", dict: "an object"}.get(type(x), type(x).__name__)


_EXPECTED = {dict: "an object", list: "a list", int: "an integer", str: "a string"}


def _expect(x: Any, kind: type, where: str) -> Any:
    """``x`` if it is of JSON type ``kind`` (a boolean is not an integer), else FormatError."""
    if not isinstance(x, kind) or (kind is int and isinstance(x, bool)):
        raise FormatError(f"{where}: expected {_EXPECTED[kind]}, got {_kind(x)}")
    return x


def _field(d: dict, key: str, where: str) -> Any:
    if key not in d:
        raise FormatError(f"{where}: missing '{key}'")
    return d[key]


def sentences_from(d: Any, where: str) -> list[Sentence]:
    """The ``sentences`` of a document object, each checked: a string ``text`` and integer
    offsets with ``end - start == len(text)``, in order and not overlapping."""
    items = _expect(_field(_expect(d, dict, where), "sentences", where), list, f"{where}.sentences")
    out: list[Sentence] = []
    prev_end = 0
    for k, s in enumerate(items):
        w = f"{where}.sentences[{k}]"
        s = _expect(s, dict, w)
        text = _expect(_field(s, "text", w), str, f"{w}.text")
        start, end = _expect(_field(s, "start", w), int, f"{w}.start"), _expect(_field(s, "end", w), int, f"{w}.end")
        if start < prev_end or end - start != len(text):
            raise FormatError(f"{w}: offsets {start}..{end} do not fit its text ({len(text)} characters"
                              + (f", after the previous sentence's end {prev_end})" if start < prev_end else ")"))
        out.append(Sentence(text, start, end))
        prev_end = end
    return out


def _document(d: Any, where: str) -> Document:
    sents = sentences_from(d, where)
    text = d.get("text")
    if text is not None:
        text = _expect(text, str, f"{where}.text")
        for k, s in enumerate(sents):
            if text[s.start:s.end] != s.text:
                raise FormatError(f"{where}.sentences[{k}]: offsets {s.start}..{s.end} do not match {where}.text")
    else:  # rebuild a text in which the offsets hold, after bounding its size
        own = sum(len(s.text) for s in sents)
        implied = sents[-1].end if sents else 0
        if implied > 2 * own + MAX_GAP_CHARS:
            raise FormatError(f"{where}: offsets imply a text of {implied:,} characters for "
                              f"{own:,} characters of sentences")
        parts, pos = [], 0
        for s in sents:
            parts += [" " * (s.start - pos), s.text]
            pos = s.end
        text = "".join(parts)
    lang, path, reader = d.get("lang"), d.get("path"), d.get("reader")
    uncertain = []
    for k, s in enumerate(d["sentences"]):
        flag = s.get("uncertain", False)
        if not isinstance(flag, bool):
            raise FormatError(f"{where}.sentences[{k}].uncertain: expected true or false, got {_kind(flag)}")
        if flag:
            uncertain.append(k)
    return Document(text=text, sentences=sents, lang=_expect(lang, str, f"{where}.lang") if lang else "und",
                    path=_expect(path, str, f"{where}.path") if path is not None else None,
                    reader=_expect(reader, str, f"{where}.reader") if reader is not None else None,
                    uncertain=tuple(uncertain))


def _indices(x: Any, n: int, where: str, side: str) -> tuple[int, ...]:
    out = tuple(_expect(i, int, f"{where}.{side}[{k}]") for k, i in enumerate(_expect(x, list, f"{where}.{side}")))
    bad = [i for i in out if not 0 <= i < n]
    if bad:
        raise FormatError(f"{where}.{side}: index {bad[0]} is outside the {n} sentences")
    return out


def _bead(b: Any, n_src: int, n_tgt: int, where: str) -> Bead:
    b = _expect(b, dict, where)
    src = _indices(_field(b, "src", where), n_src, where, "src")
    tgt = _indices(_field(b, "tgt", where), n_tgt, where, "tgt")
    kind = _expect(_field(b, "kind", where), str, f"{where}.kind")
    if kind not in KINDS:
        raise FormatError(f"{where}.kind: unknown kind {kind[:30]!r} (one of {', '.join(KINDS)})")
    score = _field(b, "score", where)
    if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0.0 <= score <= 1.0:
        raise FormatError(f"{where}.score: expected a number in [0, 1], got "
                          + (repr(score) if isinstance(score, (int, float)) else _kind(score)))
    weak = b.get("weak", False)
    if not isinstance(weak, bool):
        raise FormatError(f"{where}.weak: expected true or false, got {_kind(weak)}")
    return Bead(src, tgt, kind, float(score), weak, _divergences(b, where))


def _divergences(b: dict, where: str) -> tuple[Divergence, ...]:
    """A bead's optional ``divergences``: kind, the two texts (string or null), optional spans."""
    out = []
    for k, v in enumerate(_expect(b.get("divergences") or [], list, f"{where}.divergences")):
        w = f"{where}.divergences[{k}]"
        v = _expect(v, dict, w)
        kind = _expect(_field(v, "kind", w), str, f"{w}.kind")
        if kind not in FACT_KINDS:
            raise FormatError(f"{w}.kind: unknown kind {kind[:30]!r} (one of {', '.join(FACT_KINDS)})")
        texts, spans = [], []
        for side in ("src", "tgt"):
            text = v.get(side)
            texts.append(None if text is None else _expect(text, str, f"{w}.{side}"))
            span = v.get(f"{side}_span")
            if span is not None:
                span = _expect(span, list, f"{w}.{side}_span")
                if len(span) != 2 or not all(isinstance(x, int) and not isinstance(x, bool) and x >= 0 for x in span):
                    raise FormatError(f"{w}.{side}_span: expected [start, end]")
                span = (span[0], span[1])
            spans.append(span)
        out.append(Divergence(kind, texts[0], texts[1], spans[0], spans[1]))
    return tuple(out)


def _extras(t: dict, doc: Document, where: str) -> tuple[Optional[list[str]], Optional[list]]:
    """Optional per-sentence ``gloss`` strings and ``uncovered`` spans (within the sentence)."""
    raw = t["sentences"]
    glosses = uncovered = None
    if any("gloss" in s for s in raw):
        glosses = [_expect(s.get("gloss", ""), str, f"{where}.sentences[{k}].gloss") for k, s in enumerate(raw)]
    if any("uncovered" in s for s in raw):
        uncovered = []
        for k, (s, sent) in enumerate(zip(raw, doc.sentences)):
            w = f"{where}.sentences[{k}].uncovered"
            spans = []
            for span in _expect(s.get("uncovered", []), list, w):
                span = _expect(span, list, w)
                if len(span) != 2:
                    raise FormatError(f"{w}: expected [start, end] pairs")
                a, b = _expect(span[0], int, w), _expect(span[1], int, w)
                if not 0 <= a < b <= len(sent.text):
                    raise FormatError(f"{w}: span {a}..{b} is outside the sentence ({len(sent.text)} characters)")
                spans.append((a, b))
            uncovered.append(spans)
    return glosses, uncovered


def from_dict(d: Any) -> Alignment:
    """An :class:`Alignment` from parsed JSON, every field validated (FormatError otherwise)."""
    if not isinstance(d, dict) or "source" not in d or "targets" not in d:
        raise FormatError("not an aligner result (needs 'source' and 'targets')")
    src = _document(d["source"], "source")
    targets = []
    for k, t in enumerate(_expect(d["targets"], list, "targets")):
        where = f"targets[{k}]"
        doc = _document(t, where)
        beads = [_bead(b, len(src.sentences), len(doc.sentences), f"{where}.alignment[{n}]")
                 for n, b in enumerate(_expect(_field(t, "alignment", where), list, f"{where}.alignment"))]
        glosses, uncovered = _extras(t, doc, where)
        targets.append(TargetAlignment(doc, beads, glosses, uncovered))
    return Alignment(source=src, targets=targets, signature=str(d.get("signature", "")),
                     version=str(d.get("version", "")))
