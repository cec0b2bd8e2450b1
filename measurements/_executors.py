"""Executors: run one function over many work items, in order, with progress.

Measurements only ever call `executor.map(function, items, progress=...)`, so a cluster
executor (e.g. Ray) can be added later without touching them. Functions must be module-level
and items and results picklable: send paths or bytes, never PIL images.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")

Progress = Callable[[int, int], None]
"""Called as `progress(done, total)` after each finished batch of items."""

BAD_WORKERS = "workers must be at least 1, not {workers}"
MAX_CHUNK = 8


class Executor(Protocol):
    """Something that maps a function over items and returns the results in the items' order."""

    def map(self, function: Callable[[T], R], items: Sequence[T], *, progress: Progress | None = None) -> list[R]:
        """`[function(item) for item in items]`, however it is run."""
        ...


class SerialExecutor:
    """Runs every item in this process, one after another: for tests and tiny jobs."""

    def map(self, function: Callable[[T], R], items: Sequence[T], *, progress: Progress | None = None) -> list[R]:
        """Each result in turn, reporting progress after each item."""
        results: list[R] = []
        for item in items:
            results.append(function(item))
            if progress is not None:
                progress(len(results), len(items))
        return results


def _apply_chunk(function: Callable[[T], R], chunk: Sequence[T]) -> list[R]:
    return [function(item) for item in chunk]


class ProcessPool:
    """A local pool of worker processes (all cores by default); models load once per worker.

    Use it as a context manager to keep the workers (and their loaded models) across calls;
    a bare `map` starts a pool for that call and shuts it down afterwards. Workers are spawned,
    not forked: forking a process that holds onnxruntime threads can deadlock.
    """

    def __init__(
        self,
        workers: int | None = None,
        *,
        initializer: Callable[[], None] | None = None,
        start_method: str = "spawn",
    ) -> None:
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        if self.workers < 1:
            raise ValueError(BAD_WORKERS.format(workers=self.workers))
        self.initializer = initializer
        self.start_method = start_method
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None

    def __enter__(self) -> ProcessPool:
        self._pool = self._start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def map(self, function: Callable[[T], R], items: Sequence[T], *, progress: Progress | None = None) -> list[R]:
        """The results in order; progress is reported as batches finish, in whatever order they do."""
        if self._pool is not None:
            return self._map_on(self._pool, function, items, progress)
        with self._start() as pool:
            return self._map_on(pool, function, items, progress)

    def _start(self) -> concurrent.futures.ProcessPoolExecutor:
        return concurrent.futures.ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context(self.start_method),
            initializer=self.initializer,
        )

    def _map_on(
        self,
        pool: concurrent.futures.ProcessPoolExecutor,
        function: Callable[[T], R],
        items: Sequence[T],
        progress: Progress | None,
    ) -> list[R]:
        size = chunk_size(len(items), self.workers)
        starts = range(0, len(items), size)
        futures = {pool.submit(_apply_chunk, function, items[start : start + size]): start for start in starts}
        results: dict[int, list[R]] = {}
        done = 0
        for future in concurrent.futures.as_completed(futures):
            chunk = future.result()
            results[futures[future]] = chunk
            done += len(chunk)
            if progress is not None:
                progress(done, len(items))
        return [result for start in starts for result in results[start]]


def chunk_size(items: int, workers: int) -> int:
    """Items per task: about four tasks per worker (to balance uneven items), at most MAX_CHUNK.

    >>> chunk_size(1000, 2), chunk_size(10, 2), chunk_size(0, 2)
    (8, 1, 1)
    """
    return max(1, min(MAX_CHUNK, items // (workers * 4)))
