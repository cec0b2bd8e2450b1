"""Image loading: any file in, an RGB image plus notes plus the file's sha256 out, or a clear error.

Everything Pillow does with the file (parsing, EXIF, frames, decoding, mode conversion) happens
inside `load_image`'s error boundary, and the header's size is checked against the limits in
the `limits` table before a pixel is allocated.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from PIL import Image, ImageFile, UnidentifiedImageError

from imageoptions.errors import ImageLoadError
from limits import (
    IMAGE_ASPECT_RATIO,
    IMAGE_DECODED_BYTES,
    IMAGE_FILE_BYTES,
    IMAGE_PIXELS,
    IMAGE_SIDE,
    JPEG_BYTES_PER_MEGAPIXEL,
    Limit,
    LimitError,
    read_file,
)

# Deliberate process-wide settings: Pillow's own bomb check uses our pixel cap (so any other
# Image.open in the process is bounded too), and a truncated file is an error, never grey pixels.
Image.MAX_IMAGE_PIXELS = IMAGE_PIXELS.maximum
ImageFile.LOAD_TRUNCATED_IMAGES = False

RGB = tuple[int, int, int]

EXIF_ORIENTATION = 0x0112
_ROTATED_ORIENTATIONS = frozenset({5, 6, 7, 8})  # these swap width and height
_ALPHA_MODES = frozenset({"RGBA", "LA", "PA", "RGBa", "La"})
_SIXTEEN_BIT_MODES = frozenset({"I;16", "I;16B", "I;16L", "I;16N", "I"})
_TRANSPOSE_FOR_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_ONE_BYTE_MODES = frozenset({"1", "L", "P"})
_TWO_BYTE_MODES = frozenset({"I;16", "I;16B", "I;16L", "I;16N"})
_PILLOW_BOMB_PIXELS = re.compile(r"\((\d+) pixels\)")
# What Pillow's decoders raise on a damaged file; anything else is reported with its type.
FLATTEN_STRIP_BYTES = 4_000_000
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError, TypeError)

EMPTY_FILE = "empty file (0 bytes)"
NOT_AN_IMAGE = "not an image (unrecognised format)"
TRUNCATED = "truncated or corrupt {format} data"
OVER_LIMIT = "{width}x{height}: {problem}"  # the problem is the limit table's own message
OVER_PILLOW_LIMIT = "refused on opening: {problem}"
OVER_DECODED_BYTES = "{width}x{height} {mode}: {problem}"
JPEG_TOO_SHORT = "truncated JPEG: its header claims {width}x{height} but the file holds {size} bytes: {problem}"
NO_PIXELS = "{width}x{height}: the header claims no pixels"
OUT_OF_MEMORY = "ran out of memory decoding {width}x{height}"
UNEXPECTED = "cannot decode ({kind}: {detail})"
EXIF_UNREADABLE = "EXIF unreadable ({kind}): orientation ignored"


@dataclass(frozen=True)
class LoadSettings:
    """Tunables for loading: the pixel cap, the colour under transparency, and JPEG shrink-on-load."""

    max_pixels: int = IMAGE_PIXELS.maximum
    max_decoded_bytes: int = IMAGE_DECODED_BYTES.maximum
    background: RGB = (255, 255, 255)
    # JPEG draft mode: decode at 1/2, 1/4 or 1/8 scale while staying at least this (W, H).
    draft_at_least: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        # Settings may only tighten the limits (the `limits` table), never lift them.
        for name, value, limit in (
            ("max_pixels", self.max_pixels, IMAGE_PIXELS),
            ("max_decoded_bytes", self.max_decoded_bytes, IMAGE_DECODED_BYTES),
        ):
            if not 1 <= value <= limit.maximum:
                raise ValueError(f"{name} must be 1..{limit.maximum:,}, not {value:,}")
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
    with warnings.catch_warnings(record=True) as caught:
        # Pillow warns between its limit and twice it (our own check gives the exact message), and
        # JPEG parses its EXIF while opening, warning if it is corrupt: recorded here, never printed.
        warnings.simplefilter("always")
        image = open_image(data, source, settings)
    width, height = image.size
    open_notes = tuple(
        EXIF_UNREADABLE.format(kind=warning.category.__name__)
        for warning in caught[:1]
        if issubclass(warning.category, UserWarning) and "EXIF" in str(warning.message)
    )
    try:
        return decode_upright_rgb(image, data, source, settings, open_notes)
    except ImageLoadError:
        raise
    except MemoryError:
        raise ImageLoadError(source, OUT_OF_MEMORY.format(width=width, height=height)) from None
    except _DECODE_ERRORS:
        raise ImageLoadError(source, TRUNCATED.format(format=image.format or "image")) from None
    except Exception as error:  # the per-image boundary: any plugin error stays per image
        raise ImageLoadError(source, UNEXPECTED.format(kind=type(error).__name__, detail=error)) from None


def decode_upright_rgb(
    image: Image.Image, data: bytes, source: str, settings: LoadSettings, open_notes: tuple[str, ...] = ()
) -> LoadedImage:
    """Frames, JPEG draft, decode, EXIF orientation and RGB conversion of an opened, checked image."""
    notes = [*open_notes, *describe_frames(image)]
    header_size = image.size
    if image.format != "JPEG":
        image.load()  # PNG may keep its EXIF after the pixels, so Pillow decodes to read it: do it here
    orientation, exif_notes = read_orientation(image)
    original_size = upright_size(header_size, orientation)
    notes += draft_jpeg(image, original_size, settings.draft_at_least)
    image.load()
    upright, rotation_notes = rotate_upright(image, orientation)
    rgb, mode_notes = convert_to_rgb(upright, settings.background)
    return LoadedImage(
        image=rgb,
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        original_size=original_size,
        notes=(*notes, *exif_notes, *rotation_notes, *mode_notes),
    )


def read_bytes(path: Path, source: str) -> bytes:
    """The file's bytes, refusing missing, empty, oversized and non-regular files (`/dev/zero`, a pipe, a
    link to either): the one `limits.read_file` checks what the path resolves to and its size first."""
    try:
        data = read_file(path, IMAGE_FILE_BYTES)
    except LimitError as exc:
        raise ImageLoadError(source, exc.limit.message(exc.value)) from None
    except OSError as exc:
        raise ImageLoadError(source, f"cannot read the file ({exc.strerror})") from None
    if not data:
        raise ImageLoadError(source, EMPTY_FILE)
    return data


def open_image(data: bytes, source: str, settings: LoadSettings) -> Image.Image:
    """Parse the header and check every size limit before anything is decoded."""
    try:
        image = Image.open(io.BytesIO(data))
    except UnidentifiedImageError:
        raise ImageLoadError(source, NOT_AN_IMAGE) from None
    except Image.DecompressionBombError as error:
        found = _PILLOW_BOMB_PIXELS.search(str(error))
        pillow_cap = tightened(
            IMAGE_PIXELS, Image.MAX_IMAGE_PIXELS or IMAGE_PIXELS.maximum, "PIL.Image.MAX_IMAGE_PIXELS"
        )
        pixels = int(found.group(1)) if found else 2 * pillow_cap.maximum + 1  # Pillow raises above twice its cap
        raise ImageLoadError(source, OVER_PILLOW_LIMIT.format(problem=pillow_cap.message(pixels))) from None
    except (*_DECODE_ERRORS, MemoryError):
        raise ImageLoadError(source, TRUNCATED.format(format="image")) from None
    except Exception as error:  # the per-image boundary: e.g. struct.error from a malformed header
        raise ImageLoadError(source, UNEXPECTED.format(kind=type(error).__name__, detail=error)) from None
    try:
        check_header(image, len(data), source, settings)
    except ImageLoadError:
        image.close()
        raise
    return image


def check_header(image: Image.Image, file_bytes: int, source: str, settings: LoadSettings) -> None:
    """Refuse a header whose size breaks a limit: sides, aspect ratio, pixels, decoded bytes, JPEG data."""
    width, height = image.size
    if min(width, height) < 1:
        raise ImageLoadError(source, NO_PIXELS.format(width=width, height=height))
    pixels = width * height
    ratio = max(width, height) / min(width, height)
    shape_checks: tuple[tuple[Limit, float], ...] = (
        (IMAGE_SIDE, max(width, height)),
        (IMAGE_ASPECT_RATIO, round(ratio, 1) if ratio < 100 else round(ratio)),
        (tightened(IMAGE_PIXELS, settings.max_pixels, "LoadSettings.max_pixels"), pixels),
    )
    for limit, value in shape_checks:
        if not limit.allows(value):
            raise ImageLoadError(source, OVER_LIMIT.format(width=width, height=height, problem=limit.message(value)))
    decoded = decoded_bytes(image.size, image.mode)
    decoded_limit = tightened(IMAGE_DECODED_BYTES, settings.max_decoded_bytes, "LoadSettings.max_decoded_bytes")
    if not decoded_limit.allows(decoded):
        problem = decoded_limit.message(decoded)
        raise ImageLoadError(
            source, OVER_DECODED_BYTES.format(width=width, height=height, mode=image.mode, problem=problem)
        )
    per_megapixel = file_bytes * 1_000_000 // pixels
    if image.format == "JPEG" and not JPEG_BYTES_PER_MEGAPIXEL.allows(per_megapixel):
        problem = JPEG_BYTES_PER_MEGAPIXEL.message(per_megapixel)
        raise ImageLoadError(
            source, JPEG_TOO_SHORT.format(width=width, height=height, size=file_bytes, problem=problem)
        )


def tightened(limit: Limit, maximum: int, setting: str) -> Limit:
    """`limit` itself, or a copy with a lower maximum that names the setting which lowered it."""
    if maximum == limit.maximum:
        return limit
    return replace(limit, maximum=maximum, why=f"set by {setting}")


def decoded_bytes(size: tuple[int, int], mode: str) -> int:
    """Bytes Pillow allocates to decode an image of this size and mode (multi-band pixels take 4).

    >>> decoded_bytes((8900, 8900), "RGBA")
    316840000
    """
    if mode in _ONE_BYTE_MODES:
        per_pixel = 1
    elif mode in _TWO_BYTE_MODES:
        per_pixel = 2
    else:
        per_pixel = 4
    return size[0] * size[1] * per_pixel


def describe_frames(image: Image.Image) -> tuple[str, ...]:
    """A note when the file is animated: only the first frame is used (frames are not counted)."""
    # is_animated looks for a second frame only; n_frames would walk every frame of a hostile file.
    if getattr(image, "is_animated", False):
        image.seek(0)
        return ("animated: used the first frame",)
    return ()


def read_orientation(image: Image.Image) -> tuple[int, tuple[str, ...]]:
    """The EXIF orientation (1 when absent or unreadable), with a note when the EXIF is unreadable."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # Pillow only warns on corrupt EXIF; we note it, whatever the filters
            orientation = exif_orientation(image)
    except MemoryError:
        raise
    except Exception as error:  # corrupt EXIF must not lose the pixels
        return 1, (EXIF_UNREADABLE.format(kind=type(error).__name__),)
    if orientation not in range(1, 9):
        return 1, (f"EXIF orientation {orientation} is not 1..8: ignored",)
    return orientation, ()


