"""Box arithmetic shared by the detectors: overlap and non-maximum suppression, in numpy."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]
IndexArray = npt.NDArray[np.intp]


def overlap(box: FloatArray, boxes: FloatArray) -> FloatArray:
    """Intersection over union of one (left, top, right, bottom) box with each of `boxes`.

    >>> overlap(np.array([0, 0, 2, 2], np.float32), np.array([[1, 0, 3, 2]], np.float32)).tolist()
    [0.3333333432674408]
    """
    widths = np.clip(np.minimum(box[2], boxes[:, 2]) - np.maximum(box[0], boxes[:, 0]), 0, None)
    heights = np.clip(np.minimum(box[3], boxes[:, 3]) - np.maximum(box[1], boxes[:, 1]), 0, None)
    intersection = widths * heights
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    union = (box[2] - box[0]) * (box[3] - box[1]) + areas - intersection
    return np.where(union > 0, intersection / np.maximum(union, 1e-12), 0).astype(np.float32)


def non_max_suppression(boxes: FloatArray, scores: FloatArray, *, iou_threshold: float) -> IndexArray:
    """Indices of the boxes kept by greedy NMS, most confident first."""
    remaining = np.argsort(-scores, kind="stable")
    kept = []
    while remaining.size:
        best, rest = remaining[0], remaining[1:]
        kept.append(best)
        remaining = rest[overlap(boxes[best], boxes[rest]) < iou_threshold]
    return np.array(kept, dtype=np.intp)


def weighted_non_max_suppression(
    boxes: FloatArray, scores: FloatArray, points: FloatArray, *, iou_threshold: float
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """MediaPipe's weighted NMS: each cluster becomes its score-weighted mean box and points.

    A cluster is the most confident remaining box and every box overlapping it by more than
    `iou_threshold`; it keeps the top score. Returns (boxes, scores, points), most confident first.
    """
    order = np.argsort(-scores, kind="stable")
    boxes, scores, points = boxes[order], scores[order], points[order]
    remaining = np.arange(len(scores))
    merged: tuple[list[FloatArray], list[float], list[FloatArray]] = ([], [], [])
    while remaining.size:
        in_cluster = overlap(boxes[remaining[0]], boxes[remaining]) > iou_threshold
        in_cluster[0] = True  # a degenerate (zero-area) box still forms its own cluster
        cluster = remaining[in_cluster]
        weights = scores[cluster] / scores[cluster].sum()
        merged[0].append((boxes[cluster] * weights[:, None]).sum(axis=0))
        merged[1].append(float(scores[cluster[0]]))
        merged[2].append((points[cluster] * weights[:, None, None]).sum(axis=0))
        remaining = remaining[~in_cluster]
    if not merged[1]:
        return boxes[:0], scores[:0], points[:0]
    return (
        np.stack(merged[0]).astype(np.float32),
        np.array(merged[1], dtype=np.float32),
        np.stack(merged[2]).astype(np.float32),
    )
