"""Face detectors: detect() against the bare session.run on the same tensor, and the CenterFace fix."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import onnxruntime as ort
from PIL import Image

from benchmarks.timing import median_seconds
from imageoptions.detectors import DEFAULT_THREADS, BlazeFace, CenterFace, load_model
from models import load_model_card, model_path
from models.prepare import CACHE_DIR, PrepareError, centerface_before_fix, read_verified_source

REPEATS = 9
ROUNDS = 3
SIZE_PX = (640, 480)


def paired_seconds(first: Callable[[], object], second: Callable[[], object]) -> tuple[float, float]:
    """The best of a few alternating median timings of two calls, so load spikes hit both alike."""
    firsts, seconds = [], []
    for _ in range(ROUNDS):
        firsts.append(median_seconds(first, repeats=REPEATS, warmup=1))
        seconds.append(median_seconds(second, repeats=REPEATS, warmup=1))
    return min(firsts), min(seconds)


def test_image() -> Image.Image:
    """A seeded 640x480 RGB image: a gradient with noise, so no face and no empty tensor."""
    rng = np.random.default_rng(0)
    ramp = np.linspace(0, 255, SIZE_PX[0], dtype=np.float32)[None, :, None]
    pixels = np.clip(ramp + rng.normal(0, 20, (SIZE_PX[1], SIZE_PX[0], 3)), 0, 255)
    return Image.fromarray(pixels.astype(np.uint8))


def detector_lines(detector: CenterFace | BlazeFace, image: Image.Image) -> list[str]:
    """Median detect() time, bare session.run time on its tensor, and their ratio."""
    tensor, _ = detector.preprocess(image)
    loaded = load_model(model_path(detector.name), threads=detector.settings.threads)
    feed = {loaded.input_name: tensor}
    detect, bare = paired_seconds(lambda: detector.detect(image), lambda: loaded.session.run(None, feed))
    return [
        f"{detector.name}: detect() {detect * 1e3:.1f} ms vs session.run {bare * 1e3:.1f} ms on "
        f"{list(tensor.shape)} = {detect / bare:.2f}x (pre/post-processing share "
        f"{(detect - bare) / detect:.0%})"
    ]


def centerface_fix_lines(image: Image.Image) -> list[str]:
    """CenterFace session.run before and after moving initializers out of the graph inputs."""
    card = load_model_card("centerface")
    try:
        source = read_verified_source(card, CACHE_DIR)
    except PrepareError as error:
        return [f"centerface before/after fix: skipped ({error})"]
    options = ort.SessionOptions()
    options.intra_op_num_threads = DEFAULT_THREADS
    options.log_severity_level = 3
    before = ort.InferenceSession(centerface_before_fix(source), options, providers=["CPUExecutionProvider"])
    after = load_model(model_path("centerface")).session
    tensor, _ = CenterFace().preprocess(image)
    feed = {"input.1": tensor}
    slow, fast = paired_seconds(lambda: before.run(None, feed), lambda: after.run(None, feed))
    return [
        f"centerface session.run, initializers as inputs {slow * 1e3:.1f} ms vs fixed "
        f"{fast * 1e3:.1f} ms = {slow / fast:.2f}x faster ({DEFAULT_THREADS} threads)"
    ]


def run() -> list[str]:
    """Time both detectors on a 640x480 image: best of 3 alternating medians of 9 runs."""
    image = test_image()
    lines = [
        f"image {SIZE_PX[0]}x{SIZE_PX[1]}, {DEFAULT_THREADS} intra-op threads, "
        f"best of {ROUNDS} alternating medians of {REPEATS}"
    ]
    for detector in (CenterFace(), BlazeFace()):
        lines += detector_lines(detector, image)
    return lines + centerface_fix_lines(image)
