"""The face-centred crop with the real CenterFace model through onnxruntime (needs `make setup`)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest

from imageoptions import (
    ImageOption,
    LoadedImage,
    builtin_options,
    load_image,
    parse_frame,
    run_option,
    select_options,
)
from models import model_path

MakeBlank = Callable[..., LoadedImage]


@pytest.fixture(scope="module")
def centerface_option() -> ImageOption:
    path = model_path("centerface")
    assert path.is_file(), f"{path} is missing: run `make setup` before the end-to-end tests"
    return select_options(["face_crop_centerface"], builtin_options())[0]


def test_centerface_crop_without_face_falls_back_to_centre(centerface_option: ImageOption, blank: MakeBlank) -> None:
    result = run_option(centerface_option, blank(640, 480), parse_frame("1.0"))
    assert result.box == (80, 0, 560, 480)
    assert result.fallback == "no face found: centre crop"
    assert result.detections == ()


def test_centerface_option_reports_model_hash(centerface_option: ImageOption) -> None:
    expected = hashlib.sha256(model_path("centerface").read_bytes()).hexdigest()
    assert centerface_option.chooser.model_sha256() == expected


def sample_image(file: str) -> tuple[LoadedImage, tuple[int, int, int, int]]:
    from sample_images import load_manifest

    manifest = load_manifest()
    entry = manifest.image(file)
    path = manifest.path_of(entry)
    assert path.is_file(), f"{path} is missing: run `make setup` (python -m sample_images.prepare)"
    return load_image(path), entry.faces[0].box


def test_centerface_crop_holds_the_annotated_face(centerface_option: ImageOption) -> None:
    image, face = sample_image("obama.jpg")
    result = run_option(centerface_option, image, parse_frame("2.0"))
    left, top, right, bottom = result.box
    assert result.fallback is None
    assert left <= face[0] and face[2] <= right and top <= face[1] and face[3] <= bottom


def test_centerface_crop_finds_face_the_centre_crop_misses(centerface_option: ImageOption) -> None:
    image, face = sample_image("synthetic_tall_card_obama_top.png")
    centre = ((face[0] + face[2]) / 2, (face[1] + face[3]) / 2)
    face_box = run_option(centerface_option, image, parse_frame("1.0")).box
    centre_box = run_option(select_options(["center_crop"], builtin_options())[0], image, parse_frame("1.0")).box
    assert face_box[1] <= centre[1] <= face_box[3]
    assert not centre_box[1] <= centre[1] <= centre_box[3]
