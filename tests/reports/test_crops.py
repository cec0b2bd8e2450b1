"""The crop grid: every option on every image, as small JPEG thumbnails."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

import reports
from imageoptions import builtin_options, parse_frame
from reports._crops import THUMBNAIL_PX, thumbnail_jpeg


def test_build_crop_grid_runs_every_option_on_every_image(crop_grid: reports.CropGrid) -> None:
    assert crop_grid.images == ("tall.png", "wide.png")
    assert crop_grid.options == ("scale_to_fit", "center_crop")
    assert crop_grid.labels == ("scale_to_fit", "Center crop")
    assert len(crop_grid.cells) == 4
    # A 0.56 frame on a 160x90 image: the centre crop is the whole width, 90 px high.
    assert crop_grid.cell("wide.png", "center_crop").box == (0, 0, 160, 90)
    assert crop_grid.cell("tall.png", "center_crop").box == (0, 43, 60, 77)
    thumbnail = Image.open(io.BytesIO(crop_grid.cell("wide.png", "center_crop").thumbnail_jpeg or b""))
    assert thumbnail.format == "JPEG"


def test_build_crop_grid_reports_unreadable_images_in_cells(tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"")
    grid = reports.build_crop_grid([broken], builtin_options()[:1], parse_frame("1.0"))
    (cell,) = grid.cells
    assert (cell.thumbnail_jpeg, cell.error) == (None, f"{broken}: empty file (0 bytes)")
    assert grid.image_sha256 == ("unreadable",)


def test_thumbnail_jpeg_caps_the_longer_side() -> None:
    image = Image.open(io.BytesIO(thumbnail_jpeg(Image.new("RGB", (1000, 400), (9, 9, 9)))))
    assert image.size == (THUMBNAIL_PX, 96)


def test_image_files_without_images_names_the_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("no images")
    with pytest.raises(ValueError, match=r"no image files \(\.bmp, \.gif"):
        reports.image_files(tmp_path)
