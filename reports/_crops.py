"""The crop grid: every option run on every image, kept as small JPEG thumbnails (the slow part)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path

from PIL import Image

from imageoptions import Frame, ImageLoadError, ImageOption, ImageOptionsError, LoadedImage, load_image, run_option
from reports._document import CropCell, CropGrid

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif", ".tif", ".tiff"})
THUMBNAIL_PX = 240  # the longer side: big enough to see a cut face, small enough for ~60 in one file
JPEG_QUALITY = 80
NO_IMAGES = "{folder}: no image files ({suffixes})"


def image_files(folder: Path) -> tuple[Path, ...]:
    """The image files directly inside a folder, sorted by name; ValueError if there are none."""
    files = tuple(sorted(path for path in folder.iterdir() if path.suffix.lower() in IMAGE_SUFFIXES))
    if not files:
        raise ValueError(NO_IMAGES.format(folder=folder, suffixes=", ".join(sorted(IMAGE_SUFFIXES))))
    return files


def thumbnail_jpeg(image: Image.Image, size_px: int = THUMBNAIL_PX) -> bytes:
    """A JPEG thumbnail whose longer side is at most `size_px`."""
    copy = image.convert("RGB")
    copy.thumbnail((size_px, size_px), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    copy.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue()


def crop_cell(loaded: LoadedImage, name: str, option: ImageOption, frame: Frame) -> CropCell:
    """One option on one image; an option error becomes the cell's error, not an exception."""
    try:
        result = run_option(option, loaded, frame)
    except ImageOptionsError as error:
        return CropCell(name, option.name, None, None, None, None, str(error))
    return CropCell(name, option.name, thumbnail_jpeg(result.image), result.box, result.latency_ms,
                    result.fallback, None)


def build_crop_grid(
    paths: Sequence[Path], options: Sequence[ImageOption], frame: Frame, *, labels: Mapping[str, str] | None = None
) -> CropGrid:
    """Run every option on every image; images that cannot be loaded are reported in their cells.
    `labels` names options for readers (scenario names by image option name)."""
    names, originals, digests, cells = [], [], [], []
    for path in paths:
        names.append(path.name)
        try:
            loaded = load_image(path)
        except ImageLoadError as error:
            originals.append(b"")
            digests.append("unreadable")
            cells += [CropCell(path.name, option.name, None, None, None, None, str(error)) for option in options]
            continue
        originals.append(thumbnail_jpeg(loaded.image))
        digests.append(loaded.sha256)
        cells += [crop_cell(loaded, path.name, option, frame) for option in options]
    return CropGrid(
        frame=frame.label,
        options=tuple(option.name for option in options),
        images=tuple(names),
        originals=tuple(originals),
        image_sha256=tuple(digests),
        cells=tuple(cells),
        labels=tuple((labels or {}).get(option.name, option.name) for option in options),
    )
