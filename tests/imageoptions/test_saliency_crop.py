"""The saliency crop with the built-in spectral residual: a bright blob lies inside the crop."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from imageoptions import ImageOption, LoadedImage, SaliencyCrop, SpectralResidual, parse_frame, run_option
from imageoptions.saliency import blur, box_mean

MakeImage = Callable[..., LoadedImage]
SALIENCY = ImageOption("saliency_crop", "Saliency", "non_ml", SaliencyCrop(SpectralResidual()))


def test_saliency_crop_contains_bright_blob_on_dark_canvas(blob_image: MakeImage) -> None:
    result = run_option(SALIENCY, blob_image((400, 200), (310, 90, 330, 110)), parse_frame("1.0"))
    assert result.box == (200, 0, 400, 200)
    assert result.saliency is not None
    assert result.saliency.learned is False
    assert result.saliency.method == "spectral residual (Hou & Zhang 2007), not learned"
    assert 310 <= result.saliency.peak_xy[0] <= 330
    assert 90 <= result.saliency.peak_xy[1] <= 110
    assert result.saliency.mean_fraction < 0.1


@pytest.mark.parametrize("blob", [(20, 20, 40, 40), (180, 150, 200, 170), (360, 10, 380, 30)])
def test_saliency_crop_window_holds_blob_anywhere(blob_image: MakeImage, blob: tuple[int, int, int, int]) -> None:
    box = run_option(SALIENCY, blob_image((400, 200), blob), parse_frame("1.0")).box
    assert box[0] <= blob[0] and blob[2] <= box[2] and box[1] <= blob[1] and blob[3] <= box[3]


def test_saliency_crop_flat_image_falls_back_to_centre(blank: MakeImage) -> None:
    result = run_option(SALIENCY, blank(400, 300), parse_frame("0.56"))
    assert result.box == (0, 37, 400, 262)
    assert result.fallback == "saliency map is flat: centre crop"
    assert result.saliency is not None and result.saliency.flat


def test_box_mean_and_blur_keep_constant_maps_constant() -> None:
    constant = np.full((5, 7), 3.0)
    np.testing.assert_allclose(box_mean(constant, 3), constant)
    np.testing.assert_allclose(blur(constant, 2.0), constant)
