from __future__ import annotations

import pytest

from imageoptions import Frame, FrameError, parse_frame


@pytest.mark.parametrize(
    ("text", "ratio"),
    [("0.56", 9 / 16), ("1.0", 1.0), ("1.14", 8 / 7), ("2.0", 2.0)],
)
def test_parse_frame_presets_stand_for_exact_ratios(text: str, ratio: float) -> None:
    assert parse_frame(text) == Frame(label=text, ratio=ratio)


def test_parse_frame_original_keeps_each_image_ratio() -> None:
    frame = parse_frame("original")
    assert frame.is_original
    assert frame.ratio_for((400, 300)) == 0.75


def test_parse_frame_pixels_give_exact_size_and_ratio() -> None:
    frame = parse_frame("1080x1920")
    assert frame.pixels == (1080, 1920)
    assert frame.ratio_for((10, 10)) == 1920 / 1080


@pytest.mark.parametrize("text", ["0.5", "square", "0x100", "100x", "-3x4", ""])
def test_parse_frame_rejects_anything_else(text: str) -> None:
    with pytest.raises(FrameError) as raised:
        parse_frame(text)
    assert str(raised.value) == (
        f"frame {text!r}: expected one of 0.56, 1.0, 1.14, 2.0, original, or WxH in pixels (e.g. 1080x1920)"
    )


SIDE_LIMIT = "is above the limit of 10,000 pixels (one side of an exact WxH frame)"
FRAME_LIMIT = "is above the limit of 16,000,000 pixels (an exact WxH frame; every option draws an output of this size)"
FRAMES_OVER_LIMITS = [
    ("30000x10", f"frame '30000x10': 30,000 pixels {SIDE_LIMIT}"),
    ("99999x99999", f"frame '99999x99999': 99,999 pixels {SIDE_LIMIT}"),
    ("20000x20000", f"frame '20000x20000': 20,000 pixels {SIDE_LIMIT}"),
    ("5000x5000", f"frame '5000x5000': 25,000,000 pixels {FRAME_LIMIT}"),
    ("99999999999x1", f"frame '99999999999x1': 99,999,999,999 pixels {SIDE_LIMIT}"),
    ("1" * 5000 + "x1", f"frame '{'1' * 37}...': inf pixels {SIDE_LIMIT}"),
]


@pytest.mark.parametrize(("text", "message"), FRAMES_OVER_LIMITS)
def test_parse_frame_refuses_frames_over_the_limits(text: str, message: str) -> None:
    with pytest.raises(FrameError) as raised:
        parse_frame(text)
    assert str(raised.value) == message


def test_parse_frame_accepts_the_largest_allowed_frame() -> None:
    assert parse_frame("4000x4000").pixels == (4000, 4000)
    assert parse_frame("10000x1600").pixels == (10000, 1600)


def test_frame_constructed_directly_is_checked_too() -> None:
    with pytest.raises(FrameError) as raised:
        Frame(label="big", pixels=(7000, 7000))
    assert str(raised.value) == f"frame 'big': 49,000,000 pixels {FRAME_LIMIT}"


def test_parse_frame_shortens_a_long_bad_text() -> None:
    with pytest.raises(FrameError) as raised:
        parse_frame("z" * 1000)
    assert str(raised.value).startswith(f"frame '{'z' * 37}...': expected one of")
