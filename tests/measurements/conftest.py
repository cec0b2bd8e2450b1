"""Tiny synthetic images and manifests for the measurement tests: known answers, no photos."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from sample_images.cards import LabelledImage

FACE = (10, 10, 30, 30)


def face_picture(colour: tuple[int, int, int] = (200, 150, 120), size: tuple[int, int] = (40, 40)) -> LabelledImage:
    """A grey picture with one filled 'face' square at FACE."""
    image = Image.new("RGB", size, (60, 60, 60))
    ImageDraw.Draw(image).rectangle((FACE[0], FACE[1], FACE[2] - 1, FACE[3] - 1), fill=colour)
    return LabelledImage(image, (FACE,))


MANIFEST = """\
schema_version: 1
images:
{entries}
"""
ENTRY = """\
  - file: {file}
    origin: drawn by the test
    licence: none needed
    width: 40
    height: 40
    annotation: the drawn square
    faces:
      - box: [10, 10, 30, 30]
        monk_skin_tone: {tone}
        attributes: {{team: {team}}}
"""


def write_set(folder: Path, teams: dict[str, tuple[str, int | None]]) -> Path:
    """One 40x40 picture per file, each annotated with a team and a skin tone; returns the manifest's path."""
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for index, (file, (team, tone)) in enumerate(sorted(teams.items())):
        face_picture((200, 40 * index % 255, 120)).image.save(folder / file)
        entries.append(ENTRY.format(file=file, team=team, tone="null" if tone is None else tone))
    manifest = folder / "manifest.yaml"
    manifest.write_text(MANIFEST.format(entries="".join(entries)), encoding="utf-8")
    return manifest


@pytest.fixture
def two_teams(tmp_path: Path) -> Path:
    """Four pictures, two per team (a: tones 2, 3; b: tones 8, 9); returns the manifest path."""
    return write_set(tmp_path / "set", {"a1.png": ("a", 2), "a2.png": ("a", 3), "b1.png": ("b", 8),
                                        "b2.png": ("b", 9)})
