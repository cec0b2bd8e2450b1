"""Executors: the process pool gives the serial executor's results, in order, with progress."""

from __future__ import annotations

from pathlib import Path

import pytest

from measurements import ImageInput, ProcessPool, SerialExecutor, measure_retention
from measurements._executors import chunk_size
from tests.measurements.conftest import face_picture


def test_serial_executor_maps_in_order_with_progress() -> None:
    seen: list[tuple[int, int]] = []
    assert SerialExecutor().map(abs, [-3, 2, -1], progress=lambda done, total: seen.append((done, total))) == [3, 2, 1]
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_process_pool_matches_the_serial_executor(tmp_path: Path) -> None:
    images = []
    for index in range(6):
        path = tmp_path / f"face{index}.png"
        face_picture(size=(40 + 10 * index, 40)).image.save(path)
        images.append(ImageInput(str(path), faces=((10.0, 10.0, 30.0, 30.0),)))
    options = ["fixed_crop", "center_crop", "saliency_crop"]
    progress: list[int] = []
    with ProcessPool(2) as pool:
        pooled = measure_retention(images, options, frame="1.0", executor=pool,
                                   progress=lambda done, total: progress.append(done))
    serial = measure_retention(images, options, frame="1.0", executor=SerialExecutor())
    def crops(report: object) -> list[object]:
        return [(i.file, o.option, o.box, o.faces) for i in report.images for o in i.options]  # type: ignore[attr-defined]
    assert crops(pooled) == crops(serial)
    assert progress[-1] == 6


def test_chunk_size_gives_each_worker_several_tasks() -> None:
    assert (chunk_size(1000, 2), chunk_size(10, 2), chunk_size(0, 2)) == (8, 1, 1)


def test_process_pool_refuses_zero_workers() -> None:
    with pytest.raises(ValueError, match=r"^workers must be at least 1, not 0$"):
        ProcessPool(0)
