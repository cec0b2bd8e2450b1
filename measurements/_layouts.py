"""The pair layouts of the public crop audits, built from `sample_images.cards`, and their sweeps.

Each face first becomes a portrait: a window around it in which the face is `face_share` of the
height, so both faces of a pair show at about the same size and framing (the public protocols
used whole photos, which confounds the group with face size and composition); `face_share=None`
keeps the whole photo, as they did.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Literal

from PIL import Image

from imageoptions.loading import RGB
from sample_images.cards import LabelledImage, crop_around_face, scale_to_height, side_by_side, tall_card

ProtocolName = Literal["side-by-side", "tall-card"]
PROTOCOLS: tuple[ProtocolName, ...] = ("side-by-side", "tall-card")
BLACK, WHITE, GREY = (0, 0, 0), (255, 255, 255), (128, 128, 128)
PORTRAIT_ASPECT = 0.75  # width / height of a side-by-side portrait
DEFAULT_FACE_SHARE = 0.35
DEFAULT_FRAMES: dict[ProtocolName, str] = {"side-by-side": "1.0", "tall-card": "0.56"}
"""A square crop must choose between two portraits side by side; a wide crop between a tall card's ends."""

BAD_SHARE = "face_share must be in (0, 1], not {value}"
BAD_SCALE = "second_scale must be in (0, 4], not {value}"


def portrait(picture: LabelledImage, *, face_share: float, aspect: float) -> LabelledImage:
    """A window of `aspect` (width / height) centred on the picture's first face, the face `face_share` of its height.

    The window shrinks to the picture where the picture is too small, so the share can come out larger.
    """
    _, top, _, bottom = picture.faces[0]
    width_px, height_px = picture.image.size
    height = min(height_px, max(bottom - top, round((bottom - top) / face_share)))
    width = min(width_px, max(1, round(height * aspect)))
    return crop_around_face(picture, width=width, height=height)


def cover(picture: LabelledImage, width: int, height: int) -> LabelledImage:
    """The picture scaled (ratio kept) so it is at least `width` x `height`."""
    factor = max(width / picture.image.width, height / picture.image.height)
    scaled = scale_to_height(picture, max(height, math.ceil(picture.image.height * factor)))
    while scaled.image.width < width:  # rounding the width down can leave it a pixel short
        scaled = scale_to_height(picture, scaled.image.height + 1)
    return scaled


def pad_right(picture: LabelledImage, gap: int, colour: RGB) -> LabelledImage:
    """The picture with a `gap`-pixel band of `colour` on its right."""
    if gap == 0:
        return picture
    band = LabelledImage(Image.new("RGB", (gap, picture.image.height), colour), ())
    return side_by_side(picture, band, background=colour)


def _check(face_share: float | None, second_scale: float) -> None:
    if face_share is not None and not 0 < face_share <= 1:
        raise ValueError(BAD_SHARE.format(value=face_share))
    if not 0 < second_scale <= 4:
        raise ValueError(BAD_SCALE.format(value=second_scale))


