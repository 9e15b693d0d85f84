"""Batch output: part files that land atomically, and the done-set rebuilt from them.

    OUTDIR/.aligner-output          marker (never read as corpus input)
    OUTDIR/.lock                    held (flock) by the running batch: one batch per OUTDIR
    OUTDIR/batch.json               the manifest's fingerprint and the options the results depend on
    OUTDIR/alignments/part-NNNNNN.jsonl   one record per pair
    OUTDIR/bitext/part-NNNNNN.tsv         with --format bitext: confident links of the same pairs
    OUTDIR/summary.json

A part file is written to a temporary name and renamed: it is there whole or
not at all, so after a kill at any moment the records on disk are exactly the
pairs done, each once.  The bitext part of an alignments part is derived from
its records; a missing one is rebuilt on the next run, an orphan removed.
"""
from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass, field
from typing import Iterable, Optional

from ..errors import InputError
from .documents import OUTPUT_MARKER

PART = re.compile(r"^part-(\d{6,})\.(jsonl|tsv)$")


def bitext_lines(record: dict) -> list[str]:
    """``source<TAB>target<TAB>score<TAB>pair`` for the confident (non-weak) links of an ok record."""
    from ..render.formats import tsv_escape

    if record.get("status") != "ok":
        return []
    src = [s["text"] for s in record["source"]["sentences"]]
    out = []
    for t in record["targets"]:
        tgt = [s["text"] for s in t["sentences"]]
        for b in t["alignment"]:
            if b["src"] and b["tgt"] and not b["weak"]:
                s = tsv_escape(" ".join(src[i] for i in b["src"]))
                g = tsv_escape(" ".join(tgt[j] for j in b["tgt"]))
                out.append(f"{s}\t{g}\t{b['score']:.4f}\t{record['pair']}\n")
    return out


@dataclass
class Done:
    """What the part files already hold."""

    status: dict[int, str] = field(default_factory=dict)          # pair -> "ok" | "error"
    sentences: dict[int, tuple[int, int]] = field(default_factory=dict)
    next_part: int = 0
    error_parts: set[str] = field(default_factory=set)


def _lock(outdir: str):
    import fcntl

    fh = open(os.path.join(outdir, ".lock"), "a+")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        raise InputError(f"{outdir}: another aligner batch is writing to this folder") from None
    return fh


