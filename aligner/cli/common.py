"""What several commands share: colour and progress options, the help epilog, its key and exit codes.

Each command's ``add_parser`` calls :func:`add_color_option` / :func:`add_progress_options`
and sets its epilog with :func:`epilog`; ``run`` asks :func:`use_color` and
:func:`show_progress` what to do.  Colour and progress follow git and ripgrep:
``--color auto`` (default) colours a terminal only; ``FORCE_COLOR`` forces it
(``FORCE_COLOR=0`` turns it off), ``NO_COLOR`` or ``TERM=dumb`` turn it off;
``--color always|never`` overrides them all.
"""
from __future__ import annotations

import argparse
import os
import textwrap
from typing import Mapping, Optional, Sequence

#: exit status of every command
EXIT_CODES = (
    ("0", "success"),
    ("1", "differences of a kind named by 'aligner align --fail-on' were found"),
    ("2", "usage or input error: one line on stderr, no traceback, no partial output file"),
    ("130", "interrupted (Ctrl-C); no partial output file is left"),
    ("143", "terminated (SIGTERM; 129 for SIGHUP): cleaned up like Ctrl-C"),
)


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


# ---- colour ------------------------------------------------------------------------------
def add_color_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--color", "--colour", choices=("auto", "always", "never"), default="auto",
                   help="colour the diff view: auto (default) on a terminal only, unless NO_COLOR is set or "
                        "TERM=dumb (FORCE_COLOR forces it); always, e.g. for 'less -R'; never")
    p.add_argument("--no-color", dest="color", action="store_const", const="never",
                   help="the same as --color never")


def use_color(choice: str, stream, environ: Optional[Mapping[str, str]] = None) -> bool:
    """Whether to write ANSI colour to ``stream`` for ``--color choice`` (auto, always, never)."""
    env = os.environ if environ is None else environ
    if choice == "always":
        return True
    if choice == "never":
        return False
    force = env.get("FORCE_COLOR", "")
    if force:  # force-color.org: set and not empty; 0/false turn colour off (as Node and chalk read it)
        return force.lower() not in ("0", "false", "no", "off")
    if env.get("NO_COLOR"):  # no-color.org: set and not empty
        return False
    if env.get("TERM") == "dumb":
        return False
    return _isatty(stream)


# ---- progress ------------------------------------------------------------------------------
def add_progress_options(p: argparse.ArgumentParser, quiet_help: str) -> None:
    p.add_argument("--progress", action="store_true",
                   help="show progress on stderr even when it is not a terminal (logs, CI): a line when "
                        "each stage starts, and every 10 s while it runs")
    p.add_argument("-q", "--quiet", action="store_true", help=quiet_help)


def show_progress(args: argparse.Namespace, stream) -> Optional[bool]:
    """None: no progress; True: a live bar (a terminal); False: plain lines (``--progress``, not a terminal)."""
    if getattr(args, "quiet", False):
        return None
    if _isatty(stream):
        return True
    return False if getattr(args, "progress", False) else None


# ---- help --------------------------------------------------------------------------------
class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the epilog's line breaks (examples, key, exit codes); wraps the option help as usual."""


def epilog(examples: Sequence[tuple[str, str]], *, notes: Sequence[str] = (), key: bool = True,
           exit_codes: Sequence[str] = ("0", "2", "130", "143")) -> str:
    """The help epilog: examples (command, what it does), notes, the marker key and the exit codes."""
    out = ["examples:"]
    for command, what in examples:
        out.append(f"  {command}")
        out += textwrap.wrap(what, 76, initial_indent="      ", subsequent_indent="      ")
    for note in notes:
        out += [""] + textwrap.wrap(note, 78)
    if key:
        from ..render.text import MARKER_KEY

        out += ["", "key (the diff view's markers; the HTML report and the counts use the same kinds):"]
        for m, short, text in MARKER_KEY:
            out += textwrap.wrap(f"{short}: {text}", 78, initial_indent=f"  {m}  ", subsequent_indent="     ")
    out += ["", "exit status:"]
    for code, text in EXIT_CODES:
        if code in exit_codes:
            out += textwrap.wrap(text, 78, initial_indent=f"  {code:<4} ", subsequent_indent="       ")
    return "\n".join(out)
