"""The face-centred crop: the window policy on given detections, the fallback, and model errors."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PIL import Image

from imageoptions import (
    Detection,
    FaceCrop,
    FaceCropSettings,
    FaceRule,
    FixedDetector,
    ImageOption,
    LazyDetector,
    LoadedImage,
    ModelUnavailableError,
    parse_frame,
    run_option,
    window_around,
)

MakeBlank = Callable[..., LoadedImage]
SMALL_SURE = Detection(box=(100, 100, 120, 120), score=0.9)
LARGE_UNSURE = Detection(box=(600, 100, 800, 300), score=0.6)


def face_option(faces: list[Detection], rule: FaceRule = FaceRule.MOST_CONFIDENT) -> ImageOption:
    detector = LazyDetector("fixed", lambda: FixedDetector(faces))
    return ImageOption("face_crop_fixed", "Face (fixed)", "ml", FaceCrop(detector, FaceCropSettings(rule=rule)))


@pytest.mark.parametrize(
    ("rule", "box"),
    [
        (FaceRule.MOST_CONFIDENT, (0, 0, 500, 500)),  # centre x 110: clamped at the left edge
        (FaceRule.LARGEST, (450, 0, 950, 500)),  # centre x 700
        (FaceRule.ALL_FACES, (200, 0, 700, 500)),  # union 100..800, centre x 450
    ],
)
def test_window_around_follows_each_rule(rule: FaceRule, box: tuple[int, ...]) -> None:
    assert window_around([SMALL_SURE, LARGE_UNSURE], (1000, 500), 1.0, rule) == box


def test_window_around_centres_on_face() -> None:
    face = Detection(box=(700, 100, 760, 160), score=0.8)
    assert window_around([face], (1000, 500), 1.0) == (480, 0, 980, 500)


def test_window_around_clamps_at_right_and_bottom() -> None:
    right = Detection(box=(950, 200, 990, 240), score=0.8)
    bottom = Detection(box=(200, 880, 260, 920), score=0.8)
    assert window_around([right], (1000, 500), 1.0) == (500, 0, 1000, 500)
    assert window_around([bottom], (500, 1000), 9 / 16) == (0, 719, 500, 1000)


def test_window_around_without_faces_is_none() -> None:
    assert window_around([], (1000, 500), 1.0) is None


def test_face_crop_reports_detections_in_original_pixels(blank: MakeBlank) -> None:
    face = Detection(box=(700, 100, 760, 160), score=0.8, landmarks=((710, 120),))
    result = run_option(face_option([face]), blank(1000, 500), parse_frame("1.0"))
    assert result.box == (480, 0, 980, 500)
    assert result.fallback is None
    assert result.detections == (face,)
    assert result.image.size == (500, 500)


def test_face_crop_without_face_falls_back_to_centre(blank: MakeBlank) -> None:
    result = run_option(face_option([]), blank(1000, 500), parse_frame("1.0"))
    assert result.box == (250, 0, 750, 500)
    assert result.fallback == "no face found: centre crop"
    assert result.fell_back


def test_face_crop_min_score_drops_weak_faces(blank: MakeBlank) -> None:
    detector = LazyDetector("fixed", lambda: FixedDetector([LARGE_UNSURE]))
    option = ImageOption("face_crop_fixed", "Face", "ml", FaceCrop(detector, FaceCropSettings(min_score=0.7)))
    assert run_option(option, blank(1000, 500), parse_frame("1.0")).fallback == "no face found: centre crop"


def test_face_crop_maps_draft_decoded_faces_back_to_original() -> None:
    half = LoadedImage(
        image=Image.new("RGB", (500, 250)), source="half.jpg", sha256="0" * 64, original_size=(1000, 500)
    )
    face = Detection(box=(350, 50, 380, 80), score=0.8)  # (700, 100, 760, 160) at full size
    result = run_option(face_option([face]), half, parse_frame("1.0"))
    assert result.box == (480, 0, 980, 500)
    assert result.detections[0].box == (700, 100, 760, 160)
    assert result.image.size == (500, 500)


def test_lazy_detector_builds_once_on_first_use(blank: MakeBlank) -> None:
    built: list[FixedDetector] = []

    def build() -> FixedDetector:
        built.append(FixedDetector())
        return built[-1]

    option = ImageOption("face_crop_fixed", "Face", "ml", FaceCrop(LazyDetector("fixed", build)))
    assert built == []
    for _ in range(3):
        run_option(option, blank(10, 10), parse_frame("1.0"))
    assert len(built) == 1
    assert built[0].calls == 3


def test_missing_model_is_a_clear_option_error(blank: MakeBlank) -> None:
    def build() -> FixedDetector:
        raise FileNotFoundError("model file models/centerface.onnx is missing")

    option = ImageOption("face_crop_centerface", "Face", "ml", FaceCrop(LazyDetector("CenterFace", build)))
    with pytest.raises(ModelUnavailableError) as raised:
        run_option(option, blank(10, 10), parse_frame("1.0"))
    assert str(raised.value) == (
        "CenterFace model is not available (FileNotFoundError: model file models/centerface.onnx is missing); "
        "run `make setup`"
    )


def test_face_crop_settings_reject_bad_values() -> None:
    with pytest.raises(ValueError, match=r"^min_score must be within 0\.\.1, not 1\.5$"):
        FaceCropSettings(min_score=1.5)
