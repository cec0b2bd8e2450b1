"""The target frame: an aspect ratio (height / width), the image's own ratio, or exact pixels."""

from __future__ import annotations

import re
from dataclasses import dataclass

from imageoptions.errors import FrameError
from imageoptions.limits import MAX_FRAME_PIXELS, MAX_FRAME_SIDE_PX

# The presets are labelled by their rounded ratio; the value is the exact ratio they stand for.
PRESET_RATIOS: dict[str, float] = {
    "0.56": 9 / 16,
    "1.0": 1.0,
    "1.14": 8 / 7,
    "2.0": 2.0,
}
ORIGINAL = "original"
_PIXELS = re.compile(r"^([1-9][0-9]*)x([1-9][0-9]*)$")
_MAX_SIDE_DIGITS = len(str(MAX_FRAME_SIDE_PX))
_MAX_QUOTED_CHARS = 40
BAD_FRAME = "frame {text!r}: expected one of 0.56, 1.0, 1.14, 2.0, original, or WxH in pixels (e.g. 1080x1920)"
FRAME_SIDE_OVER = "frame {text!r}: a side of {side} pixels is over the {cap:,}-pixel limit"
FRAME_PIXELS_OVER = "frame {text!r}: {width}x{height} is {pixels:,} pixels, over the {cap:,}-pixel limit for a frame"


@dataclass(frozen=True)
class Frame:
    """A target frame: exactly one of `ratio` (height / width), `pixels` (W, H) or the original ratio."""

    label: str
    ratio: float | None = None
    pixels: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        if self.ratio is not None and self.pixels is not None:
            raise FrameError(f"frame {self.label!r}: give a ratio or pixels, not both")
        if self.ratio is not None and not 0.01 <= self.ratio <= 100:
            raise FrameError(f"frame {self.label!r}: ratio {self.ratio} is outside 0.01..100")
        if self.pixels is not None:
            check_frame_pixels(self.label, self.pixels)

    @property
    def is_original(self) -> bool:
        """True when the frame keeps each image's own ratio."""
        return self.ratio is None and self.pixels is None

    def ratio_for(self, image_size: tuple[int, int]) -> float:
        """The height / width ratio this frame asks of an image of `image_size` (W, H)."""
        if self.pixels is not None:
            return self.pixels[1] / self.pixels[0]
        if self.ratio is not None:
            return self.ratio
        return image_size[1] / image_size[0]


def check_frame_pixels(label: str, pixels: tuple[int, int]) -> None:
    """Raise FrameError unless both sides and their product are within the frame limits."""
    if min(pixels) < 1:
        raise FrameError(f"frame {label!r}: each side must be at least 1 pixel")
    if max(pixels) > MAX_FRAME_SIDE_PX:
        raise FrameError(FRAME_SIDE_OVER.format(text=label, side=f"{max(pixels):,}", cap=MAX_FRAME_SIDE_PX))
    width, height = pixels
    if width * height > MAX_FRAME_PIXELS:
        area = width * height
        raise FrameError(
            FRAME_PIXELS_OVER.format(text=label, width=width, height=height, pixels=area, cap=MAX_FRAME_PIXELS)
        )


def quoted(text: str) -> str:
    """`text` shortened for an error message, so a hostile value is not echoed in full."""
    return text if len(text) <= _MAX_QUOTED_CHARS else text[: _MAX_QUOTED_CHARS - 3] + "..."


def parse_frame(text: str) -> Frame:
    """The frame named by `text`: a preset ratio, `original`, or `WxH`.

    >>> parse_frame("1080x1920").pixels
    (1080, 1920)
    """
    cleaned = text.strip().lower()
    if cleaned in PRESET_RATIOS:
        return Frame(label=cleaned, ratio=PRESET_RATIOS[cleaned])
    if cleaned == ORIGINAL:
        return Frame(label=ORIGINAL)
    match = _PIXELS.match(cleaned)
    if match is None:
        raise FrameError(BAD_FRAME.format(text=quoted(text)))
    longest = max(match.group(1), match.group(2), key=len)
    if len(longest) > _MAX_SIDE_DIGITS:  # refused before int(): Python will not parse 4,300+ digits
        raise FrameError(FRAME_SIDE_OVER.format(text=quoted(cleaned), side=quoted(longest), cap=MAX_FRAME_SIDE_PX))
    return Frame(label=cleaned, pixels=(int(match.group(1)), int(match.group(2))))
