"""The Ray executor: the same `Executor` interface on a local Ray instance or a Ray cluster.

Ray is an optional extra (`pip install .[ray]`): nothing here imports it until a run starts, so the
rest of TCM works without it. Each actor loads every option's model once (single-threaded
onnxruntime sessions, one actor per core) and keeps it. A streamed pairs run goes through Ray Data:
it reads the results folder's card plan (Parquet), and `map_batches` on the actors writes each batch
of cards as a Parquet shard and hands back only its counts, so the driver never holds per-card results.
"""

from __future__ import annotations

import importlib.util
import logging
import math
import os
import resource
import warnings
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from measurements._errors import MeasurementError
from measurements._executors import BAD_WORKERS, Progress, chunk_size
from measurements._results import tasks_from_plan
from measurements._streaming import ShardTask, measure_shard

if TYPE_CHECKING:
    from measurements._pairs import CardTask
    from measurements._results import ResultsFolder

T = TypeVar("T")
R = TypeVar("R")

NO_RAY = "the Ray engine needs Ray: pip install 'tcm[ray]' (or: pip install -r requirements-ray.txt)"
NO_DASHBOARD = ("Ray's dashboard needs Ray's default extra: pip install 'ray[default]==2.60.0' "
                "(or run without --ray-dashboard)")
NO_CLUSTER = "cannot join the Ray cluster at {address} ({problem})"
BLOCK_SHARDS = 32
"""Shards per Ray Data block of the card plan: few blocks for the driver to track, many for the actors to share."""
NO_RESTARTS = {"max_restarts": 0}
"""A failed card is reported in its row; a lost actor fails the run (a rerun resumes) rather than restarting.
(Ray warns at length about restarting actors whose constructor arguments sit in the object store.)"""
QUIET_ENVIRONMENT = {
    "RAY_USAGE_STATS_ENABLED": "0",  # no usage reports: TCM never goes online at run time
    "RAY_DEDUP_LOGS": "0",
    "RAY_DATA_DISABLE_PROGRESS_BARS": "1",
}


def import_ray() -> Any:
    """The `ray` module, or a MeasurementError saying how to install it."""
    for name, value in QUIET_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    try:
        import ray
        import ray.data
    except ImportError:
        raise MeasurementError(NO_RAY) from None
    return ray


def _initialise_worker(initializer: Callable[[], None] | None) -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if initializer is not None:
        initializer()


class _MapActor:
    """Holds one worker's models (through `initializer`) and applies functions to chunks of items."""

    def __init__(self, initializer: Callable[[], None] | None) -> None:
        _initialise_worker(initializer)

    def apply(self, function: Callable[[Any], Any], start: int, chunk: Sequence[Any]) -> tuple[int, list[Any]]:
        return start, [function(item) for item in chunk]


class _ShardActor:
    """A Ray Data actor: turns a batch of plan rows into cards, measures them and writes one shard."""

    def __init__(self, shards: str, template: CardTask, initializer: Callable[[], None] | None) -> None:
        _initialise_worker(initializer)
        self.shards = shards
        self.template = template

    def __call__(self, batch: Any) -> dict[str, list[int]]:
        tasks = tasks_from_plan(batch.to_pylist(), self.template)
        rows = measure_shard(ShardTask(self.shards, tuple(tasks)))  # the same worker code as serial and pool
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # this actor's peak memory so far (Linux: kB)
        return {"cards": [len(tasks)], "rows": [rows], "peak_rss_kb": [peak_kb]}


