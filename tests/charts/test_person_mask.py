"""The person-mask picture: removed pixels tinted, kept and erased head regions outlined in their colours."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from PIL import Image

from charts import draw_person_mask
from charts._images import KEPT_COLOUR, LOST_COLOUR, REMOVED_RGB


@dataclass(frozen=True)
class Head:
    box: tuple[int, int, int, int]
    face_kept_share: float
    head_kept_share: float


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def test_draw_person_mask_tints_removed_pixels_and_keeps_the_person() -> None:
    image = Image.new("RGB", (100, 100), (255, 255, 255))
    mask = np.zeros((100, 100), dtype=bool)
    mask[:, 50:] = True
    picture = np.asarray(draw_person_mask(image, mask, width=100))
    removed = picture[50, 10].astype(int)
    assert tuple(removed) == tuple(round(255 * 0.4 + c * 0.6) for c in REMOVED_RGB)
    assert tuple(picture[50, 90]) == (255, 255, 255)


def test_draw_person_mask_outlines_a_kept_face_green_and_an_erased_head_vermillion() -> None:
    image = Image.new("RGB", (100, 100), (255, 255, 255))
    picture = np.asarray(draw_person_mask(image, np.ones((100, 100), dtype=bool), [Head((40, 40, 60, 60), 1.0, 0.2)],
                                          width=100))
    assert tuple(picture[59, 50]) == hex_rgb(KEPT_COLOUR)  # the box's bottom edge
    assert tuple(picture[30, 40]) == hex_rgb(LOST_COLOUR)  # the head region's left edge, 10 px above the box


def test_draw_person_mask_refuses_a_mask_of_another_size() -> None:
    with pytest.raises(ValueError, match=r"^the mask is \(4, 3\), the image \(5, 5\): they must be the same size$"):
        draw_person_mask(Image.new("RGB", (5, 5)), np.ones((3, 4), dtype=bool))
