"""What to measure: image files from a folder, each with its annotated faces when a manifest has them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from measurements._errors import NO_IMAGES, NOT_A_FOLDER, MeasurementError
from sample_images import Manifest

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif", ".tif", ".tiff")
FloatBox = tuple[float, float, float, float]
"""(left, top, right, bottom) in original pixels, right and bottom exclusive."""


@dataclass(frozen=True)
class ImageInput:
    """One image file and its annotated face boxes; `faces` None means not annotated at all."""

    path: str
    faces: tuple[FloatBox, ...] | None = None

    @property
    def file(self) -> str:
        """The file's name, as manifests and reports name it."""
        return Path(self.path).name


def discover_images(folder: Path | str) -> tuple[Path, ...]:
    """The image files directly in `folder` (by suffix), sorted by name; raises if there are none."""
    root = Path(folder)
    if not root.is_dir():
        raise MeasurementError(NOT_A_FOLDER.format(folder=root))
    found = tuple(sorted(p for p in root.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES))
    if not found:
        raise MeasurementError(NO_IMAGES.format(folder=root, suffixes=" ".join(IMAGE_SUFFIXES)))
    return found


def annotate(paths: Sequence[Path], manifest: Manifest | None) -> tuple[ImageInput, ...]:
    """Each path with its manifest faces; an image listed with `faces: []` is annotated as faceless. A detector's
    unconfirmed proposal is not an annotation: left out, as the pairs audit leaves it out."""
    listed = {entry.file: entry for entry in manifest.images} if manifest is not None else {}
    inputs = []
    for path in paths:
        entry = listed.get(path.name)
        faces = None if entry is None else tuple(
            float_box(face.box) for face in entry.faces if face.box_source != "proposed")
        inputs.append(ImageInput(path=str(path), faces=faces))
    return tuple(inputs)


def float_box(box: Sequence[float]) -> FloatBox:
    """A box as four floats."""
    left, top, right, bottom = box
    return float(left), float(top), float(right), float(bottom)
