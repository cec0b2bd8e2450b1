"""A test seam: a face detector that returns fixed detections, so tests need no model file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from PIL import Image

from imageoptions.detection import Detection


class FixedDetector:
    """Implements FaceDetector by returning the same detections (in decoded-image pixels) every time."""

    def __init__(self, detections: Sequence[Detection] = (), name: str = "fixed") -> None:
        self.name = name
        self.model_sha256 = "0" * 64
        self.detections = tuple(sorted(detections, key=lambda detection: -detection.score))
        self.calls = 0

    def preprocess(self, image: Image.Image) -> tuple[np.ndarray, Any]:
        """A one-pixel tensor; the detections do not depend on it."""
        return np.zeros((1, 3, 1, 1), dtype=np.float32), image.size

    def run(self, tensor: np.ndarray) -> list[np.ndarray]:
        """No outputs."""
        return []

    def postprocess(self, outputs: list[np.ndarray], meta: Any) -> list[Detection]:
        """The fixed detections."""
        return list(self.detections)

    def detect(self, image: Image.Image) -> list[Detection]:
        """The fixed detections, counting calls."""
        self.calls += 1
        return list(self.detections)
