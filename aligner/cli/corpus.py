"""``aligner corpus DIR --output OUTDIR``: find which documents translate which, align each pair.

Writes OUTDIR/pairs.json, OUTDIR/index.html and one JSON result and one HTML
report per pair in a folder of the run (see :mod:`aligner.corpus.output`).
Progress goes to standard error when it is a terminal, or as plain lines with
``--progress`` (``--quiet`` silences it); a one-line summary is printed at the
end.  Runs in this process unless ``--workers N`` (N > 1) or ``--scheduler``
asks for Dask.
"""
from __future__ import annotations

import argparse
import sys

from .batch import add_engine_options
from .common import add_progress_options, epilog, show_progress

EPILOG = epilog([
    ("aligner corpus articles -o out",
     "find which documents under articles/ translate which, align each pair, and write out/index.html, "
     "out/pairs.json and one JSON and HTML report per pair"),
    ("aligner corpus articles -o out --progress 2> corpus.log",
     "in the background or in CI: one progress line per stage in the log"),
    ("aligner corpus articles -o out --top-k 5 --templates my-templates",
     "verify more candidates per document; your own corpus_index.html.j2 or report templates"),
], notes=["The index shows, per pair, the same counts and coverage as the pair's report.",
          "With --workers N (N > 1) or --scheduler ADDRESS the reading, verification and alignment run on "
          "Dask, as in 'aligner batch' (pip install 'aligner[batch]')."])


def add_parser(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.add_argument("folder", metavar="DIR",
                        help="folder of documents (.txt, .text, .md, .html, .htm, .docx; searched recursively)")
    parser.add_argument("-o", "--output", metavar="OUTDIR", required=True,
                        help="folder for pairs.json, index.html and the per-pair reports (new, empty, "
                             "or the output of an earlier corpus run, which is replaced)")
    parser.add_argument("--presegmented", action="store_true", help="documents hold one sentence per line")
    parser.add_argument("--top-k", type=int, default=None, metavar="N",
                        help="candidates verified per document and other language (default 3)")
    parser.add_argument("--templates", metavar="DIR",
                        help="folder searched first for report and corpus_index.html.j2 templates")
    add_engine_options(parser, local_default="this process; N > 1 starts a local Dask cluster")
    add_progress_options(parser, "no progress and no summary on stderr")


def run(args: argparse.Namespace) -> int:
    from jinja2 import TemplateError

    from ..corpus.execution import LocalModels, ModelSpec, SerialExecutor, executor_for
    from ..corpus.flow import corpus_from_folder
    from ..corpus.matching import CorpusParams
    from ..corpus.output import prepare_outdir, write_corpus
    from ..errors import InputError
    from ..scoring.registry import build_models
    from .progress import StageCallback, make_progress

    params = CorpusParams()
    if args.top_k is not None:
        if args.top_k < 1:
            raise InputError("--top-k must be at least 1")
        params = CorpusParams(top_k=args.top_k)
    if args.workers is not None and args.workers < 1:
        raise InputError("--workers must be at least 1")
    prepare_outdir(args.output)  # fail before the work, not after
    mode = show_progress(args, sys.stderr)
    progress = make_progress(mode, sys.stderr)
    callback = StageCallback(progress) if mode is not None else None
    try:
        with executor_for(args.workers, args.scheduler) as executor:
            if isinstance(executor, SerialExecutor):
                models = LocalModels(build_models(args.embedder, None, args.cache_dir)[0])
            else:
                models = ModelSpec(args.embedder, None, args.cache_dir)
            result = corpus_from_folder(args.folder, models, params, presegmented=args.presegmented,
                                        progress=callback, executor=executor, exclude=[args.output])
        written = write_corpus(result, args.output, templates_dir=args.templates, progress=callback)
    except TemplateError as e:
        where = f"{e.name}:{e.lineno}: " if getattr(e, "name", None) else ""
        raise InputError(f"template error: {where}{e.message or e}") from None
    finally:
        progress.close()
    for stem, why in written.failed:
        sys.stderr.write(f"aligner: error: pair {stem}: {why}\n")
    for src, tgt, why in result.failed:
        sys.stderr.write(f"aligner: error: pair {src} / {tgt}: not aligned ({why})\n")
    if not args.quiet:
        if written.replaced:
            sys.stderr.write(f"aligner: {written.replaced}\n")
        bad = len(written.failed) + len(result.failed)
        sys.stderr.write(f"{len(result.pairs) - len(written.failed)} pairs"
                         f"{f' ({bad} failed, see pairs.json)' if bad else ''}, "
                         f"{len(result.unmatched)} unmatched; see {args.output}/index.html\n")
    return 2 if written.failed or result.failed else 0
