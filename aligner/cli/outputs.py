"""Where ``aligner align`` writes: one output, or one file per target for TMX and XLIFF.

TMX and XLIFF hold one language pair each.  With one target they go to standard
output or ``--output FILE``; when ``--output`` is an existing folder, one file per
target is written there, named after the target file (``<stem>.tmx`` / ``<stem>.xlf``;
``-N`` is appended when two targets share a stem).  Several targets without a
folder are a one-line error, raised before any work is done.
"""
from __future__ import annotations

import argparse
import os
from typing import Callable, Optional

from ..errors import InputError

#: per-target formats: name -> (module under aligner.render, function, file suffix)
PER_TARGET = {"tmx": ("tmx", "to_tmx", ".tmx"), "xliff": ("xliff", "to_xliff", ".xlf")}


def to_folder(args: argparse.Namespace) -> bool:
    """True when the output is a folder of per-target files (checked before any work)."""
    if args.format not in PER_TARGET:
        return False
    if args.output and os.path.isdir(args.output):
        if not os.access(args.output, os.W_OK | os.X_OK):
            raise InputError(f"{args.output}: cannot write (folder is not writable)")
        inputs = {os.path.realpath(p) for p in (args.source, *args.targets) if p != "-"}
        for path in folder_paths(args.output, args.targets, args.format):
            if os.path.realpath(path) in inputs:
                raise InputError(f"{path}: refusing to overwrite an input file")
        return True
    if len(args.targets) > 1:
        raise InputError(f"--format {args.format} holds one language pair: with {len(args.targets)} "
                         f"targets give an existing folder as --output (one file per target)")
    return False


def folder_paths(folder: str, targets: list[str], fmt: str) -> list[str]:
    suffix = PER_TARGET[fmt][2]
    stems = ["stdin" if t == "-" else os.path.splitext(os.path.basename(t))[0] or "target" for t in targets]
    return [os.path.join(folder, (f"{s}-{k + 1}" if stems.count(s) > 1 else s) + suffix)
            for k, s in enumerate(stems)]


def per_target(fmt: str) -> Callable:
    import importlib

    module, func, _ = PER_TARGET[fmt]
    return getattr(importlib.import_module(f"..render.{module}", __package__), func)


def outputs(alignment, args: argparse.Namespace, render: Callable) -> list[tuple[Optional[str], str]]:
    """(path or None for standard output, content) for every output, all rendered before any is written."""
    if args.format not in PER_TARGET:
        return [(args.output, render(alignment, args))]
    write = per_target(args.format)
    if to_folder(args):
        paths = folder_paths(args.output, args.targets, args.format)
        return [(p, write(alignment, t)) for t, p in enumerate(paths)]
    return [(args.output, write(alignment, 0))]
