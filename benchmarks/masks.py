"""Mask options: median ms per 1280x720 video frame per option (the virtual-background compute line).

The frame is obama.jpg stretched to 1280x720 (or a synthetic frame without the sample images), with its
green-screen and room composites drawn the way `sample_images.prepare` draws them. Compare with the
reference's MediaPipe Tasks (10.8-11.4 ms general model) and OpenCV (chroma 2.7 ms, subtraction 1.0 ms)
timings on a similar VM: ours are numpy and Pillow, not OpenCV.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from benchmarks.timing import median_seconds
from imageoptions import ImageOptionsError
from imageoptions.masks import Scene, builtin_mask_options, run_mask_option
from sample_images import load_manifest
from sample_images.composites import clean_plate, draw_room, green_screen_composite, outline_mask, room_composite

SIZE = (1280, 720)
REPEATS = 7


def frames() -> tuple[dict[str, Scene], str]:
    """One scene of each kind at 1280x720, from the sample photo if present."""
    manifest = load_manifest()
    entry = manifest.image("obama.jpg")
    path = manifest.path_of(entry)
    if path.is_file():
        with Image.open(path) as opened:
            photo = np.asarray(opened.convert("RGB").resize(SIZE, Image.Resampling.BILINEAR))
        outline = Image.fromarray(outline_mask(entry).astype(np.uint8) * 255).resize(SIZE)
        mask, origin = np.asarray(outline) >= 128, "obama.jpg stretched to 1280x720"
    else:
        photo = np.random.default_rng(0).integers(0, 256, (SIZE[1], SIZE[0], 3), dtype=np.uint8)
        mask = np.zeros((SIZE[1], SIZE[0]), dtype=bool)
        mask[200:, 400:880] = True
        origin = "a synthetic 1280x720 frame"
    room = draw_room(*SIZE)
    return {
        "photo": Scene(photo),
        "green_screen": Scene(green_screen_composite(photo, mask), "green_screen"),
        "room": Scene(room_composite(photo, mask, room), "room", clean_plate(room)),
    }, origin


def run() -> list[str]:
    """The report lines: median ms per frame and the share of one core at 30 frames a second."""
    scenes, origin = frames()
    lines = [f"{origin}, {REPEATS} repeats, median wall ms per frame (model loaded first)"]
    for option in builtin_mask_options():
        try:
            option.segmenter.prepare()
        except ImageOptionsError as error:
            lines.append(f"{option.name:<30} unavailable: {error}")
            continue
        scene = scenes[option.scene_kind]
        seconds = median_seconds(lambda option=option, scene=scene: run_mask_option(option, scene), repeats=REPEATS)
        lines.append(f"{option.name:<30} {seconds * 1000:8.1f} ms  ({seconds * 30:.2f} of a core at 30 fps)")
    return lines
