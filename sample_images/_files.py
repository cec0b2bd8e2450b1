"""Checks that image files on disk are the ones a manifest describes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from sample_images._manifest import ImageEntry, Manifest

MISSING = "not found in {folder}"
UNREADABLE = "is not an image Pillow can read"
WRONG_SHA256 = "sha256 is {actual}, the manifest says {expected}"
WRONG_SIZE = "is {width}x{height}, the manifest says {expected_width}x{expected_height}"
ROTATED = (
    "has EXIF orientation {orientation}; boxes are in stored pixels, so save it upright "
    "first (PIL.ImageOps.exif_transpose)"
)
_EXIF_ORIENTATION = 0x0112
_CHUNK_BYTES = 1 << 20


@dataclass(frozen=True)
class FileProblem:
    """One file that does not match its manifest entry."""

    file: str
    problem: str

    def __str__(self) -> str:
        return f"{self.file}: {self.problem}"


def sha256_of_file(path: Path) -> str:
    """The sha256 hex digest of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_of_pixels(image: Image.Image) -> str:
    """The sha256 of an image's decoded pixels, with its mode and size, whatever the file encoding."""
    digest = hashlib.sha256(f"{image.mode} {image.width}x{image.height}\n".encode())
    digest.update(image.tobytes())
    return digest.hexdigest()


def check_file(entry: ImageEntry, path: Path) -> str | None:
    """What is wrong with one file, or None when it matches its entry.

    A file whose bytes differ but whose `pixels_sha256` matches passes: a PNG encoder built
    with another zlib compresses the same pixels to other bytes, and the pixels are what count.
    """
    if not path.is_file():
        return MISSING.format(folder=path.parent)
    try:
        with Image.open(path) as image:
            size_problem = _size_problem(entry, image)
            if size_problem:
                return size_problem
            if entry.sha256 is None or sha256_of_file(path) == entry.sha256:
                return None
            if entry.pixels_sha256 is not None and sha256_of_pixels(image) == entry.pixels_sha256:
                return None
    except (UnidentifiedImageError, OSError):
        return UNREADABLE
    return WRONG_SHA256.format(actual=sha256_of_file(path), expected=entry.sha256)


def verify_images(manifest: Manifest) -> tuple[FileProblem, ...]:
    """Every file in the manifest's folder that is missing or differs from its entry."""
    checks = ((entry.file, check_file(entry, manifest.path_of(entry))) for entry in manifest.images)
    return tuple(FileProblem(file, problem) for file, problem in checks if problem)


def _size_problem(entry: ImageEntry, image: Image.Image) -> str | None:
    if image.size != (entry.width, entry.height):
        return WRONG_SIZE.format(
            width=image.width, height=image.height, expected_width=entry.width, expected_height=entry.height
        )
    orientation = image.getexif().get(_EXIF_ORIENTATION, 1)
    if orientation != 1:
        return ROTATED.format(orientation=orientation)
    return None
