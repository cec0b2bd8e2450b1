"""Robustness curves on synthetic cases: clean runs match, blur moves a saliency crop off a small blob."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
from PIL import Image

from measurements import (
    ImageInput,
    QualitySettings,
    measure_robustness,
    measure_signals,
    perturb,
    select_perturbations,
)


def blob_file(folder: Path) -> Path:
    pixels = np.zeros((120, 360, 3), dtype=np.uint8)
    pixels[50:70, 290:310] = 255
    path = folder / "blob.png"
    Image.fromarray(pixels).save(path)
    return path


def test_robustness_iou_is_one_at_severity_zero_and_blur_never_helps_saliency(tmp_path: Path) -> None:
    image = ImageInput(str(blob_file(tmp_path)), faces=((285.0, 45.0, 315.0, 75.0),))
    report = measure_robustness([image], ["saliency_crop", "center_crop"], frame="1.0",
                                perturbations=select_perturbations(["blur", "downscale"]))
    saliency, centre = report.summaries
    blur = [point.mean_iou for point in saliency.curve if point.perturbation == "blur"]
    assert blur[0] == 1.0
    assert all(later <= earlier for earlier, later in itertools.pairwise(blur))
    assert all(point.mean_iou == 1.0 for point in centre.curve if point.perturbation == "blur")
    assert [point.severity for point in centre.curve] == [0, 1, 2, 3, 4, 0, 1, 2, 3]


def test_perturb_downscale_and_rotate_report_their_geometry() -> None:
    image = Image.new("RGB", (100, 50), (10, 20, 30))
    small = perturb(image, "downscale", 0.5)
    assert (small.image.size, small.scale) == ((50, 25), 0.5)
    turned = perturb(image, "rotate", 10.0)
    assert (turned.image.size, turned.angle_deg) == ((100, 50), 10.0)


def test_perturb_occlude_paints_the_lower_share_of_each_face() -> None:
    image = Image.new("RGB", (40, 40), (0, 0, 0))
    covered = perturb(image, "occlude", 0.5, faces=[(10.0, 10.0, 30.0, 30.0)]).image
    assert covered.getpixel((20, 25)) == (128, 128, 128)
    assert covered.getpixel((20, 15)) == (0, 0, 0)


def test_measure_signals_flags_a_flat_dark_image() -> None:
    signals = measure_signals(Image.new("RGB", (64, 64), (10, 10, 10)), [(0.0, 0.0, 20.0, 20.0)])
    assert (signals.sharpness, signals.mean_luminance, signals.min_face_px) == (0.0, 10.0, 20.0)
    settings = QualitySettings()
    assert signals.sharpness < settings.min_sharpness and signals.mean_luminance < settings.min_mean_luminance


def test_robustness_marks_unreliable_outputs(tmp_path: Path) -> None:
    flat = tmp_path / "flat.png"
    Image.new("RGB", (80, 40), (10, 10, 10)).save(flat)
    report = measure_robustness([ImageInput(str(flat), faces=())], ["center_crop"], frame="1.0",
                                perturbations=select_perturbations(["noise"]))
    output = report.images[0].outputs[0]
    assert output.unreliable
    assert output.reasons[:2] == ("blurred (sharpness 0 < 50)", "exposure (mean luminance 10)")
