"""Image loading: any file in, an RGB image plus notes plus the file's sha256 out, or a clear error."""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from imageoptions.errors import ImageLoadError

RGB = tuple[int, int, int]

EXIF_ORIENTATION = 0x0112
_ROTATED_ORIENTATIONS = frozenset({5, 6, 7, 8})  # these swap width and height
_ALPHA_MODES = frozenset({"RGBA", "LA", "PA", "RGBa", "La"})
_SIXTEEN_BIT_MODES = frozenset({"I;16", "I;16B", "I;16L", "I;16N", "I"})

EMPTY_FILE = "empty file (0 bytes)"
NOT_AN_IMAGE = "not an image (unrecognised format)"
TRUNCATED = "truncated or corrupt {format} data"
OVER_CAP = "{width}x{height} is {pixels:,} pixels, over the {cap:,}-pixel cap (possible decompression bomb)"
OVER_PILLOW_LIMIT = "over Pillow's {limit:,}-pixel limit (possible decompression bomb)"


@dataclass(frozen=True)
class LoadSettings:
    """Tunables for loading: the pixel cap, the colour under transparency, and JPEG shrink-on-load."""

    max_pixels: int = 80_000_000
    background: RGB = (255, 255, 255)
    # JPEG draft mode: decode at 1/2, 1/4 or 1/8 scale while staying at least this (W, H).
    draft_at_least: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        if self.max_pixels < 1:
            raise ValueError(f"max_pixels must be at least 1, not {self.max_pixels}")
        if any(not 0 <= channel <= 255 for channel in self.background) or len(self.background) != 3:
            raise ValueError(f"background must be three 0..255 values, not {self.background}")
        if self.draft_at_least is not None and min(self.draft_at_least) < 1:
            raise ValueError(f"draft_at_least must be positive, not {self.draft_at_least}")


@dataclass(frozen=True)
class LoadedImage:
    """A decoded RGB image; `original_size` is the upright full-resolution size boxes refer to."""

    image: Image.Image
    source: str
    sha256: str
    original_size: tuple[int, int]
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.image.mode != "RGB":
            raise ValueError(f"{self.source}: LoadedImage needs an RGB image, not {self.image.mode}")
        if min(self.original_size) < 1:
            raise ValueError(f"{self.source}: original size must be positive, not {self.original_size}")

    @property
    def scale(self) -> tuple[float, float]:
        """Decoded pixels per original pixel, per axis (1.0 unless JPEG draft shrank it)."""
        return (
            self.image.width / self.original_size[0],
            self.image.height / self.original_size[1],
        )

    @classmethod
    def from_image(cls, image: Image.Image, source: str = "<memory>") -> LoadedImage:
        """Wrap an in-memory image (converted to RGB); the hash covers its pixels."""
        rgb, notes = convert_to_rgb(image, LoadSettings().background)
        digest = hashlib.sha256(f"{rgb.size}".encode() + rgb.tobytes()).hexdigest()
        return cls(image=rgb, source=source, sha256=digest, original_size=rgb.size, notes=notes)


def load_image(path: str | Path, settings: LoadSettings | None = None) -> LoadedImage:
    """Decode one image file to upright RGB, or raise ImageLoadError naming the file and the fault."""
    settings = settings or LoadSettings()
    source = str(path)
    data = read_bytes(Path(path), source)
    with warnings.catch_warnings():
        # Pillow only warns below twice its limit; we refuse there too, as our error.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = open_image(data, source, settings.max_pixels)
            notes = list(describe_frames(image))
            original_size = upright_size(image)
            notes += draft_jpeg(image, original_size, settings.draft_at_least)
            decode(image, source)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise ImageLoadError(source, OVER_PILLOW_LIMIT.format(limit=Image.MAX_IMAGE_PIXELS)) from None
    upright, rotation_notes = rotate_upright(image)
    rgb, mode_notes = convert_to_rgb(upright, settings.background)
    return LoadedImage(
        image=rgb,
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        original_size=original_size,
        notes=(*notes, *rotation_notes, *mode_notes),
    )


