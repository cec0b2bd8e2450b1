"""Every input limit of TCM, as data: what is limited, how far, in what unit, and why.

The cost engine, the share links, the reports, the image options, the command line and the
dashboard all read their limits from here, so each way in refuses the same input with the same
message (`Limit.message`). The values keep the worst allowed input within about 1 GB of memory
and 30 s on two cores (see the README's "Limits" section for the measurements).

This copy (branch `images`) holds only the image and frame rows, in the shape of the full table
on branch `hostile`; the rows marked "images" are new there.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

ABOVE_LIMIT = "{value} {unit} is above the limit of {limit} {unit} ({why})"
BELOW_MINIMUM = "{value} {unit} is below the minimum of {minimum} {unit} ({why})"


@dataclass(frozen=True)
class Limit:
    """One limit: the largest allowed value of something, in a unit, and the reason for it."""

    name: str
    maximum: int
    unit: str
    why: str
    minimum: int = 0

    def allows(self, value: float) -> bool:
        """True when `value` is within [minimum, maximum]."""
        return self.minimum <= value <= self.maximum

    def message(self, value: float) -> str:
        """Why `value` is refused, naming the value, the limit and the reason (no field name)."""
        if value < self.minimum:
            return BELOW_MINIMUM.format(value=show(value), unit=self.unit, minimum=show(self.minimum), why=self.why)
        return ABOVE_LIMIT.format(value=show(value), unit=self.unit, limit=show(self.maximum), why=self.why)

    def problem(self, value: float) -> str | None:
        """None when `value` is allowed, else `message(value)`."""
        return None if self.allows(value) else self.message(value)


def show(value: float) -> str:
    """A number as a limit message shows it: `1,000,000`, `1e+30`, `inf`.

    >>> show(10**400)
    '1e+400'
    """
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    if isinstance(value, int):
        if abs(value) < 10**15:
            return f"{value:,}"
        exponent = int(math.log10(abs(value)))
        return f"{value // 10 ** (exponent - 2) / 100:.3g}e+{exponent}"
    return f"{value:.3g}"


class LimitError(ValueError):
    """An input over one of the limits; the message names the field, the value and the limit."""

    def __init__(self, limit: Limit, value: float, field: str = "") -> None:
        self.limit = limit
        self.value = value
        self.field = field
        text = limit.message(value)
        super().__init__(f"{field}: {text}" if field else text)


def check(limit: Limit, value: float, field: str = "") -> None:
    """Raise a LimitError when `value` is outside `limit`."""
    if not limit.allows(value):
        raise LimitError(limit, value, field)


# ---- images (read by imageoptions and the dashboard) -----------------------------------------------

IMAGE_PIXELS = Limit(
    "image_pixels", 50_000_000, "pixels", "a 48-megapixel phone photo fits; more is a possible decompression bomb"
)
# images: 160 MB (hostile: 200 MB). Counted as Pillow stores the pixels (RGB and RGBA take 4 bytes, greyscale
# and palette 1), so colour images stop at 40 megapixels; at 200 MB this limit could never bind before the
# pixel limit. Loading peaks at about twice this (the decoded image and its RGB copy): 325 MB measured for
# the largest colour image that loads (6300x6300 RGBA); about 400 MB at 200 MB.
IMAGE_DECODED_BYTES = Limit(
    "image_decoded_bytes",
    160_000_000,
    "bytes",
    "the decoded image (width x height x 4 bytes for colour, 2 for 16-bit grey, 1 for grey or palette) must "
    "fit the memory budget",
)
IMAGE_SIDE = Limit("image_side", 20_000, "pixels", "either side of an image; a 1x79,000,000 strip is refused")  # images
IMAGE_ASPECT_RATIO = Limit(  # images
    "image_aspect_ratio", 50, "to 1", "longer side over shorter side; a 10:1 panorama loads, a 1x20000 sliver does not"
)
IMAGE_FILE_BYTES = Limit("image_file_bytes", 100_000_000, "bytes", "one image file, read into memory once")  # images
JPEG_BYTES_PER_MEGAPIXEL = Limit(  # images: a floor, not a ceiling
    "jpeg_bytes_per_megapixel",
    10**15,
    "bytes per megapixel",
    "a flat grey JPEG takes about 3,900; fewer means the data stops early and the rest would be painted grey",
    minimum=500,
)
LETTERBOX_PIXELS = Limit(  # images
    "letterbox_pixels", 16_000_000, "pixels", "the canvas scale-to-fit draws for a ratio frame; larger is shrunk"
)
FRAME_SIDE = Limit("frame_side", 10_000, "pixels", "one side of an exact WxH frame", 1)
FRAME_PIXELS = Limit(
    "frame_pixels", 16_000_000, "pixels", "an exact WxH frame; every option draws an output of this size"
)

LIMITS: Mapping[str, Limit] = MappingProxyType(
    {
        limit.name: limit
        for limit in (
            IMAGE_PIXELS,
            IMAGE_DECODED_BYTES,
            IMAGE_SIDE,
            IMAGE_ASPECT_RATIO,
            IMAGE_FILE_BYTES,
            JPEG_BYTES_PER_MEGAPIXEL,
            LETTERBOX_PIXELS,
            FRAME_SIDE,
            FRAME_PIXELS,
        )
    }
)
"""Every limit by name (on this branch, the image and frame rows only)."""
