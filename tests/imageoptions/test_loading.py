"""The bad-input table: each odd file loads correctly (with a note) or fails with its exact error."""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from imageoptions import ImageLoadError, LoadedImage, LoadSettings, load_image
from imageoptions.loading import check_header

WHITE = (255, 255, 255)


def write_zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def write_truncated_jpeg(path: Path) -> None:
    noise = np.random.default_rng(0).integers(0, 255, (64, 64, 3), dtype=np.uint8)
    Image.fromarray(noise).save(path, "JPEG", quality=90)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def write_text(path: Path) -> None:
    path.write_text("name,score\nalice,3\n")


def write_png_header(path: Path, width: int, height: int) -> None:
    """A PNG that only claims its size: enough for Pillow to refuse it before decoding."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b""))


BAD_FILES: list[tuple[str, Callable[[Path], None], str]] = [
    ("empty.jpg", write_zero_bytes, "empty file (0 bytes)"),
    ("truncated.jpg", write_truncated_jpeg, "truncated or corrupt JPEG data"),
    ("scores.csv", write_text, "not an image (unrecognised format)"),
    (
        "bomb.png",
        lambda path: write_png_header(path, 20_000, 20_000),
        "refused on opening: 400,000,000 pixels is above the limit of 50,000,000 pixels "
        "(a 48-megapixel phone photo fits; more is a possible decompression bomb)",
    ),
]


@pytest.mark.parametrize(("name", "write", "problem"), BAD_FILES)
def test_load_image_bad_file_gives_exact_error(
    tmp_path: Path, name: str, write: Callable[[Path], None], problem: str
) -> None:
    path = tmp_path / name
    write(path)
    with pytest.raises(ImageLoadError) as raised:
        load_image(path)
    assert str(raised.value) == f"{path}: {problem}"


def test_load_image_missing_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(ImageLoadError) as raised:
        load_image(tmp_path / "absent.jpg")
    assert str(raised.value) == f"{tmp_path / 'absent.jpg'}: cannot read the file (No such file or directory)"


@pytest.mark.parametrize(("name", "target", "kind"), [
    ("zero.png", "/dev/zero", "a character device"),  # a link: what it resolves to is checked
    ("folder.png", ".", "a folder"),
])
def test_load_image_refuses_what_is_not_a_regular_file_before_reading(
        tmp_path: Path, name: str, target: str, kind: str) -> None:
    (tmp_path / name).symlink_to(target if target.startswith("/") else tmp_path)
    with pytest.raises(ImageLoadError) as raised:
        load_image(tmp_path / name)
    assert raised.value.problem == f"cannot read the file (not a regular file but {kind}; expected a file)"
    assert raised.value.source == str(tmp_path / name)


def test_load_image_refuses_a_large_file_by_its_size_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.png"
    with path.open("wb") as file:
        file.truncate(100_000_001)  # sparse: no disk used
    with pytest.raises(ImageLoadError) as raised:
        load_image(path)
    assert raised.value.problem == ("100,000,001 bytes is above the limit of 100,000,000 bytes (one image file, "
                                    "read into memory once)")


def test_load_image_over_our_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.png"
    Image.new("RGB", (100, 100)).save(path)
    with pytest.raises(ImageLoadError) as raised:
        load_image(path, LoadSettings(max_pixels=1000))
    assert (
        str(raised.value)
        == f"{path}: 100x100: 10,000 pixels is above the limit of 1,000 pixels (set by LoadSettings.max_pixels)"
    )


def test_load_image_turns_pillow_bomb_error_into_ours(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "warn.png"
    Image.new("RGB", (100, 100)).save(path)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 4000)  # 10,000 pixels: over twice Pillow's limit
    with pytest.raises(ImageLoadError) as raised:
        load_image(path)
    assert str(raised.value) == (
        f"{path}: refused on opening: 10,000 pixels is above the limit of 4,000 pixels "
        "(set by PIL.Image.MAX_IMAGE_PIXELS)"
    )


def test_load_image_cmyk_jpeg_becomes_rgb(tmp_path: Path) -> None:
    path = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (20, 10), (0, 255, 255, 0)).save(path)
    loaded = load_image(path)
    assert loaded.image.mode == "RGB"
    assert loaded.notes == ("CMYK converted to RGB",)
    assert loaded.image.getpixel((5, 5)) == (255, 0, 0)


def test_load_image_sixteen_bit_png_is_scaled_not_clipped(tmp_path: Path) -> None:
    path = tmp_path / "deep.png"
    Image.fromarray(np.array([[0, 0x8000, 0xFFFF]], dtype=np.uint16)).save(path)
    loaded = load_image(path)
    assert loaded.notes == ("16-bit greyscale reduced to 8 bits",)
    assert [loaded.image.getpixel((x, 0)) for x in range(3)] == [(0, 0, 0), (128, 128, 128), (255, 255, 255)]


def test_load_image_palette_transparency_flattens_onto_background(tmp_path: Path) -> None:
    path = tmp_path / "palette.png"
    palette = Image.new("P", (10, 10), 0)
    palette.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    palette.paste(1, (0, 0, 5, 10))
    palette.save(path, transparency=0)
    loaded = load_image(path)
    assert loaded.notes == ("palette with transparency flattened onto (255, 255, 255)",)
    assert loaded.image.getpixel((0, 0)) == (255, 0, 0)
    assert loaded.image.getpixel((9, 0)) == WHITE


def test_load_image_animated_gif_uses_first_frame(tmp_path: Path) -> None:
    path = tmp_path / "anim.gif"
    frames = [Image.new("RGB", (30, 20), colour) for colour in [(255, 0, 0), (0, 255, 0), (0, 0, 255)]]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    loaded = load_image(path)
    assert loaded.notes == ("animated: used the first frame", "palette converted to RGB")
    assert loaded.image.getpixel((0, 0)) == (255, 0, 0)


def test_load_image_greyscale_becomes_rgb(tmp_path: Path) -> None:
    path = tmp_path / "grey.png"
    Image.new("L", (4, 3), 77).save(path)
    loaded = load_image(path)
    assert loaded.notes == ("greyscale converted to RGB",)
    assert loaded.image.getpixel((0, 0)) == (77, 77, 77)


def test_load_image_honours_exif_orientation(tmp_path: Path) -> None:
    path = tmp_path / "rotated.jpg"
    stored = Image.new("RGB", (40, 20), (0, 0, 255))
    stored.paste((255, 0, 0), (0, 0, 10, 10))  # red in the stored top-left
    exif = Image.Exif()
    exif[0x0112] = 6  # display = stored turned 90 degrees clockwise
    stored.save(path, exif=exif, quality=95)
    loaded = load_image(path)
    assert loaded.original_size == (20, 40)
    assert loaded.image.size == (20, 40)
    assert loaded.notes == ("rotated upright per EXIF orientation 6",)
    red, _, blue = np.asarray(loaded.image)[5, 15]  # the stored top-left is now the top-right
    assert red > 200 and blue < 60


@pytest.mark.parametrize(("size", "name"), [((2, 2), "tiny.png"), ((10000, 200), "strip.png"), ((1, 50), "sliver.png")])
def test_load_image_tiny_and_extreme_images_load(tmp_path: Path, size: tuple[int, int], name: str) -> None:
    path = tmp_path / name
    Image.new("RGB", size, (1, 2, 3)).save(path)
    loaded = load_image(path)
    assert loaded.image.size == size
    assert loaded.notes == ()


def test_load_image_hash_is_file_sha256(tmp_path: Path) -> None:
    path = tmp_path / "plain.png"
    Image.new("RGB", (3, 3)).save(path)
    assert load_image(path).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_load_image_jpeg_draft_shrinks_but_keeps_original_size(tmp_path: Path) -> None:
    path = tmp_path / "large.jpg"
    Image.new("RGB", (1600, 1200), (10, 20, 30)).save(path)
    loaded = load_image(path, LoadSettings(draft_at_least=(400, 300)))
    assert loaded.image.size == (400, 300)
    assert loaded.original_size == (1600, 1200)
    assert loaded.scale == (0.25, 0.25)
    assert loaded.notes == ("decoded at 1/4 scale (JPEG draft)",)


def test_load_image_bad_files_do_not_stop_good_ones(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.png", tmp_path / "bad.png"
    Image.new("RGB", (5, 5)).save(good)
    bad.write_bytes(b"")
    outcomes: list[object] = []
    for path in (bad, good):
        try:
            outcomes.append(load_image(path).image.size)
        except ImageLoadError as error:
            outcomes.append(error.problem)
    assert outcomes == ["empty file (0 bytes)", (5, 5)]


def test_load_image_unexpected_plugin_error_stays_per_image(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "odd.png"
    Image.new("RGB", (4, 4)).save(path)

    def broken_open(*args: object, **kwargs: object) -> Image.Image:
        raise struct.error("unpack requires a buffer of 4 bytes")

    monkeypatch.setattr(Image, "open", broken_open)
    with pytest.raises(ImageLoadError) as raised:
        load_image(path)
    assert str(raised.value) == f"{path}: cannot decode (error: unpack requires a buffer of 4 bytes)"


def test_load_image_unexpected_decode_error_stays_per_image(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "odd.png"
    Image.new("RGB", (4, 4)).save(path)

    def broken_load(self: Image.Image) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(Image.Image, "load", broken_load)
    with pytest.raises(ImageLoadError) as raised:
        load_image(path)
    assert str(raised.value) == f"{path}: cannot decode (ZeroDivisionError: division by zero)"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"max_pixels": 80_000_000}, "max_pixels must be 1..50,000,000, not 80,000,000"),
        ({"max_pixels": 0}, "max_pixels must be 1..50,000,000, not 0"),
        ({"max_decoded_bytes": 10**9}, "max_decoded_bytes must be 1..160,000,000, not 1,000,000,000"),
    ],
)
def test_load_settings_may_only_tighten_the_limits(settings: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError) as raised:
        LoadSettings(**settings)
    assert str(raised.value) == message


def test_load_image_thirty_two_bit_greyscale_is_clipped_to_sixteen_then_scaled() -> None:
    image = Image.fromarray(np.array([[-5, 0x8000, 70_000]], dtype=np.int32))
    assert image.mode == "I"
    loaded = LoadedImage.from_image(image)
    assert loaded.notes == ("16-bit greyscale reduced to 8 bits",)
    assert [loaded.image.getpixel((x, 0)) for x in range(3)] == [(0, 0, 0), (128, 128, 128), (255, 255, 255)]


def test_check_header_refuses_an_image_without_pixels() -> None:
    with pytest.raises(ImageLoadError) as raised:
        check_header(Image.new("RGB", (0, 10)), 100, "empty.png", LoadSettings())
    assert str(raised.value) == "empty.png: 0x10: the header claims no pixels"
