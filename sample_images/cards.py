"""Synthetic cards built from labelled portraits, with the face boxes placed on each card.

Geometry conventions, shared by every function here:

- A box is (left, top, right, bottom) in whole pixels; right and bottom are exclusive, as in
  `Image.crop`, so a box's width is `right - left`.
- Functions never change their inputs; each returns a new `LabelledImage`.
- Faces keep their order: a card lists the first picture's faces, then the second's, so a
  caller can map each placed box back to the face it came from by index.
- Only `scale_to_height` resamples pixels; every other step copies pixels exactly, so cards
  built from unscaled pictures are bit-for-bit reproducible.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

Box = tuple[int, int, int, int]
Colour = tuple[int, int, int]

NOT_RGB = "cards work on RGB images; got mode {mode!r}"
BOX_OUTSIDE = "face box {box} lies outside the {width}x{height} image"
BOX_EMPTY = "face box {box} has no area"
TOO_SMALL = "picture is {width}x{height}, smaller than the {window_width}x{window_height} window"
NO_FACE = "picture has no face at index {index} (it has {count})"
NOT_POSITIVE = "{name} must be a positive whole number, got {value!r}"
NEGATIVE = "{name} must be zero or more, got {value!r}"


@dataclass(frozen=True)
class LabelledImage:
    """An RGB image and the face boxes on it."""

    image: Image.Image
    faces: tuple[Box, ...]

    def __post_init__(self) -> None:
        if self.image.mode != "RGB":
            raise ValueError(NOT_RGB.format(mode=self.image.mode))
        width, height = self.image.size
        for box in self.faces:
            left, top, right, bottom = box
            if right <= left or bottom <= top:
                raise ValueError(BOX_EMPTY.format(box=list(box)))
            if left < 0 or top < 0 or right > width or bottom > height:
                raise ValueError(BOX_OUTSIDE.format(box=list(box), width=width, height=height))


def shift_box(box: Box, dx: int, dy: int) -> Box:
    """The box moved right by `dx` and down by `dy` pixels."""
    left, top, right, bottom = box
    return (left + dx, top + dy, right + dx, bottom + dy)


def scale_box(box: Box, x_factor: float, y_factor: float) -> Box:
    """The box with each coordinate scaled and rounded to the nearest pixel (halves to even).

    >>> scale_box((10, 20, 30, 40), 0.5, 0.5)
    (5, 10, 15, 20)
    """
    left, top, right, bottom = box
    return (
        round(left * x_factor),
        round(top * y_factor),
        round(right * x_factor),
        round(bottom * y_factor),
    )


def clip_box(box: Box, window: Box) -> Box | None:
    """The part of `box` inside `window`, in window coordinates; None when nothing is inside."""
    left, top = max(box[0], window[0]), max(box[1], window[1])
    right, bottom = min(box[2], window[2]), min(box[3], window[3])
    if right <= left or bottom <= top:
        return None
    return shift_box((left, top, right, bottom), -window[0], -window[1])


def scale_to_height(picture: LabelledImage, height: int) -> LabelledImage:
    """The picture resized (Lanczos) to `height`, width rounded to keep the aspect ratio.

    A picture already `height` tall comes back unchanged, so no pixel is resampled needlessly.
    """
    _require_positive("height", height)
    width_before, height_before = picture.image.size
    if height == height_before:
        return picture
    width = max(1, round(width_before * height / height_before))
    image = picture.image.resize((width, height), Image.Resampling.LANCZOS)
    x_factor, y_factor = width / width_before, height / height_before
    faces = tuple(scale_box(box, x_factor, y_factor) for box in picture.faces)
    return LabelledImage(image, faces)


def side_by_side(
    left: LabelledImage,
    right: LabelledImage,
    *,
    height: int | None = None,
    background: Colour = (0, 0, 0),
) -> LabelledImage:
    """Two pictures joined horizontally, top-aligned, on a `background` canvas.

    With `height`, each picture is first scaled to that height (`scale_to_height`). The canvas
    is `left.width + right.width` wide and as tall as the taller picture; the shorter one's
    space below is `background`. `left` sits at (0, 0) and `right` at (left.width, 0).
    """
    if height is not None:
        left, right = scale_to_height(left, height), scale_to_height(right, height)
    left_width, left_height = left.image.size
    right_width, right_height = right.image.size
    canvas = Image.new("RGB", (left_width + right_width, max(left_height, right_height)), background)
    canvas.paste(left.image, (0, 0))
    canvas.paste(right.image, (left_width, 0))
    faces = left.faces + tuple(shift_box(box, left_width, 0) for box in right.faces)
    return LabelledImage(canvas, faces)


def crop_window(picture: LabelledImage, *, width: int, height: int, face_index: int = 0) -> Box:
    """The `width` x `height` window centred on one face, moved inside the image where needed.

    The window's left is `floor((face_left + face_right - width) / 2)`, then clamped to
    `[0, image_width - width]`; the same rule gives its top.
    """
    _require_positive("width", width)
    _require_positive("height", height)
    image_width, image_height = picture.image.size
    if image_width < width or image_height < height:
        raise ValueError(
            TOO_SMALL.format(width=image_width, height=image_height, window_width=width, window_height=height)
        )
    if not 0 <= face_index < len(picture.faces):
        raise ValueError(NO_FACE.format(index=face_index, count=len(picture.faces)))
    face_left, face_top, face_right, face_bottom = picture.faces[face_index]
    left = _clamp((face_left + face_right - width) // 2, 0, image_width - width)
    top = _clamp((face_top + face_bottom - height) // 2, 0, image_height - height)
    return (left, top, left + width, top + height)


def crop_around_face(picture: LabelledImage, *, width: int, height: int, face_index: int = 0) -> LabelledImage:
    """The `crop_window` of the picture; faces are clipped to it, and dropped if none is inside."""
    window = crop_window(picture, width=width, height=height, face_index=face_index)
    clipped = (clip_box(box, window) for box in picture.faces)
    return LabelledImage(picture.image.crop(window), tuple(box for box in clipped if box))


def tall_card(
    top: LabelledImage,
    bottom: LabelledImage,
    *,
    width: int = 583,
    face_height: int = 887,
    gap: int = 1226,
    gap_colour: Colour = (255, 255, 255),
) -> LabelledImage:
    """A card `width` wide and `2 * face_height + gap` tall, one face at the top, one at the bottom.

    Each picture is cut to a `width` x `face_height` slot by `crop_around_face` (no scaling:
    scale a small picture first); `top` fills rows [0, face_height), the gap rows are
    `gap_colour`, and `bottom` fills rows [face_height + gap, 2 * face_height + gap).
    With the defaults that is the 583x3000 card of the public crop audits.
    """
    _require_non_negative("gap", gap)
    upper = crop_around_face(top, width=width, height=face_height)
    lower = crop_around_face(bottom, width=width, height=face_height)
    lower_top = face_height + gap
    canvas = Image.new("RGB", (width, 2 * face_height + gap), gap_colour)
    canvas.paste(upper.image, (0, 0))
    canvas.paste(lower.image, (0, lower_top))
    faces = upper.faces + tuple(shift_box(box, 0, lower_top) for box in lower.faces)
    return LabelledImage(canvas, faces)


def text_panel(
    picture: LabelledImage,
    lines: Sequence[str],
    *,
    panel_width: int = 600,
    font_size: int = 88,
    panel_colour: Colour = (255, 214, 0),
    text_colour: Colour = (0, 0, 0),
    logo_colour: Colour = (0, 70, 200),
) -> LabelledImage:
    """The picture with a panel of large text and a logo to its right, competing for attention.

    The picture stays at (0, 0), so its face boxes are unchanged. Text uses Pillow's bundled
    default font, drawn without anti-aliasing so the pixels do not depend on the rasteriser's
    grey levels; the logo, a square holding a disc, sits in the panel's lower half.
    """
    _require_positive("panel_width", panel_width)
    _require_positive("font_size", font_size)
    width, height = picture.image.size
    canvas = Image.new("RGB", (width + panel_width, height), panel_colour)
    canvas.paste(picture.image, (0, 0))
    draw = ImageDraw.Draw(canvas)
    draw.fontmode = "1"
    font = ImageFont.load_default(size=font_size)
    margin = font_size // 2
    line_step = font_size + font_size // 4
    for number, line in enumerate(lines):
        draw.text((width + margin, margin + number * line_step), line, fill=text_colour, font=font)
    centre_x, centre_y, half = width + panel_width // 2, height * 3 // 4, height // 8
    draw.rectangle((centre_x - half, centre_y - half, centre_x + half, centre_y + half), fill=logo_colour)
    inner = half * 2 // 3
    draw.ellipse((centre_x - inner, centre_y - inner, centre_x + inner, centre_y + inner), fill=panel_colour)
    return LabelledImage(canvas, picture.faces)


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(value, high))


def _require_positive(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(NOT_POSITIVE.format(name=name, value=value))


def _require_non_negative(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(NEGATIVE.format(name=name, value=value))
