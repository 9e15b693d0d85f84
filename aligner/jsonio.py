"""The JSON exchange format (a stable contract; see README "JSON output")."""
from __future__ import annotations

from typing import Any

from .summary import summarise
from .types import Alignment, Bead, Document, Sentence, TargetAlignment


class FormatError(ValueError):
    """A JSON document does not follow the aligner result format."""


def _doc_dict(doc: Document) -> dict[str, Any]:
    d = {"path": doc.path, "lang": doc.lang}
    if doc.reader is not None:
        d["reader"] = doc.reader
    d["text"] = doc.text  # what the offsets refer to (for a web page or .docx: the extracted text)
    d["sentences"] = [{"text": s.text, "start": s.start, "end": s.end} for s in doc.sentences]
    return d


def bead_dict(b: Bead) -> dict[str, Any]:
    return {"src": list(b.src), "tgt": list(b.tgt), "kind": b.kind,
            "score": round(float(b.score), 4), "weak": bool(b.weak)}


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


def _doc_from(d: Any, where: str) -> Document:
    try:
        sents = [Sentence(str(s["text"]), int(s["start"]), int(s["end"])) for s in d["sentences"]]
        text = d.get("text")
        if text is None:  # reconstruct a text in which offsets hold
            end = max((s.end for s in sents), default=0)
            buf = [" "] * end
            for s in sents:
                buf[s.start:s.end] = list(s.text) if len(s.text) == s.end - s.start else list(s.text[: s.end - s.start].ljust(s.end - s.start))
            text = "".join(buf)
        return Document(text=text, sentences=sents, lang=str(d.get("lang") or "und"), path=d.get("path"),
                        reader=d.get("reader"))
    except (KeyError, TypeError, ValueError) as e:
        raise FormatError(f"{where}: malformed document ({e})") from None


def from_dict(d: Any) -> Alignment:
    if not isinstance(d, dict) or "source" not in d or "targets" not in d:
        raise FormatError("not an aligner result (needs 'source' and 'targets')")
    src = _doc_from(d["source"], "source")
    targets = []
    for k, t in enumerate(d["targets"]):
        doc = _doc_from(t, f"targets[{k}]")
        try:
            beads = [Bead(tuple(int(x) for x in b["src"]), tuple(int(x) for x in b["tgt"]), str(b["kind"]),
                          float(b["score"]), bool(b.get("weak", False))) for b in t["alignment"]]
        except (KeyError, TypeError, ValueError) as e:
            raise FormatError(f"targets[{k}]: malformed alignment ({e})") from None
        glosses = None
        if any("gloss" in s for s in t.get("sentences", [])):
            glosses = [s.get("gloss", "") for s in t["sentences"]]
        uncovered = None
        if any("uncovered" in s for s in t.get("sentences", [])):
            try:
                uncovered = [[(int(a), int(b)) for a, b in s.get("uncovered", [])] for s in t["sentences"]]
            except (TypeError, ValueError) as e:
                raise FormatError(f"targets[{k}]: malformed uncovered spans ({e})") from None
        targets.append(TargetAlignment(doc, beads, glosses, uncovered))
    return Alignment(source=src, targets=targets, signature=str(d.get("signature", "")),
                     version=str(d.get("version", "")))
