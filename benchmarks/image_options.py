"""Image options: median ms per image per option, ML overhead over raw inference, scale vs thumbnail.

Runs on the sample images when `make setup` has produced them, else on synthetic JPEGs. Ratios
compare timings taken side by side in this run; the aim is that an ML option (decode to crop box)
costs at most 1.3x decode + raw `session.run` on the same tensor.
"""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import numpy as np
from PIL import Image

from benchmarks.timing import median_seconds
from imageoptions import (
    Choice,
    Chooser,
    FaceCrop,
    ImageOption,
    ImageOptionsError,
    LoadSettings,
    OptionResult,
    RenderSettings,
    builtin_options,
    load_image,
    parse_frame,
    run_option,
)

FRAME = parse_frame("1.0")
DISPLAY_WIDTH = 512
REPEATS = 5
OVERHEAD_AIM = 1.3
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png"}


def run() -> list[str]:
    """The report lines."""
    with tempfile.TemporaryDirectory() as scratch:
        paths, origin = benchmark_images(Path(scratch))
        lines = [f"{len(paths)} {origin} images, frame {FRAME.label}, {REPEATS} repeats, median per image"]
        options = ready_options(lines)
        lines += option_latencies(paths, options)
        lines += ml_overheads(paths, [option for option in options if isinstance(option.chooser, FaceCrop)])
        lines += scale_against_thumbnail(paths, next(o for o in options if o.name == "scale_to_fit"))
        lines += draft_decoding(paths, [option for option in options if isinstance(option.chooser, FaceCrop)])
    return lines


def benchmark_images(scratch: Path) -> tuple[list[Path], str]:
    """The sample images if present, else a few synthetic JPEGs written to `scratch`."""
    folder = Path(__file__).resolve().parent.parent / "sample_images" / "images"
    found = sorted(path for path in folder.glob("*") if path.suffix.lower() in IMAGE_SUFFIXES)
    if found:
        return found, "sample"
    rng = np.random.default_rng(0)
    paths = []
    for width, height in [(1600, 1200), (1200, 1600), (3000, 1000)]:
        path = scratch / f"synthetic_{width}x{height}.jpg"
        Image.fromarray(rng.integers(0, 255, (height, width, 3), dtype=np.uint8)).save(path, quality=90)
        paths.append(path)
    return paths, "synthetic"


def ready_options(lines: list[str]) -> list[ImageOption]:
    """The built-in options whose models load; a line for each that cannot."""
    ready = []
    for option in builtin_options():
        try:
            option.chooser.prepare()
        except ImageOptionsError as exc:
            lines.append(f"{option.name}: skipped ({exc})")
            continue
        ready.append(option)
    return ready


def option_latencies(paths: Sequence[Path], options: Sequence[ImageOption]) -> list[str]:
    """Median ms per image for each option, decode included."""
    lines = ["median ms per image (decode + option + render):"]
    for option in options:
        per_image = [median_seconds(partial(decode_and_run, option, path), repeats=REPEATS) for path in paths]
        lines.append(f"  {option.name:<22} {1000 * statistics.median(per_image):8.1f} ms")
    return lines


def ml_overheads(paths: Sequence[Path], options: Sequence[ImageOption]) -> list[str]:
    """For each face option: whole option over raw session.run, and over decode + session.run."""
    lines = []
    for option in options:
        assert isinstance(option.chooser, FaceCrop)
        parts = np.sum([time_parts(option.chooser, path) for path in paths], axis=0) * 1000 / len(paths)
        whole, decode, preprocess, raw, postprocess = (float(part) for part in parts)
        verdict = "within" if whole / (decode + raw) <= OVERHEAD_AIM else "OVER"
        lines.append(
            f"{option.name}: whole/raw run {whole / raw:.2f}x; whole/(decode + raw run) "
            f"{whole / (decode + raw):.2f}x ({verdict} the {OVERHEAD_AIM}x aim); mean ms per image: "
            f"decode {decode:.1f}, preprocess {preprocess:.1f}, run {raw:.1f}, "
            f"postprocess {postprocess:.1f}, whole option {whole:.1f}"
        )
    return lines


def time_parts(chooser: FaceCrop, path: Path) -> tuple[float, float, float, float, float]:
    """Seconds for the whole option (decode to crop box), decode, preprocess, raw run, postprocess."""
    detector = chooser.detector.get()
    image = load_image(path).image
    tensor, meta = detector.preprocess(image)
    outputs = detector.run(tensor)
    return (
        median_seconds(partial(decode_and_choose, chooser, path), repeats=REPEATS),
        median_seconds(lambda: load_image(path), repeats=REPEATS),
        median_seconds(lambda: detector.preprocess(image), repeats=REPEATS),
        median_seconds(lambda: detector.run(tensor), repeats=REPEATS),
        median_seconds(lambda: detector.postprocess(outputs, meta), repeats=REPEATS),
    )


def scale_against_thumbnail(paths: Sequence[Path], option: ImageOption) -> list[str]:
    """Our scale-to-fit (draft decode + letterbox at the display width) over Pillow's thumbnail."""
    render = RenderSettings(display_width=DISPLAY_WIDTH)
    settings = LoadSettings(draft_at_least=(DISPLAY_WIDTH, DISPLAY_WIDTH))

    def ours(path: Path) -> object:
        return run_option(option, load_image(path, settings), FRAME, render)

    def pillow(path: Path) -> object:
        with Image.open(path) as image:
            image.thumbnail((DISPLAY_WIDTH, DISPLAY_WIDTH))
            return image

    ours_s = sum(median_seconds(partial(ours, path), repeats=REPEATS) for path in paths)
    pillow_s = sum(median_seconds(partial(pillow, path), repeats=REPEATS) for path in paths)
    return [f"scale_to_fit over Image.thumbnail at {DISPLAY_WIDTH}px: {ours_s / pillow_s:.2f}x"]


def draft_decoding(paths: Sequence[Path], options: Sequence[ImageOption]) -> list[str]:
    """JPEG draft decode for the detector: time saved and how far the crop box moves."""
    jpegs = [path for path in paths if path.suffix.lower() in {".jpg", ".jpeg"}]
    if not jpegs or not options:
        return ["JPEG draft: no JPEG images or no face option to measure"]
    option = options[0]
    settings = LoadSettings(draft_at_least=(1024, 1024))  # CenterFace's default max side
    full_s = draft_s = 0.0
    shifts = []
    for path in jpegs:
        full_s += median_seconds(partial(decode_and_choose, option, path), repeats=REPEATS)
        draft_s += median_seconds(partial(decode_and_choose, option, path, settings), repeats=REPEATS)
        full_box = decode_and_choose(option, path).box
        draft_box = decode_and_choose(option, path, settings).box
        shifts.append(max(abs(a - b) for a, b in zip(full_box, draft_box, strict=True)))
    return [
        f"JPEG draft (>= 1024 px) for {option.name} on {len(jpegs)} JPEGs: draft/full time "
        f"{draft_s / full_s:.2f}x, largest crop-box shift {max(shifts)} px"
    ]


def decode_and_run(option: ImageOption, path: Path) -> OptionResult:
    """Decode a file and run one option on it, output rendered."""
    return run_option(option, load_image(path), FRAME)


def decode_and_choose(target: ImageOption | Chooser, path: Path, settings: LoadSettings | None = None) -> Choice:
    """Decode a file and choose its crop box: the whole ML option, decode to crop box."""
    chooser = target.chooser if isinstance(target, ImageOption) else target
    return chooser.choose(load_image(path, settings), FRAME)