@dataclass(frozen=True)
class SideBySideLayout:
    """Two pictures joined left to right, top-aligned, on `pad_colour` (black in the public audit).

    Each is scaled to `height_px` (None: as they come), the second to `height_px * second_scale`;
    `gap_px` of pad colour separates them.
    """

    height_px: int | None = 256
    pad_colour: RGB = BLACK
    gap_px: int = 0
    second_scale: float = 1.0
    face_share: float | None = DEFAULT_FACE_SHARE
    protocol: ProtocolName = "side-by-side"

    def __post_init__(self) -> None:
        _check(self.face_share, self.second_scale)
        if self.height_px is not None and self.height_px < 8:
            raise ValueError(f"height_px must be at least 8, not {self.height_px}")
        if self.gap_px < 0:
            raise ValueError(f"gap_px must be at least 0, not {self.gap_px}")

    def build(self, first: LabelledImage, second: LabelledImage) -> LabelledImage:
        """The card, faces in order (first, second)."""
        if self.face_share is not None:
            first = portrait(first, face_share=self.face_share, aspect=PORTRAIT_ASPECT)
            second = portrait(second, face_share=self.face_share, aspect=PORTRAIT_ASPECT)
        if self.height_px is not None:
            first = scale_to_height(first, self.height_px)
        second_height = self.height_px if self.height_px is not None else second.image.height
        second = scale_to_height(second, max(8, round(second_height * self.second_scale)))
        return side_by_side(pad_right(first, self.gap_px, self.pad_colour), second, background=self.pad_colour)

    def sweep(self) -> tuple[tuple[str, SideBySideLayout], ...]:
        """Variants for the brittleness sweep: canvas size, resize ratio, gap and pad colour."""
        height = self.height_px or 256
        return (
            ("height x0.5", replace(self, height_px=max(8, height // 2))),
            ("height x2", replace(self, height_px=height * 2)),
            ("second x0.8", replace(self, second_scale=self.second_scale * 0.8)),
            ("second x1.25", replace(self, second_scale=self.second_scale * 1.25)),
            ("gap 1/8 height", replace(self, gap_px=self.gap_px + height // 8)),
            ("pad white", replace(self, pad_colour=WHITE)),
            ("pad grey", replace(self, pad_colour=GREY)),
        )


@dataclass(frozen=True)
class TallCardLayout:
    """A `width_px` x (2 * `face_height_px` + `gap_px`) card: first face at the top, second at the bottom.

    The defaults are the public 583x3000 card: 583x887 face slots and a 1226-pixel white gap.
    `second_scale` makes the second face larger or smaller within its slot.
    """

    width_px: int = 583
    face_height_px: int = 887
    gap_px: int = 1226
    pad_colour: RGB = WHITE
    second_scale: float = 1.0
    face_share: float | None = DEFAULT_FACE_SHARE
    protocol: ProtocolName = "tall-card"

    def __post_init__(self) -> None:
        _check(self.face_share, self.second_scale)
        if self.width_px < 8 or self.face_height_px < 8:
            raise ValueError(f"slots must be at least 8x8, not {self.width_px}x{self.face_height_px}")
        if self.gap_px < 0:
            raise ValueError(f"gap_px must be at least 0, not {self.gap_px}")

    def build(self, first: LabelledImage, second: LabelledImage) -> LabelledImage:
        """The card, faces in order (top, bottom)."""
        aspect = self.width_px / self.face_height_px
        if self.face_share is not None:
            first = portrait(first, face_share=self.face_share, aspect=aspect)
            second_share = min(1.0, self.face_share * self.second_scale)
            second = portrait(second, face_share=second_share, aspect=aspect)
        first = cover(first, self.width_px, self.face_height_px)
        second = cover(second, self.width_px, self.face_height_px)
        return tall_card(
            first,
            second,
            width=self.width_px,
            face_height=self.face_height_px,
            gap=self.gap_px,
            gap_colour=self.pad_colour,
        )

    def sweep(self) -> tuple[tuple[str, TallCardLayout], ...]:
        """Variants for the brittleness sweep: canvas size, resize ratio, gap and pad colour."""
        return (
            ("size x0.5", self.scaled(0.5)),
            ("size x1.5", self.scaled(1.5)),
            ("second x0.8", replace(self, second_scale=self.second_scale * 0.8)),
            ("second x1.25", replace(self, second_scale=self.second_scale * 1.25)),
            ("gap x0.5", replace(self, gap_px=self.gap_px // 2)),
            ("gap x2", replace(self, gap_px=self.gap_px * 2)),
            ("pad black", replace(self, pad_colour=BLACK)),
            ("pad grey", replace(self, pad_colour=GREY)),
        )

    def scaled(self, factor: float) -> TallCardLayout:
        """The same card with every length multiplied by `factor`."""
        return replace(
            self,
            width_px=max(8, round(self.width_px * factor)),
            face_height_px=max(8, round(self.face_height_px * factor)),
            gap_px=round(self.gap_px * factor),
        )


PairLayout = SideBySideLayout | TallCardLayout


def default_layout(protocol: ProtocolName) -> PairLayout:
    """The public protocol's layout, with portrait normalisation."""
    if protocol == "side-by-side":
        return SideBySideLayout()
    return TallCardLayout()
