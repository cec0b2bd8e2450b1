"""Bring your own ONNX model: a YAML descriptor turns a team's box or saliency model into an option.

A descriptor (the one safe YAML reader, `limits.safe_yaml`; unknown keys are errors)::

    schema_version: 1
    name: team_faces              # the option's machine name
    label: Team face model        # what the dashboard shows
    kind: boxes                   # boxes | saliency_map
    model: team_faces.onnx        # relative to the descriptor file
    input:
      name: input                 # the model's input tensor
      width: 320                  # the image is stretched to width x height
      height: 240
      layout: NCHW                # NCHW | NHWC, RGB channel order, batch of one
      scale: 0.00392156862745098  # value = (pixel * scale - mean) / std
      mean: [0.0, 0.0, 0.0]
      std: [1.0, 1.0, 1.0]
    output: boxes                 # the output tensor to decode
    boxes:                        # kind boxes only: rows of x1, y1, x2, y2, score ([N, 5])
      coordinates: normalised     # normalised (0..1) | pixel (of the model input)
      score_threshold: 0.5
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import yaml
from PIL import Image

import limits
from imageoptions.detection import Detection
from imageoptions.errors import DescriptorError
from imageoptions.face_crop import FaceCrop, LazyDetector
from imageoptions.option import ImageOption
from imageoptions.saliency_crop import SaliencyCrop

T = TypeVar("T")

SCHEMA_VERSION = 1
KINDS = ("boxes", "saliency_map")
LAYOUTS = ("NCHW", "NHWC")
COORDINATES = ("normalised", "pixel")
BOX_COLUMNS = 5  # x1, y1, x2, y2, score
MODEL_CHANGED = "{file}: model: {model!r} has sha256 {actual}, not the {expected} it had when the option was chosen"

_TOP_KEYS = {"schema_version", "name", "label", "kind", "model", "input", "output", "boxes"}
_TOP_REQUIRED = _TOP_KEYS - {"boxes"}
_INPUT_KEYS = {"name", "width", "height", "layout", "scale", "mean", "std"}
_INPUT_REQUIRED = {"name", "width", "height", "layout"}
_BOX_KEYS = {"coordinates", "score_threshold"}


@dataclass(frozen=True)
class InputSpec:
    """The model's input tensor: name, size, layout and normalisation (per RGB channel)."""

    name: str
    width: int
    height: int
    layout: str
    scale: float = 1 / 255
    mean: tuple[float, float, float] = (0.0, 0.0, 0.0)
    std: tuple[float, float, float] = (1.0, 1.0, 1.0)

    def __post_init__(self) -> None:
        for field_name, side in (("width", self.width), ("height", self.height)):
            if isinstance(side, bool) or not isinstance(side, int) or side < 1:
                raise ValueError(f"{field_name}: {side!r} must be a positive whole number")
            if not limits.MODEL_INPUT_SIDE.allows(side):  # checked on reading, before any tensor is made
                raise ValueError(f"{field_name}: {limits.MODEL_INPUT_SIDE.message(side)}")
        if self.layout not in LAYOUTS:
            raise ValueError(f"layout: {self.layout!r} is not one of {', '.join(LAYOUTS)}")
        if not is_number(self.scale) or self.scale <= 0:
            raise ValueError(f"scale: {self.scale!r} must be a positive number")
        for field_name, values in (("mean", self.mean), ("std", self.std)):
            if not isinstance(values, tuple) or len(values) != 3 or not all(map(is_number, values)):
                raise ValueError(f"{field_name}: {values!r} must be 3 numbers (R, G, B)")
        if any(value == 0 for value in self.std):
            raise ValueError(f"std: {self.std!r} must not contain 0")

    @property
    def dimensions(self) -> dict[str, int]:
        """Where each descriptor field sits in the 4-D input shape."""
        # Channels first: a wrong layout then reads as a layout error, not a size error.
        if self.layout == "NCHW":
            return {"channels": 1, "height": 2, "width": 3}
        return {"channels": 3, "height": 1, "width": 2}


