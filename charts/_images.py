"""Pictures for the image lab and reports: crop boxes drawn on the original, and crop thumbnails."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PIL import Image, ImageDraw, ImageOps

Box = Sequence[float]


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
