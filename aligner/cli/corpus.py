"""``aligner corpus DIR --output OUTDIR``: find which documents translate which, align each pair.

Writes OUTDIR/pairs.json, one JSON result and one HTML report per pair, and
OUTDIR/index.html.  Progress goes to standard error when it is a terminal
(``--quiet`` silences it); a one-line summary is printed at the end.
"""
from __future__ import annotations

import argparse
import sys
import time


def add_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="folder of documents (.txt, .text, .md, .html, .htm, .docx; searched recursively)")
    parser.add_argument("-o", "--output", metavar="OUTDIR", required=True,
                        help="folder for pairs.json, per-pair JSON and HTML reports, and index.html")
    parser.add_argument("--presegmented", action="store_true", help="documents hold one sentence per line")
    parser.add_argument("--top-k", type=int, default=None, metavar="N",
                        help="candidates verified per document (default 3)")
    parser.add_argument("--templates", metavar="DIR",
                        help="folder searched first for report and corpus_index.html.j2 templates")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress and no summary on stderr")


class _Progress:
    """One self-overwriting line on stderr: ``stage done/total``."""

    def __init__(self, stream) -> None:
        self.stream, self.last, self.stage = stream, 0.0, None

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage == self.stage and done < total and now - self.last < 0.2:
            return
        self.stage, self.last = stage, now
        self.stream.write(f"\r{stage}: {done}/{total}\033[K")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def run(args: argparse.Namespace) -> int:
    from jinja2 import TemplateError

    from ..corpus import CorpusParams, corpus_from_folder, write_corpus
    from ..errors import InputError
    from ..scoring.embed import default_embedder

    params = CorpusParams()
    if args.top_k is not None:
        if args.top_k < 1:
            raise InputError("--top-k must be at least 1")
        params = CorpusParams(top_k=args.top_k)
    show = not args.quiet and sys.stderr.isatty()
    progress = _Progress(sys.stderr) if show else None
    result = corpus_from_folder(args.folder, default_embedder(), params,
                                presegmented=args.presegmented, progress=progress)
    try:
        write_corpus(result, args.output, templates_dir=args.templates)
    except TemplateError as e:
        where = f"{e.name}:{e.lineno}: " if getattr(e, "name", None) else ""
        raise InputError(f"template error: {where}{e.message or e}") from None
    if not args.quiet:
        sys.stderr.write(f"{len(result.pairs)} pairs, {len(result.unmatched)} unmatched; "
                         f"see {args.output}/index.html\n")
    return 0
