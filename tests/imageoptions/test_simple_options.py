"""The non-ML options on synthetic images: known crop boxes and output sizes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from imageoptions import (
    CenterCrop,
    FixedCrop,
    ImageOption,
    LoadedImage,
    RenderSettings,
    ScaleSettings,
    ScaleToFit,
    ShippedPolicy,
    ShippedPolicySettings,
    parse_frame,
    run_option,
)

MakeBlank = Callable[..., LoadedImage]

FIXED = ImageOption("fixed_crop", "Fixed", "non_ml", FixedCrop())
CENTER = ImageOption("center_crop", "Center", "non_ml", CenterCrop())
SCALE = ImageOption("scale_to_fit", "Scale", "non_ml", ScaleToFit(ScaleSettings(background=(255, 0, 0))))
SHIPPED = ImageOption("shipped_policy", "Shipped", "non_ml", ShippedPolicy(ShippedPolicySettings(band=0.5)))


@pytest.mark.parametrize(
    ("aspect", "box"),
    [("0.56", (0, 0, 400, 225)), ("1.0", (0, 0, 300, 300)), ("1.14", (0, 0, 262, 300)), ("2.0", (0, 0, 150, 300))],
)
def test_fixed_crop_is_top_left_window(canvas_400x300: LoadedImage, aspect: str, box: tuple[int, ...]) -> None:
    result = run_option(FIXED, canvas_400x300, parse_frame(aspect))
    assert result.box == box
    assert result.image.size == (box[2], box[3])
    assert result.fallback is None


@pytest.mark.parametrize(
    ("aspect", "box"),
    [
        ("0.56", (0, 37, 400, 262)),
        ("1.0", (50, 0, 350, 300)),
        ("2.0", (125, 0, 275, 300)),
        ("original", (0, 0, 400, 300)),
    ],
)
def test_center_crop_is_centred_window(canvas_400x300: LoadedImage, aspect: str, box: tuple[int, ...]) -> None:
    assert run_option(CENTER, canvas_400x300, parse_frame(aspect)).box == box


def test_center_crop_pixel_frame_gives_exact_output_size(canvas_400x300: LoadedImage) -> None:
    result = run_option(CENTER, canvas_400x300, parse_frame("1080x1920"))
    assert result.box == (115, 0, 284, 300)
    assert result.image.size == (1080, 1920)


def test_center_crop_display_width_caps_output_not_box(canvas_400x300: LoadedImage) -> None:
    result = run_option(CENTER, canvas_400x300, parse_frame("0.56"), RenderSettings(display_width=200))
    assert result.box == (0, 37, 400, 262)
    assert result.image.size == (200, 112)


def test_scale_to_fit_letterboxes_whole_image(canvas_400x300: LoadedImage) -> None:
    result = run_option(SCALE, canvas_400x300, parse_frame("1.0"))
    assert result.box == (0, 0, 400, 300)
    assert result.image.size == (400, 400)
    assert result.image.getpixel((200, 10)) == (255, 0, 0)  # bar
    assert result.image.getpixel((200, 200)) == (40, 40, 40)  # image


def test_scale_to_fit_pixel_frame_scales_into_exact_canvas(canvas_400x300: LoadedImage) -> None:
    result = run_option(SCALE, canvas_400x300, parse_frame("200x100"))
    assert result.image.size == (200, 100)
    assert result.image.getpixel((10, 50)) == (255, 0, 0)  # left bar: image is 133 wide at x 33..166
    assert result.image.getpixel((100, 50)) == (40, 40, 40)


@pytest.mark.parametrize(
    ("size", "box", "whole"),
    [
        ((200, 300), (0, 0, 200, 300), True),  # ratio 1.5 vs 1.0: exactly on the band edge
        ((200, 301), (0, 50, 200, 250), False),
        ((300, 200), (0, 0, 300, 200), True),
        ((301, 200), (50, 0, 250, 200), False),
    ],
)
def test_shipped_policy_whole_inside_band_cropped_beyond(
    blank: MakeBlank, size: tuple[int, int], box: tuple[int, ...], whole: bool
) -> None:
    result = run_option(SHIPPED, blank(*size), parse_frame("1.0"))
    assert result.box == box
    assert (result.image.size == (max(size), max(size))) is whole
    assert result.notes[0].endswith("whole image" if whole else "centre crop")


def test_tiny_image_in_large_pixel_frame_is_upscaled(blank: MakeBlank) -> None:
    result = run_option(CENTER, blank(2, 2), parse_frame("1080x1920"))
    assert result.box == (0, 0, 1, 2)
    assert result.image.size == (1080, 1920)


def test_extreme_aspect_image_crops_to_centre(blank: MakeBlank) -> None:
    assert run_option(CENTER, blank(10000, 10), parse_frame("1.0")).box == (4995, 0, 5005, 10)
    assert run_option(SHIPPED, blank(10000, 10), parse_frame("1.0")).box == (4995, 0, 5005, 10)


def test_scale_to_fit_strip_in_square_frame_caps_the_canvas(blank: MakeBlank) -> None:
    result = run_option(SCALE, blank(20000, 400, (0, 0, 255)), parse_frame("1.0"))
    # The enclosing canvas would be 20000x20000; capped at 16,000,000 pixels it is 4000x4000,
    # and the strip inside it is 4000x80, centred at rows 1960..2039.
    assert result.image.size == (4000, 4000)
    assert result.image.getpixel((2000, 1959)) == (255, 0, 0)
    assert result.image.getpixel((2000, 1960)) == (0, 0, 255)
    assert result.image.getpixel((2000, 2039)) == (0, 0, 255)
    assert result.image.getpixel((2000, 2040)) == (255, 0, 0)
