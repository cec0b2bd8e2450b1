"""Mask clean-up shared by the non-ML options: a majority filter that drops speckle and fills pinholes."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageFilter

from imageoptions.masks.scene import Mask


def majority_filter(mask: Mask, size: int) -> Mask:
    """Each pixel becomes what most of its size x size neighbourhood is (a median on a 0/255 image).

    >>> speckled = np.zeros((5, 5), dtype=bool); speckled[2, 2] = True
    >>> bool(majority_filter(speckled, 3).any())
    False
    """
    if size < 3:
        return mask
    image = Image.fromarray(mask.astype(np.uint8) * 255)
    return np.asarray(image.filter(ImageFilter.MedianFilter(size))) >= 128


def box_blur(pixels: np.ndarray, radius: int) -> np.ndarray:
    """A float copy of an RGB array smoothed by a box blur of `radius` (noise makes single pixels unreliable)."""
    if radius < 1:
        return pixels.astype(np.float32)
    image = Image.fromarray(pixels).filter(ImageFilter.BoxBlur(radius))
    return np.asarray(image).astype(np.float32)
