"""Saliency crop: the frame's window centred on the saliency map's maximum, clamped to the image."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from imageoptions.frames import Frame
from imageoptions.geometry import Size, centre_window, largest_window, place_window
from imageoptions.loading import LoadedImage
from imageoptions.results import Choice, SaliencySummary
from imageoptions.saliency import SaliencySource

FLAT_MAP = "saliency map is flat: centre crop"
FLAT_TOLERANCE = 1e-3


@dataclass(frozen=True)
class SaliencyCropConfig:
    """What decides a saliency crop's box: the map's method and its tunables."""

    method: str
    source: object


@dataclass(frozen=True)
class SaliencyCrop:
    """Centre on the map's peak; a flat map (nothing stands out) falls back to the centre crop."""

    source: SaliencySource

    @property
    def settings(self) -> SaliencyCropConfig:
        """The source's method and tunables, for the fingerprint."""
        return SaliencyCropConfig(method=self.source.method, source=self.source.settings)

    def choose(self, image: LoadedImage, frame: Frame) -> Choice:
        """The window around the saliency peak."""
        ratio = frame.ratio_for(image.original_size)
        saliency = summarise_map(self.source.saliency_map(image.image), image.original_size, self.source)
        if saliency.flat:
            return Choice(box=centre_window(image.original_size, ratio), fallback=FLAT_MAP, saliency=saliency)
        box = place_window(largest_window(image.original_size, ratio), saliency.peak_xy, image.original_size)
        return Choice(box=box, saliency=saliency)

    def prepare(self) -> None:
        """Load the saliency model, if any, so timed runs measure per-image work only."""
        self.source.model_sha256()

    def model_sha256(self) -> str | None:
        """The saliency model's hash, None for the classical method."""
        return self.source.model_sha256()


def summarise_map(saliency_map: np.ndarray, image_size: Size, source: SaliencySource) -> SaliencySummary:
    """The map's peak in original pixels (centre of the peak cell), how peaked it is, and if it is flat."""
    if saliency_map.ndim != 2 or saliency_map.size == 0:
        raise ValueError(f"a saliency map must be a non-empty 2-D array, not shape {saliency_map.shape}")
    rows, columns = saliency_map.shape
    row, column = np.unravel_index(int(np.argmax(saliency_map)), saliency_map.shape)
    peak_xy = ((column + 0.5) * image_size[0] / columns, (row + 0.5) * image_size[1] / rows)
    peak, lowest = float(saliency_map.max()), float(saliency_map.min())
    spread = peak - lowest
    # A uniform image still gives a map with float noise around 1e-6 of its level.
    flat = spread <= FLAT_TOLERANCE * max(abs(peak), abs(lowest), 1e-300)
    mean_fraction = 1.0 if flat else float((saliency_map.mean() - lowest) / spread)
    return SaliencySummary(
        method=source.method,
        learned=source.learned,
        map_size=(columns, rows),
        peak_xy=(float(peak_xy[0]), float(peak_xy[1])),
        peak_value=peak,
        mean_fraction=mean_fraction,
        flat=flat,
    )
