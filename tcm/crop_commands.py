"""`tcm crop`: run image options on image files and report crop boxes, times and fallbacks.

Exit status: 0 when every image x option ran; 1 when any image could not be loaded or any
option failed on an image (each is reported, and the others carry on); 2 for bad arguments
(an unknown option, a bad --aspect, a bad descriptor).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from imageoptions import (
    DescriptorError,
    Frame,
    FrameError,
    ImageLoadError,
    ImageOption,
    ImageOptionsError,
    LoadedImage,
    OptionResult,
    RenderSettings,
    UnknownOptionError,
    build_options,
    descriptor_spec,
    load_image,
    parse_frame,
    resolve_specs,
    run_option,
)
from imageoptions.geometry import CropBox


@dataclass(frozen=True)
class CropRow:
    """One image x option line of the report: box in original pixels, error None on success."""

    image: str
    option: str
    box: CropBox | None
    latency_ms: float | None
    fallback: str | None
    error: str | None


def register(subparsers: Any) -> None:
    """Add `tcm crop` to the `tcm` command."""
    parser = subparsers.add_parser(
        "crop",
        help="run image options on images and report their crop boxes",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    parser.add_argument(
        "--option",
        dest="options",
        action="append",
        default=[],
        metavar="NAME",
        help="an option to run (repeatable; all options by default)",
    )
    parser.add_argument(
        "--aspect",
        type=frame_argument,
        default=parse_frame("1.0"),
        metavar="0.56|1.0|1.14|2.0|original|WxH",
        help="the target frame (default 1.0)",
    )
    parser.add_argument("--out", type=Path, metavar="DIR", help="write each output image here")
    parser.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    parser.add_argument(
        "--descriptor",
        dest="descriptors",
        action="append",
        default=[],
        type=Path,
        metavar="YAML",
        help="a bring-your-own ONNX model descriptor; adds its option (repeatable)",
    )
    parser.add_argument("--display-width", type=positive_int, metavar="PX", help="cap output width for ratio frames")
    parser.set_defaults(handler=run_crop)


def frame_argument(text: str) -> Frame:
    """argparse type for --aspect."""
    try:
        return parse_frame(text)
    except FrameError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def positive_int(text: str) -> int:
    """argparse type for a whole number of at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def run_crop(args: argparse.Namespace) -> int:
    """The `tcm crop` handler: returns the exit status."""
    try:
        options = build_options(resolve_specs(args.options, [descriptor_spec(path) for path in args.descriptors]))
    except (DescriptorError, UnknownOptionError) as exc:
        print(f"tcm crop: {exc}", file=sys.stderr)
        return 2
    render = RenderSettings(display_width=args.display_width)
    rows = [row for path in args.images for row in crop_image(path, options, args.aspect, render, args.out)]
    print(format_json(rows) if args.json else format_table(rows))
    return 1 if any(row.error is not None for row in rows) else 0


def crop_image(
    path: Path, options: Sequence[ImageOption], frame: Frame, render: RenderSettings, out: Path | None
) -> list[CropRow]:
    """One row per option for one image; a load error fills every row with that error."""
    try:
        image = load_image(path)
    except ImageLoadError as exc:
        return [CropRow(str(path), option.name, None, None, None, str(exc)) for option in options]
    return [run_one(image, option, frame, render, out) for option in options]


def run_one(image: LoadedImage, option: ImageOption, frame: Frame, render: RenderSettings, out: Path | None) -> CropRow:
    """Run one option on one image, writing its output when asked."""
    try:
        result = run_option(option, image, frame, render)
        if out is not None:
            write_output(result, Path(image.source), out)
    except ImageOptionsError as exc:
        return CropRow(image.source, option.name, None, None, None, f"{option.name}: {exc}")
    except OSError as exc:
        return CropRow(image.source, option.name, None, None, None, f"cannot write output: {exc}")
    return CropRow(image.source, option.name, result.box, round(result.latency_ms, 3), result.fallback, None)


def write_output(result: OptionResult, source: Path, out: Path) -> Path:
    """Save the output image as `<out>/<image stem>.<option>.png` (lossless, whatever the input)."""
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{source.stem}.{result.option}.png"
    result.image.save(target)
    return target


def format_json(rows: Sequence[CropRow]) -> str:
    """The rows as a JSON list of {image, option, box, latency_ms, fallback, error}."""
    return json.dumps([{**asdict(row), "box": list(row.box) if row.box else None} for row in rows], indent=2)


def format_table(rows: Sequence[CropRow]) -> str:
    """The rows as an aligned text table."""
    header = ("image", "option", "box (l, t, r, b)", "ms", "fallback / error")
    lines = [header] + [
        (
            row.image,
            row.option,
            "" if row.box is None else ", ".join(map(str, row.box)),
            "" if row.latency_ms is None else f"{row.latency_ms:.1f}",
            f"ERROR {row.error}" if row.error else (row.fallback or ""),
        )
        for row in rows
    ]
    widths = [max(len(line[column]) for line in lines) for column in range(len(header) - 1)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line[:-1], widths, strict=True)) + "  " + line[-1]
        for line in lines
    ).rstrip()
