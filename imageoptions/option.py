"""An image option: a named chooser of crop boxes, run and rendered the same way for every option."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import time
from dataclasses import dataclass
from typing import Literal, Protocol

from PIL import Image

from imageoptions.frames import Frame
from imageoptions.geometry import CropBox, Size, cap_pixels, cap_width, enclosing_canvas, fit_inside
from imageoptions.loading import RGB, LoadedImage
from imageoptions.results import Choice, OptionResult
from limits import LETTERBOX_PIXELS

Kind = Literal["ml", "non_ml"]
KINDS: tuple[Kind, ...] = ("ml", "non_ml")
_MACHINE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class Chooser(Protocol):
    """The part that differs between options: pick a box (original pixels) for one image and frame."""

    @property
    def settings(self) -> object:
        """The tunables (a frozen dataclass, or None): they make up the option's fingerprint."""
        ...

    def choose(self, image: LoadedImage, frame: Frame) -> Choice:
        """The box this option would show, with what it saw on the way."""
        ...

    def prepare(self) -> None:
        """Load any model now (raising ModelUnavailableError or DescriptorError if it cannot)."""
        ...

    def model_sha256(self) -> str | None:
        """The model file's sha256 for ML options (loads the model), None otherwise."""
        ...


@dataclass(frozen=True)
class RenderSettings:
    """How the output image is sized: aspect frames are capped at `display_width` when given."""

    display_width: int | None = None
    resample: Image.Resampling = Image.Resampling.LANCZOS

    def __post_init__(self) -> None:
        if self.display_width is not None and self.display_width < 1:
            raise ValueError(f"display_width must be at least 1, not {self.display_width}")


@dataclass(frozen=True)
class ImageOption:
    """A registry entry: a stable machine name, a human label, its kind and its chooser."""

    name: str
    label: str
    kind: Kind
    chooser: Chooser

    def __post_init__(self) -> None:
        if not _MACHINE_NAME.match(self.name):
            raise ValueError(f"option name {self.name!r} must be lower_snake_case")
        if self.kind not in KINDS:
            raise ValueError(f"option {self.name}: kind must be one of {KINDS}, not {self.kind!r}")
        if not self.label.strip():
            raise ValueError(f"option {self.name}: label must not be empty")

    def fingerprint(self) -> str:
        """A stable hash of the name, chooser type and tunables: one part of a result cache key."""
        settings = self.chooser.settings
        if dataclasses.is_dataclass(settings) and not isinstance(settings, type):
            tunables: object = dataclasses.asdict(settings)
        else:
            tunables = settings
        payload = {"option": self.name, "chooser": type(self.chooser).__name__, "settings": tunables}
        text = json.dumps(payload, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def run_option(
    option: ImageOption,
    image: LoadedImage,
    frame: Frame,
    render: RenderSettings | None = None,
) -> OptionResult:
    """Run one option on one image: choose a box, render the output, and time both (not model loading)."""
    option.chooser.prepare()
    start = time.perf_counter()
    choice = option.chooser.choose(image, frame)
    output = render_choice(image, choice, frame, render or RenderSettings())
    latency_ms = (time.perf_counter() - start) * 1000
    return OptionResult(
        option=option.name,
        image=output,
        box=choice.box,
        latency_ms=latency_ms,
        fallback=choice.fallback,
        detections=choice.detections,
        saliency=choice.saliency,
        notes=choice.notes,
    )


def render_choice(image: LoadedImage, choice: Choice, frame: Frame, settings: RenderSettings) -> Image.Image:
    """The output image for a choice: the crop resized to the frame, or the letterboxed whole."""
    if choice.letterbox is not None:
        return letterbox(image, frame, choice.letterbox, settings)
    box = choice.box
    size = output_size((box[2] - box[0], box[3] - box[1]), frame, settings)
    crop = image.image.crop(to_decoded(box, image))
    return crop if crop.size == size else crop.resize(size, settings.resample)


def letterbox(image: LoadedImage, frame: Frame, background: RGB, settings: RenderSettings) -> Image.Image:
    """The whole image scaled into a canvas of the frame's ratio, centred on `background`."""
    ratio = frame.ratio_for(image.original_size)
    # A 20000x400 strip in a square frame would otherwise need a 20000x20000 canvas (1.6 GB).
    enclosing = cap_pixels(enclosing_canvas(image.original_size, ratio), LETTERBOX_PIXELS.maximum)
    canvas_size = frame.pixels or cap_width(enclosing, settings.display_width)
    inner = fit_inside(image.original_size, canvas_size)
    scaled = image.image if image.image.size == inner else image.image.resize(inner, settings.resample)
    if inner == canvas_size:
        return scaled
    canvas = Image.new("RGB", canvas_size, background)
    canvas.paste(scaled, ((canvas_size[0] - inner[0]) // 2, (canvas_size[1] - inner[1]) // 2))
    return canvas


def output_size(box_size: Size, frame: Frame, settings: RenderSettings) -> Size:
    """Exactly the frame's pixels, or the crop box's own size capped at the display width."""
    if frame.pixels is not None:
        return frame.pixels
    return cap_width(box_size, settings.display_width)


def to_decoded(box: CropBox, image: LoadedImage) -> tuple[int, int, int, int]:
    """A box in original pixels mapped onto the (possibly draft-shrunk) decoded image."""
    scale_x, scale_y = image.scale
    if scale_x == 1.0 and scale_y == 1.0:
        return box
    left, top, right, bottom = box
    return (
        round(left * scale_x),
        round(top * scale_y),
        max(round(left * scale_x) + 1, round(right * scale_x)),
        max(round(top * scale_y) + 1, round(bottom * scale_y)),
    )
