"""BlazeFace full range finds a portrait filling the short side of a wide or tall canvas at every position.

The canvases are generated here: a head-and-shoulders crop of a sample photo, scaled so it fills the
canvas's short side (500 px), pasted at five positions along the long side on mid grey. Canvases
over three short sides long are run as overlapping tiles (imageoptions/detectors/tiling.py).
"""

from __future__ import annotations

import pytest
from PIL import Image

from imageoptions.detection import Box
from imageoptions.detectors import FULL_RANGE, BlazeFace, BlazeFaceSettings
from sample_images import load_manifest

MANIFEST = load_manifest()
PORTRAITS = ["obama.jpg", "biden.jpg", "grace_hopper.jpg"]
CANVASES = [(2400, 500), (500, 2400), (10000, 500)]
POSITIONS = [0.0, 0.25, 0.5, 0.75, 1.0]  # fraction of the free length before the portrait
# MediaPipe boxes run brow to chin, the manifest's hairline to chin; 0.4 is a match (measured 0.5-0.75).
MATCH_IOU = 0.4
GREY = (128, 128, 128)


def iou(first: Box, second: Box) -> float:
    """Intersection over union of two boxes."""
    width = max(0.0, min(first[2], second[2]) - max(first[0], second[0]))
    height = max(0.0, min(first[3], second[3]) - max(first[1], second[1]))
    inter = width * height
    union = (first[2] - first[0]) * (first[3] - first[1]) + (second[2] - second[0]) * (second[3] - second[1]) - inter
    return inter / union


def portrait_with_face(file: str, side_px: int) -> tuple[Image.Image, Box]:
    """A square head-and-shoulders crop (1.8 face heights) scaled to `side_px`, and its face box."""
    entry = MANIFEST.image(file)
    left, top, right, bottom = entry.faces[0].box
    half = (bottom - top) * 0.9
    centre_x, centre_y = (left + right) / 2, (top + bottom) / 2
    crop_box = (
        round(centre_x - half),
        round(max(0.0, centre_y - half)),
        round(centre_x + half),
        round(centre_y + half),
    )
    with Image.open(MANIFEST.path_of(entry)) as photo:
        crop = photo.convert("RGB").crop(crop_box)
    scale = side_px / crop.width
    portrait = crop.resize((side_px, round(crop.height * scale)), Image.Resampling.LANCZOS)
    face = (
        (left - crop_box[0]) * scale,
        (top - crop_box[1]) * scale,
        (right - crop_box[0]) * scale,
        (bottom - crop_box[1]) * scale,
    )
    return portrait, face


def canvas_with_portrait(file: str, size: tuple[int, int], position: float) -> tuple[Image.Image, Box]:
    """The canvas with the portrait pasted `position` of the way along, and the face box on the canvas."""
    portrait, face = portrait_with_face(file, min(size))
    canvas = Image.new("RGB", size, GREY)
    if size[0] > size[1]:
        offset = (round((size[0] - portrait.width) * position), 0)
    else:
        offset = (0, round((size[1] - portrait.height) * position))
    canvas.paste(portrait, offset)
    return canvas, (face[0] + offset[0], face[1] + offset[1], face[2] + offset[0], face[3] + offset[1])


@pytest.fixture(scope="module")
def full_range() -> BlazeFace:
    return BlazeFace(variant=FULL_RANGE)


@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("size", CANVASES, ids=["2400x500", "500x2400", "10000x500"])
@pytest.mark.parametrize("file", PORTRAITS)
def test_blazeface_full_range_finds_portrait_at_every_position(
    full_range: BlazeFace, file: str, size: tuple[int, int], position: float
) -> None:
    canvas, face = canvas_with_portrait(file, size, position)
    found = full_range.detect(canvas)
    assert len(found) == 1
    assert found[0].score > 0.6
    assert iou(found[0].box, face) > MATCH_IOU


def test_blazeface_full_range_without_tiles_still_finds_portrait_on_2400x500(full_range: BlazeFace) -> None:
    untiled = BlazeFace(variant=FULL_RANGE, settings=BlazeFaceSettings(tile_above_aspect=None))
    for position in POSITIONS:
        canvas, face = canvas_with_portrait("obama.jpg", (2400, 500), position)
        found = untiled.detect(canvas)
        assert len(found) == 1 and iou(found[0].box, face) > MATCH_IOU


def test_canvas_with_portrait_places_face_box_by_hand() -> None:
    # grace_hopper.jpg: face (163, 120, 368, 325), 205 tall; crop half 184.5 -> (81, 38, 450, 407) before
    # rounding (centre 265.5, 222.5), 369 wide, scaled to 500: factor 500/369.
    canvas, face = canvas_with_portrait("grace_hopper.jpg", (2400, 500), 1.0)
    assert canvas.size == (2400, 500)
    scale = 500 / 369
    assert face == pytest.approx(
        (1900 + (163 - 81) * scale, (120 - 38) * scale, 1900 + (368 - 81) * scale, (325 - 38) * scale)
    )
