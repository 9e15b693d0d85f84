"""Command line: the only part of aligner that prints or exits.

Each sub-command lives in its own module exposing ``add_parser(subparsers)``
and ``run(args) -> int``; modules are imported on demand so ``--help`` stays fast.
Exit status: 0 success, 1 differences found with ``--fail-on``, 2 usage or input
error, 130 interrupted.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

from ..errors import AlignerError
from .common import HelpFormatter, epilog

#: sub-command name -> module (relative to this package) and one-line help
COMMANDS = {
    "align": ("align", "align an original with one or more translations"),
    "eval": ("evaluate", "score a predicted alignment against a gold alignment"),
    "view": ("view", "render a saved JSON result as a side-by-side HTML report"),
    "corpus": ("corpus", "find which documents in a folder translate which, and align them"),
}


ROOT_EPILOG = epilog([
    ("aligner align en.txt vi.txt", "the diff view of a translation against its original"),
    ("aligner align en.txt id.txt vi.txt -f html -o report.html", "an HTML report of two translations"),
    ("aligner corpus articles -o out", "find which documents in a folder translate which"),
], notes=["Run 'aligner COMMAND --help' for a command's options and more examples."],
    exit_codes=("0", "1", "2", "130"))


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        sys.stderr.write(f"aligner: error: {message}\n")
        raise SystemExit(2)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    from .. import __version__

    p = _Parser(prog="aligner", description="Sentence alignment of an original with its translations.",
                formatter_class=HelpFormatter, epilog=ROOT_EPILOG)
    p.add_argument("--version", action="version", version=f"aligner {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (mod, help_) in COMMANDS.items():
        if only is not None and name != only:
            sub.add_parser(name, help=help_)
            continue
        module = importlib.import_module(f".{mod}", __name__)
        module.add_parser(sub.add_parser(name, help=help_, description=help_, formatter_class=HelpFormatter))
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    only = argv[0] if argv and argv[0] in COMMANDS else None
    parser = build_parser(only)
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "command", None):
            parser.print_help(sys.stderr)
            return 2
        module = importlib.import_module(f".{COMMANDS[args.command][0]}", __name__)
        return int(module.run(args) or 0)
    except AlignerError as e:
        sys.stderr.write(f"aligner: error: {e}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("aligner: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0
    except MemoryError:
        sys.stderr.write("aligner: error: out of memory\n")
        return 2
    except Exception as e:  # a bug: still one line (ALIGNER_DEBUG=1 shows the traceback)
        if os.environ.get("ALIGNER_DEBUG"):
            raise
        first = (str(e).splitlines() or [""])[0][:300]
        sys.stderr.write(f"aligner: internal error: {type(e).__name__}: {first} "
                         f"(set ALIGNER_DEBUG=1 for details)\n")
        return 2