@dataclass(frozen=True)
class BoxDecoding:
    """How to read an [N, 5] box output: coordinate space and the score threshold."""

    coordinates: str = "normalised"
    score_threshold: float = 0.5

    def __post_init__(self) -> None:
        if self.coordinates not in COORDINATES:
            raise ValueError(f"coordinates: {self.coordinates!r} is not one of {', '.join(COORDINATES)}")
        if not is_number(self.score_threshold) or not 0.0 <= self.score_threshold <= 1.0:
            raise ValueError(f"score_threshold: {self.score_threshold!r} must be within 0..1")


@dataclass(frozen=True)
class ModelDescriptor:
    """A parsed descriptor; `model` is resolved against the descriptor's folder."""

    file: str
    name: str
    label: str
    kind: str
    model: str
    input: InputSpec
    output: str
    boxes: BoxDecoding | None = None
    model_sha256: str | None = None  # when given, a model file with other content is refused

    def __post_init__(self) -> None:
        if not re.match(r"^[a-z][a-z0-9_]*$", self.name):
            raise ValueError(f"name: {self.name!r} must be lower_snake_case (a machine name)")
        if not self.label.strip():
            raise ValueError(f"label: {self.label!r} must not be empty")
        if self.kind not in KINDS:
            raise ValueError(f"kind: {self.kind!r} is not one of {', '.join(KINDS)}")
        if self.kind == "boxes" and self.boxes is None:
            raise ValueError("boxes: missing (kind boxes needs it)")
        if self.kind == "saliency_map" and self.boxes is not None:
            raise ValueError("boxes: only allowed with kind boxes")


def load_descriptor(path: str | Path) -> ModelDescriptor:
    """Parse and check a descriptor file; every error names the file, the field and the value."""
    return parse_descriptor(read_descriptor(path), file=str(path), model=lambda name: Path(path).parent / name)


def read_descriptor(path: str | Path) -> bytes:
    """A descriptor file's bytes: a regular file within the size limit, else an error naming the file."""
    try:
        return limits.read_file(path, limits.DESCRIPTOR_BYTES)
    except limits.LimitError as exc:
        raise DescriptorError(str(exc)) from None
    except OSError as exc:
        raise DescriptorError(f"{path}: cannot read the descriptor ({exc.strerror})") from None


def parse_descriptor(
    data: bytes, *, file: str, model: Callable[[str], Path], model_sha256: str | None = None
) -> ModelDescriptor:
    """Check a descriptor's bytes; `model` turns its `model:` field into the model's path."""
    if len(data) > limits.DESCRIPTOR_BYTES.maximum:
        raise DescriptorError(f"{file}: {limits.DESCRIPTOR_BYTES.message(len(data))}")
    try:
        raw = limits.safe_yaml(data.decode("utf-8"), "a model descriptor")  # its 100 kB bound the values
    except UnicodeDecodeError:
        raise DescriptorError(f"{file}: not UTF-8 text") from None
    except limits.YamlError as exc:
        raise DescriptorError(f"{file}: {exc}") from None
    except yaml.YAMLError as exc:
        raise DescriptorError(f"{file}: not valid YAML ({exc})") from None
    top = require_mapping(raw, file, "")
    check_keys(top, _TOP_KEYS, _TOP_REQUIRED, file, "")
    if top["schema_version"] != SCHEMA_VERSION:
        raise DescriptorError(f"{file}: schema_version: {top['schema_version']!r} is not {SCHEMA_VERSION}")
    input_raw = require_mapping(top["input"], file, "input.")
    check_keys(input_raw, _INPUT_KEYS, _INPUT_REQUIRED, file, "input.")
    boxes_raw = None if top.get("boxes") is None else require_mapping(top["boxes"], file, "boxes.")
    if boxes_raw is not None:
        check_keys(boxes_raw, _BOX_KEYS, set(), file, "boxes.")
    spec = construct(file, "input.", lambda: InputSpec(**with_tuples(input_raw)))
    boxes = None if boxes_raw is None else construct(file, "boxes.", lambda: BoxDecoding(**boxes_raw))
    model_path = model(str(top["model"]))
    return construct(
        file,
        "",
        lambda: ModelDescriptor(
            file=file,
            name=str(top["name"]),
            label=str(top["label"]),
            kind=str(top["kind"]),
            model=str(model_path),
            input=spec,
            output=str(top["output"]),
            boxes=boxes,
            model_sha256=model_sha256,
        ),
    )


