"""BlazeFace: MediaPipe's SSD-style face detectors, short range (128x128, 896 anchors) and full range
(192x192, 2304 anchors), both with 6 keypoints and the same decoding."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from PIL import Image

from imageoptions.detection import Detection
from imageoptions.detectors.boxes import FloatArray, weighted_non_max_suppression
from imageoptions.detectors.placement import Placement, as_rgb, resized_placement, to_detections, to_image_pixels
from imageoptions.detectors.sessions import load_model
from imageoptions.detectors.tiling import TILE_LENGTH_IN_SHORT_SIDES, Tile, cut_by_inner_edge, tile_image
from models import model_path

INPUT_SIDE_PX = 128  # short range
FULL_RANGE_INPUT_SIDE_PX = 192
NUM_KEYPOINTS = 6  # right eye, left eye, nose tip, mouth centre, right ear tragion, left ear tragion
SCORE_CLIP = 100.0  # MediaPipe clips logits before the sigmoid so exp() cannot overflow
TILE_ABOVE_ASPECT = 3.0


@dataclass(frozen=True)
class AnchorOptions:
    """MediaPipe's SsdAnchorsCalculatorOptions that shape BlazeFace's anchors (short range by default)."""

    input_side_px: int = INPUT_SIDE_PX
    strides: tuple[int, ...] = (8, 16, 16, 16)
    aspect_ratios: tuple[float, ...] = (1.0,)
    interpolated_scale: bool = True  # interpolated_scale_aspect_ratio = 1.0 adds one anchor per layer
    anchor_offset: float = 0.5


SHORT_RANGE_ANCHORS = AnchorOptions()
# MediaPipe's face_detection_full_range graph: one stride-4 layer (48x48), one anchor per cell.
FULL_RANGE_ANCHORS = AnchorOptions(input_side_px=FULL_RANGE_INPUT_SIDE_PX, strides=(4,), interpolated_scale=False)


@dataclass(frozen=True)
class TiledPlacement:
    """Where each tile sits in the image and where the tile sits in its tensor."""

    tiles: tuple[Tile, ...]
    placements: tuple[Placement, ...]
    size: tuple[int, int]


@dataclass(frozen=True)
class BlazeFaceVariant:
    """One BlazeFace model: its card name, input side, anchors and output tensor names."""

    model_name: str
    anchors: AnchorOptions
    regressors_output: str
    logits_output: str

    @property
    def input_side_px(self) -> int:
        """The square input's side in pixels."""
        return self.anchors.input_side_px


SHORT_RANGE = BlazeFaceVariant("blazeface_short_range", SHORT_RANGE_ANCHORS, "regressors", "classificators")
FULL_RANGE = BlazeFaceVariant(
    "blazeface_full_range", FULL_RANGE_ANCHORS, "reshaped_regressor_face_4", "reshaped_classifier_face_4"
)


@dataclass(frozen=True)
class BlazeFaceSettings:
    """BlazeFace tunables (MediaPipe's defaults: score 0.5, suppression IoU 0.3)."""

    score_threshold: float = 0.5
    iou_threshold: float = 0.3
    threads: int | None = None  # None: TCM_ONNX_THREADS, else 2 (sessions.default_threads)
    # Images longer than this many short sides are run as overlapping tiles (None: never).
    tile_above_aspect: float | None = TILE_ABOVE_ASPECT
    # A face reaching within this fraction of the short side of a tile's inner edge was cut by it.
    cut_margin: float = 0.02

    def __post_init__(self) -> None:
        if not 0 < self.score_threshold < 1:
            raise ValueError(f"score_threshold must be in (0, 1), got {self.score_threshold}")
        if not 0 < self.iou_threshold <= 1:
            raise ValueError(f"iou_threshold must be in (0, 1], got {self.iou_threshold}")
        if self.tile_above_aspect is not None and self.tile_above_aspect < TILE_LENGTH_IN_SHORT_SIDES:
            raise ValueError(f"tile_above_aspect must be at least 2 or None, got {self.tile_above_aspect}")
        if not 0 <= self.cut_margin < 0.5:
            raise ValueError(f"cut_margin must be in [0, 0.5), got {self.cut_margin}")


def anchor_centres(options: AnchorOptions = SHORT_RANGE_ANCHORS) -> FloatArray:
    """(N, 2) anchor centres (x, y) in 0..1, in MediaPipe's order: layer group, row, column, anchor.

    Consecutive layers with the same stride share one grid, as in MediaPipe. With a fixed anchor
    size every anchor is 1x1, so the centres are all the decoder needs.
    """
    centres: list[FloatArray] = []
    layer = 0
    while layer < len(options.strides):
        stride = options.strides[layer]
        per_cell = 0
        while layer < len(options.strides) and options.strides[layer] == stride:
            per_cell += len(options.aspect_ratios) + int(options.interpolated_scale)
            layer += 1
        side = math.ceil(options.input_side_px / stride)
        steps = (np.arange(side, dtype=np.float32) + options.anchor_offset) / side
        ys, xs = np.meshgrid(steps, steps, indexing="ij")
        grid = np.stack([xs.ravel(), ys.ravel()], axis=1)
        centres.append(np.repeat(grid, per_cell, axis=0))
    return np.concatenate(centres).astype(np.float32)