def read_bytes(path: Path, source: str) -> bytes:
    """The file's bytes, refusing missing and empty files."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImageLoadError(source, f"cannot read the file ({exc.strerror})") from None
    if not data:
        raise ImageLoadError(source, EMPTY_FILE)
    return data


def open_image(data: bytes, source: str, max_pixels: int) -> Image.Image:
    """Parse the header and check the pixel cap before anything is decoded."""
    try:
        image = Image.open(io.BytesIO(data))
    except UnidentifiedImageError:
        raise ImageLoadError(source, NOT_AN_IMAGE) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ImageLoadError(source, TRUNCATED.format(format="image")) from None
    width, height = image.size
    if width * height > max_pixels:
        raise ImageLoadError(source, OVER_CAP.format(width=width, height=height, pixels=width * height, cap=max_pixels))
    return image


def describe_frames(image: Image.Image) -> tuple[str, ...]:
    """A note when the file is animated: only the first frame is used."""
    frames = getattr(image, "n_frames", 1)
    if frames > 1:
        image.seek(0)
        return (f"animated ({frames} frames): used the first frame",)
    return ()


def upright_size(image: Image.Image) -> tuple[int, int]:
    """The full-resolution (W, H) after the EXIF orientation is applied."""
    if exif_orientation(image) in _ROTATED_ORIENTATIONS:
        return image.height, image.width
    return image.width, image.height


def exif_orientation(image: Image.Image) -> int:
    """The EXIF orientation tag, 1 (upright) when absent."""
    return int(image.getexif().get(EXIF_ORIENTATION, 1))


def draft_jpeg(image: Image.Image, original_size: tuple[int, int], at_least: tuple[int, int] | None) -> tuple[str, ...]:
    """Ask the JPEG decoder for a 1/2, 1/4 or 1/8 scale decode no smaller than `at_least`."""
    if at_least is None or image.format != "JPEG":
        return ()
    requested = at_least
    if (image.width, image.height) != original_size:  # the file is stored rotated
        requested = (at_least[1], at_least[0])
    full_width = image.width
    image.draft("RGB", requested)
    if image.width == full_width:
        return ()
    return (f"decoded at 1/{round(full_width / image.width)} scale (JPEG draft)",)


def decode(image: Image.Image, source: str) -> None:
    """Decode the pixels, turning a truncated or corrupt stream into our error."""
    try:
        image.load()
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ImageLoadError(source, TRUNCATED.format(format=image.format or "image")) from None


def rotate_upright(image: Image.Image) -> tuple[Image.Image, tuple[str, ...]]:
    """The image turned as its EXIF orientation says, with a note when it was turned."""
    orientation = exif_orientation(image)
    if orientation == 1:
        return image, ()
    upright = ImageOps.exif_transpose(image)
    return upright, (f"rotated upright per EXIF orientation {orientation}",)


def convert_to_rgb(image: Image.Image, background: RGB) -> tuple[Image.Image, tuple[str, ...]]:
    """The image as 8-bit RGB, transparency flattened onto `background`, with a note on each change."""
    mode = image.mode
    if mode == "RGB":
        return image, ()
    if mode in _SIXTEEN_BIT_MODES:
        return reduce_to_eight_bits(image).convert("RGB"), ("16-bit greyscale reduced to 8 bits",)
    if mode == "P" and "transparency" in image.info:
        return flatten(image.convert("RGBA"), background), (f"palette with transparency flattened onto {background}",)
    if mode in _ALPHA_MODES:
        return flatten(image.convert("RGBA"), background), (f"{mode} transparency flattened onto {background}",)
    if mode == "P":
        return image.convert("RGB"), ("palette converted to RGB",)
    if mode in {"L", "1"}:
        return image.convert("RGB"), ("greyscale converted to RGB",)
    return image.convert("RGB"), (f"{mode} converted to RGB",)


def reduce_to_eight_bits(image: Image.Image) -> Image.Image:
    """A 16-bit (or 32-bit integer) greyscale image scaled to 0..255, not clipped."""
    values = np.asarray(image).astype(np.uint32)
    # Pillow's own convert clips at 255, which turns most 16-bit images white.
    eight_bit = (np.clip(values, 0, 65535) >> 8).astype(np.uint8)
    return Image.fromarray(eight_bit)


def flatten(rgba: Image.Image, background: RGB) -> Image.Image:
    """An RGBA image composited over a solid background."""
    canvas = Image.new("RGBA", rgba.size, (*background, 255))
    return Image.alpha_composite(canvas, rgba).convert("RGB")
