"""Drawing :class:`aligner.progress.Progress` on stderr: a tqdm bar on a terminal, plain lines in logs.

:func:`make_progress` picks one for the options (see :func:`aligner.cli.common.show_progress`):
a terminal gets one bar per stage (each appears only when its stage lasts over half a
second, and is cleared when it ends); ``--progress`` on a non-terminal writes one line
when a stage starts, a line at most every ``every`` seconds while it runs, and a last
line with the total time.  ``-q`` gives :data:`aligner.progress.NO_PROGRESS`.
"""
from __future__ import annotations

import time
from typing import Callable, Optional

from ..progress import NO_PROGRESS, Progress


class BarProgress(Progress):
    """One tqdm bar per stage on a terminal."""

    def __init__(self, stream, delay: float = 0.5) -> None:
        self.stream, self.delay, self.bar = stream, delay, None

    def stage(self, name: str, total: int, unit: str = "") -> None:
        from tqdm import tqdm

        self.close()
        self.bar = tqdm(total=total, desc=f"aligner: {name}", unit=unit or "it",
                        file=self.stream, leave=False, dynamic_ncols=True, delay=self.delay)

    def advance(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class LineProgress(Progress):
    """Plain lines for logs and CI: ``aligner: search: 1,000 rows`` when a stage starts,
    ``aligner: search: 512/1,000 rows (51%)`` at most every ``every`` seconds, and
    ``aligner: done in 12.3 s`` at the end."""

    def __init__(self, stream, every: float = 10.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream, self.every, self.clock = stream, every, clock
        self.start = clock()
        self.name: Optional[str] = None
        self.total = self.done = 0
        self.unit = ""
        self.last = self.start

    def _write(self, text: str) -> None:
        self.stream.write(f"aligner: {text}\n")
        self.stream.flush()

    def stage(self, name: str, total: int, unit: str = "") -> None:
        self.name, self.total, self.done, self.unit = name, total, 0, unit
        self.last = self.clock()
        self._write(f"{name}: {total:,} {unit}".rstrip())

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = self.clock()
        if self.name is not None and now - self.last >= self.every and self.done < self.total:
            self.last = now
            pct = 100 * self.done // max(self.total, 1)
            self._write(f"{self.name}: {self.done:,}/{self.total:,} {self.unit}".rstrip() + f" ({pct}%)")

    def close(self) -> None:
        if self.name is not None:
            self._write(f"done in {self.clock() - self.start:.1f} s")
            self.name = None


def make_progress(mode: Optional[bool], stream) -> Progress:
    """``mode`` from :func:`aligner.cli.common.show_progress`: None nothing, True a bar, False lines."""
    if mode is None:
        return NO_PROGRESS
    return BarProgress(stream) if mode else LineProgress(stream)


class StageCallback:
    """Adapts ``callback(stage, done, total)`` reporting (corpus mode) to a :class:`Progress`."""

    def __init__(self, progress: Progress) -> None:
        self.progress, self.name, self.done = progress, None, 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.name:
            self.progress.stage(stage, total)
            self.name, self.done = stage, 0
        if done > self.done:
            self.progress.advance(done - self.done)
            self.done = done
