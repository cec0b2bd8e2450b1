"""Both real detectors on real photos and on a blank image (needs the prepared models)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pytest
from PIL import Image

from imageoptions.detection import Box, Detection
from imageoptions.detectors import BlazeFace, CenterFace
from models import load_model_card

DETECTORS = ["centerface", "blazeface", "blazeface_full_range"]


def overlap(first: Box, second: Box) -> float:
    """Intersection over union of two boxes."""
    width = max(0.0, min(first[2], second[2]) - max(first[0], second[0]))
    height = max(0.0, min(first[3], second[3]) - max(first[1], second[1]))
    inter = width * height
    area = (first[2] - first[0]) * (first[3] - first[1]) + (second[2] - second[0]) * (second[3] - second[1])
    return inter / (area - inter)


@pytest.fixture(params=DETECTORS)
def detector(request: pytest.FixtureRequest) -> CenterFace | BlazeFace:
    found: CenterFace | BlazeFace = request.getfixturevalue(request.param)
    return found


@pytest.mark.parametrize("photo", ["astronaut", "camera"])
def test_detector_finds_the_one_face_in_photo(
    detector: CenterFace | BlazeFace,
    photo: str,
    load_photo: Callable[[str], Image.Image],
    photos: dict[str, Any],
) -> None:
    faces = detector.detect(load_photo(photo))
    assert len(faces) == 1
    assert faces[0].score > 0.7
    assert overlap(faces[0].box, photos[photo].face_box) > 0.5


def test_detector_landmarks_fall_inside_face_box(
    detector: CenterFace | BlazeFace, load_photo: Callable[[str], Image.Image]
) -> None:
    face = detector.detect(load_photo("astronaut"))[0]
    left, top, right, bottom = face.box
    expected = 5 if isinstance(detector, CenterFace) else 6
    assert len(face.landmarks) == expected
    # BlazeFace's ear tragions sit on the box edge, so allow a few pixels
    assert all(left - 4 <= x <= right + 4 and top - 4 <= y <= bottom + 4 for x, y in face.landmarks)


@pytest.mark.parametrize("size", [(640, 480), (333, 517), (1, 1), (900, 3)])
def test_detector_finds_nothing_on_flat_grey(detector: CenterFace | BlazeFace, size: tuple[int, int]) -> None:
    assert detector.detect(Image.new("RGB", size, (128, 128, 128))) == []


def test_detector_detect_equals_its_three_steps(
    detector: CenterFace | BlazeFace, load_photo: Callable[[str], Image.Image]
) -> None:
    image = load_photo("astronaut")
    tensor, meta = detector.preprocess(image)
    steps: list[Detection] = detector.postprocess(detector.run(tensor), meta)
    assert detector.detect(image) == steps
    assert tensor.dtype == np.float32


def test_detector_model_sha256_matches_model_card(detector: CenterFace | BlazeFace) -> None:
    assert detector.model_sha256 == load_model_card(detector.name).prepared_sha256


def test_detector_finds_face_in_upscaled_photo(
    detector: CenterFace | BlazeFace,
    load_photo: Callable[[str], Image.Image],
    photos: dict[str, Any],
) -> None:
    image = load_photo("astronaut").resize((1536, 1536), Image.Resampling.BILINEAR)
    faces = detector.detect(image)
    expected = tuple(3 * side for side in photos["astronaut"].face_box)
    assert len(faces) == 1
    assert overlap(faces[0].box, expected) > 0.5


def test_detector_shared_by_threads_gives_same_faces(
    detector: CenterFace | BlazeFace, load_photo: Callable[[str], Image.Image]
) -> None:
    image = load_photo("astronaut")
    expected = detector.detect(image)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: detector.detect(image), range(8)))
    assert all(result == expected for result in results)
