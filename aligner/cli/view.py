"""``aligner view RESULT.json [--output FILE] [--templates DIR]``: JSON result -> HTML report."""
from __future__ import annotations

import argparse

from ..errors import InputError
from .common import epilog

EPILOG = epilog([
    ("aligner view vi.json -o report.html",
     "the side-by-side HTML report of a result saved with 'aligner align -f json' (open it in a browser)"),
    ("aligner align en.txt vi.txt -f json | aligner view - -o report.html",
     "read the result from standard input"),
    ("aligner view vi.json --templates my-templates -o report.html",
     "restyle it: report.html.j2, report.css or report.js in my-templates/ replace the built-in ones"),
], notes=["The report's cards show the same counts and coverage as the diff view and the JSON 'summary'; "
          "its sentence numbers count from 1, like the diff view's."])


def add_parser(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.add_argument("result", metavar="RESULT.json", help="a result saved by 'aligner align -f json' ('-' for stdin)")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write the report here (atomically); default: standard output")
    parser.add_argument("--templates", metavar="DIR",
                        help="folder searched first for report.html.j2, report.css and report.js")


def load_result(path: str):
    """Read, parse and validate a saved JSON result; every problem becomes a one-line InputError."""
    from ..jsonio import FormatError, from_dict, load_json
    from ..textio import read_text

    text = read_text(path)
    try:
        return from_dict(load_json(text))
    except FormatError as e:
        raise InputError(f"{'<stdin>' if path == '-' else path}: {e}") from None


def run(args: argparse.Namespace) -> int:
    from jinja2 import TemplateError

    from ..render.html import render_html
    from ..textio import check_writable
    from . import write_output

    if args.output:
        check_writable(args.output)
    alignment = load_result(args.result)
    try:
        html = render_html(alignment, templates_dir=args.templates)
    except ValueError as e:  # beads pointing outside the documents
        raise InputError(f"{args.result}: {e}") from None
    except TemplateError as e:  # a broken user template
        where = f"{e.name}:{e.lineno}: " if getattr(e, "name", None) else ""
        raise InputError(f"template error: {where}{e.message or e}") from None
    write_output(html, args.output)
    return 0
