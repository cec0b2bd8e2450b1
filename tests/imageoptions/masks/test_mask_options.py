"""Mask options on tiny synthetic frames: each keeps the person and drops the background it is built for."""

from __future__ import annotations

import numpy as np
import pytest

from imageoptions import UnknownOptionError
from imageoptions.masks import (
    BackgroundSubtraction,
    BackgroundSubtractionSettings,
    ChromaKey,
    ChromaKeySettings,
    NoReplacement,
    Scene,
    builtin_mask_options,
    mask_option_names,
    run_mask_option,
    select_mask_options,
)
from imageoptions.masks.background_subtraction import match_gain
from imageoptions.masks.chroma_key import estimate_key
from imageoptions.masks.segmentation import postprocess, preprocess

SIZE = 30
PERSON = (slice(8, 22), slice(10, 20))  # rows, columns of the "person" square


def person_truth() -> np.ndarray:
    truth = np.zeros((SIZE, SIZE), dtype=bool)
    truth[PERSON] = True
    return truth


def green_frame(*, spill: float = 0.0, person: tuple[int, int, int] = (180, 140, 120)) -> np.ndarray:
    """A green screen lit from the left (dark) to the right (bright) with a skin-coloured square."""
    light = np.linspace(0.55, 1.15, SIZE)[None, :, None]
    frame = np.asarray((46, 168, 72), dtype=np.float64) * light * np.ones((SIZE, SIZE, 1))
    patch = np.asarray(person, dtype=np.float64) * (1 - spill) + np.asarray((46, 168, 72)) * spill
    frame[PERSON] = patch
    return np.clip(np.rint(frame), 0, 255).astype(np.uint8)


def iou(mask: np.ndarray, truth: np.ndarray) -> float:
    return float((mask & truth).sum() / (mask | truth).sum())


def test_builtin_mask_options_table_names_kinds_and_scenes() -> None:
    assert [(o.name, o.kind, o.scene_kind) for o in builtin_mask_options()] == [
        ("person_segmentation_mediapipe", "ml", "photo"),
        ("chroma_key", "non_ml", "green_screen"),
        ("background_subtraction", "non_ml", "room"),
        ("no_replacement", "non_ml", "photo"),
    ]
    assert mask_option_names()[0] == "person_segmentation_mediapipe"


def test_select_mask_options_unknown_name_is_exact_error() -> None:
    with pytest.raises(UnknownOptionError) as error:
        select_mask_options(["blur"])
    assert str(error.value) == (
        "unknown mask option 'blur'; known mask options: person_segmentation_mediapipe, chroma_key, "
        "background_subtraction, no_replacement"
    )


def test_run_mask_option_refuses_the_wrong_scene_kind() -> None:
    option = select_mask_options(["chroma_key"])[0]
    with pytest.raises(ValueError, match=r"^option chroma_key needs a 'green_screen' scene"):
        run_mask_option(option, Scene(green_frame()))


@pytest.mark.parametrize(
    ("frame", "kind", "plate", "message"),
    [
        (np.zeros((4, 4), dtype=np.uint8), "photo", None,
         "the frame must be an H x W x 3 uint8 array, not shape (4, 4) of uint8"),
        (np.zeros((4, 4, 3), dtype=np.float32), "photo", None,
         "the frame must be an H x W x 3 uint8 array, not shape (4, 4, 3) of float32"),
        (np.zeros((4, 4, 3), dtype=np.uint8), "room", None,
         "a 'room' scene needs a clean plate (an empty-room frame) for background subtraction"),
        (np.zeros((4, 4, 3), dtype=np.uint8), "room", np.zeros((4, 5, 3), dtype=np.uint8),
         "the clean plate is (4, 5), the frame (4, 4): they must be the same size"),
        (np.zeros((4, 4, 3), dtype=np.uint8), "webcam", None,
         "scene kind must be one of photo, green_screen, room, not 'webcam'"),
    ],
)
def test_scene_rejects_bad_input_with_exact_message(
    frame: np.ndarray, kind: str, plate: np.ndarray | None, message: str
) -> None:
    with pytest.raises(ValueError) as error:
        Scene(frame, kind, plate)  # type: ignore[arg-type]
    assert str(error.value) == message


