"""Fixed crop: the largest window of the frame's ratio anchored at the top-left corner."""

from __future__ import annotations

from dataclasses import dataclass

from imageoptions.frames import Frame
from imageoptions.geometry import largest_window
from imageoptions.loading import LoadedImage
from imageoptions.results import Choice


@dataclass(frozen=True)
class FixedCrop:
    """From (0, 0) to the largest (X, Y) of the frame's ratio; no tunables."""

    settings: None = None

    def choose(self, image: LoadedImage, frame: Frame) -> Choice:
        """The box (0, 0, X, Y)."""
        width, height = largest_window(image.original_size, frame.ratio_for(image.original_size))
        return Choice(box=(0, 0, width, height))

    def prepare(self) -> None:
        """Nothing to load."""

    def model_sha256(self) -> str | None:
        """No model."""
        return None
