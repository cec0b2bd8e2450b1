from __future__ import annotations

import pytest

from imageoptions import centre_window, largest_window, place_window
from imageoptions.geometry import cap_pixels, enclosing_canvas, fit_inside


@pytest.mark.parametrize(
    ("size", "ratio", "window"),
    [
        ((400, 300), 9 / 16, (400, 225)),
        ((400, 300), 1.0, (300, 300)),
        ((400, 300), 8 / 7, (262, 300)),  # 262.5 rounds half to even
        ((400, 300), 2.0, (150, 300)),
        ((2, 2), 9 / 16, (2, 1)),
        ((10000, 10), 1.0, (10, 10)),
        ((1, 1), 2.0, (1, 1)),
    ],
)
def test_largest_window_fits_the_ratio(size: tuple[int, int], ratio: float, window: tuple[int, int]) -> None:
    assert largest_window(size, ratio) == window


def test_centre_window_puts_odd_slack_right_and_bottom() -> None:
    assert centre_window((401, 300), 1.0) == (50, 0, 350, 300)
    assert centre_window((400, 301), 9 / 16) == (0, 38, 400, 263)


def test_place_window_clamps_without_shrinking() -> None:
    assert place_window((500, 500), (970, 250), (1000, 500)) == (500, 0, 1000, 500)
    assert place_window((500, 500), (20, 250), (1000, 500)) == (0, 0, 500, 500)


def test_enclosing_canvas_and_fit_inside_letterbox() -> None:
    assert enclosing_canvas((400, 300), 1.0) == (400, 400)
    assert enclosing_canvas((400, 300), 0.5) == (600, 300)
    assert fit_inside((400, 300), (200, 100)) == (133, 100)


@pytest.mark.parametrize(
    ("size", "capped"),
    [
        ((20000, 20000), (4000, 4000)),
        ((3000, 2000), (3000, 2000)),
        ((80000, 500), (50596, 316)),
        ((1, 10**9), (1, 16_000_000)),
    ],
)
def test_cap_pixels_keeps_ratio_under_the_cap(size: tuple[int, int], capped: tuple[int, int]) -> None:
    assert cap_pixels(size, 16_000_000) == capped
