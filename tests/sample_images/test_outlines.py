"""Person outlines in the manifest: read, validated with exact errors, and turned into composites."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from sample_images import ImageEntry, ManifestError, load_manifest
from sample_images.composites import (
    SCREEN_RGB,
    clean_plate,
    composite_paths,
    draw_room,
    green_screen_composite,
    outline_mask,
    polygon_mask,
    room_composite,
)
from tests.sample_images.test_manifest import load, valid

SQUARE = [[10, 10], [40, 10], [40, 40], [10, 40]]


def with_outlines(outlines: Any) -> dict[str, Any]:
    data = copy.deepcopy(valid())
    data["images"][0]["person_outlines"] = outlines
    return data


def test_person_outlines_are_read_as_point_tuples(tmp_path: Path) -> None:
    entry = load(with_outlines([SQUARE]), tmp_path).images[0]
    assert entry.person_outlines == (((10, 10), (40, 10), (40, 40), (10, 40)),)


@pytest.mark.parametrize(
    ("outlines", "message"),
    [
        ([[[1, 1], [2, 2]]], "manifest.yaml: images[0].person_outlines[0]: [[1, 1], [2, 2]] is not a list of at least "
                             "3 points [x, y] (whole numbers)"),
        ([[[1, 1], [2, 2], [3]]], "manifest.yaml: images[0].person_outlines[0]: [[1, 1], [2, 2], [3]] is not a list "
                                  "of at least 3 points [x, y] (whole numbers)"),
        ([[[1, 1], [2, 2], [101, 3]]], "manifest.yaml: images[0].person_outlines[0]: point [101, 3] lies outside "
                                       "the 100x80 image"),
        ("square", "manifest.yaml: images[0].person_outlines: 'square' is not a list"),
    ],
)
def test_bad_person_outlines_are_refused_naming_the_place(outlines: Any, message: str, tmp_path: Path) -> None:
    with pytest.raises(ManifestError) as raised:
        load(with_outlines(outlines), tmp_path)
    assert str(raised.value) == message


def test_project_manifest_outlines_the_five_single_person_photos() -> None:
    outlined = [entry.file for entry in load_manifest().images if entry.person_outlines]
    assert outlined == ["astronaut.png", "camera.png", "grace_hopper.jpg", "obama.jpg", "biden.jpg"]


def test_every_outline_contains_the_centre_of_its_faces() -> None:
    for entry in load_manifest().images:
        if entry.person_outlines:
            mask = outline_mask(entry)
            for face in entry.faces:
                left, top, right, bottom = face.box
                assert mask[(top + bottom) // 2, (left + right) // 2], entry.file


def test_polygon_mask_fills_the_polygon() -> None:
    mask = polygon_mask((50, 50), [[(10, 10), (40, 10), (40, 40), (10, 40)]])
    assert mask[25, 25] and not mask[5, 5] and int(mask.sum()) == 31 * 31


def test_outline_mask_needs_an_outline() -> None:
    entry = ImageEntry(file="x.png", width=4, height=4, licence="x", annotation="x", faces=(), origin="test")
    with pytest.raises(ValueError, match=r"^x.png has no person outline in the manifest$"):
        outline_mask(entry)


Compose = Callable[[np.ndarray, np.ndarray], np.ndarray]


def test_green_screen_composite_keeps_the_person_and_lights_the_screen_unevenly() -> None:
    pixels = np.full((100, 120, 3), 200, dtype=np.uint8)
    mask = np.zeros((100, 120), dtype=bool)
    mask[20:80, 30:90] = True
    frame = green_screen_composite(pixels, mask, seed=0)
    assert np.array_equal(frame, green_screen_composite(pixels, mask, seed=0))  # seeded: same pixels every run
    left, right = frame[5, 2].astype(int), frame[5, 117].astype(int)
    assert left[1] < right[1]  # darker on the lamp's far side
    assert int(np.argmax(left)) == 1 and int(np.argmax(right)) == 1  # both the screen's green
    assert abs(int(frame[50, 60, 0]) - 200) <= 8  # the person's centre, away from the spill, is unchanged
    assert frame[21, 31, 1] > frame[21, 31, 0]  # the person's edge carries green spill
    assert SCREEN_RGB[1] > SCREEN_RGB[0]


def test_room_composite_and_plate_differ_only_where_the_person_is_after_the_shift() -> None:
    room = draw_room(80, 60, seed=3)
    pixels = np.zeros((60, 80, 3), dtype=np.uint8)
    mask = np.zeros((60, 80), dtype=bool)
    mask[20:50, 30:50] = True
    frame, plate = room_composite(pixels, mask, room), clean_plate(room)
    assert frame.shape == plate.shape == (60, 80, 3)
    assert frame[35, 40].max() < 15  # the (black) person is there
    assert not np.array_equal(plate[5:15, 5:15], frame[5:15, 5:15])  # shifted and re-lit, not the same pixels


def test_composite_paths_name_the_three_files() -> None:
    entry = load_manifest().image("obama.jpg")
    paths = composite_paths(entry, Path("/x"))
    assert (paths.green_screen.name, paths.room.name, paths.room_plate.name) == (
        "obama_green_screen.png", "obama_room.png", "obama_room_plate.png")
