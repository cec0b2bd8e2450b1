"""Chroma key: the user sits in front of a green screen; pixels of the screen's colour become background."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from imageoptions.masks.cleanup import box_blur, majority_filter
from imageoptions.masks.scene import Mask, Scene, SceneKind

PURE_GREEN_CHROMA = (0.0, 1.0, 0.0)


@dataclass(frozen=True)
class ChromaKeySettings:
    """Tunables: how far (in chromaticity) a pixel may be from the key and still be screen, and clean-up."""

    tolerance: float = 0.14  # Euclidean distance in r,g,b / (r+g+b) space
    dark_floor: int = 60  # r+g+b below this is kept: chromaticity of near-black pixels is noise
    key_dominance: float = 1.25  # green over max(red, blue) for a pixel to help estimate the key
    green_margin: float = 0.03  # screen pixels must be greener than red and blue by this much (chromaticity)
    blur_radius_px: int = 1
    cleanup_px: int = 5

    def __post_init__(self) -> None:
        if not 0 < self.tolerance < 1:
            raise ValueError(f"tolerance must be between 0 and 1, not {self.tolerance}")


@dataclass(frozen=True)
class ChromaKey:
    """Key on chromaticity, not brightness, so an unevenly lit screen stays one colour; spill keeps its hue."""

    config: ChromaKeySettings = field(default_factory=ChromaKeySettings)
    scene_kind: ClassVar[SceneKind] = "green_screen"

    @property
    def settings(self) -> ChromaKeySettings:
        """The tunables."""
        return self.config

    def prepare(self) -> None:
        """Nothing to load."""

    def model_sha256(self) -> str | None:
        """Not an ML option."""
        return None

    def segment(self, scene: Scene) -> Mask:
        """True where the frame is not the screen's colour (or too dark to tell)."""
        pixels = box_blur(scene.frame, self.config.blur_radius_px)
        total = pixels.sum(axis=2)
        chroma = pixels / np.maximum(total, 1.0)[..., None]
        key = estimate_key(pixels, chroma, self.config.key_dominance)
        distance = np.sqrt(((chroma - np.asarray(key, dtype=np.float32)) ** 2).sum(axis=2))
        # Near the key is not enough: glare greys the key, and grey suits or pale skin come near it too.
        greener = chroma[..., 1] - np.maximum(chroma[..., 0], chroma[..., 2]) > self.config.green_margin
        screen = (distance < self.config.tolerance) & greener & (total >= self.config.dark_floor)
        return majority_filter(~screen, self.config.cleanup_px)


def estimate_key(pixels: np.ndarray, chroma: np.ndarray, dominance: float) -> tuple[float, float, float]:
    """The screen's chromaticity: the median over clearly green pixels (pure green if there are none).

    Estimated per frame because real screens are not pure green and the camera's white balance moves them.
    """
    red, green, blue = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    clearly_green = green > dominance * np.maximum(red, blue)
    if not clearly_green.any():
        return PURE_GREEN_CHROMA
    median = np.median(chroma[clearly_green], axis=0)
    return float(median[0]), float(median[1]), float(median[2])