def read_model(descriptor: ModelDescriptor) -> bytes:
    """The model file's bytes, refused when missing, over the size limit, or not the expected content."""
    file, model = descriptor.file, Path(descriptor.model)
    try:
        data = limits.read_file(model, limits.MODEL_FILE_BYTES)
    except FileNotFoundError:
        raise DescriptorError(f"{file}: model: {model.name!r} does not exist (looked for {model})") from None
    except limits.NotAFileError as exc:
        raise DescriptorError(f"{file}: model: {model.name!r} ({model}) is {exc.strerror}") from None
    except OSError as exc:
        raise DescriptorError(f"{file}: model: {model.name!r} cannot be read ({exc.strerror})") from None
    except limits.LimitError as exc:
        raise DescriptorError(f"{file}: model: {exc}") from None
    digest = hashlib.sha256(data).hexdigest()
    if descriptor.model_sha256 is not None and digest != descriptor.model_sha256:
        raise DescriptorError(
            MODEL_CHANGED.format(file=file, model=model.name, actual=digest, expected=descriptor.model_sha256)
        )
    return data


def require_mapping(value: object, file: str, where: str) -> Mapping[str, Any]:
    """The value as a mapping, or an error naming where a mapping was expected."""
    if not isinstance(value, Mapping):
        place = where.rstrip(".") or "the top level"
        raise DescriptorError(f"{file}: {place}: expected a mapping, not {type(value).__name__}")
    return value


def check_keys(section: Mapping[str, Any], allowed: set[str], required: set[str], file: str, where: str) -> None:
    """Unknown keys and missing required keys are errors naming their path."""
    for key in sorted(set(section) - allowed):
        raise DescriptorError(f"{file}: {where}{key}: unknown key (allowed: {', '.join(sorted(allowed))})")
    for key in sorted(required - set(section)):
        raise DescriptorError(f"{file}: {where}{key}: missing")


def with_tuples(section: Mapping[str, Any]) -> dict[str, Any]:
    """YAML lists as tuples, so the frozen dataclass stays hashable."""
    return {key: tuple(value) if isinstance(value, list) else value for key, value in section.items()}


def construct(file: str, where: str, build: Callable[[], T]) -> T:
    """Run a dataclass constructor, prefixing its field-relative complaint with the file and section."""
    try:
        return build()
    except ValueError as exc:
        raise DescriptorError(f"{file}: {where}{exc}") from None


def is_number(value: object) -> bool:
    """True for an int or float that is not a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool)


class OnnxModel:
    """A descriptor's onnxruntime session, created on first use and checked against the descriptor."""

    def __init__(self, descriptor: ModelDescriptor) -> None:
        self.descriptor = descriptor
        self._lock = threading.Lock()
        self._session: Any = None
        self._sha256 = ""

    def session(self) -> Any:
        """The checked inference session (created now if this is the first call)."""
        with self._lock:
            if self._session is None:
                self._session, self._sha256 = open_session(self.descriptor)
            return self._session

    def sha256(self) -> str:
        """The model file's sha256."""
        self.session()
        return self._sha256

    def preprocess(self, image: Image.Image) -> np.ndarray:
        """The image stretched to the input size, normalised and laid out as the model wants."""
        spec = self.descriptor.input
        pixels = np.asarray(image.convert("RGB").resize((spec.width, spec.height), Image.Resampling.BILINEAR))
        mean = np.asarray(spec.mean, dtype=np.float32)
        std = np.asarray(spec.std, dtype=np.float32)
        values = (pixels.astype(np.float32) * np.float32(spec.scale) - mean) / std
        if spec.layout == "NCHW":
            values = values.transpose(2, 0, 1)
        return np.ascontiguousarray(values[np.newaxis], dtype=np.float32)

    def run(self, tensor: np.ndarray) -> list[np.ndarray]:
        """The descriptor's output for one pre-processed tensor."""
        outputs: list[np.ndarray] = self.session().run([self.descriptor.output], {self.descriptor.input.name: tensor})
        return outputs


