"""Tiles along the long side of very wide or tall images, and faces cut by a tile's inner edge."""

from __future__ import annotations

import numpy as np
import pytest

from imageoptions.detectors import BlazeFaceSettings
from imageoptions.detectors.tiling import Tile, cut_by_inner_edge, tile_image


@pytest.mark.parametrize("size", [(1500, 500), (500, 1500), (512, 512), (1, 1)])
def test_tile_image_up_to_three_short_sides_is_one_whole_tile(size: tuple[int, int]) -> None:
    assert tile_image(size, 3.0) == (Tile((0, 0, *size)),)


def test_tile_image_never_tiles_when_told_not_to() -> None:
    assert tile_image((20000, 400), None) == (Tile((0, 0, 20000, 400)),)


def test_tile_image_wide_gives_overlapping_tiles_two_short_sides_long() -> None:
    # 2400x500: tiles 1000 long; (2400 - 1000) / 500 = 2.8 -> 4 tiles, starts 0, 466.7, 933.3, 1400
    assert tile_image((2400, 500), 3.0) == (
        Tile((0, 0, 1000, 500), (False, False, True, False)),
        Tile((467, 0, 1467, 500), (True, False, True, False)),
        Tile((933, 0, 1933, 500), (True, False, True, False)),
        Tile((1400, 0, 2400, 500), (True, False, False, False)),
    )


def test_tile_image_tall_tiles_run_down_with_inner_top_and_bottom_edges() -> None:
    tiles = tile_image((500, 2000), 3.0)
    assert [tile.box for tile in tiles] == [(0, 0, 500, 1000), (0, 500, 500, 1500), (0, 1000, 500, 2000)]
    assert [tile.inner_edges for tile in tiles] == [
        (False, False, False, True),
        (False, True, False, True),
        (False, True, False, False),
    ]


def test_tile_image_very_long_strip_grows_tiles_to_stay_at_sixteen() -> None:
    # 20000x500: 40 short sides; the step grows to 20000 / 16 = 1250, tiles to 2500, 15 of them
    tiles = tile_image((20000, 500), 3.0)
    assert len(tiles) == 15
    assert tiles[0].box == (0, 0, 2500, 500)
    assert tiles[1].box == (1250, 0, 3750, 500)
    assert tiles[-1].box == (17500, 0, 20000, 500)


@pytest.mark.parametrize("size", [(2400, 500), (10000, 500), (500, 20000), (1501, 500), (900, 3)])
def test_tile_image_every_interval_of_one_step_lies_whole_in_some_tile(size: tuple[int, int]) -> None:
    tiles = tile_image(size, 3.0)
    axis = 0 if size[0] >= size[1] else 1
    step = max(min(size), -(-max(size) // 16))
    starts = [tile.box[axis] for tile in tiles]
    ends = [tile.box[axis + 2] for tile in tiles]
    assert starts[0] == 0 and ends[-1] == max(size)
    for begin in range(0, max(size) - step + 1, max(1, step // 7)):
        assert any(start <= begin and begin + step <= end for start, end in zip(starts, ends, strict=True))


def test_cut_by_inner_edge_drops_only_boxes_at_inner_edges() -> None:
    tile = Tile((467, 0, 1467, 500), (True, False, True, False))
    boxes = np.array(
        [
            [470, 100, 700, 330],  # within 10 px of the inner left edge: cut
            [800, 100, 1000, 300],  # well inside: kept
            [1300, 0, 1460, 200],  # within 10 px of the inner right edge: cut
            [600, 0, 900, 500],  # touches top and bottom, which are the image's own edges: kept
        ],
        dtype=np.float32,
    )
    assert cut_by_inner_edge(boxes, tile, 10.0).tolist() == [True, False, True, False]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"tile_above_aspect": 1.5}, "tile_above_aspect must be at least 2 or None, got 1.5"),
        ({"cut_margin": 0.5}, "cut_margin must be in [0, 0.5), got 0.5"),
    ],
)
def test_blazeface_settings_reject_bad_tiling(settings: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError) as raised:
        BlazeFaceSettings(**settings)
    assert str(raised.value) == message
