"""What an option decided and returned: plain frozen dataclasses, never nested dicts."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from imageoptions.detection import Detection
from imageoptions.geometry import CropBox
from imageoptions.loading import RGB


@dataclass(frozen=True)
class SaliencySummary:
    """What a saliency map looked like: where its peak is (original pixels) and how peaked it is.

    `mean_fraction` is the map's mean after scaling it to 0..1: near 0 for one sharp peak, near 1
    when everything is equally salient; `flat` when the map has no peak at all.
    """

    method: str
    learned: bool
    map_size: tuple[int, int]
    peak_xy: tuple[float, float]
    peak_value: float
    mean_fraction: float
    flat: bool

    def __post_init__(self) -> None:
        if min(self.map_size) < 1:
            raise ValueError(f"map_size must be positive, not {self.map_size}")


@dataclass(frozen=True)
class Choice:
    """One option's decision for one image, before rendering."""

    box: CropBox
    # Not None: show the whole image letterboxed on this colour instead of cropping.
    letterbox: RGB | None = None
    fallback: str | None = None
    detections: tuple[Detection, ...] = ()
    saliency: SaliencySummary | None = None
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        left, top, right, bottom = self.box
        if not (0 <= left < right and 0 <= top < bottom):
            raise ValueError(f"crop box {self.box} is empty or negative")


@dataclass(frozen=True)
class OptionResult:
    """One option run on one image: output, crop box (original pixels), time, and what it saw."""

    option: str
    image: Image.Image
    box: CropBox
    latency_ms: float
    fallback: str | None = None
    detections: tuple[Detection, ...] = ()
    saliency: SaliencySummary | None = None
    notes: tuple[str, ...] = ()

    @property
    def fell_back(self) -> bool:
        """True when the option could not do its own job and used its fallback."""
        return self.fallback is not None
