"""Center crop: the largest window of the frame's ratio around the geometric centre."""

from __future__ import annotations

from dataclasses import dataclass

from imageoptions.frames import Frame
from imageoptions.geometry import centre_window
from imageoptions.loading import LoadedImage
from imageoptions.results import Choice


@dataclass(frozen=True)
class CenterCrop:
    """The centred window; no tunables."""

    settings: None = None

    def choose(self, image: LoadedImage, frame: Frame) -> Choice:
        """The centred box."""
        return Choice(box=centre_window(image.original_size, frame.ratio_for(image.original_size)))

    def prepare(self) -> None:
        """Nothing to load."""

    def model_sha256(self) -> str | None:
        """No model."""
        return None