def test_chroma_key_keeps_exactly_the_person_under_uneven_light() -> None:
    exact = ChromaKey(ChromaKeySettings(blur_radius_px=0, cleanup_px=1))
    assert np.array_equal(exact.segment(Scene(green_frame(), "green_screen")), person_truth())


def test_chroma_key_keeps_a_person_with_green_spill() -> None:
    mask = ChromaKey().segment(Scene(green_frame(spill=0.3), "green_screen"))
    assert iou(mask, person_truth()) > 0.9


def test_chroma_key_keeps_black_hair_it_cannot_key() -> None:
    exact = ChromaKey(ChromaKeySettings(blur_radius_px=0, cleanup_px=1))
    assert np.array_equal(exact.segment(Scene(green_frame(person=(10, 12, 10)), "green_screen")), person_truth())


def test_estimate_key_is_pure_green_without_green_pixels() -> None:
    grey = np.full((3, 3, 3), 100.0)
    assert estimate_key(grey, grey / 300.0, 1.25) == (0.0, 1.0, 0.0)


def room_pair(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A textured room, its plate shifted one pixel and 10% darker, and the frame with a person square."""
    rng = np.random.default_rng(seed)
    room = rng.integers(60, 200, (SIZE, SIZE, 3)).astype(np.float64)
    room = (room + np.roll(room, 1, axis=1) + np.roll(room, 1, axis=0)) / 3  # some spatial correlation
    frame = room.copy()
    frame[PERSON] = (20, 20, 30)
    plate = np.roll(room, 1, axis=1) * 0.9
    return np.rint(frame).astype(np.uint8), np.clip(np.rint(plate), 0, 255).astype(np.uint8)


def test_background_subtraction_finds_the_person_despite_a_shift_and_new_light() -> None:
    frame, plate = room_pair()
    mask = BackgroundSubtraction(BackgroundSubtractionSettings(blur_radius_px=0, cleanup_px=3)).segment(
        Scene(frame, "room", plate)
    )
    assert iou(mask, person_truth()) > 0.9


def test_match_gain_recovers_the_light_change_when_the_person_fills_most_of_the_frame() -> None:
    plate = np.full((10, 10, 3), 100.0)
    frame = plate * 1.2
    frame[:, :7] = 20.0  # the person covers 70% of the frame
    assert match_gain(plate, frame)[0, 0, 0] == pytest.approx(120.0, rel=0.01)


def test_no_replacement_keeps_every_pixel() -> None:
    result = run_mask_option(select_mask_options(["no_replacement"])[0], Scene(green_frame()))
    assert result.mask.shape == (SIZE, SIZE) and result.mask.all() and result.kept_share == 1.0
    assert NoReplacement().model_sha256() is None


def test_segmentation_preprocess_stretches_to_256_and_scales_to_unit_range() -> None:
    frame = np.zeros((10, 40, 3), dtype=np.uint8)
    frame[..., 0] = 255
    tensor = preprocess(frame)
    assert tensor.shape == (1, 3, 256, 256) and tensor.dtype == np.float32
    assert float(tensor[0, 0].min()) == 1.0 and float(tensor[0, 1].max()) == 0.0


def test_segmentation_postprocess_resizes_and_thresholds() -> None:
    probabilities = np.zeros((1, 1, 4, 4), dtype=np.float32)
    probabilities[..., :, 2:] = 0.9
    mask = postprocess(probabilities, (8, 2), 0.5)
    assert mask.shape == (2, 8)
    assert mask[:, 5:].all() and not mask[:, :3].any()
