"""The pair builders produce exactly the documented geometry."""

from __future__ import annotations

import pytest

from measurements import SideBySideLayout, TallCardLayout, portrait
from tests.measurements.conftest import face_picture

BLACK, WHITE = (0, 0, 0), (255, 255, 255)


def test_side_by_side_layout_joins_whole_pictures_top_aligned_on_black() -> None:
    card = SideBySideLayout(height_px=None, face_share=None).build(face_picture(), face_picture(size=(40, 60)))
    assert card.image.size == (80, 60)
    assert card.faces == ((10, 10, 30, 30), (50, 10, 70, 30))
    assert card.image.getpixel((5, 50)) == BLACK  # under the shorter, left picture


def test_side_by_side_layout_scales_each_picture_to_the_height() -> None:
    card = SideBySideLayout(height_px=80, face_share=None).build(face_picture(), face_picture())
    assert card.image.size == (160, 80)
    assert card.faces == ((20, 20, 60, 60), (100, 20, 140, 60))


def test_side_by_side_layout_puts_the_gap_and_second_scale_in_place() -> None:
    layout = SideBySideLayout(height_px=40, face_share=None, gap_px=8, second_scale=0.5, pad_colour=WHITE)
    card = layout.build(face_picture(), face_picture())
    assert card.image.size == (40 + 8 + 20, 40)
    assert card.faces == ((10, 10, 30, 30), (53, 5, 63, 15))
    assert card.image.getpixel((44, 0)) == WHITE  # the gap
    assert card.image.getpixel((60, 30)) == WHITE  # under the half-height second picture


def test_tall_card_layout_defaults_to_the_public_583x3000_card() -> None:
    card = TallCardLayout(face_share=None).build(face_picture(), face_picture())
    assert card.image.size == (583, 3000)
    assert card.image.getpixel((0, 887)) == WHITE
    assert card.image.getpixel((582, 887 + 1225)) == WHITE
    top, bottom = card.faces
    assert top[3] <= 887 and bottom[1] >= 887 + 1226


def test_tall_card_layout_places_faces_at_top_and_bottom_slots() -> None:
    card = TallCardLayout(width_px=40, face_height_px=40, gap_px=40, face_share=None).build(
        face_picture(), face_picture()
    )
    assert card.image.size == (40, 120)
    assert card.faces == ((10, 10, 30, 30), (10, 90, 30, 110))
    assert card.image.getpixel((20, 60)) == WHITE


def test_portrait_makes_the_face_the_given_share_of_its_height() -> None:
    picture = face_picture(size=(200, 200))
    framed = portrait(picture, face_share=0.5, aspect=0.75)
    assert framed.image.size == (30, 40)
    assert framed.faces == ((5, 10, 25, 30),)  # window left = (10 + 30 - 30) // 2, top = (10 + 30 - 40) // 2


def test_sweep_variants_differ_from_the_baseline_in_one_way_each() -> None:
    names = [name for name, _ in TallCardLayout().sweep()]
    assert names == ["size x0.5", "size x1.5", "second x0.8", "second x1.25", "gap x0.5", "gap x2", "pad black",
                     "pad grey"]
    assert dict(TallCardLayout().sweep())["gap x2"] == TallCardLayout(gap_px=2452)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"face_share": 0.0}, r"^face_share must be in \(0, 1\], not 0\.0$"),
        ({"second_scale": 5.0}, r"^second_scale must be in \(0, 4\], not 5\.0$"),
        ({"gap_px": -1}, r"^gap_px must be at least 0, not -1$"),
    ],
)
def test_tall_card_layout_refuses_bad_settings(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        TallCardLayout(**kwargs)  # type: ignore[arg-type]
