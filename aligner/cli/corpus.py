"""``aligner corpus DIR --output OUTDIR``: find which documents translate which, align each pair.

Writes OUTDIR/pairs.json, one JSON result and one HTML report per pair, and
OUTDIR/index.html.  Progress goes to standard error when it is a terminal, or
as plain lines with ``--progress`` (``--quiet`` silences it); a one-line
summary is printed at the end.
"""
from __future__ import annotations

import argparse
import sys

from .common import add_progress_options, epilog, show_progress

EPILOG = epilog([
    ("aligner corpus articles -o out",
     "find which documents under articles/ translate which, align each pair, and write out/index.html, "
     "out/pairs.json and one JSON and HTML report per pair"),
    ("aligner corpus articles -o out --progress 2> corpus.log",
     "in the background or in CI: one progress line per stage in the log"),
    ("aligner corpus articles -o out --top-k 5 --templates my-templates",
     "verify more candidates per document; your own corpus_index.html.j2 or report templates"),
], notes=["The index shows, per pair, the same counts and coverage as the pair's report."])


def add_parser(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.add_argument("folder", metavar="DIR", help="folder of documents (.txt, .text, .md, .html, .htm, .docx; searched recursively)")
    parser.add_argument("-o", "--output", metavar="OUTDIR", required=True,
                        help="folder for pairs.json, per-pair JSON and HTML reports, and index.html")
    parser.add_argument("--presegmented", action="store_true", help="documents hold one sentence per line")
    parser.add_argument("--top-k", type=int, default=None, metavar="N",
                        help="candidates verified per document (default 3)")
    parser.add_argument("--templates", metavar="DIR",
                        help="folder searched first for report and corpus_index.html.j2 templates")
    add_progress_options(parser, "no progress and no summary on stderr")


def run(args: argparse.Namespace) -> int:
    from jinja2 import TemplateError

    from ..corpus import CorpusParams, corpus_from_folder, write_corpus
    from ..errors import InputError
    from ..scoring.embed import default_embedder
    from .progress import StageCallback, make_progress

    params = CorpusParams()
    if args.top_k is not None:
        if args.top_k < 1:
            raise InputError("--top-k must be at least 1")
        params = CorpusParams(top_k=args.top_k)
    mode = show_progress(args, sys.stderr)
    progress = make_progress(mode, sys.stderr)
    try:
        result = corpus_from_folder(args.folder, default_embedder(), params, presegmented=args.presegmented,
                                    progress=StageCallback(progress) if mode is not None else None)
        progress.stage("writing", 1, "folder")
        write_corpus(result, args.output, templates_dir=args.templates)
        progress.advance(1)
    except TemplateError as e:
        where = f"{e.name}:{e.lineno}: " if getattr(e, "name", None) else ""
        raise InputError(f"template error: {where}{e.message or e}") from None
    finally:
        progress.close()
    if not args.quiet:
        sys.stderr.write(f"{len(result.pairs)} pairs, {len(result.unmatched)} unmatched; "
                         f"see {args.output}/index.html\n")
    return 0
