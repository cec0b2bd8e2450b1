"""An example audit set drawn from the sample photos' faces: each face pasted at a varied place and size on a
plain background, with its true box and group. `python -m auditsets.example OUT` writes the images and a
labels CSV whose last two images have no row (for the detector to propose their boxes)."""

from __future__ import annotations

import argparse
import csv
import io
import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from imageoptions import load_image
from measurements import group_label
from sample_images import Manifest, load_manifest

SOURCES = ("astronaut.png", "grace_hopper.jpg", "obama.jpg", "biden.jpg")
"""Sample photos with one large frontal face each (Monk 2, 2, 6 and 2)."""
BACKGROUNDS = ((236, 236, 230), (200, 214, 229), (222, 206, 190), (180, 190, 180), (245, 240, 250))
CANVAS = (640, 480)
MARGIN = 0.4  # of the face box on each side: hair, ears and chin come along, as a detector expects
LABEL_COLUMN = "perceived_tone"


@dataclass(frozen=True)
class ExampleFace:
    """One generated image: its file, where the face is, and the face's group."""

    file: str
    box: tuple[int, int, int, int]
    group: str


def make_example_set(folder: Path, count: int = 30, seed: int = 0,
                     manifest: Manifest | None = None) -> tuple[ExampleFace, ...]:
    """Write `count` PNGs into `folder`; each holds one sample face, shifted, scaled and on a plain colour.

    The faces alternate between the lighter and the darker sources so both groups get at least five.
    """
    manifest = manifest or load_manifest()
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for index in range(count):
        source = SOURCES[index // 2 % len(SOURCES)] if index % 2 == 0 else "obama.jpg"
        entry = manifest.image(source)
        face = entry.faces[0]
        picture, box = paste_face(load_image(manifest.path_of(entry)).image, face.box, rng)
        name = f"face_{index + 1:02d}.png"
        picture.save(folder / name)
        made.append(ExampleFace(name, box, group_label(face.monk_skin_tone, "monk_skin_tone")))
    return tuple(made)


def paste_face(photo: Image.Image, box: tuple[int, int, int, int],
               rng: random.Random) -> tuple[Image.Image, tuple[int, int, int, int]]:
    """The face with a margin, scaled to 100-220 pixels wide, pasted on a plain canvas; and its new box."""
    left, top, right, bottom = box
    pad_x, pad_y = round((right - left) * MARGIN), round((bottom - top) * MARGIN)
    crop = (max(0, left - pad_x), max(0, top - pad_y), min(photo.width, right + pad_x),
            min(photo.height, bottom + pad_y))
    scale = rng.uniform(100, 220) / (right - left)
    patch = photo.crop(crop).resize((round((crop[2] - crop[0]) * scale), round((crop[3] - crop[1]) * scale)))
    x = rng.randrange(0, CANVAS[0] - patch.width)
    y = rng.randrange(0, CANVAS[1] - patch.height)
    canvas = Image.new("RGB", CANVAS, rng.choice(BACKGROUNDS))
    canvas.paste(patch, (x, y))
    moved = (x + round((left - crop[0]) * scale), y + round((top - crop[1]) * scale),
             x + round((right - crop[0]) * scale), y + round((bottom - crop[1]) * scale))
    return canvas, moved


def labels_csv(faces: tuple[ExampleFace, ...], *, without_rows: int = 2) -> bytes:
    """A labels CSV: `file`, the box and one label column, leaving out the last `without_rows` images."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["file", "left", "top", "right", "bottom", LABEL_COLUMN])
    for face in faces[:len(faces) - without_rows]:
        writer.writerow([face.file, *face.box, face.group])
    return buffer.getvalue().encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    """Write the example set and its labels.csv into a folder."""
    parser = argparse.ArgumentParser(prog="python -m auditsets.example", description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=30)
    args = parser.parse_args(argv)
    faces = make_example_set(args.folder, args.count)
    (args.folder / "labels.csv").write_bytes(labels_csv(faces))
    print(f"{len(faces)} images and labels.csv written to {args.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
