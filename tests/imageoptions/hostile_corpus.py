"""A corpus of hostile image files, generated on demand (never committed): builders and expected outcomes.

Each builder writes one file cheaply (a bomb is written row by row through zlib, never held decoded).
Also run as a script by the memory test: `python hostile_corpus.py FILE` loads FILE once and prints
the peak resident memory the load added, in bytes, and the outcome.
"""

from __future__ import annotations

import io
import resource
import struct
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

WHY_PIXELS = "a 48-megapixel phone photo fits; more is a possible decompression bomb"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_RGB, PNG_RGBA, PNG_GREY, PNG_PALETTE = 2, 6, 0, 3


def png_chunk(kind: bytes, body: bytes) -> bytes:
    """One PNG chunk with its length and CRC."""
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def write_png_header_only(path: Path, width: int, height: int) -> None:
    """A PNG that only claims its size (IHDR, no pixel data)."""
    header = struct.pack(">IIBBBBB", width, height, 8, PNG_RGB, 0, 0, 0)
    path.write_bytes(PNG_SIGNATURE + png_chunk(b"IHDR", header) + png_chunk(b"IEND", b""))


def write_zero_png(path: Path, width: int, height: int, colour_type: int = PNG_RGBA, bit_depth: int = 8) -> None:
    """A valid all-zero PNG, compressed row by row so the test never holds the decoded pixels.

    A palette PNG gets one black entry, fully transparent (PLTE and tRNS).
    """
    channels = {PNG_GREY: 1, PNG_RGB: 3, PNG_RGBA: 4, PNG_PALETTE: 1}[colour_type]
    row = b"\x00" * (1 + width * channels * bit_depth // 8)  # filter byte 0, then zeros
    compressor = zlib.compressobj(9)
    parts = [compressor.compress(row) for _ in range(height)]
    data = b"".join(parts) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    palette = png_chunk(b"PLTE", b"\x00\x00\x00") + png_chunk(b"tRNS", b"\x00") if colour_type == PNG_PALETTE else b""
    chunks = png_chunk(b"IHDR", header) + palette + png_chunk(b"IDAT", data) + png_chunk(b"IEND", b"")
    path.write_bytes(PNG_SIGNATURE + chunks)


def noise(width: int, height: int) -> Image.Image:
    """Seeded RGB noise (compresses badly, so truncation cuts real pixel data)."""
    return Image.fromarray(np.random.default_rng(0).integers(0, 255, (height, width, 3), dtype=np.uint8))


def truncate_to_half(path: Path) -> None:
    """Cut a written file to its first half."""
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def write_truncated_png(path: Path) -> None:
    noise(64, 64).save(path, "PNG")
    truncate_to_half(path)


def write_truncated_jpeg(path: Path) -> None:
    noise(64, 64).save(path, "JPEG", quality=90)
    truncate_to_half(path)


def jpeg_claiming(width: int, height: int) -> bytes:
    """A tiny real JPEG whose frame header (SOF0) is patched to claim `width` x `height`."""
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (90, 90, 90)).save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def write_good_png(path: Path) -> None:
    Image.new("RGB", (30, 20), (10, 200, 30)).save(path)


def write_cmyk_jpeg(path: Path) -> None:
    Image.new("CMYK", (20, 10), (0, 255, 255, 0)).save(path)


def write_sixteen_bit_png(path: Path) -> None:
    Image.fromarray(np.array([[0, 0x8000, 0xFFFF]], dtype=np.uint16)).save(path)


def write_palette_transparency_png(path: Path) -> None:
    palette = Image.new("P", (10, 10), 0)
    palette.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    palette.paste(1, (0, 0, 5, 10))
    palette.save(path, transparency=0)


def write_animated_gif(path: Path) -> None:
    frames = [Image.new("RGB", (30, 20), colour) for colour in [(255, 0, 0), (0, 255, 0), (0, 0, 255)]]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)