class BatchDir:
    """An OUTDIR opened for one run: locked, checked against the manifest and options, scanned."""

    def __init__(self, outdir: str, fingerprint: dict, bitext: bool):
        self.outdir, self.bitext = outdir, bitext
        if os.path.exists(outdir) and not os.path.isdir(outdir):
            raise InputError(f"{outdir}: exists and is not a folder")
        if os.path.isdir(outdir) and os.listdir(outdir) and not os.path.exists(os.path.join(outdir, OUTPUT_MARKER)):
            raise InputError(f"{outdir}: not empty and not an aligner output folder; choose a new or empty folder")
        try:
            for sub in ("alignments", "bitext") if bitext else ("alignments",):
                os.makedirs(os.path.join(outdir, sub), exist_ok=True)
            with open(os.path.join(outdir, OUTPUT_MARKER), "a", encoding="utf-8"):
                pass
        except OSError as e:
            raise InputError(f"{outdir}: cannot write ({e.strerror or e})") from None
        self._lockfile = _lock(outdir)
        self._check(fingerprint)
        self._clean()
        self.done = self._scan()

    def close(self) -> None:
        self._lockfile.close()

    # -- consistency with earlier runs
    def _check(self, fp: dict) -> None:
        from ..textio import write_atomic

        path = os.path.join(self.outdir, "batch.json")
        try:
            with open(path, encoding="utf-8") as fh:
                old = json.load(fh)
        except FileNotFoundError:
            old = None
        except (OSError, ValueError):
            raise InputError(f"{path}: unreadable; remove {self.outdir} to start afresh") from None
        if old is not None:
            if old.get("options") != fp["options"]:
                diff = ", ".join(f"{k}: {old['options'].get(k)!r} then, {v!r} now"
                                 for k, v in fp["options"].items() if old.get("options", {}).get(k) != v)
                raise InputError(f"{self.outdir}: holds results made with other options ({diff}); "
                                 f"use another output folder")
            n = old.get("pairs", 0)
            if n > fp["pairs"] or fp["prefix_sha256"](n) != old.get("sha256"):
                raise InputError(f"{self.outdir}: holds results of another manifest (its first {n} pairs differ); "
                                 f"use another output folder")
        data = {"pairs": fp["pairs"], "sha256": fp["prefix_sha256"](fp["pairs"]), "options": fp["options"]}
        write_atomic(path, json.dumps(data, indent=1) + "\n")

    def _clean(self) -> None:
        """Temporary files of killed runs; bitext parts without their alignments part."""
        for sub in ("alignments", "bitext"):
            folder = os.path.join(self.outdir, sub)
            for name in os.listdir(folder) if os.path.isdir(folder) else ():
                if name.startswith(".aligner-") and name.endswith(".tmp"):
                    os.unlink(os.path.join(folder, name))
        folder = os.path.join(self.outdir, "bitext")
        for name in os.listdir(folder) if os.path.isdir(folder) else ():
            m = PART.match(name)
            if m and not os.path.exists(self._part("alignments", int(m.group(1)))):
                os.unlink(os.path.join(folder, name))

    def _part(self, kind: str, n: int) -> str:
        ext = "jsonl" if kind == "alignments" else "tsv"
        return os.path.join(self.outdir, kind, f"part-{n:06d}.{ext}")

    def records(self, name: str) -> Iterable[dict]:
        path = os.path.join(self.outdir, "alignments", name)
        with open(path, encoding="utf-8") as fh:
            for k, line in enumerate(fh, 1):
                try:
                    rec = json.loads(line)
                    int(rec["pair"]), rec["status"]
                except (ValueError, KeyError, TypeError):
                    raise InputError(f"{path}:{k}: not a batch record; remove this file to redo its pairs") from None
                yield rec

    def _scan(self) -> Done:
        done = Done()
        folder = os.path.join(self.outdir, "alignments")
        for name in sorted(os.listdir(folder)):
            m = PART.match(name)
            if not m:
                continue
            done.next_part = max(done.next_part, int(m.group(1)) + 1)
            n = int(m.group(1))
            need_bitext = self.bitext and not os.path.exists(self._part("bitext", n))
            bitext = []
            for rec in self.records(name):
                i = int(rec["pair"])
                if i in done.status:
                    raise InputError(f"{folder}/{name}: pair {i} is also in another part file; "
                                     f"remove one of them")
                done.status[i] = rec["status"]
                if rec["status"] == "ok":
                    done.sentences[i] = (len(rec["source"]["sentences"]),
                                         sum(len(t["sentences"]) for t in rec["targets"]))
                else:
                    done.error_parts.add(name)
                if need_bitext:
                    bitext += bitext_lines(rec)
            if need_bitext:
                self._write("bitext", n, bitext)
        return done

    def drop_errors(self) -> int:
        """Rewrite the part files holding error records without them (``--retry-errors``)."""
        from ..textio import write_atomic

        dropped = 0
        for name in sorted(self.done.error_parts):
            keep = []
            for rec in self.records(name):
                if rec["status"] == "ok":
                    keep.append(json.dumps(rec, ensure_ascii=False, allow_nan=False) + "\n")
                else:
                    self.done.status.pop(int(rec["pair"]), None)
                    dropped += 1
            path = os.path.join(self.outdir, "alignments", name)
            if keep:
                write_atomic(path, "".join(keep))
            else:
                os.unlink(path)
                bt = self._part("bitext", int(PART.match(name).group(1)))
                if os.path.exists(bt):
                    os.unlink(bt)
        self.done.error_parts.clear()
        return dropped

    def _write(self, kind: str, n: int, lines: list[str]) -> None:
        from ..textio import write_atomic

        write_atomic(self._part(kind, n), "".join(lines))


class PartWriter:
    """Buffers finished records and writes them as a new part file every ``size`` records
    or ``seconds`` seconds (and at the end, or on interruption)."""

    def __init__(self, bdir: BatchDir, size: int = 1000, seconds: float = 60.0):
        self.bdir, self.size, self.seconds = bdir, size, seconds
        self.lines: list[str] = []
        self.bitext: list[str] = []
        self.last = time.monotonic()
        self.written = 0

    def add(self, line: str, bitext: Optional[list[str]] = None) -> None:
        self.lines.append(line)
        if bitext:
            self.bitext += bitext
        if len(self.lines) >= self.size or time.monotonic() - self.last >= self.seconds:
            self.flush()

    def flush(self) -> None:
        if self.lines:
            n = self.bdir.done.next_part
            self.bdir._write("alignments", n, self.lines)        # the commit point
            self.bdir.done.next_part += 1
            if self.bdir.bitext:
                self.bdir._write("bitext", n, self.bitext)
            self.written += len(self.lines)
            self.lines, self.bitext = [], []
        self.last = time.monotonic()
