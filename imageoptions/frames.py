"""The target frame: an aspect ratio (height / width), the image's own ratio, or exact pixels."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from imageoptions.errors import FrameError
from limits import FRAME_PIXELS, FRAME_SIDE

# The presets are labelled by their rounded ratio; the value is the exact ratio they stand for.
PRESET_RATIOS: dict[str, float] = {
    "0.56": 9 / 16,
    "1.0": 1.0,
    "1.14": 8 / 7,
    "2.0": 2.0,
}
ORIGINAL = "original"
_PIXELS = re.compile(r"^([1-9][0-9]*)x([1-9][0-9]*)$")
_MAX_SIDE_DIGITS = len(str(FRAME_SIDE.maximum))
_MAX_PARSED_DIGITS = 4000  # Python refuses to parse integers of more than 4,300 digits
_MAX_QUOTED_CHARS = 40
BAD_FRAME = "frame {text!r}: expected one of 0.56, 1.0, 1.14, 2.0, original, or WxH in pixels (e.g. 1080x1920)"
FRAME_OVER = "frame {text!r}: {problem}"  # the problem is the limit table's own message


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
    for limit, value in ((FRAME_SIDE, min(pixels)), (FRAME_SIDE, max(pixels)), (FRAME_PIXELS, pixels[0] * pixels[1])):
        if not limit.allows(value):
            raise FrameError(FRAME_OVER.format(text=quoted(label), problem=limit.message(value)))


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
    if len(longest) > _MAX_SIDE_DIGITS:  # refused before building the frame; huge numbers are not even parsed
        side = int(longest) if len(longest) <= _MAX_PARSED_DIGITS else math.inf
        raise FrameError(FRAME_OVER.format(text=quoted(cleaned), problem=FRAME_SIDE.message(side)))
    return Frame(label=cleaned, pixels=(int(match.group(1)), int(match.group(2))))
