"""Shared builders for the image-option tests: tiny synthetic images, no photos."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from PIL import Image

from imageoptions import LoadedImage

MakeBlank = Callable[..., LoadedImage]
MakeBlob = Callable[..., LoadedImage]


def make_blank(width: int, height: int, colour: tuple[int, int, int] = (40, 40, 40)) -> LoadedImage:
    """A uniform image of the given size."""
    return LoadedImage.from_image(Image.new("RGB", (width, height), colour))


def make_blob(size: tuple[int, int] = (400, 200), blob: tuple[int, int, int, int] = (310, 90, 330, 110)) -> LoadedImage:
    """A dark canvas with one bright square (left, top, right, bottom)."""
    pixels = np.zeros((size[1], size[0], 3), dtype=np.uint8)
    left, top, right, bottom = blob
    pixels[top:bottom, left:right] = 255
    return LoadedImage.from_image(Image.fromarray(pixels))


@pytest.fixture
def blank() -> MakeBlank:
    """Build uniform images: blank(width, height)."""
    return make_blank


@pytest.fixture
def blob_image() -> MakeBlob:
    """Build a dark canvas with one bright square: blob_image(size, blob)."""
    return make_blob


@pytest.fixture
def canvas_400x300() -> LoadedImage:
    """A 400 x 300 uniform image."""
    return make_blank(400, 300)
