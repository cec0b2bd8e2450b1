"""CenterFace pre- and post-processing on tiny synthetic arrays (no model needed)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PIL import Image

from imageoptions.detectors.centerface import CenterFaceSettings, decode, image_to_tensor, padded_side


def outputs_with_one_peak(
    row: int, col: int, *, score: float, size_px: tuple[float, float], offset: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Heatmap, scale, offset and landmark maps on an 8x8 grid with one face at (row, col)."""
    heatmap = np.zeros((1, 1, 8, 8), np.float32)
    scale = np.zeros((1, 2, 8, 8), np.float32)
    shift = np.zeros((1, 2, 8, 8), np.float32)
    landmarks = np.zeros((1, 10, 8, 8), np.float32)
    heatmap[0, 0, row, col] = score
    scale[0, :, row, col] = [math.log(size_px[0] / 4), math.log(size_px[1] / 4)]  # (height, width)
    shift[0, :, row, col] = offset  # (y, x)
    landmarks[0, :, row, col] = [0.25, 0.5] * 5  # every landmark at (x=0.5 w, y=0.25 h)
    return heatmap, scale, shift, landmarks


def test_decode_one_peak_gives_exact_box() -> None:
    maps = outputs_with_one_peak(2, 3, score=0.9, size_px=(8, 16), offset=(0.0, 0.0))
    boxes, scores, points = decode(*maps, score_threshold=0.5)
    # centre = ((3 + 0.5) * 4, (2 + 0.5) * 4) = (14, 10); width 16, height 8
    assert boxes.tolist() == [[6.0, 6.0, 22.0, 14.0]]
    assert scores.tolist() == pytest.approx([0.9])
    assert points[0].tolist() == [[14.0, 8.0]] * 5


def test_decode_offset_moves_centre_in_grid_cells() -> None:
    maps = outputs_with_one_peak(1, 1, score=0.8, size_px=(4, 4), offset=(0.5, 0.25))
    boxes, _, _ = decode(*maps, score_threshold=0.5)
    # centre x = (1 + 0.25 + 0.5) * 4 = 7, centre y = (1 + 0.5 + 0.5) * 4 = 8
    assert boxes.tolist() == [[5.0, 6.0, 9.0, 10.0]]


def test_decode_below_threshold_gives_nothing() -> None:
    maps = outputs_with_one_peak(2, 3, score=0.4, size_px=(8, 8), offset=(0.0, 0.0))
    boxes, scores, points = decode(*maps, score_threshold=0.5)
    assert (boxes.shape, scores.shape, points.shape) == ((0, 4), (0,), (0, 5, 2))


@pytest.mark.parametrize(("side", "padded"), [(1, 32), (32, 32), (33, 64), (480, 480), (500, 512)])
def test_padded_side_rounds_up_to_multiple_of_32(side: int, padded: int) -> None:
    assert padded_side(side) == padded


def test_image_to_tensor_pads_right_and_bottom_without_stretching() -> None:
    image = Image.new("RGB", (40, 20), (10, 20, 30))
    tensor, placement = image_to_tensor(image, max_side_px=None)
    assert tensor.shape == (1, 3, 32, 64)
    assert tensor[0, :, 0, 0].tolist() == [10.0, 20.0, 30.0]  # 0..255, no normalisation
    assert tensor[0, :, 19, 39].tolist() == [10.0, 20.0, 30.0]
    assert float(tensor[0, :, 20:, :].max()) == 0.0
    assert float(tensor[0, :, :, 40:].max()) == 0.0
    assert (placement.scale_x, placement.scale_y, placement.offset_x_px) == (1.0, 1.0, 0.0)


def test_image_to_tensor_shrinks_long_side_uniformly() -> None:
    tensor, placement = image_to_tensor(Image.new("L", (200, 100)), max_side_px=64)
    assert tensor.shape == (1, 3, 32, 64)
    assert (placement.width_px, placement.height_px) == (200, 100)
    assert (placement.scale_x, placement.scale_y) == (0.32, 0.32)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"score_threshold": 0.0}, "score_threshold must be in (0, 1), got 0.0"),
        ({"iou_threshold": 1.5}, "iou_threshold must be in (0, 1], got 1.5"),
        ({"max_side_px": 16}, "max_side_px must be at least 32, got 16"),
    ],
)
def test_centerface_settings_reject_bad_values(settings: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError) as error:
        CenterFaceSettings(**settings)  # type: ignore[arg-type]
    assert str(error.value) == message
