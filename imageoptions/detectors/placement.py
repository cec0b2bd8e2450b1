"""Where an image sits inside a detector's input tensor, and the way back to image pixels."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from imageoptions.detection import Detection
from imageoptions.detectors.boxes import FloatArray


@dataclass(frozen=True)
class Placement:
    """The image's size and its per-axis scale and top-left offset inside the input tensor."""

    width_px: int
    height_px: int
    scale_x: float
    scale_y: float
    offset_x_px: float = 0.0
    offset_y_px: float = 0.0


def as_rgb(image: Image.Image) -> Image.Image:
    """The image in RGB mode (grey, palette and alpha images are converted)."""
    return image if image.mode == "RGB" else image.convert("RGB")


def resized_placement(image: Image.Image, scale: float) -> tuple[Image.Image, Placement]:
    """The image resized uniformly by `scale` (never stretched) and its placement at (0, 0)."""
    width, height = image.size
    new_size = (max(1, round(width * scale)), max(1, round(height * scale)))
    resized = image if new_size == image.size else image.resize(new_size, Image.Resampling.BILINEAR)
    # Rounding makes the two axes differ by a fraction of a pixel; keep both exact.
    placement = Placement(width, height, new_size[0] / width, new_size[1] / height)
    return resized, placement


def to_image_pixels(points: FloatArray, placement: Placement) -> FloatArray:
    """(..., 2) tensor-pixel (x, y) coordinates mapped back to original-image pixels."""
    offset = np.array([placement.offset_x_px, placement.offset_y_px], dtype=np.float32)
    scale = np.array([placement.scale_x, placement.scale_y], dtype=np.float32)
    return ((points - offset) / scale).astype(np.float32)


def to_detections(boxes: FloatArray, scores: FloatArray, points: FloatArray, placement: Placement) -> list[Detection]:
    """Detections in original-image pixels, boxes clipped to the image, in the given order."""
    corners = to_image_pixels(boxes.reshape(-1, 2, 2), placement)
    corners[..., 0] = np.clip(corners[..., 0], 0, placement.width_px)
    corners[..., 1] = np.clip(corners[..., 1], 0, placement.height_px)
    landmarks = to_image_pixels(points, placement)
    return [
        Detection(
            box=(float(box[0, 0]), float(box[0, 1]), float(box[1, 0]), float(box[1, 1])),
            score=float(score),
            landmarks=tuple((float(x), float(y)) for x, y in marks),
        )
        for box, score, marks in zip(corners, scores, landmarks, strict=True)
    ]
