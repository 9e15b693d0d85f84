"""Command line: the only part of aligner that prints or exits.

Each sub-command lives in its own module exposing ``add_parser(subparsers)``
and ``run(args) -> int``; modules are imported on demand so ``--help`` stays fast.
Exit status: 0 success, 1 differences found with ``--fail-on``, 2 usage or input
error, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM; 129 for SIGHUP).  A
signal unwinds like Ctrl-C, so no temporary or partial output file is left.
"""
from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import signal
import sys
from typing import Optional

from ..errors import AlignerError
from .common import HelpFormatter, epilog

#: sub-command name -> module (relative to this package) and one-line help
COMMANDS = {
    "align": ("align", "align an original with one or more translations"),
    "eval": ("evaluate", "score a predicted alignment against a gold alignment"),
    "view": ("view", "render a saved JSON result as a side-by-side HTML report"),
    "corpus": ("corpus", "find which documents in a folder translate which, and align them"),
    "batch": ("batch", "align every pair of a manifest on a Dask cluster, resumably"),
}


ROOT_EPILOG = epilog([
    ("aligner align en.txt vi.txt", "the diff view of a translation against its original"),
    ("aligner align en.txt id.txt vi.txt -f html -o report.html", "an HTML report of two translations"),
    ("aligner corpus articles -o out", "find which documents in a folder translate which"),
], notes=["Run 'aligner COMMAND --help' for a command's options and more examples."],
    exit_codes=("0", "1", "2", "130", "143"))


class Terminated(BaseException):
    """Raised by the SIGTERM/SIGHUP handler: unwinds (temporary files are removed) like Ctrl-C."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _raise_terminated(signum, frame) -> None:
    raise Terminated(signum)


@contextlib.contextmanager
def _signals_unwind():
    """SIGTERM and SIGHUP raise :class:`Terminated` while a command runs (main thread only).

    A signal that was ignored when we started (``nohup`` ignores SIGHUP) stays ignored.
    """
    old = {}
    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is None:
            continue
        try:
            if signal.getsignal(sig) is signal.SIG_IGN:
                continue
            old[sig] = signal.signal(sig, _raise_terminated)
        except ValueError:  # not the main thread (embedded use): leave signals alone
            break
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


def say(message: str) -> None:
    """One line on stderr (control characters and undecodable bytes escaped); silent if stderr is closed."""
    from ..textio import display_name

    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(display_name(message.rstrip("\n")) + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass


def write_output(text: str, output: Optional[str] = None) -> None:
    """The result to ``output`` (atomically, see :func:`~aligner.textio.write_atomic`) or to stdout.

    Standard output gets UTF-8 whatever the locale.  A closed or full standard
    output is an input error (one line, exit 2), not an internal one.
    """
    from ..errors import InputError
    from ..textio import write_atomic

    if output:
        write_atomic(output, text)
        return
    stream = sys.stdout
    if stream is None:
        raise InputError("standard output is closed; give -o FILE")
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            stream.flush()
            buffer.write(text.encode("utf-8", "backslashreplace"))
            buffer.flush()
        else:
            stream.write(text)
            stream.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as e:
        reason = getattr(e, "strerror", None) or str(e) or type(e).__name__
        raise InputError(f"cannot write to standard output ({reason})") from None


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
        with _signals_unwind():
            args = parser.parse_args(argv)
            if not getattr(args, "command", None):
                parser.print_help(sys.stderr)
                return 2
            module = importlib.import_module(f".{COMMANDS[args.command][0]}", __name__)
            return int(module.run(args) or 0)
    except AlignerError as e:
        say(f"aligner: error: {e}")
        return 2
    except KeyboardInterrupt:
        say("aligner: interrupted")
        return 130
    except Terminated as e:
        say("aligner: terminated")
        return 128 + e.signum
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except MemoryError:
        say("aligner: error: out of memory")
        return 2
    except Exception as e:  # a bug: still one line (ALIGNER_DEBUG=1 shows the traceback)
        if os.environ.get("ALIGNER_DEBUG"):
            raise
        first = (str(e).splitlines() or [""])[0][:300]
        say(f"aligner: internal error: {type(e).__name__}: {first} (set ALIGNER_DEBUG=1 for details)")
        return 2


def _silence_stdout() -> None:
    """After a broken pipe (``aligner ... | head``), point stdout at /dev/null so that the
    interpreter's final flush does not print a second error."""
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
        os.close(fd)
    except (OSError, ValueError, AttributeError):
        pass