def open_session(descriptor: ModelDescriptor) -> tuple[Any, str]:
    """Load the model with onnxruntime and check its real inputs and outputs against the descriptor."""
    import onnxruntime  # deferred: importing onnxruntime costs ~0.3 s and non-ML users never need it

    file, model = descriptor.file, Path(descriptor.model)
    data = read_model(descriptor)
    try:
        session = onnxruntime.InferenceSession(data, providers=["CPUExecutionProvider"])
    # onnxruntime's load errors derive only from Exception.
    except Exception as exc:
        raise DescriptorError(
            f"{file}: model: {model.name!r} cannot be loaded by onnxruntime ({type(exc).__name__})"
        ) from exc
    check_model(descriptor, session)
    return session, hashlib.sha256(data).hexdigest()


def check_model(descriptor: ModelDescriptor, session: Any) -> None:
    """Raise DescriptorError naming the field when the model's inputs or outputs disagree with it."""
    file, spec = descriptor.file, descriptor.input
    inputs = {node.name: list(node.shape) for node in session.get_inputs()}
    outputs = {node.name: list(node.shape) for node in session.get_outputs()}
    if spec.name not in inputs:
        raise DescriptorError(
            f"{file}: input.name: {spec.name!r} is not an input of the model; its inputs are {sorted(inputs)}"
        )
    shape = inputs[spec.name]
    if len(shape) != 4:
        raise DescriptorError(
            f"{file}: input.layout: {spec.layout} needs a 4-D input, but {spec.name!r} has shape {shape}"
        )
    expected = {"channels": 3, "height": spec.height, "width": spec.width}
    for field_name, position in spec.dimensions.items():
        actual = shape[position]
        if isinstance(actual, int) and actual != expected[field_name]:
            field = "layout" if field_name == "channels" else field_name
            value = spec.layout if field_name == "channels" else expected[field_name]
            raise DescriptorError(
                f"{file}: input.{field}: {value} does not match the model's input {spec.name!r} of shape "
                f"{shape} ({spec.layout} puts {field_name} at dimension {position})"
            )
    if descriptor.output not in outputs:
        raise DescriptorError(
            f"{file}: output: {descriptor.output!r} is not an output of the model; its outputs are {sorted(outputs)}"
        )
    last = outputs[descriptor.output][-1] if outputs[descriptor.output] else None
    if descriptor.kind == "boxes" and isinstance(last, int) and last != BOX_COLUMNS:
        raise DescriptorError(
            f"{file}: kind: boxes needs rows of {BOX_COLUMNS} (x1, y1, x2, y2, score), but output "
            f"{descriptor.output!r} has shape {outputs[descriptor.output]}"
        )


