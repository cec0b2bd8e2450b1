"""The one table of input limits, shared by every way into TCM (library, CLI, dashboard, links).

On branch `images` only the image and frame rows; the full table is on branch `hostile`.
"""

from limits._table import (
    FRAME_PIXELS,
    FRAME_SIDE,
    IMAGE_ASPECT_RATIO,
    IMAGE_DECODED_BYTES,
    IMAGE_FILE_BYTES,
    IMAGE_PIXELS,
    IMAGE_SIDE,
    JPEG_BYTES_PER_MEGAPIXEL,
    LETTERBOX_PIXELS,
    LIMITS,
    Limit,
    LimitError,
    check,
    show,
)

__all__ = [
    "FRAME_PIXELS",
    "FRAME_SIDE",
    "IMAGE_ASPECT_RATIO",
    "IMAGE_DECODED_BYTES",
    "IMAGE_FILE_BYTES",
    "IMAGE_PIXELS",
    "IMAGE_SIDE",
    "JPEG_BYTES_PER_MEGAPIXEL",
    "LETTERBOX_PIXELS",
    "LIMITS",
    "Limit",
    "LimitError",
    "check",
    "show",
]
