"""Box overlap and the two non-maximum suppressions on hand-made boxes."""

from __future__ import annotations

import numpy as np
import pytest

from imageoptions.detectors.boxes import non_max_suppression, overlap, weighted_non_max_suppression


def boxes(*rows: tuple[float, float, float, float]) -> np.ndarray:
    return np.array(rows, dtype=np.float32)


def test_overlap_half_shifted_square_is_one_third() -> None:
    result = overlap(boxes((0, 0, 2, 2))[0], boxes((1, 0, 3, 2), (5, 5, 6, 6), (0, 0, 2, 2)))
    assert result.tolist() == pytest.approx([1 / 3, 0.0, 1.0])


def test_overlap_zero_area_boxes_is_zero() -> None:
    assert overlap(boxes((1, 1, 1, 1))[0], boxes((1, 1, 1, 1))).tolist() == [0.0]


def test_non_max_suppression_removes_overlapping_weaker_box() -> None:
    candidates = boxes((0, 0, 10, 10), (1, 1, 11, 11), (20, 20, 30, 30))
    scores = np.array([0.8, 0.9, 0.7], dtype=np.float32)
    assert non_max_suppression(candidates, scores, iou_threshold=0.3).tolist() == [1, 2]


def test_non_max_suppression_keeps_boxes_below_threshold() -> None:
    candidates = boxes((0, 0, 2, 2), (1, 0, 3, 2))  # IoU 1/3
    scores = np.array([0.9, 0.8], dtype=np.float32)
    assert non_max_suppression(candidates, scores, iou_threshold=0.5).tolist() == [0, 1]


def test_non_max_suppression_empty_input_keeps_nothing() -> None:
    kept = non_max_suppression(np.zeros((0, 4), np.float32), np.zeros(0, np.float32), iou_threshold=0.3)
    assert kept.tolist() == []


def test_weighted_non_max_suppression_averages_cluster_by_score() -> None:
    candidates = boxes((0, 0, 10, 10), (2, 0, 12, 10), (50, 50, 60, 60))
    scores = np.array([0.75, 0.25, 0.5], dtype=np.float32)
    points = np.array([[[0, 0]], [[4, 4]], [[55, 55]]], dtype=np.float32)
    merged, merged_scores, merged_points = weighted_non_max_suppression(candidates, scores, points, iou_threshold=0.3)
    assert merged.tolist() == [[0.5, 0.0, 10.5, 10.0], [50.0, 50.0, 60.0, 60.0]]
    assert merged_scores.tolist() == [0.75, 0.5]
    assert merged_points.tolist() == [[[1.0, 1.0]], [[55.0, 55.0]]]


def test_weighted_non_max_suppression_empty_input_returns_empty_arrays() -> None:
    merged, scores, points = weighted_non_max_suppression(
        np.zeros((0, 4), np.float32),
        np.zeros(0, np.float32),
        np.zeros((0, 6, 2), np.float32),
        iou_threshold=0.3,
    )
    assert (merged.shape, scores.shape, points.shape) == ((0, 4), (0,), (0, 6, 2))
