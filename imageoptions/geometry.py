"""Window arithmetic in original-image pixels: pure functions on sizes and boxes."""

from __future__ import annotations

import math

CropBox = tuple[int, int, int, int]
"""(left, top, right, bottom) in original-image pixels, right and bottom exclusive."""

Size = tuple[int, int]
"""(width, height) in pixels."""


def largest_window(image_size: Size, ratio: float) -> Size:
    """The largest (width, height) of height/width `ratio` that fits in `image_size`.

    >>> largest_window((400, 300), 1.0)
    (300, 300)
    """
    width, height = image_size
    if height >= width * ratio:
        return width, max(1, min(height, round(width * ratio)))
    return max(1, min(width, round(height / ratio))), height


def place_window(window: Size, centre: tuple[float, float], image_size: Size) -> CropBox:
    """The box of size `window` centred on `centre`, shifted (not shrunk) to lie inside the image."""
    width, height = window
    left = _clamp(round(centre[0] - width / 2), 0, image_size[0] - width)
    top = _clamp(round(centre[1] - height / 2), 0, image_size[1] - height)
    return left, top, left + width, top + height


def centre_window(image_size: Size, ratio: float) -> CropBox:
    """The largest window of `ratio` around the geometric centre (odd slack goes right/bottom)."""
    width, height = largest_window(image_size, ratio)
    left = (image_size[0] - width) // 2
    top = (image_size[1] - height) // 2
    return left, top, left + width, top + height


def whole_image(image_size: Size) -> CropBox:
    """The box covering the whole image."""
    return 0, 0, image_size[0], image_size[1]


def enclosing_canvas(image_size: Size, ratio: float) -> Size:
    """The smallest (width, height) of `ratio` that holds the whole image: the letterbox canvas.

    >>> enclosing_canvas((400, 300), 1.0)
    (400, 400)
    """
    width, height = image_size
    if height >= width * ratio:
        return max(width, round(height / ratio)), height
    return width, max(height, round(width * ratio))


def fit_inside(image_size: Size, canvas: Size) -> Size:
    """The image's size scaled (up or down) to fit `canvas` with its ratio kept."""
    scale = min(canvas[0] / image_size[0], canvas[1] / image_size[1])
    return (
        _clamp(round(image_size[0] * scale), 1, canvas[0]),
        _clamp(round(image_size[1] * scale), 1, canvas[1]),
    )


def cap_width(size: Size, max_width: int | None) -> Size:
    """`size` scaled down, ratio kept, so its width is at most `max_width` (None: unchanged)."""
    if max_width is None or size[0] <= max_width:
        return size
    return max_width, max(1, round(size[1] * max_width / size[0]))


def cap_pixels(size: Size, max_pixels: int) -> Size:
    """`size` scaled down, ratio kept (to the pixel), so width x height is at most `max_pixels`.

    >>> cap_pixels((20000, 20000), 16_000_000)
    (4000, 4000)
    """
    width, height = size
    if width * height <= max_pixels:
        return size
    factor = math.sqrt(max_pixels / (width * height))
    capped_width = max(1, math.floor(width * factor))
    # A side held at 1 pixel leaves the other to absorb the whole cap (the ratio then bends).
    capped_height = max(1, min(math.floor(height * factor), max_pixels // capped_width))
    return min(capped_width, max_pixels // capped_height), capped_height


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(value, high))
