"""Pictures for the image lab and reports: crop boxes or person masks drawn on the original, crop thumbnails."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageOps

Box = Sequence[float]
REMOVED_RGB = (204, 0, 153)  # what the mask removes is tinted magenta, a colour no skin tone has
KEPT_COLOUR = "#009E73"  # Okabe-Ito bluish green: a head region kept
LOST_COLOUR = "#D55E00"  # Okabe-Ito vermillion: a head region (partly) erased
REMOVED_TINT = 0.6
MASK_SIZE = "the mask is {mask}, the image {image}: they must be the same size"


class HeadShares(Protocol):
    """What a mask kept of one head: its face box and the kept shares of the box and the region above it."""

    @property
    def box(self) -> tuple[int, int, int, int]: ...

    @property
    def face_kept_share(self) -> float: ...

    @property
    def head_kept_share(self) -> float: ...


def draw_crop_boxes(image: Image.Image, boxes: Mapping[str, Box], colours: Mapping[str, str], *,
                    width: int = 640) -> Image.Image:
    """A copy of the image, `width` pixels wide, with each option's crop box outlined in its colour."""
    scale = width / image.width
    picture = image.convert("RGB").resize((width, max(1, round(image.height * scale))))
    pen = ImageDraw.Draw(picture)
    line = max(2, width // 160)
    for name, box in boxes.items():
        left, top, right, bottom = (value * scale for value in box)
        pen.rectangle((left, top, right - 1, bottom - 1), outline=colours.get(name, "#000000"), width=line)
    return picture


def crop_thumbnail(image: Image.Image, box: Box, *, height: int = 160) -> Image.Image:
    """What a crop keeps, `height` pixels tall, with a thin outline so an all-white crop still shows."""
    kept = image.convert("RGB").crop(tuple(round(value) for value in box))  # type: ignore[arg-type]
    scale = height / max(1, kept.height)
    kept = kept.resize((max(1, round(kept.width * scale)), height))
    return ImageOps.expand(kept, border=1, fill="#999999")


def draw_person_mask(image: Image.Image, mask: npt.NDArray[np.bool_], heads: Sequence[HeadShares] = (), *,
                     width: int = 640, head_above_share: float = 0.5, kept_share: float = 0.9) -> Image.Image:
    """A copy of the image, `width` pixels wide, with what the mask removes tinted magenta and each face box
    and the head region above it outlined: green when at least `kept_share` of it is kept, vermillion if not."""
    if mask.shape != (image.height, image.width):
        raise ValueError(MASK_SIZE.format(mask=mask.shape[::-1], image=image.size))
    base = np.asarray(image.convert("RGB"), dtype=np.float32)
    removed = (~mask)[..., None]
    tinted = np.where(removed, base * (1 - REMOVED_TINT) + np.asarray(REMOVED_RGB) * REMOVED_TINT, base)
    scale = width / image.width
    size = (width, max(1, round(image.height * scale)))
    picture = Image.fromarray(np.rint(tinted).astype(np.uint8)).resize(size, Image.Resampling.BILINEAR)
    pen = ImageDraw.Draw(picture)
    line = max(2, width // 200)
    for head in heads:
        box_top, box_bottom = head.box[1], head.box[3]
        above = max(0, box_top - math.ceil((box_bottom - box_top) * head_above_share)) * scale
        left, top, right, bottom = (value * scale for value in head.box)
        for region, share in (((left, top, right, bottom), head.face_kept_share),
                              ((left, above, right, top), head.head_kept_share)):
            colour = KEPT_COLOUR if share >= kept_share else LOST_COLOUR
            pen.rectangle((region[0], region[1], region[2] - 1, max(region[1], region[3] - 1)), outline=colour,
                          width=line)
            pen.text((region[0] + line + 1, region[1] + line + 1), f"{share:.0%}", fill=colour)
    return picture
