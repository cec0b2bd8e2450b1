"""CenterFace: an anchor-free face detector (heatmap + size + offset + 5 landmarks on a 4-pixel grid)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from imageoptions.detection import Detection
from imageoptions.detectors.boxes import FloatArray, non_max_suppression
from imageoptions.detectors.placement import Placement, as_rgb, resized_placement, to_detections
from imageoptions.detectors.sessions import load_model
from models import model_path

GRID_STRIDE_PX = 4
SIDE_MULTIPLE_PX = 32  # the backbone downsamples 32x and the neck upsamples back to 4x
NUM_LANDMARKS = 5


@dataclass(frozen=True)
class CenterFaceSettings:
    """CenterFace tunables; `max_side_px=None` runs at full resolution."""

    score_threshold: float = 0.5
    iou_threshold: float = 0.3
    max_side_px: int | None = 1024
    threads: int | None = None  # None: TCM_ONNX_THREADS, else 2 (sessions.default_threads)

    def __post_init__(self) -> None:
        if not 0 < self.score_threshold < 1:
            raise ValueError(f"score_threshold must be in (0, 1), got {self.score_threshold}")
        if not 0 < self.iou_threshold <= 1:
            raise ValueError(f"iou_threshold must be in (0, 1], got {self.iou_threshold}")
        if self.max_side_px is not None and self.max_side_px < SIDE_MULTIPLE_PX:
            raise ValueError(f"max_side_px must be at least {SIDE_MULTIPLE_PX}, got {self.max_side_px}")


def padded_side(side_px: int) -> int:
    """The side rounded up to the next multiple of 32.

    >>> padded_side(480), padded_side(481)
    (480, 512)
    """
    return math.ceil(side_px / SIDE_MULTIPLE_PX) * SIDE_MULTIPLE_PX


def image_to_tensor(image: Image.Image, max_side_px: int | None) -> tuple[FloatArray, Placement]:
    """A [1, 3, H, W] RGB 0..255 tensor, black-padded right and bottom to multiples of 32."""
    rgb = as_rgb(image)
    longest = max(rgb.size)
    scale = 1.0 if max_side_px is None or longest <= max_side_px else max_side_px / longest
    resized, placement = resized_placement(rgb, scale)
    pixels = np.asarray(resized, dtype=np.float32).transpose(2, 0, 1)
    height, width = pixels.shape[1:]
    tensor = np.zeros((1, 3, padded_side(height), padded_side(width)), dtype=np.float32)
    tensor[0, :, :height, :width] = pixels
    return tensor, placement


def decode(
    heatmap: FloatArray,
    scale: FloatArray,
    offset: FloatArray,
    landmarks: FloatArray,
    *,
    score_threshold: float,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Boxes (N, 4), scores (N,) and landmarks (N, 5, 2) in tensor pixels from one image's outputs.

    Every grid cell above the threshold is a candidate: centre = (cell + offset + 0.5) * 4,
    size = exp(scale) * 4, landmarks relative to the box's top-left in box units.
    """
    rows, cols = np.nonzero(heatmap[0, 0] > score_threshold)
    scores = heatmap[0, 0, rows, cols]
    heights = np.exp(scale[0, 0, rows, cols]) * GRID_STRIDE_PX
    widths = np.exp(scale[0, 1, rows, cols]) * GRID_STRIDE_PX
    lefts = (cols + offset[0, 1, rows, cols] + 0.5) * GRID_STRIDE_PX - widths / 2
    tops = (rows + offset[0, 0, rows, cols] + 0.5) * GRID_STRIDE_PX - heights / 2
    boxes = np.stack([lefts, tops, lefts + widths, tops + heights], axis=1)
    marks = landmarks[0][:, rows, cols].T.reshape(-1, NUM_LANDMARKS, 2)  # (y, x) pairs
    xs = marks[:, :, 1] * widths[:, None] + lefts[:, None]
    ys = marks[:, :, 0] * heights[:, None] + tops[:, None]
    points = np.stack([xs, ys], axis=2)
    return boxes.astype(np.float32), scores.astype(np.float32), points.astype(np.float32)


class CenterFace:
    """The CenterFace ONNX model behind the FaceDetector contract."""

    name = "centerface"

    def __init__(self, *, settings: CenterFaceSettings | None = None, model_file: Path | None = None):
        self.settings = settings or CenterFaceSettings()
        self._model = load_model(model_file or model_path(self.name), threads=self.settings.threads)
        self.model_sha256 = self._model.sha256

    def preprocess(self, image: Image.Image) -> tuple[np.ndarray, Placement]:
        """The padded NCHW tensor and where the image sits in it."""
        return image_to_tensor(image, self.settings.max_side_px)

    def run(self, tensor: np.ndarray) -> list[np.ndarray]:
        """Heatmap, scale, offset and landmark maps for one tensor."""
        outputs = self._model.session.run(list(self._model.output_names), {self._model.input_name: tensor})
        return [np.asarray(output) for output in outputs]

    def postprocess(self, outputs: list[np.ndarray], meta: Placement) -> list[Detection]:
        """Decoded, de-duplicated faces in original-image pixels, most confident first."""
        heatmap, scale, offset, landmarks = outputs
        boxes, scores, points = decode(heatmap, scale, offset, landmarks, score_threshold=self.settings.score_threshold)
        keep = non_max_suppression(boxes, scores, iou_threshold=self.settings.iou_threshold)
        return to_detections(boxes[keep], scores[keep], points[keep], meta)

    def detect(self, image: Image.Image) -> list[Detection]:
        """All faces found in an image, most confident first."""
        tensor, placement = self.preprocess(image)
        return self.postprocess(self.run(tensor), placement)
