"""What a face detector sees: the shared contract between the ONNX detectors and the face-centred crop."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from PIL import Image

Box = tuple[float, float, float, float]
"""(left, top, right, bottom) in original-image pixels."""


@dataclass(frozen=True)
class Detection:
    """One detected face, in original-image pixels."""

    box: Box
    score: float
    landmarks: tuple[tuple[float, float], ...] = ()  # (x, y) pairs: eyes, nose, mouth corners


class FaceDetector(Protocol):
    """A face detector split into its three steps, so each can be measured on its own.

    `detect` is `postprocess(run(preprocess(image)))`; the benchmark times `run` alone
    on the tensor `preprocess` made.
    """

    name: str
    model_sha256: str

    def preprocess(self, image: Image.Image) -> tuple[np.ndarray, Any]:
        """The model's input tensor and what postprocess needs to map back to the image."""
        ...

    def run(self, tensor: np.ndarray) -> list[np.ndarray]:
        """The raw model outputs for one pre-processed tensor."""
        ...

    def postprocess(self, outputs: list[np.ndarray], meta: Any) -> list[Detection]:
        """Decoded faces in original-image pixels, most confident first."""
        ...

    def detect(self, image: Image.Image) -> list[Detection]:
        """All faces found in an RGB image, most confident first."""
        ...
