"""Composites for the virtual-background audit: each outlined person on a green screen and in a room.

Drawn by project code from the photos and their hand-drawn outlines (never committed): the green
screen has uneven light and green spill on the person (for chroma key); the room is drawn
procedurally, and its clean plate (the empty room captured earlier) is shifted and re-lit a little
(for background subtraction). Everything is seeded, so every run draws the same pixels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFilter

from sample_images._manifest import ImageEntry, Manifest

Pixels = npt.NDArray[np.uint8]
BoolMask = npt.NDArray[np.bool_]

SCREEN_RGB = (46, 168, 72)  # a typical chroma-key green as a webcam sees it, not pure green
SCREEN_LIGHT = (0.55, 1.15)  # darkest and brightest light on the screen: one lamp to one side
SPILL_WIDTH_PX = 12  # green light bounced onto the person's edge
SPILL_STRENGTH = 0.3
PLATE_SHIFT_PX = (3, 2)  # the camera moved this much (x, y) since the clean plate was captured
PLATE_GAIN = 1.08  # and the light changed this much
NOISE_SD = 2.0  # sensor noise, in 0..255 steps
NO_OUTLINE = "{file} has no person outline in the manifest"


@dataclass(frozen=True)
class CompositePaths:
    """Where one photo's composites live."""

    green_screen: Path
    room: Path
    room_plate: Path


def composites_dir(manifest: Manifest) -> Path:
    """Where `python -m sample_images.prepare` writes a manifest's composites: `composites/` beside it
    (for the project's manifest, the git-ignored sample_images/composites/)."""
    return manifest.path.parent / "composites"


def composite_paths(entry: ImageEntry, folder: Path) -> CompositePaths:
    """The three composite files of one outlined photo in `folder`."""
    base = folder / Path(entry.file).stem
    return CompositePaths(
        green_screen=base.with_name(base.name + "_green_screen.png"),
        room=base.with_name(base.name + "_room.png"),
        room_plate=base.with_name(base.name + "_room_plate.png"),
    )


def outline_mask(entry: ImageEntry) -> BoolMask:
    """True inside any of the entry's person outlines (the hand-drawn truth)."""
    if not entry.person_outlines:
        raise ValueError(NO_OUTLINE.format(file=entry.file))
    return polygon_mask((entry.width, entry.height), entry.person_outlines)


def polygon_mask(size: tuple[int, int], outlines: Sequence[Sequence[tuple[int, int]]]) -> BoolMask:
    """True inside any of the polygons, on a (width, height) canvas."""
    canvas = Image.new("L", size, 0)
    draw = ImageDraw.Draw(canvas)
    for outline in outlines:
        draw.polygon(list(outline), fill=255)
    return np.asarray(canvas) >= 128


def uneven_light(width: int, height: int, low: float, high: float) -> npt.NDArray[np.float32]:
    """A light field from `low` (left, bottom) to `high` (right, top), as one lamp to a side gives."""
    across = np.linspace(low, high, width, dtype=np.float32)[None, :]
    down = np.linspace(1.0, 0.85, height, dtype=np.float32)[:, None]
    return across * down


def feathered(mask: BoolMask, radius: float = 1.0) -> npt.NDArray[np.float32]:
    """The mask as 0..1 alpha with a soft edge, as a real camera's edge is."""
    image = Image.fromarray(mask.astype(np.uint8) * 255).filter(ImageFilter.GaussianBlur(radius))
    return np.asarray(image, dtype=np.float32)[..., None] / 255.0


def edge_band(mask: BoolMask, width_px: int) -> npt.NDArray[np.float32]:
    """0..1, highest on the person's side of the edge and fading over `width_px` inwards."""
    outside = Image.fromarray((~mask).astype(np.uint8) * 255).filter(ImageFilter.GaussianBlur(width_px / 2))
    near = np.asarray(outside, dtype=np.float32) / 255.0
    band: npt.NDArray[np.float32] = (np.clip(near * 2.0, 0.0, 1.0) * mask)[..., None]
    return band


def add_noise(pixels: npt.NDArray[np.float32], seed: int) -> Pixels:
    """Pixels with seeded Gaussian sensor noise, rounded back to 8 bits."""
    noise = np.random.default_rng(seed).normal(0.0, NOISE_SD, pixels.shape)
    return np.clip(np.rint(pixels + noise), 0, 255).astype(np.uint8)


