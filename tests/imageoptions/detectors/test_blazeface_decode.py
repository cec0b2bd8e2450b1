"""BlazeFace anchors, letterbox and decoding on synthetic arrays (no model needed)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from imageoptions.detectors.blazeface import (
    FULL_RANGE_ANCHORS,
    BlazeFaceSettings,
    anchor_centres,
    decode,
    letterbox,
)


def test_anchor_centres_count_is_896() -> None:
    assert anchor_centres().shape == (896, 2)


def test_anchor_centres_first_anchors_follow_mediapipe_order() -> None:
    anchors = anchor_centres()
    # stride 8: 16x16 grid, two anchors per cell, row by row
    assert anchors[:4].tolist() == [[0.03125, 0.03125]] * 2 + [[0.09375, 0.03125]] * 2
    assert anchors[32].tolist() == [0.03125, 0.09375]  # second row starts after 16 cells x 2
    assert anchors[511].tolist() == [0.96875, 0.96875]


def test_anchor_centres_stride_16_layers_share_one_grid_with_six_anchors() -> None:
    anchors = anchor_centres()
    assert anchors[512:518].tolist() == [[0.0625, 0.0625]] * 6
    assert anchors[518].tolist() == [0.1875, 0.0625]
    assert anchors[-1].tolist() == [0.9375, 0.9375]


def test_anchor_centres_full_range_is_one_48_grid_one_anchor_per_cell() -> None:
    anchors = anchor_centres(FULL_RANGE_ANCHORS)
    assert anchors.shape == (2304, 2)
    # stride 4 on 192: 48x48 cells, centres at (i + 0.5) * 4 pixels, row by row (float32)
    in_pixels = anchors * 192
    assert in_pixels[:2].ravel().tolist() == pytest.approx([2, 2, 6, 2])
    assert in_pixels[48].tolist() == pytest.approx([2, 6])
    assert in_pixels[-1].tolist() == pytest.approx([190, 190])


def test_decode_full_range_offsets_are_in_192_pixel_units() -> None:
    regressors = np.zeros((2304, 16), np.float32)
    logits = np.full(2304, -10.0, np.float32)
    regressors[49, :4] = [1, 1, 40, 20]  # anchor 49: cell (1, 1), centre (6, 6) pixels on 192
    logits[49] = 3.0
    boxes, _, points = decode(
        regressors, logits, anchor_centres(FULL_RANGE_ANCHORS), score_threshold=0.5, input_side_px=192
    )
    assert boxes.tolist() == [[-13.0, -3.0, 27.0, 17.0]]
    assert points[0, 0].tolist() == [6.0, 6.0]


def test_letterbox_full_range_wide_canvas_is_192_by_40() -> None:
    tensor, placement = letterbox(Image.new("RGB", (2400, 500), (255, 255, 255)), 192)
    assert tensor.shape == (1, 3, 192, 192)
    assert (placement.offset_x_px, placement.offset_y_px) == (0, 76)  # 2400x500 -> 192x40, (192 - 40) / 2
    assert tensor[0, 0, 75, 0] == -1.0
    assert tensor[0, 0, 76, 0] == 1.0


def test_decode_box_and_keypoints_are_offsets_from_anchor_in_pixels() -> None:
    regressors = np.zeros((896, 16), np.float32)
    logits = np.full(896, -10.0, np.float32)
    regressors[0, :4] = [2, -2, 20, 10]  # centre offset (x, y), size (w, h)
    regressors[0, 4:6] = [-5, 3]
    logits[0] = 0.0  # sigmoid 0.5, exactly at the threshold
    boxes, scores, points = decode(regressors, logits, anchor_centres(), score_threshold=0.5)
    # anchor 0 is at (4, 4) pixels: centre (6, 2)
    assert boxes.tolist() == [[-4.0, -3.0, 16.0, 7.0]]
    assert scores.tolist() == [0.5]
    assert points[0, 0].tolist() == [-1.0, 7.0]
    assert points[0, 1].tolist() == [4.0, 4.0]


def test_decode_clips_huge_logits_without_overflow_warning() -> None:
    logits = np.array([500.0, -500.0], np.float32)
    _, scores, _ = decode(np.zeros((2, 16), np.float32), logits, np.zeros((2, 2), np.float32), score_threshold=0.5)
    assert scores.tolist() == [1.0]


def test_letterbox_centres_wide_image_and_scales_to_minus_one_one() -> None:
    tensor, placement = letterbox(Image.new("RGB", (256, 128), (255, 0, 255)))
    assert tensor.shape == (1, 3, 128, 128)
    assert (placement.scale_x, placement.scale_y) == (0.5, 0.5)
    assert (placement.offset_x_px, placement.offset_y_px) == (0, 32)
    assert tensor[0, :, 64, 64].tolist() == [1.0, -1.0, 1.0]
    assert tensor[0, :, 0, 64].tolist() == [-1.0, -1.0, -1.0]  # black padding above


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"score_threshold": 1.0}, "score_threshold must be in (0, 1), got 1.0"),
        ({"iou_threshold": 0.0}, "iou_threshold must be in (0, 1], got 0.0"),
    ],
)
def test_blazeface_settings_reject_bad_values(settings: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError) as error:
        BlazeFaceSettings(**settings)  # type: ignore[arg-type]
    assert str(error.value) == message