def write_exif_rotated_jpeg(path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.new("RGB", (40, 20), (0, 0, 255)).save(path, exif=exif, quality=95)


def write_corrupt_exif_jpeg(path: Path) -> None:
    """A JPEG whose APP1 EXIF block claims an IFD far beyond its end."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (0, 0, 255)).save(buffer, "JPEG")
    data = buffer.getvalue()
    exif = b"Exif\x00\x00" + b"II*\x00\xff\xff\xff\x7f"
    path.write_bytes(data[:2] + b"\xff\xe1" + struct.pack(">H", 2 + len(exif)) + exif + data[2:])


@dataclass(frozen=True)
class Hostile:
    """One corpus file: how to write it and what loading it must give (an exact error, or size and notes)."""

    name: str
    write: Callable[[Path], None]
    problem: str | None = None
    size: tuple[int, int] | None = None
    notes: tuple[str, ...] = ()


CORPUS: tuple[Hostile, ...] = (
    Hostile("truncated.png", write_truncated_png, problem="truncated or corrupt PNG data"),
    Hostile("truncated.jpg", write_truncated_jpeg, problem="truncated or corrupt JPEG data"),
    Hostile("zero.png", lambda path: path.write_bytes(b""), problem="empty file (0 bytes)"),
    Hostile("notes.png", lambda path: path.write_text("not an image\n"), problem="not an image (unrecognised format)"),
    Hostile(
        "huge-header.png",
        lambda path: write_png_header_only(path, 100_000, 100_000),
        problem=f"refused on opening: 10,000,000,000 pixels is above the limit of 50,000,000 pixels ({WHY_PIXELS})",
    ),
    Hostile(
        "sliver-1x20000.png",
        lambda path: write_zero_png(path, 1, 20_000, PNG_RGB),
        problem="1x20000: 20,000 to 1 is above the limit of 50 to 1 (longer side over shorter side; a 10:1 "
        "panorama loads, a 1x20000 sliver does not)",
    ),
    Hostile(
        "sliver-1x79000000.png",
        lambda path: write_png_header_only(path, 1, 79_000_000),
        problem="1x79000000: 79,000,000 pixels is above the limit of 20,000 pixels (either side of an image; "
        "a 1x79,000,000 strip is refused)",
    ),
    Hostile(
        "bomb-8900x8900-rgba.png",
        lambda path: write_zero_png(path, 8900, 8900),
        problem=f"8900x8900: 79,210,000 pixels is above the limit of 50,000,000 pixels ({WHY_PIXELS})",
    ),
    Hostile(
        "bomb-6400x6400-rgba.png",
        lambda path: write_zero_png(path, 6400, 6400),
        problem="6400x6400 RGBA: 163,840,000 bytes is above the limit of 160,000,000 bytes (the decoded image "
        "(width x height x 4 bytes for colour, 2 for 16-bit grey, 1 for grey or palette) must fit the memory budget)",
    ),
    Hostile(
        "claims-8000x9000.jpg",
        lambda path: path.write_bytes(jpeg_claiming(8000, 9000)),
        problem=f"8000x9000: 72,000,000 pixels is above the limit of 50,000,000 pixels ({WHY_PIXELS})",
    ),
    Hostile(
        "claims-5000x7000.jpg",
        lambda path: path.write_bytes(jpeg_claiming(5000, 7000)),
        problem=f"truncated JPEG: its header claims 5000x7000 but the file holds {len(jpeg_claiming(5000, 7000))} "
        f"bytes: {len(jpeg_claiming(5000, 7000)) * 1_000_000 // 35_000_000} bytes per megapixel is below the minimum "
        "of 500 bytes per megapixel (a flat grey JPEG takes about 3,900; fewer means the data stops early and the "
        "rest would be painted grey)",
    ),
    Hostile("cmyk.jpg", write_cmyk_jpeg, size=(20, 10), notes=("CMYK converted to RGB",)),
    Hostile("deep.png", write_sixteen_bit_png, size=(3, 1), notes=("16-bit greyscale reduced to 8 bits",)),
    Hostile(
        "palette.png",
        write_palette_transparency_png,
        size=(10, 10),
        notes=("palette with transparency flattened onto (255, 255, 255)",),
    ),
    Hostile(
        "animated.gif",
        write_animated_gif,
        size=(30, 20),
        notes=("animated: used the first frame", "palette converted to RGB"),
    ),
    Hostile("rotated.jpg", write_exif_rotated_jpeg, size=(20, 40), notes=("rotated upright per EXIF orientation 6",)),
    Hostile(
        "corrupt-exif.jpg",
        write_corrupt_exif_jpeg,
        size=(40, 20),
        notes=("EXIF unreadable (UserWarning): orientation ignored",),
    ),
    Hostile(
        "largest-allowed-6300x6300-rgba.png",
        lambda path: write_zero_png(path, 6300, 6300),
        size=(6300, 6300),
        notes=("RGBA transparency flattened onto (255, 255, 255)",),
    ),
    Hostile(
        "largest-allowed-7000x7000-16bit.png",
        lambda path: write_zero_png(path, 7000, 7000, PNG_GREY, bit_depth=16),
        size=(7000, 7000),
        notes=("16-bit greyscale reduced to 8 bits",),
    ),
    Hostile(
        "largest-allowed-7000x7000-palette.png",
        lambda path: write_zero_png(path, 7000, 7000, PNG_PALETTE),
        size=(7000, 7000),
        notes=("palette with transparency flattened onto (255, 255, 255)",),
    ),
    Hostile("good.png", write_good_png, size=(30, 20)),
)


def peak_rss_bytes() -> int:
    """This process's peak resident memory so far.

    Linux's VmHWM starts afresh at exec; ru_maxrss would carry over the parent's peak at fork, so
    it is only the fallback where /proc is missing.
    """
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def measure(path: str) -> None:
    """Load one file and print the peak memory the load added and the outcome, tab-separated."""
    from imageoptions import ImageLoadError, load_image

    Image.init()  # every format plugin imported before the baseline
    before = peak_rss_bytes()
    try:
        outcome = "loaded {}x{}".format(*load_image(path).image.size)
    except ImageLoadError as error:
        outcome = error.problem
    print(f"{peak_rss_bytes() - before}\t{outcome}")


if __name__ == "__main__":
    measure(sys.argv[1])