class OnnxBoxDetector:
    """A descriptor's box model as a FaceDetector: the face-centred crop then works on its boxes."""

    def __init__(self, descriptor: ModelDescriptor) -> None:
        if descriptor.boxes is None:
            raise DescriptorError(f"{descriptor.file}: boxes: missing (kind boxes needs it)")
        self.model = OnnxModel(descriptor)
        self.decoding = descriptor.boxes
        self.name = descriptor.name
        self.model_sha256 = self.model.sha256()

    def preprocess(self, image: Image.Image) -> tuple[np.ndarray, Any]:
        """The input tensor, and the image size to map boxes back to."""
        return self.model.preprocess(image), image.size

    def run(self, tensor: np.ndarray) -> list[np.ndarray]:
        """The raw box output."""
        return self.model.run(tensor)

    def postprocess(self, outputs: list[np.ndarray], meta: Any) -> list[Detection]:
        """Rows over the threshold, in image pixels, most confident first."""
        return decode_boxes(outputs[0], meta, self.model.descriptor.input, self.decoding)

    def detect(self, image: Image.Image) -> list[Detection]:
        """All boxes found in an RGB image, most confident first."""
        tensor, meta = self.preprocess(image)
        return self.postprocess(self.run(tensor), meta)


def decode_boxes(
    rows: np.ndarray, image_size: tuple[int, int], spec: InputSpec, decoding: BoxDecoding
) -> list[Detection]:
    """[..., N, 5] rows of x1, y1, x2, y2, score as detections in image pixels, clamped to the image."""
    table = np.asarray(rows, dtype=np.float64).reshape(-1, BOX_COLUMNS)
    if decoding.coordinates == "normalised":
        scale_x, scale_y = float(image_size[0]), float(image_size[1])
    else:
        scale_x, scale_y = image_size[0] / spec.width, image_size[1] / spec.height
    found = []
    for x1, y1, x2, y2, score in table:
        if score < decoding.score_threshold:
            continue
        box = (
            clamp(x1 * scale_x, image_size[0]),
            clamp(y1 * scale_y, image_size[1]),
            clamp(x2 * scale_x, image_size[0]),
            clamp(y2 * scale_y, image_size[1]),
        )
        found.append(Detection(box=box, score=float(score)))
    return sorted(found, key=lambda detection: -detection.score)


def clamp(value: float, high: int) -> float:
    """A coordinate limited to 0..high."""
    return float(min(max(value, 0.0), high))


class OnnxSaliency:
    """A descriptor's saliency model as a saliency source; its map is stretched over the whole image."""

    learned = True

    def __init__(self, descriptor: ModelDescriptor) -> None:
        self.model = OnnxModel(descriptor)
        self.settings = descriptor
        self.method = f"ONNX saliency model {descriptor.name} (learned)"

    def saliency_map(self, image: Image.Image) -> np.ndarray:
        """The model's map with its batch and channel axes of one removed."""
        output = np.asarray(self.model.run(self.model.preprocess(image))[0], dtype=np.float64)
        saliency_map = output.reshape([side for side in output.shape if side != 1] or [1, 1])
        if saliency_map.ndim == 1:  # a map one pixel high or wide
            saliency_map = output.reshape(output.shape[-2:])
        if saliency_map.ndim != 2:
            raise DescriptorError(
                f"{self.model.descriptor.file}: kind: saliency_map needs a 2-D map, but output "
                f"{self.model.descriptor.output!r} gave shape {list(output.shape)}"
            )
        return saliency_map

    def model_sha256(self) -> str | None:
        """The model file's sha256 (loads the model)."""
        return self.model.sha256()


def build_byo_option(path: str | Path) -> ImageOption:
    """An option from a descriptor file; the model itself loads (and is checked) on first use."""
    return build_descriptor_option(load_descriptor(path))


def build_descriptor_option(descriptor: ModelDescriptor) -> ImageOption:
    """An option from a checked descriptor; the model itself loads (and is checked) on first use."""
    if descriptor.kind == "boxes":
        detector = LazyDetector(descriptor.name, lambda: OnnxBoxDetector(descriptor), identity=descriptor)
        return ImageOption(descriptor.name, descriptor.label, "ml", FaceCrop(detector=detector))
    return ImageOption(descriptor.name, descriptor.label, "ml", SaliencyCrop(source=OnnxSaliency(descriptor)))
