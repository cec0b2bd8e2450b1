"""Audits at scale: generated tall cards through every option on serial, the process pool and local Ray.

`tcm cards` builds the cards once; each engine then runs the streamed pairs audit over the same
card list in a fresh process (`python -m benchmarks.ray_scale ENGINE LIST RESULTS`), so its peak
memory is its own: the driver's peak RSS (`resource.getrusage`), and the largest worker's peak RSS
(pool: the reaped children's; Ray: what each actor reports after each batch). The first size runs
every engine; the larger sizes run Ray only (TCM_BENCH_LARGE_ENGINES="pool,ray" adds the pool), to
show the driver's memory stays flat. Default sizes 2,000 and 8,000 (about 25 minutes on two cores);
for 20,000 (another 35 minutes or so): TCM_BENCH_CARDS="2000,20000". Last, the driver's aggregation
alone on synthetic results.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SIZES = tuple(int(size) for size in os.environ.get("TCM_BENCH_CARDS", "2000,8000").split(","))
ENGINES = ("serial", "pool", "ray")
AGGREGATION_SIZES = (2_000, 20_000, 100_000)
LARGE_ENGINES = tuple(os.environ.get("TCM_BENCH_LARGE_ENGINES", "ray").split(","))
PROTOCOL = "tall-card"


def run() -> list[str]:
    """Cards per second, speed-up over serial, and peak memory (driver, largest worker) per engine and size."""
    lines = []
    with tempfile.TemporaryDirectory(prefix="tcm-scale-") as scratch:
        root = Path(scratch)
        serial_rate: float | None = None
        for index, size in enumerate(SIZES):
            cards = make_cards(root / f"cards-{size}", size)
            for engine in ENGINES if index == 0 else LARGE_ENGINES:
                figures = measure_engine(engine, cards, root / f"results-{engine}-{size}")
                rate = size / figures["seconds"]
                serial_rate = rate if engine == "serial" else serial_rate
                speed_up = f", x{rate / serial_rate:.2f} serial" if serial_rate and engine != "serial" else ""
                lines.append(
                    f"{size:>6} cards {engine:<6}: {rate:6.1f} cards/s ({figures['seconds']:.0f} s{speed_up}); "
                    f"driver peak {figures['driver_mb']:.0f} MB, largest worker {figures['worker_mb']:.0f} MB; "
                    f"CPU ms per card (sum of options' p50) {figures['cpu_ms_per_card']:.0f}")
                print(f"   {lines[-1]}", file=sys.stderr, flush=True)  # a long run shows each figure as it lands
        for size in AGGREGATION_SIZES:
            figures = measure_engine("aggregate", Path(str(size)), root / f"aggregate-{size}")
            lines.append(f"{size:>7} cards summarised from Parquet (7 options, synthetic rows): "
                         f"{figures['seconds']:.1f} s, driver peak {figures['driver_mb']:.0f} MB")
            print(f"   {lines[-1]}", file=sys.stderr, flush=True)
    lines.append(f"{os.cpu_count()} cores; cards are {PROTOCOL} 583x3000 JPEGs x 7 options, baseline layout; "
                 "times include start-up (workers loading models)")
    return lines


def aggregate(size: int, results: Path) -> dict[str, Any]:
    """Write `size` cards of synthetic results for seven options, then time the driver's aggregation alone."""
    import measurements
    from measurements._pairs import BASELINE, CardOutcome, CardResult, FaceRef
    from measurements._results import open_results, write_shard
    from measurements._streaming import SHARD_CARDS, summarise_run

    options = [f"option_{index}" for index in range(7)]
    faces = [FaceRef(f"face{index}.jpg", 0, (0, 0, 1, 1), f"group_{index % 3}") for index in range(60)]
    folder = open_results(results, {"synthetic": size}, [])
    folder = measurements._results.ResultsFolder(folder.path, folder.fingerprint, size)
    for start in range(0, size, SHARD_CARDS):
        shard = []
        for card in range(start, min(size, start + SHARD_CARDS)):
            first, second = faces[card % 60], faces[(card * 7 + 1) % 60]
            outcomes = tuple(CardOutcome(option, BASELINE, (card % 10) / 10, ((card + index) % 10) / 10,
                                         card % 3 != 0, (card + index) % 4 != 0, 1.0 + card % 7, 2.0)
                             for index, option in enumerate(options))
            shard.append((card, CardResult(card // 2, bool(card % 2), first, second, outcomes)))
        write_shard(folder.shards, shard)
    started = time.perf_counter()
    summarise_run(folder, options, (), 5)
    return {"seconds": time.perf_counter() - started,
            "driver_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def make_cards(folder: Path, size: int) -> Path:
    """`size` generated tall cards from the sample set; the path of their list."""
    import measurements
    import sample_images

    faces = measurements.group_faces(sample_images.load_manifest(), "monk_skin_tone")
    return measurements.generate_cards(faces, size, folder, protocols=(PROTOCOL,)).list_path


def measure_engine(engine: str, cards: Path, results: Path) -> dict[str, float]:
    """One engine's run in a fresh process: its figures as it reports them."""
    done = subprocess.run([sys.executable, "-m", "benchmarks.ray_scale", engine, str(cards), str(results)],
                          capture_output=True, text=True, check=True, env=os.environ | {"PYTHONWARNINGS": "ignore"})
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def measure(engine: str, cards: Path, results: Path) -> dict[str, Any]:
    """Run the streamed audit of the card list on one engine (in this process) and report its figures."""
    import measurements

    tasks = measurements.read_card_list(cards, PROTOCOL)
    initializer = functools.partial(measurements.warm_up, ())
    executor: Any
    if engine == "serial":
        executor = measurements.SerialExecutor()
        measurements.warm_up(())
    elif engine == "pool":
        executor = measurements.ProcessPool(initializer=initializer)
    else:
        executor = measurements.RayExecutor(initializer=initializer)
    worker_mb = 0.0
    with executor if engine != "serial" else contextlib.nullcontext():
        started = time.perf_counter()
        run = measurements.stream_pairs((), (), measurements.default_layout(PROTOCOL), results, cards=tasks,
                                        executor=executor)
        seconds = time.perf_counter() - started
        if engine == "ray":
            worker_mb = executor.worker_peak_mb  # as each actor reported it after each batch
    del tasks
    driver_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if engine == "pool":
        worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if engine == "serial":
        worker_mb = driver_mb
    cpu_ms = sum(s.latency_ms.p50 for s in run.summaries if s.latency_ms is not None)
    return {"seconds": seconds, "driver_mb": driver_mb, "worker_mb": worker_mb, "cpu_ms_per_card": cpu_ms,
            "cards": run.cards}


if __name__ == "__main__":
    if sys.argv[1] == "aggregate":
        print(json.dumps(aggregate(int(sys.argv[2]), Path(sys.argv[3]))))
    else:
        print(json.dumps(measure(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]))))
