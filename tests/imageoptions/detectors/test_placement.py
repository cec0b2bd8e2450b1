"""Mapping tensor pixels back to original-image pixels."""

from __future__ import annotations

import numpy as np
from PIL import Image

from imageoptions.detection import Detection
from imageoptions.detectors.placement import Placement, as_rgb, resized_placement, to_detections


def test_to_detections_undoes_offset_and_scale_and_clips_box() -> None:
    placement = Placement(width_px=200, height_px=100, scale_x=0.5, scale_y=0.5, offset_x_px=0, offset_y_px=39)
    boxes = np.array([[10, 39, 30, 49], [-10, 30, 120, 100]], np.float32)
    points = np.array([[[20, 44]], [[0, 39]]], np.float32)
    detections = to_detections(boxes, np.array([0.9, 0.6], np.float32), points, placement)
    assert detections[0] == Detection(box=(20.0, 0.0, 60.0, 20.0), score=detections[0].score, landmarks=((40.0, 10.0),))
    assert detections[0].score == np.float32(0.9)
    assert detections[1].box == (0.0, 0.0, 200.0, 100.0)


def test_resized_placement_keeps_exact_per_axis_scale() -> None:
    resized, placement = resized_placement(Image.new("RGB", (3, 7)), 0.5)
    assert resized.size == (2, 4)
    assert (placement.scale_x, placement.scale_y) == (2 / 3, 4 / 7)


def test_as_rgb_converts_grey_and_keeps_rgb() -> None:
    rgb = Image.new("RGB", (2, 2))
    assert as_rgb(rgb) is rgb
    assert as_rgb(Image.new("L", (2, 2), 7)).getpixel((0, 0)) == (7, 7, 7)
