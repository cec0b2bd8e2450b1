"""The models (face detectors, person segmentation): cards (provenance, licence, tensors, limits), prepared files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "KNOWN_MODELS",
    "MODELS_DIR",
    "ModelCard",
    "ModelCardError",
    "ModelMissingError",
    "ModelSource",
    "TensorSpec",
    "load_model_card",
    "model_path",
]

MODELS_DIR = Path(__file__).resolve().parent
KNOWN_MODELS: tuple[str, ...] = (
    "centerface",
    "blazeface_short_range",
    "blazeface_full_range",
    "selfie_segmentation",
    "selfie_segmentation_landscape",
)
SCHEMA_VERSION = 1

UNKNOWN_MODEL = "unknown model {name!r}; known models: {known}"
MODEL_MISSING = "model file {path} is missing; run `make setup` (or `python -m models.prepare`)"
UNKNOWN_KEY = "{card}: unknown key {path!r}"
MISSING_KEY = "{card}: missing key {path!r}"
WRONG_TYPE = "{card}: {path!r} must be {kind}"


class ModelCardError(ValueError):
    """A model card that does not match the card schema."""


class ModelMissingError(FileNotFoundError):
    """A known model whose prepared file is not on disk."""


@dataclass(frozen=True)
class TensorSpec:
    """One model input or output: its name, shape (ints or symbolic names) and element type."""

    name: str
    shape: tuple[int | str, ...]
    dtype: str
    description: str


@dataclass(frozen=True)
class ModelSource:
    """Where the original model file comes from: a registry package and the file inside it."""

    registry: str
    package: str
    version: str
    archive: str
    archive_url: str
    archive_sha256: str
    path_in_package: str
    size_bytes: int
    sha256: str


@dataclass(frozen=True)
class ModelCard:
    """What we know about one model: provenance, licence, tensors, processing, use and limits."""

    name: str
    title: str
    file: str
    source: ModelSource
    prepared_sha256: str
    prepared_steps: tuple[str, ...]
    setup_tools: tuple[str, ...]
    licence_spdx: str
    licence_statement: str
    inputs: tuple[TensorSpec, ...]
    outputs: tuple[TensorSpec, ...]
    preprocessing: str
    postprocessing: str
    intended_use: str
    limits: tuple[str, ...]
    evaluation: str


def card_path(name: str) -> Path:
    """The YAML model card of a known model."""
    if name not in KNOWN_MODELS:
        raise KeyError(UNKNOWN_MODEL.format(name=name, known=", ".join(KNOWN_MODELS)))
    return MODELS_DIR / f"{name}.yaml"


def model_path(name: str) -> Path:
    """The prepared ONNX file of a known model; raises ModelMissingError if set-up has not run."""
    path = MODELS_DIR / load_model_card(name).file
    if not path.is_file():
        raise ModelMissingError(MODEL_MISSING.format(path=path))
    return path


def load_model_card(name: str) -> ModelCard:
    """The validated model card of a known model."""
    path = card_path(name)
    with path.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    return parse_model_card(raw, card=path.name)


_CARD_KEYS = (
    "schema_version",
    "name",
    "title",
    "file",
    "source",
    "prepared",
    "licence",
    "inputs",
    "outputs",
    "preprocessing",
    "postprocessing",
    "intended_use",
    "limits",
    "evaluation",
)
_SOURCE_KEYS = (
    "registry",
    "package",
    "version",
    "archive",
    "archive_url",
    "archive_sha256",
    "path_in_package",
    "size_bytes",
    "sha256",
)
_PREPARED_KEYS = ("sha256", "steps", "setup_tools")
_LICENCE_KEYS = ("spdx", "statement")
_TENSOR_KEYS = ("name", "shape", "dtype", "description")


def parse_model_card(raw: object, *, card: str) -> ModelCard:
    """A ModelCard from the YAML mapping of one card; unknown, missing or mistyped keys are errors."""
    top = _mapping(raw, _CARD_KEYS, path="", card=card)
    if top["schema_version"] != SCHEMA_VERSION:
        raise ModelCardError(WRONG_TYPE.format(card=card, path="schema_version", kind="1"))
    source = _mapping(top["source"], _SOURCE_KEYS, path="source", card=card)
    prepared = _mapping(top["prepared"], _PREPARED_KEYS, path="prepared", card=card)
    licence = _mapping(top["licence"], _LICENCE_KEYS, path="licence", card=card)
    return ModelCard(
        name=_text(top, "name", "", card),
        title=_text(top, "title", "", card),
        file=_text(top, "file", "", card),
        source=ModelSource(
            **{key: _text(source, key, "source", card) for key in _SOURCE_KEYS if key != "size_bytes"},
            size_bytes=_integer(source, "size_bytes", "source", card),
        ),
        prepared_sha256=_text(prepared, "sha256", "prepared", card),
        prepared_steps=_texts(prepared, "steps", "prepared", card),
        setup_tools=_texts(prepared, "setup_tools", "prepared", card),
        licence_spdx=_text(licence, "spdx", "licence", card),
        licence_statement=_text(licence, "statement", "licence", card),
        inputs=_tensors(top, "inputs", card),
        outputs=_tensors(top, "outputs", card),
        preprocessing=_text(top, "preprocessing", "", card),
        postprocessing=_text(top, "postprocessing", "", card),
        intended_use=_text(top, "intended_use", "", card),
        limits=_texts(top, "limits", "", card),
        evaluation=_text(top, "evaluation", "", card),
    )


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _mapping(raw: object, keys: tuple[str, ...], *, path: str, card: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ModelCardError(WRONG_TYPE.format(card=card, path=path or "<top>", kind="a mapping"))
    for key in raw:
        if key not in keys:
            raise ModelCardError(UNKNOWN_KEY.format(card=card, path=_join(path, str(key))))
    for key in keys:
        if key not in raw:
            raise ModelCardError(MISSING_KEY.format(card=card, path=_join(path, key)))
    return raw


def _text(mapping: dict[str, Any], key: str, path: str, card: str) -> str:
    value = mapping[key]
    if not isinstance(value, str) or not value.strip():
        raise ModelCardError(WRONG_TYPE.format(card=card, path=_join(path, key), kind="text"))
    return value.strip()


def _integer(mapping: dict[str, Any], key: str, path: str, card: str) -> int:
    value = mapping[key]
    if not isinstance(value, int) or isinstance(value, bool):
        raise ModelCardError(WRONG_TYPE.format(card=card, path=_join(path, key), kind="an integer"))
    return value


def _texts(mapping: dict[str, Any], key: str, path: str, card: str) -> tuple[str, ...]:
    value = mapping[key]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ModelCardError(WRONG_TYPE.format(card=card, path=_join(path, key), kind="a list of text"))
    return tuple(item.strip() for item in value)


def _tensors(mapping: dict[str, Any], key: str, card: str) -> tuple[TensorSpec, ...]:
    value = mapping[key]
    if not isinstance(value, list):
        raise ModelCardError(WRONG_TYPE.format(card=card, path=key, kind="a list"))
    specs = []
    for index, item in enumerate(value):
        path = f"{key}[{index}]"
        tensor = _mapping(item, _TENSOR_KEYS, path=path, card=card)
        shape = tensor["shape"]
        if not isinstance(shape, list) or not all(isinstance(dim, int | str) for dim in shape):
            raise ModelCardError(WRONG_TYPE.format(card=card, path=f"{path}.shape", kind="a list of ints or names"))
        specs.append(
            TensorSpec(
                name=_text(tensor, "name", path, card),
                shape=tuple(shape),
                dtype=_text(tensor, "dtype", path, card),
                description=_text(tensor, "description", path, card),
            )
        )
    return tuple(specs)