def letterbox(image: Image.Image, side_px: int = INPUT_SIDE_PX) -> tuple[FloatArray, Placement]:
    """A [1, 3, side, side] tensor in -1..1: the image shrunk to fit, centred, padded with black."""
    rgb = as_rgb(image)
    resized, placement = resized_placement(rgb, side_px / max(rgb.size))
    left = (side_px - resized.width) // 2
    top = (side_px - resized.height) // 2
    canvas = Image.new("RGB", (side_px, side_px))
    canvas.paste(resized, (left, top))
    pixels = np.asarray(canvas, dtype=np.float32).transpose(2, 0, 1)[None]
    tensor = pixels / 127.5 - 1.0
    return tensor.astype(np.float32), replace(placement, offset_x_px=left, offset_y_px=top)


def decode(
    regressors: FloatArray,
    logits: FloatArray,
    anchors: FloatArray,
    *,
    score_threshold: float,
    input_side_px: int = INPUT_SIDE_PX,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Boxes (N, 4), scores (N,) and keypoints (N, 6, 2) in tensor pixels from (A, 16) and (A,).

    Regressors are pixel offsets from the anchor centre: box centre (x, y), size (w, h), then
    six keypoints (x, y).
    """
    # float64: exp(100) overflows float32, which MediaPipe's C++ tolerates but numpy warns about.
    clipped = np.clip(logits.astype(np.float64), -SCORE_CLIP, SCORE_CLIP)
    scores = 1.0 / (1.0 + np.exp(-clipped))
    keep = scores >= score_threshold
    raw, centres = regressors[keep], anchors[keep] * input_side_px
    box_centres = raw[:, 0:2] + centres
    half_sizes = raw[:, 2:4] / 2
    boxes = np.concatenate([box_centres - half_sizes, box_centres + half_sizes], axis=1)
    points = raw[:, 4:].reshape(-1, NUM_KEYPOINTS, 2) + centres[:, None, :]
    return boxes.astype(np.float32), scores[keep].astype(np.float32), points.astype(np.float32)


class BlazeFace:
    """A converted MediaPipe BlazeFace model (short range unless `variant` says otherwise) as a FaceDetector."""

    def __init__(
        self,
        *,
        settings: BlazeFaceSettings | None = None,
        model_file: Path | None = None,
        variant: BlazeFaceVariant = SHORT_RANGE,
    ):
        self.settings = settings or BlazeFaceSettings()
        self.variant = variant
        self.name = variant.model_name
        self._model = load_model(model_file or model_path(self.name), threads=self.settings.threads)
        self.model_sha256 = self._model.sha256
        self._anchors = anchor_centres(variant.anchors)

    def preprocess(self, image: Image.Image) -> tuple[np.ndarray, TiledPlacement]:
        """One letterboxed tensor per tile [T, 3, S, S] (T = 1 unless the image is very wide or tall)."""
        rgb = as_rgb(image)
        tiles = tile_image(rgb.size, self.settings.tile_above_aspect)
        tensors, placements = [], []
        for tile in tiles:
            window = rgb if len(tiles) == 1 else rgb.crop(tile.box)
            tensor, placement = letterbox(window, self.variant.input_side_px)
            tensors.append(tensor)
            placements.append(placement)
        return np.concatenate(tensors), TiledPlacement(tiles, tuple(placements), rgb.size)

    def run(self, tensor: np.ndarray) -> list[np.ndarray]:
        """Regressors [T, A, 16] and logits [T, A, 1] for T tiles (A = 896 short range, 2304 full range)."""
        names = [self.variant.regressors_output, self.variant.logits_output]
        runs = [self._model.session.run(names, {self._model.input_name: tensor[i : i + 1]}) for i in range(len(tensor))]
        return [np.concatenate([np.asarray(outputs[k]) for outputs in runs]) for k in range(len(names))]

    def postprocess(self, outputs: list[np.ndarray], meta: TiledPlacement) -> list[Detection]:
        """Decoded faces of every tile in original-image pixels, merged, most confident first."""
        regressors, logits = outputs
        found = [
            self.decode_tile(regressors[i], logits[i, :, 0], tile, placement, meta)
            for i, (tile, placement) in enumerate(zip(meta.tiles, meta.placements, strict=True))
        ]
        boxes, scores, points = (np.concatenate([part[k] for part in found]) for k in range(3))
        boxes, scores, points = weighted_non_max_suppression(
            boxes, scores, points, iou_threshold=self.settings.iou_threshold
        )
        whole = Placement(meta.size[0], meta.size[1], 1.0, 1.0)
        return to_detections(boxes, scores, points, whole)

    def decode_tile(
        self, regressors: FloatArray, logits: FloatArray, tile: Tile, placement: Placement, meta: TiledPlacement
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """One tile's boxes, scores and keypoints in image pixels, without faces cut by its inner edges."""
        boxes, scores, points = decode(
            regressors,
            logits,
            self._anchors,
            score_threshold=self.settings.score_threshold,
            input_side_px=self.variant.input_side_px,
        )
        offset = np.array(tile.box[:2], dtype=np.float32)
        boxes = (to_image_pixels(boxes.reshape(-1, 2, 2), placement) + offset).reshape(-1, 4)
        points = to_image_pixels(points, placement) + offset
        keep = ~cut_by_inner_edge(boxes, tile, self.settings.cut_margin * min(meta.size))
        return boxes[keep], scores[keep], points[keep]

    def detect(self, image: Image.Image) -> list[Detection]:
        """All faces found in an image, most confident first."""
        tensor, placement = self.preprocess(image)
        return self.postprocess(self.run(tensor), placement)