def upright_size(size: tuple[int, int], orientation: int) -> tuple[int, int]:
    """The full-resolution (W, H) after the EXIF orientation is applied."""
    if orientation in _ROTATED_ORIENTATIONS:
        return size[1], size[0]
    return size


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


def rotate_upright(image: Image.Image, orientation: int) -> tuple[Image.Image, tuple[str, ...]]:
    """The decoded image turned as its EXIF orientation says, with a note when it was turned."""
    method = _TRANSPOSE_FOR_ORIENTATION.get(orientation)
    if method is None:
        return image, ()
    return image.transpose(method), (f"rotated upright per EXIF orientation {orientation}",)


def convert_to_rgb(image: Image.Image, background: RGB) -> tuple[Image.Image, tuple[str, ...]]:
    """The image as 8-bit RGB, transparency flattened onto `background`, with a note on each change."""
    mode = image.mode
    if mode == "RGB":
        return image, ()
    if mode in _SIXTEEN_BIT_MODES:
        return reduce_to_eight_bits(image).convert("RGB"), ("16-bit greyscale reduced to 8 bits",)
    if mode == "P" and "transparency" in image.info:
        return flatten(image, background), (f"palette with transparency flattened onto {background}",)
    if mode in _ALPHA_MODES:
        return flatten(image, background), (f"{mode} transparency flattened onto {background}",)
    if mode == "P":
        return image.convert("RGB"), ("palette converted to RGB",)
    if mode in {"L", "1"}:
        return image.convert("RGB"), ("greyscale converted to RGB",)
    return image.convert("RGB"), (f"{mode} converted to RGB",)


