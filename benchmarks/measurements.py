"""Measurements at scale: 1,000 tall cards through every option, one process against the pool.

Both runs happen here, side by side, on the same cards (the sample faces, cycled), so the
speed-up is a ratio measured on this machine in this run. Pool start-up (spawning workers and
loading their models) is timed apart from the work.
"""

from __future__ import annotations

import functools
import itertools
import os
import time

from benchmarks.timing import median_seconds
from imageoptions import builtin_specs
from measurements import (
    ProcessPool,
    RetentionRule,
    SerialExecutor,
    TallCardLayout,
    group_faces,
    sample_pairs,
    warm_up,
)
from measurements._pairs import BASELINE, CardTask, measure_card
from sample_images import load_manifest

CARDS = 1000
FRAME = "0.56"


def card_tasks(count: int) -> list[CardTask]:
    """`count` tall-card tasks (every option, baseline layout only) cycling through the sample pairs."""
    pairs = sample_pairs(group_faces(load_manifest(), "monk_skin_tone"), count, seed=0)
    orders = itertools.cycle([(pair, swapped) for pair in pairs for swapped in (False, True)])
    layouts = ((BASELINE, TallCardLayout()),)
    return [CardTask(pair, swapped, layouts, builtin_specs(), FRAME, RetentionRule()) for pair, swapped in
            itertools.islice(orders, count)]


def run() -> list[str]:
    """Cards per second serially and on the pool, and the pool's speed-up."""
    tasks = card_tasks(CARDS)
    warm_up(())
    serial = median_seconds(lambda: SerialExecutor().map(measure_card, tasks), repeats=1, warmup=0)
    workers = os.cpu_count() or 1
    started = time.perf_counter()
    with ProcessPool(workers, initializer=functools.partial(warm_up, ())) as pool:
        pool.map(measure_card, tasks[:workers])  # wait until every worker is up and its models loaded
        startup = time.perf_counter() - started
        pooled = median_seconds(lambda: pool.map(measure_card, tasks), repeats=1, warmup=0)
    return [
        f"{CARDS} tall cards (583x3000, frame {FRAME}) x 7 options",
        f"one process: {CARDS / serial:6.1f} cards/s ({serial:.1f} s)",
        f"pool of {workers}:   {CARDS / pooled:6.1f} cards/s ({pooled:.1f} s; start-up {startup:.1f} s apart)",
        f"speed-up: x{serial / pooled:.2f} on {workers} cores",
    ]
