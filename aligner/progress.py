"""Progress reporting for long computations, without printing: library code calls, the CLI draws.

A computation announces each stage with its total before starting it
(``stage(name, total)``) and then ``advance(n)``-s through it; a stage ends
when the next one starts or at ``close()``.  :class:`Progress` itself ignores
everything, so library callers that pass nothing pay nothing.  The CLI
subclasses it (a tqdm bar on a terminal, one line per stage in logs).

Stages of :func:`aligner.align.pipeline.align`: ``embedding``, then
``translating`` with ``--mt``, then per translation ``scoring merge
candidates``, ``search`` and ``passes``; the CLI adds ``writing``.  With
several translations the per-translation stages are prefixed
(``T2 vi: search``).  Totals are known when a stage starts, so a bar never
restarts or shows 100% twice.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator


class Progress:
    """The no-op base: override :meth:`stage`, :meth:`advance` and :meth:`close`."""

    def stage(self, name: str, total: int, unit: str = "") -> None:
        """Start stage ``name`` of ``total`` units (sentences, rows...)."""

    def advance(self, n: int = 1) -> None:
        """``n`` more units of the current stage are done."""

    def close(self) -> None:
        """The computation is over (the current stage is finished)."""


#: the default: report nothing
NO_PROGRESS = Progress()


@contextmanager
def model_stage(progress: Progress, model, name: str, total: int, unit: str = "sentences") -> Iterator[None]:
    """Run a model call (embed, translate) as stage ``name`` of ``total`` texts.

    Models report ``model.progress(done, todo)`` over the texts they had to compute
    (cache misses); the texts served from the cache are counted as done at once,
    so the stage ends at exactly ``total``.  The model's own callback is restored.
    A ``model`` of None (a plain function) advances only at the end.
    """
    progress.stage(name, total, unit)
    pos = 0

    def report(done: int, todo: int) -> None:
        nonlocal pos
        new = max(0, min(total, total - todo + done))
        if new > pos:
            progress.advance(new - pos)
            pos = new

    hooked = model is not None and hasattr(model, "progress")
    old = model.progress if hooked else None
    if hooked:
        model.progress = report
    try:
        yield
    finally:
        if hooked:
            model.progress = old
    if pos < total:
        progress.advance(total - pos)
