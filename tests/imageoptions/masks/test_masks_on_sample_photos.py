"""Mask options on real photos: the ML model against hand-drawn outlines; the non-ML options on their composites."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from imageoptions.masks import Scene, run_mask_option, select_mask_options
from sample_images import ImageEntry, Manifest, load_manifest
from sample_images.composites import clean_plate, draw_room, green_screen_composite, outline_mask, room_composite

PHOTOS = ("obama.jpg", "grace_hopper.jpg")


@pytest.fixture(scope="module")
def manifest() -> Manifest:
    return load_manifest()


def photo(manifest: Manifest, entry: ImageEntry) -> np.ndarray:
    with Image.open(manifest.path_of(entry)) as image:
        return np.asarray(image.convert("RGB"))


def iou(mask: np.ndarray, truth: np.ndarray) -> float:
    return float((mask & truth).sum() / (mask | truth).sum())


@pytest.mark.parametrize("file", PHOTOS)
def test_mediapipe_segmentation_follows_the_hand_drawn_outline(manifest: Manifest, file: str) -> None:
    entry = manifest.image(file)
    option = select_mask_options(["person_segmentation_mediapipe"])[0]
    result = run_mask_option(option, Scene(photo(manifest, entry)))
    truth = outline_mask(entry)
    assert iou(result.mask, truth) > 0.93  # measured 0.946 (obama) and 0.959 (grace_hopper)
    left, top, right, bottom = entry.faces[0].box
    face = truth[top:bottom, left:right]
    assert result.mask[top:bottom, left:right][face].mean() > 0.9
    assert len(option.segmenter.model_sha256() or "") == 64


@pytest.mark.parametrize("file", PHOTOS)
def test_chroma_key_and_subtraction_recover_the_outline_from_their_composites(manifest: Manifest, file: str) -> None:
    entry = manifest.image(file)
    truth = outline_mask(entry)
    pixels = photo(manifest, entry)
    room = draw_room(entry.width, entry.height, seed=1)
    chroma = select_mask_options(["chroma_key"])[0]
    subtraction = select_mask_options(["background_subtraction"])[0]
    keyed = run_mask_option(chroma, Scene(green_screen_composite(pixels, truth), "green_screen"))
    subtracted = run_mask_option(
        subtraction, Scene(room_composite(pixels, truth, room), "room", clean_plate(room))
    )
    assert iou(keyed.mask, truth) > 0.98
    assert iou(subtracted.mask, truth) > 0.95
