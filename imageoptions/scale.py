"""Scale to fit: show the whole image, scaled and letterboxed on a background."""

from __future__ import annotations

from dataclasses import dataclass

from imageoptions.frames import Frame
from imageoptions.geometry import whole_image
from imageoptions.loading import RGB, LoadedImage
from imageoptions.results import Choice


@dataclass(frozen=True)
class ScaleSettings:
    """The colour of the bars around the image."""

    background: RGB = (0, 0, 0)

    def __post_init__(self) -> None:
        if len(self.background) != 3 or any(not 0 <= c <= 255 for c in self.background):
            raise ValueError(f"background must be three 0..255 values, not {self.background}")


@dataclass(frozen=True)
class ScaleToFit:
    """The whole image, letterboxed: the crop box is always the whole image."""

    settings: ScaleSettings = ScaleSettings()

    def choose(self, image: LoadedImage, frame: Frame) -> Choice:
        """The whole image, shown on the background."""
        return Choice(box=whole_image(image.original_size), letterbox=self.settings.background)

    def prepare(self) -> None:
        """Nothing to load."""

    def model_sha256(self) -> str | None:
        """No model."""
        return None
