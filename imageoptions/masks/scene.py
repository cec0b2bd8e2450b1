"""What a mask option looks at (a frame, and for subtraction a clean plate) and what it returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

SceneKind = Literal["photo", "green_screen", "room"]
SCENE_KINDS: tuple[SceneKind, ...] = ("photo", "green_screen", "room")

Pixels = npt.NDArray[np.uint8]
Mask = npt.NDArray[np.bool_]

NOT_RGB = "{what} must be an H x W x 3 uint8 array, not shape {shape} of {dtype}"
PLATE_SIZE = "the clean plate is {plate}, the frame {frame}: they must be the same size"
PLATE_MISSING = "a {kind!r} scene needs a clean plate (an empty-room frame) for background subtraction"
UNKNOWN_SCENE = "scene kind must be one of {known}, not {kind!r}"


def check_rgb(pixels: Pixels, what: str) -> Pixels:
    """Raise ValueError unless `pixels` is an H x W x 3 uint8 array."""
    if pixels.ndim != 3 or pixels.shape[2] != 3 or pixels.dtype != np.uint8 or min(pixels.shape[:2]) < 1:
        raise ValueError(NOT_RGB.format(what=what, shape=pixels.shape, dtype=pixels.dtype))
    return pixels


@dataclass(frozen=True)
class Scene:
    """One video frame as a mask option sees it: the frame, its kind, and an empty-room plate if any."""

    frame: Pixels
    kind: SceneKind = "photo"
    clean_plate: Pixels | None = None

    def __post_init__(self) -> None:
        if self.kind not in SCENE_KINDS:
            raise ValueError(UNKNOWN_SCENE.format(known=", ".join(SCENE_KINDS), kind=self.kind))
        check_rgb(self.frame, "the frame")
        if self.clean_plate is not None:
            check_rgb(self.clean_plate, "the clean plate")
            if self.clean_plate.shape != self.frame.shape:
                raise ValueError(PLATE_SIZE.format(plate=self.clean_plate.shape[:2], frame=self.frame.shape[:2]))
        elif self.kind == "room":
            raise ValueError(PLATE_MISSING.format(kind=self.kind))

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) in pixels."""
        return int(self.frame.shape[1]), int(self.frame.shape[0])


@dataclass(frozen=True)
class MaskResult:
    """What a mask option returned for one scene: the person mask (True = kept) and how long it took."""

    option: str
    mask: Mask
    latency_ms: float
    notes: tuple[str, ...] = ()

    @property
    def kept_share(self) -> float:
        """The share of the frame's pixels kept as person."""
        return float(self.mask.mean())