def green_screen_composite(photo: Pixels, mask: BoolMask, seed: int = 0) -> Pixels:
    """The person cut by the outline in front of an unevenly lit green screen, with green spill on the edge."""
    height, width = mask.shape
    light = uneven_light(width, height, *SCREEN_LIGHT)[..., None]
    screen = np.asarray(SCREEN_RGB, dtype=np.float32) * light
    spill = edge_band(mask, SPILL_WIDTH_PX) * SPILL_STRENGTH
    person = photo.astype(np.float32) * (1 - spill) + screen * spill
    alpha = feathered(mask)
    return add_noise(person * alpha + screen * (1 - alpha), seed)


def draw_room(width: int, height: int, seed: int = 0) -> npt.NDArray[np.float32]:
    """A plain home-office background: wall, floor, window, shelf with books, picture; float RGB."""
    rng = np.random.default_rng(seed)
    canvas = Image.new("RGB", (width, height), (196, 186, 170))
    draw = ImageDraw.Draw(canvas)
    floor_top = int(height * 0.78)
    draw.rectangle((0, floor_top, width, height), fill=(120, 92, 66))
    draw.rectangle((int(width * 0.62), int(height * 0.1), int(width * 0.92), int(height * 0.45)), fill=(170, 200, 226))
    draw.rectangle(
        (int(width * 0.62), int(height * 0.1), int(width * 0.92), int(height * 0.45)),
        outline=(240, 240, 236),
        width=max(3, width // 100),
    )
    shelf_y = int(height * 0.55)
    draw.rectangle((int(width * 0.04), shelf_y, int(width * 0.4), shelf_y + max(4, height // 80)), fill=(92, 64, 42))
    x = int(width * 0.05)
    while x < int(width * 0.38):
        book_width = int(rng.integers(max(3, width // 80), max(6, width // 30)))
        book_height = int(rng.integers(height // 20, height // 9))
        colour = tuple(int(value) for value in rng.integers(40, 200, 3))
        draw.rectangle((x, shelf_y - book_height, x + book_width, shelf_y), fill=colour)
        x += book_width + 2
    draw.rectangle(
        (int(width * 0.1), int(height * 0.15), int(width * 0.3), int(height * 0.35)),
        fill=(70, 110, 90),
        outline=(60, 40, 30),
        width=max(2, width // 150),
    )
    texture = rng.normal(0.0, 3.0, (height, width, 1)).astype(np.float32)
    shading = uneven_light(width, height, 0.9, 1.05)[..., None]
    return np.asarray(canvas, dtype=np.float32) * shading + texture


def room_composite(photo: Pixels, mask: BoolMask, room: npt.NDArray[np.float32], seed: int = 1) -> Pixels:
    """The person cut by the outline in front of the room."""
    alpha = feathered(mask)
    return add_noise(photo.astype(np.float32) * alpha + room * (1 - alpha), seed)


def clean_plate(room: npt.NDArray[np.float32], seed: int = 2) -> Pixels:
    """The empty room as captured earlier: the camera a few pixels off and the light a little brighter."""
    shift_x, shift_y = PLATE_SHIFT_PX
    moved = np.roll(room, (shift_y, shift_x), axis=(0, 1))
    moved[:shift_y] = moved[shift_y]
    moved[:, :shift_x] = moved[:, shift_x : shift_x + 1]
    return add_noise(moved * PLATE_GAIN, seed)


def write_composites(manifest: Manifest, folder: Path | None = None) -> tuple[Path, ...]:
    """Draw and save the composites of every outlined photo; returns the files written."""
    target = folder or composites_dir(manifest)
    written: list[Path] = []
    for number, entry in enumerate(manifest.images):
        if not entry.person_outlines:
            continue
        target.mkdir(parents=True, exist_ok=True)
        with Image.open(manifest.path_of(entry)) as opened:
            photo = np.asarray(opened.convert("RGB"))
        mask = outline_mask(entry)
        room = draw_room(entry.width, entry.height, seed=number)
        paths = composite_paths(entry, target)
        frames = {
            paths.green_screen: green_screen_composite(photo, mask, seed=number),
            paths.room: room_composite(photo, mask, room, seed=number + 1000),
            paths.room_plate: clean_plate(room, seed=number + 2000),
        }
        for path, pixels in frames.items():
            Image.fromarray(pixels).save(path)
            written.append(path)
    return tuple(written)
