"""Tiles for very wide or tall images: overlapping windows along the long side, so a face filling the
short side is never shrunk with the whole length of the image.

Each tile is twice the short side long and the next starts one short side further on, so any face
no longer than the short side lies whole inside at least one tile. A face cut by a tile's inner edge
is dropped there (its whole copy is in the neighbouring tile).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from imageoptions.detectors.boxes import FloatArray

TILE_LENGTH_IN_SHORT_SIDES = 2
MAX_TILES = 16  # beyond 16 short sides long, tiles grow (and shrink their faces) instead of multiplying


@dataclass(frozen=True)
class Tile:
    """A window of the image (left, top, right, bottom) and which of its edges lie inside the image."""

    box: tuple[int, int, int, int]
    inner_edges: tuple[bool, bool, bool, bool] = (False, False, False, False)  # left, top, right, bottom


def tile_image(size: tuple[int, int], tile_above_aspect: float | None, max_tiles: int = MAX_TILES) -> tuple[Tile, ...]:
    """The tiles covering an image of `size` (W, H): the whole image unless its long side exceeds
    `tile_above_aspect` times its short side (None: never tile); at most `max_tiles` tiles.

    >>> [tile.box for tile in tile_image((2400, 500), 3.0)]
    [(0, 0, 1000, 500), (467, 0, 1467, 500), (933, 0, 1933, 500), (1400, 0, 2400, 500)]
    """
    width, height = size
    long_side, short_side = max(size), min(size)
    if tile_above_aspect is None or long_side <= tile_above_aspect * short_side:
        return (Tile((0, 0, width, height)),)
    step = max(short_side, math.ceil(long_side / max_tiles))
    length = TILE_LENGTH_IN_SHORT_SIDES * step
    if long_side <= length:
        return (Tile((0, 0, width, height)),)
    # Evenly spread, no two starts more than `step` apart: a face up to `step` long fits whole in one tile.
    count = math.ceil((long_side - length) / step) + 1
    starts = [round(index * (long_side - length) / (count - 1)) for index in range(count)]
    tiles = []
    for start in starts:
        inner_before, inner_after = start > 0, start + length < long_side
        if width >= height:
            tiles.append(Tile((start, 0, start + length, height), (inner_before, False, inner_after, False)))
        else:
            tiles.append(Tile((0, start, width, start + length), (False, inner_before, False, inner_after)))
    return tuple(tiles)


def cut_by_inner_edge(boxes: FloatArray, tile: Tile, margin_px: float) -> np.ndarray:
    """A mask of the boxes (image pixels) that reach within `margin_px` of one of the tile's inner edges."""
    left, top, right, bottom = tile.box
    inner_left, inner_top, inner_right, inner_bottom = tile.inner_edges
    cut = np.zeros(len(boxes), dtype=bool)
    if inner_left:
        cut |= boxes[:, 0] <= left + margin_px
    if inner_top:
        cut |= boxes[:, 1] <= top + margin_px
    if inner_right:
        cut |= boxes[:, 2] >= right - margin_px
    if inner_bottom:
        cut |= boxes[:, 3] >= bottom - margin_px
    return cut
