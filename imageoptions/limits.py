"""The image and frame limits: one named constant each, so every way in refuses the same things.

Chosen so the worst image that passes stays well inside 1 GB: the decoded-bytes cap bounds the
decode itself, and the conversions to RGB at most double it (see README, "Image options").
"""

from __future__ import annotations

MAX_IMAGE_PIXELS = 50_000_000
"""Width x height from the file's header."""

MAX_DECODED_BYTES = 160_000_000
"""Width x height x bytes per pixel as Pillow stores the file's mode (RGB and RGBA take 4 bytes, greyscale
and palette 1), so colour images stop at 40 megapixels and greyscale ones at the pixel cap."""

MAX_IMAGE_SIDE_PX = 20_000
"""Either side, from the header: strips longer than this are refused before any decoding."""

MAX_ASPECT_RATIO = 50.0
"""Longer side / shorter side: a 1x20000 sliver is refused, a 10:1 panorama loads."""

MAX_FRAME_SIDE_PX = 10_000
"""Either side of an exact `WxH` frame."""

MAX_FRAME_PIXELS = 40_000_000
"""Width x height of an exact `WxH` frame: the output canvas is allocated at this size."""

MAX_LETTERBOX_PIXELS = 16_000_000
"""The canvas scale-to-fit draws for a ratio frame, shrunk to this when the whole image would need more
(a 20000x400 strip in a square frame: 4000x4000, not 20000x20000)."""

MAX_FILE_BYTES = 100_000_000
"""An image file's size on disk; checked before the file is read."""

MIN_JPEG_BYTES_PER_MEGAPIXEL = 500
"""A JPEG smaller than this for its header's size cannot hold its pixels (the smallest real one,
a flat grey image with optimised Huffman tables, takes about 3,900 bytes per megapixel); libjpeg
would silently paint the missing part grey."""