def reduce_to_eight_bits(image: Image.Image) -> Image.Image:
    """A 16-bit (or 32-bit integer) greyscale image scaled to 0..255, not clipped."""
    # Pillow's own convert clips at 255, which turns most 16-bit images white.
    values = np.array(image)  # one writable copy, shifted in place: no wider temporary
    if values.dtype.itemsize > 2:  # 32-bit "I": clip into 16 bits first
        np.clip(values, 0, 65535, out=values)
    values >>= 8
    return Image.fromarray(values.astype(np.uint8))


def flatten(image: Image.Image, background: RGB) -> Image.Image:
    """An image with transparency composited over a solid background, a strip of rows at a time.

    Converting or pasting the whole image at once would make full-size RGBA and RGB copies besides
    the canvas; strips keep the extra memory to about FLATTEN_STRIP_BYTES.
    """
    canvas = Image.new("RGB", image.size, background)
    rows = max(1, FLATTEN_STRIP_BYTES // (4 * image.width))
    for top in range(0, image.height, rows):
        box = (0, top, image.width, min(top + rows, image.height))
        strip = image.crop(box).convert("RGBA")  # a palette strip keeps its palette and transparency
        canvas.paste(strip, box, mask=strip)  # an RGBA mask pastes through its alpha band
    return canvas
