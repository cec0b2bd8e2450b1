"""Option specs: what a work item carries so any process can build the option it names.

A spec is small, frozen and picklable: a built-in option's name, or a bring-your-own ONNX option's
descriptor text with the model's path and sha256. `build_option` turns a spec into an option once
per process (models load once per worker), so the same work item runs serially, in a process pool
or on a cluster actor, and a changed model file is refused rather than silently measured.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import limits
from imageoptions.byo_onnx import (
    ModelDescriptor,
    build_descriptor_option,
    open_session,
    parse_descriptor,
    read_descriptor,
    read_model,
)
from imageoptions.errors import DescriptorError, UnknownOptionError
from imageoptions.option import ImageOption
from imageoptions.registry import UNKNOWN_OPTION, builtin_options

UPLOADED_MODEL = "model.onnx"  # an uploaded model's name on disk: the descriptor's `model:` path is not followed
UPLOAD_TOO_LARGE = "{file}: {problem}"
DUPLICATE_OPTION = "option {name!r} is given twice ({where}); each option needs its own name"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class OptionSpec:
    """A built-in option by `name`, or (with `descriptor_yaml`) a bring-your-own ONNX option.

    `descriptor_file` is where the descriptor came from (named in error messages), `model_path`
    the model file every worker opens and `model_sha256` its content, checked when it loads; `model_file`
    is the model's file name as its owner gave it (the upload's name, or the descriptor's `model:` field).
    """

    name: str
    descriptor_yaml: str | None = None
    descriptor_file: str = ""
    model_path: str = ""
    model_sha256: str = ""
    model_file: str = ""

    def __post_init__(self) -> None:
        if self.descriptor_yaml is None:
            if self.descriptor_file or self.model_path or self.model_sha256 or self.model_file:
                raise ValueError(f"option {self.name!r}: a built-in option carries no descriptor or model")
            return
        if not self.model_path:
            raise ValueError(f"option {self.name!r}: model_path is missing")
        if not _SHA256.match(self.model_sha256):
            raise ValueError(f"option {self.name!r}: model_sha256 {self.model_sha256!r} is not 64 hex digits")

    @property
    def is_builtin(self) -> bool:
        """True for a built-in option (looked up in this process's own table)."""
        return self.descriptor_yaml is None

    def descriptor(self) -> ModelDescriptor:
        """The checked descriptor of a bring-your-own option, its model path and sha256 pinned."""
        if self.descriptor_yaml is None:
            raise DescriptorError(f"option {self.name!r} is built in: it has no descriptor")
        return parse_descriptor(self.descriptor_yaml.encode("utf-8"), file=self.descriptor_file,
                                model=lambda _: Path(self.model_path), model_sha256=self.model_sha256)


def builtin_specs() -> tuple[OptionSpec, ...]:
    """A spec for every built-in option, in table order."""
    return tuple(OptionSpec(option.name) for option in _builtin_table())


def descriptor_spec(path: str | Path) -> OptionSpec:
    """The spec of a descriptor file: checked, its model found and hashed (within the size limits)."""
    data = read_descriptor(path)  # read once: the text checked is the text the spec carries
    descriptor = parse_descriptor(data, file=str(path), model=lambda name: Path(path).parent / name)
    digest = hashlib.sha256(read_model(descriptor)).hexdigest()
    text = data.decode("utf-8")
    return OptionSpec(descriptor.name, text, descriptor.file, descriptor.model, digest, Path(descriptor.model).name)


def uploaded_spec(descriptor: bytes, descriptor_name: str, model: bytes, model_name: str, folder: Path) -> OptionSpec:
    """The spec of an uploaded descriptor and its model: both checked now (sizes, fields, the model against the
    descriptor), the model saved in `folder`; every error names the upload, the field and the value or limit."""
    for name, data, limit in ((descriptor_name, descriptor, limits.DESCRIPTOR_BYTES),
                              (model_name, model, limits.MODEL_FILE_BYTES)):
        if not limit.allows(len(data)):
            raise DescriptorError(UPLOAD_TOO_LARGE.format(file=name, problem=limit.message(len(data))))
    digest = hashlib.sha256(model).hexdigest()
    path = folder / digest[:16] / UPLOADED_MODEL
    parsed = parse_descriptor(descriptor, file=descriptor_name, model=lambda _: path, model_sha256=digest)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(model)
    try:
        open_session(parsed)  # a model that does not fit its descriptor is refused at upload, not in every audit
    except DescriptorError:
        path.unlink(missing_ok=True)  # a refused model takes no room in the session's folder
        raise
    return OptionSpec(parsed.name, descriptor.decode("utf-8"), descriptor_name, str(path), digest, model_name)


def resolve_specs(options: Sequence[OptionSpec | str], available: Sequence[OptionSpec] = ()) -> tuple[OptionSpec, ...]:
    """The options to run: specs as given, names looked up among the built-ins and `available`
    (every one of them when nothing is named); a name given twice is an error."""
    known = {spec.name: spec for spec in builtin_specs()}
    for spec in available:
        if known.get(spec.name, spec) != spec:
            raise DescriptorError(DUPLICATE_OPTION.format(name=spec.name, where=spec.descriptor_file or "built in"))
        known[spec.name] = spec
    if not options:
        return tuple(known.values())
    chosen: list[OptionSpec] = []
    for option in options:
        if isinstance(option, str) and option not in known:
            raise UnknownOptionError(UNKNOWN_OPTION.format(name=option, known=", ".join(known)))
        spec = known[option] if isinstance(option, str) else option
        if any(spec.name == other.name for other in chosen):
            raise UnknownOptionError(DUPLICATE_OPTION.format(name=spec.name, where=spec.descriptor_file or "built in"))
        chosen.append(spec)
    return tuple(chosen)


def build_option(spec: OptionSpec) -> ImageOption:
    """This process's option for `spec`, built once and reused (its model loads on first use)."""
    if spec.is_builtin:
        for option in _builtin_table():
            if option.name == spec.name:
                return option
        known = ", ".join(option.name for option in _builtin_table())
        raise UnknownOptionError(UNKNOWN_OPTION.format(name=spec.name, known=known))
    return _build_descriptor_option(spec)


def build_options(specs: Sequence[OptionSpec]) -> tuple[ImageOption, ...]:
    """This process's options for `specs`, in order."""
    return tuple(build_option(spec) for spec in specs)


@functools.cache
def _builtin_table() -> tuple[ImageOption, ...]:
    # Built once per process: the ML options' lazily loaded models are then shared by every work item.
    return builtin_options()


@functools.lru_cache(maxsize=32)
def _build_descriptor_option(spec: OptionSpec) -> ImageOption:
    return build_descriptor_option(spec.descriptor())
