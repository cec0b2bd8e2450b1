"""No replacement: the background stays (blur off), with a framing guide; the mask keeps everything."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from imageoptions.masks.scene import Mask, Scene, SceneKind


@dataclass(frozen=True)
class NoReplacement:
    """Keep every pixel: the baseline that can never erase a head, and never hides the room."""

    scene_kind: ClassVar[SceneKind] = "photo"

    @property
    def settings(self) -> None:
        """No tunables."""
        return None

    def prepare(self) -> None:
        """Nothing to load."""

    def model_sha256(self) -> str | None:
        """Not an ML option."""
        return None

    def segment(self, scene: Scene) -> Mask:
        """A mask of the frame's size that is True everywhere."""
        return np.ones(scene.frame.shape[:2], dtype=np.bool_)
