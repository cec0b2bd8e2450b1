"""verify_images: each way a file can differ from its entry, with the exact problem text."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from sample_images import (
    Face,
    ImageEntry,
    Manifest,
    sha256_of_file,
    sha256_of_pixels,
    verify_images,
)


def png_bytes(
    size: tuple[int, int] = (4, 3), colour: tuple[int, int, int] = (9, 8, 7), compress_level: int = 6
) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG", compress_level=compress_level)
    return buffer.getvalue()


def manifest_for(folder: Path, **entry_fields: object) -> Manifest:
    fields: dict[str, object] = {
        "file": "a.png",
        "width": 4,
        "height": 3,
        "licence": "x",
        "annotation": "x",
        "faces": (Face(box=(0, 0, 2, 2), monk_skin_tone=5),),
        "origin": "ours",
    }
    fields.update(entry_fields)
    entry = ImageEntry(**fields)  # type: ignore[arg-type]
    return Manifest(schema_version=1, path=folder / "manifest.yaml", folder=folder, images=(entry,))


def test_sha256_of_pixels_ignores_compression(tmp_path: Path) -> None:
    fast, small = tmp_path / "fast.png", tmp_path / "small.png"
    fast.write_bytes(png_bytes(compress_level=1))
    small.write_bytes(png_bytes(compress_level=9))
    with Image.open(fast) as one, Image.open(small) as other:
        assert sha256_of_pixels(one) == sha256_of_pixels(other)


def test_sha256_of_file_matches_known_digest(tmp_path: Path) -> None:
    path = tmp_path / "abc.txt"
    path.write_bytes(b"abc")
    assert sha256_of_file(path) == ("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")


def test_verify_images_passes_matching_file(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(png_bytes())
    digest = sha256_of_file(tmp_path / "a.png")
    assert verify_images(manifest_for(tmp_path, sha256=digest)) == ()


def test_verify_images_checks_size_only_without_sha256(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(png_bytes())
    assert verify_images(manifest_for(tmp_path)) == ()


def test_verify_images_reports_missing_file(tmp_path: Path) -> None:
    problems = verify_images(manifest_for(tmp_path))
    assert [str(problem) for problem in problems] == [f"a.png: not found in {tmp_path}"]


def test_verify_images_reports_wrong_size(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(png_bytes(size=(5, 3)))
    problems = verify_images(manifest_for(tmp_path))
    assert [str(problem) for problem in problems] == ["a.png: is 5x3, the manifest says 4x3"]


def test_verify_images_reports_wrong_sha256(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(png_bytes())
    actual = sha256_of_file(tmp_path / "a.png")
    problems = verify_images(manifest_for(tmp_path, sha256="0" * 64))
    assert [str(problem) for problem in problems] == [f"a.png: sha256 is {actual}, the manifest says {'0' * 64}"]


def test_verify_images_accepts_same_pixels_encoded_differently(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(png_bytes(compress_level=9))
    with Image.open(tmp_path / "a.png") as image:
        pixels = sha256_of_pixels(image)
    manifest = manifest_for(tmp_path, sha256="0" * 64, pixels_sha256=pixels)
    assert verify_images(manifest) == ()


def test_verify_images_reports_exif_rotation(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.new("RGB", (4, 3)).save(tmp_path / "a.jpg", exif=exif)
    problems = verify_images(manifest_for(tmp_path, file="a.jpg"))
    assert [str(problem) for problem in problems] == [
        "a.jpg: has EXIF orientation 6; boxes are in stored pixels, so save it upright first "
        "(PIL.ImageOps.exif_transpose)"
    ]


def test_verify_images_reports_unreadable_file(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(b"not an image")
    problems = verify_images(manifest_for(tmp_path))
    assert [str(problem) for problem in problems] == ["a.png: is not an image Pillow can read"]
