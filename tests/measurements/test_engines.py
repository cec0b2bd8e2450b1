"""Same numbers on every engine: serial, the process pool and Ray give identical evidence metrics (same seed).

Ray starts once for this module (a local instance on this machine's cores) and is shut down after it.
"""

from __future__ import annotations

import functools
import importlib.util
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import measurements
import sample_images
from measurements import ProcessPool, RayExecutor, SerialExecutor, default_layout, pairs_run_evidence, stream_pairs

OPTIONS = ("fixed_crop", "face_crop_blazeface")


@pytest.fixture(scope="module")
def ray_engine() -> Iterator[RayExecutor]:
    with RayExecutor(2, initializer=functools.partial(measurements.warm_up, OPTIONS)) as engine:
        yield engine


def without_times(metrics: Any) -> dict[str, Any]:
    """Every metric but the times (CPU and wall time differ from run to run)."""
    return {option: {name: value for name, value in values.items() if "latency" not in name}
            for option, values in metrics.items()}


def metrics_on(engine: measurements.Executor, folder: Path) -> tuple[int, dict[str, Any]]:
    faces = measurements.group_faces(sample_images.load_manifest(), "monk_skin_tone")
    run = stream_pairs(faces, OPTIONS, default_layout("tall-card"), folder, pairs=3, seed=4, sweep=False,
                       executor=engine)
    record = pairs_run_evidence(run, command="c", tcm_version="t", evidence_path=folder / "e.json")
    assert run.cards == 6
    return run.measured, without_times(record.metrics)


def test_serial_pool_and_ray_give_identical_metrics_and_ray_resumes(
    ray_engine: RayExecutor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(measurements._streaming, "SHARD_CARDS", 2)
    serial = metrics_on(SerialExecutor(), tmp_path / "serial")
    with ProcessPool(2, initializer=functools.partial(measurements.warm_up, OPTIONS)) as pool:
        pooled = metrics_on(pool, tmp_path / "pool")
    on_ray = metrics_on(ray_engine, tmp_path / "ray")
    assert serial == pooled == on_ray == (6, serial[1])
    assert set(serial[1]) == set(OPTIONS)
    shards = sorted((tmp_path / "ray" / "shards").glob("*.parquet"))
    assert len(shards) == 3
    shards[1].unlink()  # as if the run had stopped before this shard was written
    assert metrics_on(ray_engine, tmp_path / "ray") == (2, serial[1])


def test_ray_executor_maps_in_order_with_progress(ray_engine: RayExecutor) -> None:
    seen: list[int] = []
    mapped = RayExecutor(2).map(abs, list(range(-5, 5)), progress=lambda done, total: seen.append(done))
    assert mapped == [5, 4, 3, 2, 1, 0, 1, 2, 3, 4]
    assert seen[-1] == 10


def test_the_core_imports_without_ray() -> None:
    code = ("import sys, measurements, evidence, reports, costmodels, tcm.cli; "
            "assert 'ray' not in sys.modules, 'ray imported'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])


def test_ray_engine_without_ray_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # as if Ray were not installed
    with pytest.raises(measurements.MeasurementError) as caught:
        measurements._ray.import_ray()
    assert str(caught.value) == measurements._ray.NO_RAY


def test_ray_dashboard_without_its_packages_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *rest: None if name == "aiohttp" else real(name))
    with pytest.raises(measurements.MeasurementError) as caught:
        RayExecutor(1, dashboard=True).start()
    assert str(caught.value) == measurements._ray.NO_DASHBOARD
