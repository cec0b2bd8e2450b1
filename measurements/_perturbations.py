"""Perturbations at graded severities: pure functions from an image to a degraded copy.

Severity 0 is the clean image; severities 1.. use the perturbation's `levels` in order, mildest
first. Geometry-changing perturbations (downscale, rotate) say how to map boxes back, so a crop
on the perturbed image can be compared with the clean crop in original pixels.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter

from measurements._inputs import FloatBox

OCCLUDER = (128, 128, 128)
UNKNOWN_PERTURBATION = "unknown perturbation {name!r}; known: {known}"


@dataclass(frozen=True)
class Perturbation:
    """A named perturbation and its parameter at each severity (mildest first)."""

    name: str
    levels: tuple[float, ...]
    unit: str

    def __post_init__(self) -> None:
        if not 1 <= len(self.levels) <= 5:
            raise ValueError(f"{self.name}: give 1 to 5 severity levels, not {len(self.levels)}")


PERTURBATIONS: tuple[Perturbation, ...] = (
    Perturbation("blur", (1.0, 2.0, 4.0, 8.0), "Gaussian radius in px per 512 px of the short side"),
    Perturbation("jpeg", (70.0, 40.0, 20.0, 10.0), "JPEG quality"),
    Perturbation("noise", (5.0, 10.0, 20.0, 40.0), "Gaussian noise sigma on 0..255"),
    Perturbation("darken", (0.7, 0.5, 0.3, 0.15), "brightness factor"),
    Perturbation("brighten", (1.3, 1.6, 2.0, 2.5), "brightness factor"),
    Perturbation("downscale", (0.5, 0.25, 0.125), "scale factor"),
    Perturbation("rotate", (2.0, 5.0, 10.0, 20.0), "degrees anticlockwise"),
    Perturbation("occlude", (0.25, 0.5, 0.75), "share of each face's height covered, from the chin up"),
)


@dataclass(frozen=True)
class Perturbed:
    """A perturbed image, and how its pixels relate to the clean image's (scale, then rotation about the centre)."""

    image: Image.Image
    scale: float = 1.0
    angle_deg: float = 0.0


def select_perturbations(names: Sequence[str]) -> tuple[Perturbation, ...]:
    """The named perturbations (all of them when none is named)."""
    if not names:
        return PERTURBATIONS
    by_name = {p.name: p for p in PERTURBATIONS}
    for name in names:
        if name not in by_name:
            raise ValueError(UNKNOWN_PERTURBATION.format(name=name, known=", ".join(by_name)))
    return tuple(by_name[name] for name in names)


def perturb(image: Image.Image, name: str, level: float, *, faces: Sequence[FloatBox] = (), seed: int = 0) -> Perturbed:
    """The image with one perturbation applied at parameter `level`."""
    if name == "blur":
        radius = level * min(image.size) / 512
        return Perturbed(image.filter(ImageFilter.GaussianBlur(radius)))
    if name == "jpeg":
        return Perturbed(recompress(image, int(level)))
    if name == "noise":
        return Perturbed(add_noise(image, level, seed))
    if name in ("darken", "brighten"):
        return Perturbed(ImageEnhance.Brightness(image).enhance(level))
    if name == "downscale":
        size = (max(1, round(image.width * level)), max(1, round(image.height * level)))
        return Perturbed(image.resize(size, Image.Resampling.LANCZOS), scale=size[0] / image.width)
    if name == "rotate":
        return Perturbed(image.rotate(level, Image.Resampling.BILINEAR, fillcolor=(0, 0, 0)), angle_deg=level)
    if name == "occlude":
        return Perturbed(occlude(image, faces, level))
    if name == "backlight":
        return Perturbed(backlight(image, level))
    raise ValueError(UNKNOWN_PERTURBATION.format(name=name, known=", ".join(p.name for p in PERTURBATIONS)))


def recompress(image: Image.Image, quality: int) -> Image.Image:
    """The image saved as JPEG at `quality` and decoded again."""
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    buffer.seek(0)
    with Image.open(buffer) as decoded:
        return decoded.convert("RGB")


def add_noise(image: Image.Image, sigma: float, seed: int) -> Image.Image:
    """The image plus seeded Gaussian noise of `sigma` (0..255 scale), clipped."""
    pixels = np.asarray(image, dtype=np.float32)
    noise = np.random.default_rng(seed).normal(0.0, sigma, pixels.shape)
    return Image.fromarray(np.clip(pixels + noise, 0, 255).astype(np.uint8))


def backlight(image: Image.Image, strength: float) -> Image.Image:
    """A window behind the subject: the scene darkened by `strength` and a glare added from the top.

    Cameras expose for the bright window, so the person darkens while the top of the frame washes out.
    """
    pixels = np.asarray(image, dtype=np.float32)
    glare = np.linspace(1.0, 0.2, image.height, dtype=np.float32)[:, None, None]
    lit = pixels * (1 - strength) + 255.0 * strength * glare
    return Image.fromarray(np.clip(lit, 0, 255).astype(np.uint8))


def occlude(image: Image.Image, faces: Sequence[FloatBox], share: float) -> Image.Image:
    """The image with the lower `share` of each face box painted grey (a mask, a scarf, a hand)."""
    covered = image.copy()
    draw = ImageDraw.Draw(covered)
    for left, top, right, bottom in faces:
        draw.rectangle((left, bottom - share * (bottom - top), right - 1, bottom - 1), fill=OCCLUDER)
    return covered


def to_clean_pixels(box: FloatBox, perturbed: Perturbed) -> FloatBox:
    """A box on a downscaled image mapped back to the clean image's pixels (rotation keeps pixels)."""
    scale = perturbed.scale
    return box[0] / scale, box[1] / scale, box[2] / scale, box[3] / scale


def rotate_point(point: tuple[float, float], angle_deg: float, size: tuple[int, int]) -> tuple[float, float]:
    """Where a point moves when the image turns `angle_deg` anticlockwise about its centre (as PIL rotates).

    >>> tuple(round(v, 6) for v in rotate_point((20.0, 10.0), 90.0, (20, 20)))
    (10.0, 0.0)
    """
    centre_x, centre_y = size[0] / 2, size[1] / 2
    radians = math.radians(angle_deg)
    dx, dy = point[0] - centre_x, point[1] - centre_y
    return (
        centre_x + dx * math.cos(radians) + dy * math.sin(radians),
        centre_y - dx * math.sin(radians) + dy * math.cos(radians),
    )


def rotate_box(box: FloatBox, angle_deg: float, size: tuple[int, int]) -> FloatBox:
    """The upright box around a box's four corners after rotation, clipped to the image."""
    if angle_deg == 0:
        return box
    corners = [rotate_point((x, y), angle_deg, size) for x in (box[0], box[2]) for y in (box[1], box[3])]
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    return (max(0.0, min(xs)), max(0.0, min(ys)), min(float(size[0]), max(xs)), min(float(size[1]), max(ys)))


def box_iou(first: FloatBox, second: FloatBox) -> float:
    """Intersection over union of two boxes.

    >>> box_iou((0, 0, 10, 10), (5, 0, 15, 10))
    0.3333333333333333
    """
    width = min(first[2], second[2]) - max(first[0], second[0])
    height = min(first[3], second[3]) - max(first[1], second[1])
    if width <= 0 or height <= 0:
        return 0.0
    inter = width * height
    union = (first[2] - first[0]) * (first[3] - first[1]) + (second[2] - second[0]) * (second[3] - second[1]) - inter
    return inter / union
