"""Card geometry on tiny synthetic images: sizes, placed boxes, gap colour, alignment."""

from __future__ import annotations

import pytest
from PIL import Image

from sample_images.cards import (
    LabelledImage,
    clip_box,
    crop_around_face,
    crop_window,
    scale_box,
    scale_to_height,
    side_by_side,
    tall_card,
    text_panel,
)

RED, GREEN, BLUE, WHITE = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)


def plain(size: tuple[int, int], colour: tuple[int, int, int], *faces: tuple[int, int, int, int]) -> LabelledImage:
    return LabelledImage(Image.new("RGB", size, colour), tuple(faces))


def test_side_by_side_joins_top_aligned_on_background() -> None:
    left = plain((4, 3), RED, (1, 1, 3, 2))
    right = plain((2, 5), GREEN, (0, 1, 2, 4))
    card = side_by_side(left, right, background=BLUE)
    assert card.image.size == (6, 5)
    assert card.image.getpixel((0, 0)) == RED
    assert card.image.getpixel((3, 2)) == RED
    assert card.image.getpixel((0, 3)) == BLUE  # below the shorter, left picture
    assert card.image.getpixel((3, 4)) == BLUE
    assert card.image.getpixel((4, 0)) == GREEN
    assert card.image.getpixel((5, 4)) == GREEN
    assert card.faces == ((1, 1, 3, 2), (4, 1, 6, 4))


def test_side_by_side_defaults_to_black_background() -> None:
    card = side_by_side(plain((1, 1), RED), plain((1, 2), GREEN))
    assert card.image.getpixel((0, 1)) == (0, 0, 0)


def test_side_by_side_scales_both_to_height() -> None:
    left = plain((4, 2), RED, (0, 0, 2, 2))
    right = plain((3, 6), GREEN, (0, 3, 3, 6))
    card = side_by_side(left, right, height=4)
    assert card.image.size == (8 + 2, 4)
    assert card.faces == ((0, 0, 4, 4), (8, 2, 10, 4))


def test_scale_to_height_returns_same_picture_at_its_height() -> None:
    picture = plain((4, 2), RED, (0, 0, 2, 2))
    assert scale_to_height(picture, 2) is picture


def test_scale_to_height_rounds_width_to_keep_aspect() -> None:
    scaled = scale_to_height(plain((5, 3), RED, (1, 0, 4, 3)), 2)
    assert scaled.image.size == (3, 2)  # 5 * 2 / 3 = 3.33
    assert scaled.faces == ((1, 0, 2, 2),)  # x: 1*0.6=0.6 -> 1, 4*0.6=2.4 -> 2


def test_scale_box_rounds_halves_to_even() -> None:
    assert scale_box((1, 3, 5, 7), 0.5, 0.5) == (0, 2, 2, 4)


def test_clip_box_returns_window_coordinates_or_none() -> None:
    assert clip_box((5, 5, 15, 15), (10, 0, 20, 10)) == (0, 5, 5, 10)
    assert clip_box((0, 0, 5, 5), (10, 10, 20, 20)) is None


def test_crop_window_centres_on_face_and_clamps_inside() -> None:
    picture = plain((100, 50), RED, (40, 10, 60, 30), (0, 0, 10, 10))
    assert crop_window(picture, width=20, height=20) == (40, 10, 60, 30)
    assert crop_window(picture, width=30, height=40) == (35, 0, 65, 40)  # top clamped to 0
    assert crop_window(picture, width=30, height=20, face_index=1) == (0, 0, 30, 20)


def test_crop_around_face_clips_and_drops_other_faces() -> None:
    picture = plain((100, 50), RED, (40, 10, 60, 30), (30, 10, 45, 20), (0, 0, 10, 10))
    cropped = crop_around_face(picture, width=20, height=20)
    assert cropped.image.size == (20, 20)
    assert cropped.faces == ((0, 0, 20, 20), (0, 0, 5, 10))


