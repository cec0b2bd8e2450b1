"""An audit set's images: zips within the limits, unreadable, duplicate and misnamed files listed by file."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import limits
from auditsets import AuditSetError, scan_images, set_files, unpack_zip
from tests.auditsets.conftest import write_images


def test_scan_images_lists_each_bad_file_and_keeps_the_rest(tmp_path: Path) -> None:
    folder = write_images(tmp_path / "set", {"a.png": (40, 30), "b.png": (20, 10)})
    (folder / "copy.png").write_bytes((folder / "a.png").read_bytes())
    (folder / "broken.png").write_bytes(b"not a picture")
    (folder / "notes.txt").write_text("hello")
    (folder / "bad name.png").write_bytes((folder / "b.png").read_bytes())
    (folder / "labels.csv").write_text("file\n")
    images, problems = scan_images(set_files(folder))
    assert [(image.file, image.width, image.height) for image in images] == [("a.png", 40, 30), ("b.png", 20, 10)]
    assert [str(problem) for problem in problems] == [
        "notes.txt: not an image file (read: .png .jpg .jpeg .webp .bmp .gif .tif .tiff)",
        f"bad name.png: {'bad name.png'!r} is not a plain file name (letters, digits, '.', '_', '-'): rename it",
        "broken.png: not an image (unrecognised format)",
        f"copy.png: the same image as a.png (sha256 {images[0].sha256[:12]}): left out",
    ]


def test_scan_images_refuses_more_images_than_the_limit(tmp_path: Path) -> None:
    paths = [tmp_path / f"{number}.png" for number in range(limits.AUDIT_SET_IMAGES.maximum + 1)]
    for path in paths:
        path.write_bytes(b"")
    with pytest.raises(limits.LimitError, match=r"^images: 501 images is above the limit of 500 images"):
        scan_images(paths)


def test_unpack_zip_flattens_folders_and_skips_hidden_members(tmp_path: Path) -> None:
    source = write_images(tmp_path / "src", {"a.png": (8, 8)})
    archive = tmp_path / "set.zip"
    with zipfile.ZipFile(archive, "w") as opened:
        opened.write(source / "a.png", "photos/a.png")
        opened.writestr("__MACOSX/photos/._a.png", b"junk")
        opened.writestr("photos/.DS_Store", b"junk")
    out = tmp_path / "out"
    out.mkdir()
    assert unpack_zip(archive, out) == ((out / "a.png",), ())
    assert sorted(path.name for path in out.iterdir()) == ["a.png"]


def test_unpack_zip_lists_members_with_dot_dot_rather_than_dropping_them_silently(tmp_path: Path) -> None:
    source = write_images(tmp_path / "src", {"a.png": (8, 8)})
    archive = tmp_path / "climb.zip"
    with zipfile.ZipFile(archive, "w") as opened:
        opened.write(source / "a.png", "photos/a.png")
        opened.writestr("../../evil.png", (source / "a.png").read_bytes())  # writestr keeps the name as given
        opened.writestr("x/y/../../c.png", (source / "a.png").read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    files, problems = unpack_zip(archive, out)
    assert files == (out / "a.png",)
    assert [str(problem) for problem in problems] == [
        "climb.zip: member '../../evil.png' has '..' in its path: left out, not extracted",
        "climb.zip: member 'x/y/../../c.png' has '..' in its path: left out, not extracted",
    ]
    assert sorted(path.name for path in out.iterdir()) == ["a.png"]


def corrupt_deflate(data: bytearray) -> None:
    start = data.index(b"PK\x03\x04") + 30 + len("a.png")  # the member's compressed bytes
    data[start] = 0xFF  # a deflate block of type 3, which does not exist


def unknown_method(data: bytearray) -> None:
    data[8:10] = struct.pack("<H", 99)  # the local header's compression method
    central = data.rfind(b"PK\x01\x02")
    data[central + 10:central + 12] = struct.pack("<H", 99)


@pytest.mark.parametrize(("damage", "message"), [
    (corrupt_deflate, "bad.zip: a.png: cannot be extracted (zlib.error: Error -3 while decompressing data: invalid "
                      "block type)"),
    (unknown_method, "bad.zip: a.png: cannot be extracted (NotImplementedError: That compression method is not "
                     "supported)"),
])
def test_unpack_zip_names_the_zip_and_member_it_cannot_extract(
        tmp_path: Path, damage: Callable[[bytearray], None], message: str) -> None:
    source = write_images(tmp_path / "src", {"a.png": (64, 64)})
    archive = tmp_path / "bad.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as opened:
        opened.write(source / "a.png", "a.png")
    data = bytearray(archive.read_bytes())
    damage(data)
    archive.write_bytes(bytes(data))
    with pytest.raises(AuditSetError) as raised:
        unpack_zip(archive, tmp_path)
    assert str(raised.value) == message


def test_unpack_zip_refuses_a_zip_bomb_by_its_compression_ratio(tmp_path: Path) -> None:
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as opened:
        opened.writestr("zeros.png", b"\0" * 1_000_000)
    with pytest.raises(limits.LimitError) as raised:
        unpack_zip(archive, tmp_path)
    assert str(raised.value).startswith("bomb.zip: zeros.png: ")
    assert "is above the limit of 100 to 1" in str(raised.value)
    assert not (tmp_path / "zeros.png").exists()


def test_unpack_zip_refuses_too_many_members_before_extracting(tmp_path: Path) -> None:
    archive = tmp_path / "many.zip"
    with zipfile.ZipFile(archive, "w") as opened:
        for number in range(limits.ZIP_MEMBERS.maximum + 1):
            opened.writestr(f"{number}.png", b"x")
    with pytest.raises(limits.LimitError, match=r"^many\.zip: 1,001 members is above the limit of 1,000 members"):
        unpack_zip(archive, tmp_path / "nowhere")


def test_unpack_zip_names_a_file_that_is_not_a_zip(tmp_path: Path) -> None:
    archive = tmp_path / "fake.zip"
    archive.write_bytes(b"PK not really")
    with pytest.raises(AuditSetError, match=r"^fake\.zip: not a zip file$"):
        unpack_zip(archive, tmp_path)


def test_unpack_zip_refuses_two_members_of_one_name_before_extracting(tmp_path: Path) -> None:
    archive = tmp_path / "twice.zip"
    with zipfile.ZipFile(archive, "w") as opened:
        opened.writestr("monday/a.png", b"x")
        opened.writestr("tuesday/a.png", b"y")
    with pytest.raises(AuditSetError) as raised:
        unpack_zip(archive, tmp_path)
    assert str(raised.value) == ("twice.zip: two members are named 'a.png' (folders inside the zip are dropped); "
                                 "rename one")
    assert not (tmp_path / "a.png").exists()
