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


def test_frame_rejects_oversized_pixels() -> None:
    with pytest.raises(FrameError) as raised:
        parse_frame("30000x10")
    assert str(raised.value) == "frame '30000x10': each side must be 1..20000 pixels"
