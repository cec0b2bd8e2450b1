"""The policy shipped in 2021: the whole image unless its ratio is far from the frame's, then a centre crop."""

from __future__ import annotations

from dataclasses import dataclass

from imageoptions.frames import Frame
from imageoptions.geometry import centre_window, whole_image
from imageoptions.loading import RGB, LoadedImage
from imageoptions.results import Choice


@dataclass(frozen=True)
class ShippedPolicySettings:
    """`band`: how far the ratios may differ (as a factor 1 + band, either way) and still show the whole."""

    band: float = 0.5
    background: RGB = (0, 0, 0)

    def __post_init__(self) -> None:
        if self.band < 0:
            raise ValueError(f"band must be at least 0, not {self.band}")


@dataclass(frozen=True)
class ShippedPolicy:
    """Whole image (letterboxed) within the band, centre crop outside it."""

    settings: ShippedPolicySettings = ShippedPolicySettings()

    def choose(self, image: LoadedImage, frame: Frame) -> Choice:
        """Whole or centre crop, by how far the image's ratio is from the frame's."""
        image_ratio = image.original_size[1] / image.original_size[0]
        frame_ratio = frame.ratio_for(image.original_size)
        factor = ratio_factor(image_ratio, frame_ratio)
        limit = 1 + self.settings.band
        if factor <= limit:
            return Choice(
                box=whole_image(image.original_size),
                letterbox=self.settings.background,
                notes=(f"ratios differ by x{factor:.2f}, within x{limit:.2f}: whole image",),
            )
        return Choice(
            box=centre_window(image.original_size, frame_ratio),
            notes=(f"ratios differ by x{factor:.2f}, beyond x{limit:.2f}: centre crop",),
        )

    def prepare(self) -> None:
        """Nothing to load."""

    def model_sha256(self) -> str | None:
        """No model."""
        return None


def ratio_factor(first: float, second: float) -> float:
    """How many times larger the larger ratio is: 1.0 for equal ratios, symmetric in its arguments.

    >>> ratio_factor(0.5, 1.0)
    2.0
    """
    return max(first / second, second / first)
