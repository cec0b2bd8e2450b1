"""Fixtures for the detector tests: the prepared detectors and two real photos from scikit-image.

The photos are the sample images `make setup` extracts from the pinned scikit-image wheel, checked
against the sha256s in scikit-image's own registry; the tests themselves need no network.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from imageoptions.detectors import FULL_RANGE, BlazeFace, CenterFace
from models import ModelMissingError
from sample_images import images_dir


@dataclass(frozen=True)
class Photo:
    """A test photo inside the scikit-image wheel, its credit and a hand-drawn face box."""

    member: str
    sha256: str
    credit: str
    face_box: tuple[float, float, float, float]


PHOTOS = {
    "astronaut": Photo(
        member="skimage/data/astronaut.png",
        sha256="88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5",
        credit="Eileen Collins, NASA Great Images database; public domain (scikit-image)",
        face_box=(180, 70, 270, 180),
    ),
    "camera": Photo(
        member="skimage/data/camera.png",
        sha256="b0793d2adda0fa6ae899c03989482bff9a42d3d5690fc7e3648f2795d730c23a",
        credit="Cameraman by Lav Varshney, CC0 (scikit-image); a three-quarter profile",
        face_box=(180, 118, 262, 205),
    ),
}


def fetch_photo(name: str) -> Path:
    """The photo as `make setup` prepared it (sample_images/, from the pinned scikit-image wheel), verified:
    the tests never reach the network."""
    import hashlib

    photo = PHOTOS[name]
    target = images_dir() / Path(photo.member).name
    if not target.is_file():
        pytest.fail(f"{target} is missing: run `make setup` (python -m sample_images.prepare) once")
    if hashlib.sha256(target.read_bytes()).hexdigest() != photo.sha256:
        pytest.fail(f"{target} does not match its sha256; run `python -m sample_images.prepare` again")
    return target


@pytest.fixture(scope="session")
def load_photo() -> Callable[[str], Image.Image]:
    """Open a named test photo (fetched on first use)."""

    def load(name: str) -> Image.Image:
        with Image.open(fetch_photo(name)) as image:
            image.load()
            return image

    return load


def _prepared(factory: Callable[[], CenterFace | BlazeFace]) -> CenterFace | BlazeFace:
    try:
        return factory()
    except ModelMissingError as error:
        pytest.fail(f"{error}. These tests need the prepared models, they do not skip.")


@pytest.fixture(scope="session")
def centerface() -> CenterFace:
    """The CenterFace detector with default settings."""
    detector = _prepared(CenterFace)
    assert isinstance(detector, CenterFace)
    return detector


@pytest.fixture(scope="session")
def blazeface() -> BlazeFace:
    """The BlazeFace detector with default settings."""
    detector = _prepared(BlazeFace)
    assert isinstance(detector, BlazeFace)
    return detector


@pytest.fixture(scope="session")
def blazeface_full_range() -> BlazeFace:
    """The BlazeFace full-range detector with default settings."""
    detector = _prepared(lambda: BlazeFace(variant=FULL_RANGE))
    assert isinstance(detector, BlazeFace)
    return detector


@pytest.fixture(scope="session")
def photos() -> dict[str, Photo]:
    """The test photos by name, with their credits and face boxes."""
    return PHOTOS