class RayExecutor:
    """Runs work on Ray actors, one per core (or `workers`), on a local Ray or the cluster at `address`.

    Use it as a context manager: Ray starts on entry (printing nothing but errors; the dashboard only
    when asked, its address in `dashboard_url`) and shuts down on exit if this executor started it.
    """

    def __init__(
        self,
        workers: int | None = None,
        *,
        address: str | None = None,
        initializer: Callable[[], None] | None = None,
        dashboard: bool = False,
    ) -> None:
        if workers is not None and workers < 1:
            raise ValueError(BAD_WORKERS.format(workers=workers))
        self.requested_workers = workers
        self.address = address
        self.initializer = initializer
        self.dashboard = dashboard
        self.dashboard_url: str | None = None
        self.worker_peak_mb = 0.0  # the largest peak memory an actor reported in `stream_plan`
        self._started = False

    def __enter__(self) -> RayExecutor:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    @property
    def workers(self) -> int:
        """Actors to start: as asked, else one per CPU Ray has (this machine's cores when local)."""
        if self.requested_workers is not None:
            return self.requested_workers
        ray = import_ray()
        if ray.is_initialized():
            return max(1, int(ray.cluster_resources().get("CPU", 1)))
        return os.cpu_count() or 1

    def start(self) -> None:
        """Start a local Ray (cores of this machine) or join the cluster; nothing if Ray is already up."""
        ray = import_ray()
        if self.dashboard and importlib.util.find_spec("aiohttp") is None:  # the default extra's first package
            raise MeasurementError(NO_DASHBOARD)
        if ray.is_initialized():
            return
        options: dict[str, Any] = {"include_dashboard": self.dashboard, "log_to_driver": False,
                                   "logging_level": logging.ERROR, "configure_logging": True}
        if self.address is None:
            options["num_cpus"] = self.requested_workers or os.cpu_count() or 1
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # Ray's start-up notes (e.g. about /dev/shm) are not the user's
                context = ray.init(address=self.address, **options)
        except Exception as error:  # Ray raises a bare Exception when the dashboard's packages are missing
            ray.shutdown()
            if "missing packages" in str(error):
                raise MeasurementError(NO_DASHBOARD) from None
            if isinstance(error, ConnectionError | RuntimeError | ValueError):
                raise MeasurementError(NO_CLUSTER.format(address=self.address, problem=error)) from None
            raise
        self._started = True
        url = getattr(context, "dashboard_url", None)
        self.dashboard_url = f"http://{url}" if self.dashboard and url else None
        with warnings.catch_warnings():
            # Ray 2.60's DataContext sets fields Ray itself deprecated; nothing a caller can change.
            warnings.filterwarnings("ignore", category=DeprecationWarning, module="ray.data.context")
            data = ray.data.DataContext.get_current()
        data.enable_progress_bars = False
        data.print_on_execution_start = False
        data.verbose_stats_logs = False
        logging.getLogger("ray").setLevel(logging.ERROR)
        logging.getLogger("ray.data").setLevel(logging.ERROR)

    def close(self) -> None:
        """Shut Ray down if this executor started it."""
        if self._started:
            import_ray().shutdown()
            self._started = False

    def map(self, function: Callable[[T], R], items: Sequence[T], *, progress: Progress | None = None) -> list[R]:
        """The results in order, computed on a pool of actors; progress as chunks finish."""
        ray = import_ray()
        self.start()
        from ray.util import ActorPool

        workers = self.workers
        actor = ray.remote(num_cpus=1)(_MapActor)
        pool = ActorPool([actor.remote(self.initializer) for _ in range(workers)])
        size = chunk_size(len(items), workers)
        starts = range(0, len(items), size)
        results: dict[int, list[R]] = {}
        done = 0
        work = [(start, items[start:start + size]) for start in starts]
        for start, chunk in pool.map_unordered(lambda a, w: a.apply.remote(function, w[0], w[1]), work):
            results[start] = chunk
            done += len(chunk)
            if progress is not None:
                progress(done, len(items))
        return [result for start in starts for result in results[start]]

    def stream_plan(
        self,
        folder: ResultsFolder,
        template: CardTask,
        done: set[int],
        shard_cards: int,
        progress: Progress | None,
    ) -> None:
        """Ray Data: read the card plan, skip the `done` cards, measure the rest on actors, one shard per batch."""
        ray = import_ray()
        self.start()
        from ray.data.expressions import col

        dataset = ray.data.read_parquet(str(folder.plan))
        if done:  # a resumed run: only a rerun holds the finished cards' numbers
            dataset = dataset.filter(expr=col("card").not_in(sorted(done)))
        pending = folder.cards - len(done)
        # Read and split the plan before the actors take every core: its read tasks would wait for a CPU forever.
        # Blocks of BLOCK_SHARDS shards (each batch still one shard): Ray Data keeps about 30 kB per block on the
        # driver, so a block a shard grew the driver with the cards; two blocks an actor at least, for balance.
        shards = max(1, math.ceil(pending / shard_cards))
        blocks = max(min(shards, 2 * self.workers), math.ceil(shards / BLOCK_SHARDS))
        dataset = dataset.repartition(blocks).materialize()
        with warnings.catch_warnings():
            # Ray 2.60 deprecates passing max_restarts this way but offers no other way to turn restarts off.
            warnings.filterwarnings("ignore", message=".*ray_remote_args.* is deprecated", category=DeprecationWarning)
            measured = self._measure_batches(dataset, folder, template, shard_cards, blocks)
        measured_cards = 0
        for batch in measured.iter_batches(batch_size=None, batch_format="pyarrow"):
            measured_cards += sum(batch.column("cards").to_pylist())
            self.worker_peak_mb = max(self.worker_peak_mb, max(batch.column("peak_rss_kb").to_pylist()) / 1024)
            if progress is not None:
                progress(measured_cards, pending)

    def _measure_batches(self, dataset: Any, folder: ResultsFolder, template: CardTask, shard_cards: int,
                         blocks: int) -> Any:
        return dataset.map_batches(
            _ShardActor,
            fn_constructor_kwargs={"shards": str(folder.shards), "template": template,
                                   "initializer": self.initializer},
            batch_size=shard_cards,
            batch_format="pyarrow",
            concurrency=min(self.workers, blocks),
            num_cpus=1,
            **NO_RESTARTS,
        )
