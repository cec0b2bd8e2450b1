"""Background subtraction: compare the frame with a clean plate (the empty room, captured earlier)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
from PIL import Image

from imageoptions.masks.cleanup import box_blur, majority_filter
from imageoptions.masks.scene import Mask, Scene, SceneKind

GAIN_BINS = 200
GAIN_LOG_RANGE = 1.0  # light changes up to e (2.7x) either way
PLATE_MISSING = "background_subtraction needs a clean plate (an empty-room frame); the scene has none"


@dataclass(frozen=True)
class BackgroundSubtractionSettings:
    """Tunables: the difference that counts as a person, the camera shift tolerated, and clean-up."""

    threshold: float = 30.0  # largest per-channel difference (0..255) after gain matching
    shift_px: int = 2  # the plate is compared at every offset up to this, for small camera moves
    blur_radius_px: int = 2
    cleanup_px: int = 7
    work_side_px: int = 640  # frames are compared at most this long (as real-time subtraction does), mask scaled back

    def __post_init__(self) -> None:
        if self.threshold <= 0 or self.shift_px < 0:
            raise ValueError(f"threshold must be positive and shift_px not negative: {self}")


@dataclass(frozen=True)
class BackgroundSubtraction:
    """Person = where the frame differs from the empty room, after matching overall light and small shifts."""

    config: BackgroundSubtractionSettings = field(default_factory=BackgroundSubtractionSettings)
    scene_kind: ClassVar[SceneKind] = "room"

    @property
    def settings(self) -> BackgroundSubtractionSettings:
        """The tunables."""
        return self.config

    def prepare(self) -> None:
        """Nothing to load."""

    def model_sha256(self) -> str | None:
        """Not an ML option."""
        return None

    def segment(self, scene: Scene) -> Mask:
        """True where the frame differs from the (gain-matched, best-shifted) clean plate."""
        if scene.clean_plate is None:
            raise ValueError(PLATE_MISSING)
        size = scene.size
        work = working_size(size, self.config.work_side_px)
        frame = box_blur(shrunk(scene.frame, work), self.config.blur_radius_px)
        plate = match_gain(box_blur(shrunk(scene.clean_plate, work), self.config.blur_radius_px), frame)
        difference = smallest_shifted_difference(frame, plate, self.config.shift_px)
        mask = majority_filter(difference > self.config.threshold, self.config.cleanup_px)
        if work == size:
            return mask
        grown = Image.fromarray(mask.astype(np.uint8) * 255).resize(size, Image.Resampling.BILINEAR)
        return np.asarray(grown) >= 128


def working_size(size: tuple[int, int], longest_px: int) -> tuple[int, int]:
    """The (width, height) to compare at: `size` shrunk so its longer side is at most `longest_px`.

    >>> working_size((1280, 720), 640), working_size((300, 200), 640)
    ((640, 360), (300, 200))
    """
    scale = longest_px / max(size)
    if scale >= 1:
        return size
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def shrunk(pixels: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """An RGB array resized to (width, height) (unchanged when it already is that size)."""
    if (pixels.shape[1], pixels.shape[0]) == size:
        return pixels
    return np.asarray(Image.fromarray(pixels).resize(size, Image.Resampling.BOX))


def match_gain(plate: np.ndarray, frame: np.ndarray) -> np.ndarray:
    """The plate scaled per channel by the most common frame / plate ratio (a global change of light).

    The mode, not the mean or median: the room's pixels all share one ratio, while the person's
    scatter, so the peak is the room's even when the person fills most of the frame.
    """
    ratios = np.log(np.maximum(frame, 1.0) / np.maximum(plate, 1.0)).reshape(-1, 3)
    gain = np.ones(3, dtype=np.float32)
    for channel in range(3):
        counts, edges = np.histogram(ratios[:, channel], bins=GAIN_BINS, range=(-GAIN_LOG_RANGE, GAIN_LOG_RANGE))
        peak = int(np.argmax(counts))
        gain[channel] = np.exp((edges[peak] + edges[peak + 1]) / 2)
    matched: np.ndarray = plate * gain
    return matched


def smallest_shifted_difference(frame: np.ndarray, plate: np.ndarray, shift_px: int) -> np.ndarray:
    """Per pixel, the smallest (over plate offsets up to shift_px) of the largest channel difference."""
    best = np.full(frame.shape[:2], np.inf, dtype=np.float32)
    padded = np.pad(plate, ((shift_px, shift_px), (shift_px, shift_px), (0, 0)), mode="edge")
    height, width = frame.shape[:2]
    for dy in range(2 * shift_px + 1):
        for dx in range(2 * shift_px + 1):
            shifted = padded[dy : dy + height, dx : dx + width]
            np.minimum(best, np.abs(frame - shifted).max(axis=2), out=best)
    return best
