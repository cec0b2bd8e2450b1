"""Tiny synthetic image folders for the audit-set tests, and the example set drawn from the sample faces."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from auditsets.example import ExampleFace, make_example_set


def write_images(folder: Path, names: dict[str, tuple[int, int]], colour: tuple[int, int, int] = (90, 90, 90)) -> Path:
    """PNGs of the given sizes, each a different shade so no two share a sha256."""
    folder.mkdir(parents=True, exist_ok=True)
    for number, (name, size) in enumerate(names.items()):
        Image.new("RGB", size, (colour[0] + number, colour[1], colour[2])).save(folder / name)
    return folder


@pytest.fixture(scope="session")
def example_set(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[ExampleFace, ...]]:
    """Thirty generated images, each one sample face on a plain background (made once per run)."""
    folder = tmp_path_factory.mktemp("example")
    return folder, make_example_set(folder, 30)