@pytest.mark.parametrize(
    ("size", "kwargs", "message"),
    [
        ((10, 10), {"width": 11, "height": 5}, "picture is 10x10, smaller than the 11x5 window"),
        ((10, 10), {"width": 5, "height": 5, "face_index": 1}, "picture has no face at index 1 (it has 1)"),
        ((10, 10), {"width": 0, "height": 5}, "width must be a positive whole number, got 0"),
    ],
)
def test_crop_window_rejects_bad_requests(size: tuple[int, int], kwargs: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError) as raised:
        crop_window(plain(size, RED, (0, 0, 5, 5)), **kwargs)
    assert str(raised.value) == message


def test_tall_card_places_slots_and_gap_exactly() -> None:
    top = plain((5, 6), RED, (1, 1, 4, 3))
    bottom = plain((3, 4), GREEN, (0, 2, 3, 4))
    card = tall_card(top, bottom, width=3, face_height=4, gap=2, gap_colour=BLUE)
    assert card.image.size == (3, 10)
    assert [card.image.getpixel((0, y)) for y in range(10)] == [RED] * 4 + [BLUE] * 2 + [GREEN] * 4
    # top: window (1, 0, 4, 4) around face (1, 1, 4, 3); bottom: already 3x4, shifted by 4 + 2
    assert card.faces == ((0, 1, 3, 3), (0, 8, 3, 10))


def test_tall_card_defaults_make_the_583x3000_audit_card() -> None:
    top = plain((583, 887), RED, (100, 50, 400, 400))
    bottom = plain((583, 887), GREEN, (150, 100, 450, 500))
    card = tall_card(top, bottom)
    assert card.image.size == (583, 3000)
    assert card.image.getpixel((0, 886)) == RED
    assert card.image.getpixel((582, 887)) == WHITE
    assert card.image.getpixel((0, 2112)) == WHITE
    assert card.image.getpixel((0, 2113)) == GREEN
    assert card.image.getpixel((582, 2999)) == GREEN
    assert card.faces == ((100, 50, 400, 400), (150, 2213, 450, 2613))


def test_tall_card_rejects_negative_gap() -> None:
    with pytest.raises(ValueError) as raised:
        tall_card(plain((2, 2), RED, (0, 0, 1, 1)), plain((2, 2), RED, (0, 0, 1, 1)), width=2, face_height=2, gap=-1)
    assert str(raised.value) == "gap must be zero or more, got -1"


def test_text_panel_adds_panel_right_and_keeps_faces() -> None:
    picture = plain((50, 200), RED, (10, 10, 40, 40))
    card = text_panel(picture, ["HI"], panel_width=120, font_size=40)
    assert card.image.size == (170, 200)
    assert card.faces == ((10, 10, 40, 40),)
    assert card.image.getpixel((49, 199)) == RED
    assert card.image.getpixel((169, 0)) == (255, 214, 0)
    panel_colours = {colour for _, colour in card.image.crop((50, 0, 170, 100)).getcolors(1000)}
    assert (0, 0, 0) in panel_colours  # the text
    assert len(panel_colours) == 2  # drawn without anti-aliasing: no grey levels
    assert card.image.getpixel((110, 150 - 25 + 2)) == (0, 70, 200)  # the logo's square


def test_cards_leave_inputs_unchanged() -> None:
    left, right = plain((2, 2), RED, (0, 0, 1, 1)), plain((2, 3), GREEN)
    side_by_side(left, right)
    assert left.image.getcolors() == [(4, RED)]
    assert right.image.getcolors() == [(6, GREEN)]


@pytest.mark.parametrize(
    ("image", "faces", "message"),
    [
        (Image.new("L", (4, 4)), (), "cards work on RGB images; got mode 'L'"),
        (Image.new("RGB", (4, 4)), ((0, 0, 5, 4),), "face box [0, 0, 5, 4] lies outside the 4x4 image"),
        (Image.new("RGB", (4, 4)), ((2, 0, 2, 4),), "face box [2, 0, 2, 4] has no area"),
    ],
)
def test_labelled_image_rejects_bad_pictures(
    image: Image.Image, faces: tuple[tuple[int, int, int, int], ...], message: str
) -> None:
    with pytest.raises(ValueError) as raised:
        LabelledImage(image, faces)
    assert str(raised.value) == message
