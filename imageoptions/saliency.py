"""Saliency maps: the classical spectral residual (Hou & Zhang, 2007) in numpy, not learned."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
from PIL import Image

SPECTRAL_RESIDUAL = "spectral residual (Hou & Zhang 2007), not learned"


class SaliencySource(Protocol):
    """Anything that turns an RGB image into a 2-D saliency map (any size, higher is more salient)."""

    @property
    def method(self) -> str:
        """A human description of how the map is made."""
        ...

    @property
    def learned(self) -> bool:
        """True when the map comes from a trained model."""
        ...

    @property
    def settings(self) -> object:
        """The tunables (a frozen dataclass), for the option's fingerprint."""
        ...

    def saliency_map(self, image: Image.Image) -> np.ndarray:
        """A 2-D float map covering the whole image."""
        ...

    def model_sha256(self) -> str | None:
        """The model file's sha256, None for a classical method."""
        ...


@dataclass(frozen=True)
class SpectralResidualSettings:
    """The map's width (Hou & Zhang use 64 px) and the blur applied to it, in map pixels."""

    map_width: int = 64
    blur_sigma: float = 2.5

    def __post_init__(self) -> None:
        if self.map_width < 8:
            raise ValueError(f"map_width must be at least 8, not {self.map_width}")
        if self.blur_sigma < 0:
            raise ValueError(f"blur_sigma must be at least 0, not {self.blur_sigma}")


@dataclass(frozen=True)
class SpectralResidual:
    """The built-in saliency source: classical signal processing, no training data."""

    settings: SpectralResidualSettings = SpectralResidualSettings()
    method: str = SPECTRAL_RESIDUAL
    learned: bool = False

    def saliency_map(self, image: Image.Image) -> np.ndarray:
        """The spectral-residual map of a small greyscale copy of the image."""
        width = min(self.settings.map_width, image.width)
        height = max(1, round(image.height * width / image.width))
        small = image.resize((width, height), Image.Resampling.BOX).convert("L")
        grey = np.asarray(small, dtype=np.float64) / 255.0
        return blur(spectral_residual(grey), self.settings.blur_sigma)

    def model_sha256(self) -> str | None:
        """No model."""
        return None


def spectral_residual(grey: np.ndarray) -> np.ndarray:
    """The unblurred saliency of a 2-D array: what is left of the log spectrum after its local average.

    The log amplitude spectrum of natural images is smooth; the part that sticks out of its 3x3
    local mean (the residual) carries the unexpected, and transforming it back with the original
    phase shows where in the image it sits.
    """
    spectrum = np.fft.fft2(grey)
    log_amplitude = np.log(np.abs(spectrum) + 1e-12)  # a flat image has zeros in its spectrum
    residual = log_amplitude - box_mean(log_amplitude, 3)
    return np.abs(np.fft.ifft2(np.exp(residual + 1j * np.angle(spectrum)))) ** 2


def box_mean(values: np.ndarray, size: int) -> np.ndarray:
    """The mean over a size x size neighbourhood, edges padded by repetition."""
    pad = size // 2
    padded = np.pad(values, pad, mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(padded, (size, size))
    result: np.ndarray = windows.mean(axis=(2, 3))
    return result


def blur(values: np.ndarray, sigma: float) -> np.ndarray:
    """A separable Gaussian blur (edges reflected); sigma 0 leaves the map as it is."""
    if sigma == 0:
        return values
    radius = max(1, round(3 * sigma))
    offsets = np.arange(-radius, radius + 1)
    kernel = np.exp(-(offsets**2) / (2 * sigma**2))
    kernel /= kernel.sum()
    result = values
    for axis in (0, 1):
        widths = [(radius, radius) if each == axis else (0, 0) for each in (0, 1)]
        padded = np.pad(result, widths, mode="reflect")
        windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * radius + 1, axis=axis)
        result = windows @ kernel
    return result
