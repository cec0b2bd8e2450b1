"""The registry table, fingerprints, and the public API."""

from __future__ import annotations

import subprocess
import sys

import pytest

import imageoptions
from imageoptions import (
    ImageOption,
    ScaleSettings,
    ScaleToFit,
    UnknownOptionError,
    builtin_options,
    option_names,
    select_options,
)

EXPECTED_OPTIONS = [
    ("scale_to_fit", "non_ml"),
    ("fixed_crop", "non_ml"),
    ("center_crop", "non_ml"),
    ("face_crop_centerface", "ml"),
    ("face_crop_blazeface", "ml"),
    ("saliency_crop", "non_ml"),
    ("shipped_policy", "non_ml"),
]


def test_builtin_options_names_and_kinds_are_stable() -> None:
    assert [(option.name, option.kind) for option in builtin_options()] == EXPECTED_OPTIONS
    assert option_names() == tuple(name for name, _ in EXPECTED_OPTIONS)


def test_builtin_options_have_labels_and_distinct_fingerprints() -> None:
    options = builtin_options()
    assert all(option.label for option in options)
    assert len({option.fingerprint() for option in options}) == len(options)


def test_fingerprint_is_stable_across_builds_and_follows_settings() -> None:
    assert [o.fingerprint() for o in builtin_options()] == [o.fingerprint() for o in builtin_options()]
    black = ImageOption("scale_to_fit", "Scale", "non_ml", ScaleToFit())
    white = ImageOption("scale_to_fit", "Scale", "non_ml", ScaleToFit(ScaleSettings(background=(255, 255, 255))))
    assert black.fingerprint() != white.fingerprint()
    assert black.fingerprint() == builtin_options()[0].fingerprint()


def test_select_options_keeps_named_order() -> None:
    chosen = select_options(["center_crop", "fixed_crop"], builtin_options())
    assert [option.name for option in chosen] == ["center_crop", "fixed_crop"]
    assert len(select_options([], builtin_options())) == len(EXPECTED_OPTIONS)


def test_select_options_unknown_name_lists_known() -> None:
    with pytest.raises(UnknownOptionError) as raised:
        select_options(["face_crop"], builtin_options())
    assert str(raised.value) == (
        "unknown option 'face_crop'; known options: scale_to_fit, fixed_crop, center_crop, "
        "face_crop_centerface, face_crop_blazeface, saliency_crop, shipped_policy"
    )


@pytest.mark.parametrize(
    ("name", "kind", "error"),
    [
        ("Center Crop", "non_ml", "option name 'Center Crop' must be lower_snake_case"),
        ("center_crop", "learned", "option center_crop: kind must be one of ('ml', 'non_ml'), not 'learned'"),
    ],
)
def test_image_option_validates_on_construction(name: str, kind: str, error: str) -> None:
    with pytest.raises(ValueError) as raised:
        ImageOption(name, "Label", kind, ScaleToFit())  # type: ignore[arg-type]
    assert str(raised.value) == error


PUBLIC_API = [
    "BUILTIN_MODEL_CARDS",
    "Box",
    "BoxDecoding",
    "CenterCrop",
    "Choice",
    "Chooser",
    "CropBox",
    "DescriptorError",
    "Detection",
    "FaceCrop",
    "FaceCropSettings",
    "FaceDetector",
    "FaceRule",
    "FixedCrop",
    "FixedDetector",
    "Frame",
    "FrameError",
    "ImageLoadError",
    "ImageOption",
    "ImageOptionsError",
    "InputSpec",
    "Kind",
    "LazyDetector",
    "LoadSettings",
    "LoadedImage",
    "ModelDescriptor",
    "ModelUnavailableError",
    "OnnxBoxDetector",
    "OnnxSaliency",
    "OptionResult",
    "OptionSpec",
    "PRESET_RATIOS",
    "RenderSettings",
    "SaliencyCrop",
    "SaliencySource",
    "SaliencySummary",
    "ScaleSettings",
    "ScaleToFit",
    "ShippedPolicy",
    "ShippedPolicySettings",
    "SpectralResidual",
    "SpectralResidualSettings",
    "UnknownOptionError",
    "build_byo_option",
    "build_option",
    "build_options",
    "builtin_options",
    "builtin_specs",
    "centre_window",
    "descriptor_spec",
    "largest_window",
    "load_descriptor",
    "load_image",
    "option_names",
    "parse_frame",
    "place_window",
    "resolve_specs",
    "run_option",
    "select_options",
    "uploaded_spec",
    "window_around",
]


def test_public_api_is_pinned() -> None:
    assert sorted(imageoptions.__all__) == PUBLIC_API
    assert all(hasattr(imageoptions, name) for name in PUBLIC_API)


def test_library_never_imports_streamlit() -> None:
    code = (
        "import sys, imageoptions, imageoptions.registry, tcm.crop_commands; "
        "[o.chooser.prepare() for o in imageoptions.builtin_options() if o.kind == 'non_ml']; "
        "sys.exit('streamlit' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
