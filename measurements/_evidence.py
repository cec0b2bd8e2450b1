"""Evidence files: one measurement run as JSON, the contract with the cost engine.

The engine reads `metrics`: per image option, `latency_ms` {p10, p50, p90, n},
`face_cut_images` {count, of} and `survival_gap` {count, of, centre}; it turns counts into Beta
posteriors. Other metric names are allowed and kept. `results` holds the run's full results
as plain data, for people and reports.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, NoReturn, get_args

from imageoptions import ImageOptionsError
from measurements._errors import EvidenceError
from measurements._statistics import PARITY, LatencySummary
from measurements._workers import options_named
from sample_images import sha256_of_file

SCHEMA_VERSION = 1
EvidenceKind = Literal["retention", "pairs", "robustness"]
KINDS: tuple[str, ...] = get_args(EvidenceKind)
TOP_KEYS = ("schema_version", "kind", "created", "tcm_version", "command", "seed", "frame", "images", "models",
            "metrics", "results")

NOT_JSON = "not valid JSON ({problem})"
UNREADABLE = "cannot read the file ({problem})"
NOT_OBJECT = "{value!r} is not a JSON object"
NOT_LIST = "{value!r} is not a list"
NOT_TEXT = "{value!r} is not text"
NOT_COUNT = "{value!r} is not a whole number >= 0"
NOT_NUMBER = "{value!r} is not a finite number >= 0"
MISSING = "missing key {key!r}"
UNKNOWN_KEY = "unknown key {key!r} (allowed: {allowed})"
BAD_SCHEMA = "{value!r} is not a supported schema version (this code reads {supported})"
BAD_KIND = "{value!r} is not one of {kinds}"
COUNT_OVER = "count {count} is more than of {of}"
UNSORTED = "p10 {p10} <= p50 {p50} <= p90 {p90} does not hold"
BAD_CENTRE = "{value!r} is not a number in [0, 1]"
BAD_SHA = "{value!r} is not 64 lowercase hexadecimal digits"
NO_RUNS = "{value!r} is not a whole number >= 1"


@dataclass(frozen=True)
class CountMetric:
    """`count` out of `of` (e.g. images with a face cut, of images with a face)."""

    count: int
    of: int

    def __post_init__(self) -> None:
        if not 0 <= self.count <= self.of:
            raise ValueError(COUNT_OVER.format(count=self.count, of=self.of))


@dataclass(frozen=True)
class GapMetric:
    """Decided pairs won by the favoured group (`count`) of those between the two groups (`of`); `centre` is parity."""

    count: int
    of: int
    centre: float = PARITY

    def __post_init__(self) -> None:
        if not 0 <= self.count <= self.of:
            raise ValueError(COUNT_OVER.format(count=self.count, of=self.of))


@dataclass(frozen=True)
class OptionMetrics:
    """The metrics measured for one image option; `extra` holds any other named metrics as plain data."""

    latency_ms: LatencySummary | None = None
    face_cut_images: CountMetric | None = None
    survival_gap: GapMetric | None = None
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class FileRecord:
    """An image the run measured, by name and sha256 of its bytes."""

    file: str
    sha256: str


@dataclass(frozen=True)
class ModelRecord:
    """The model file behind an ML option, by sha256."""

    option: str
    sha256: str


@dataclass(frozen=True)
class Evidence:
    """One measurement run: what ran (command, seed, frame, files, models), its metrics and full results."""

    kind: EvidenceKind
    created: str
    tcm_version: str
    command: str
    seed: int
    frame: str
    images: tuple[FileRecord, ...]
    models: tuple[ModelRecord, ...]
    metrics: Mapping[str, OptionMetrics]
    results: Mapping[str, Any]
    schema_version: int = SCHEMA_VERSION

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(BAD_KIND.format(value=self.kind, kinds=", ".join(KINDS)))
        if self.schema_version != SCHEMA_VERSION:
            raise ValueError(BAD_SCHEMA.format(value=self.schema_version, supported=SCHEMA_VERSION))


def utc_now() -> str:
    """The current time as ISO 8601 UTC, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def file_records(paths: Sequence[str | Path]) -> tuple[FileRecord, ...]:
    """Each readable file's name and sha256, once per file (unreadable files are left out)."""
    records = {}
    for path in paths:
        try:
            records[str(path)] = FileRecord(Path(path).name, sha256_of_file(Path(path)))
        except OSError:  # reported by the measurement itself
            continue
    return tuple(records.values())


def model_records(options: Sequence[str]) -> tuple[ModelRecord, ...]:
    """The sha256 of each named option's model (loading it); options without a loadable model are left out."""
    records = []
    for option in options_named(options):
        try:
            digest = option.chooser.model_sha256()
        except ImageOptionsError:  # the run reports the option's failure per image
            continue
        if digest is not None:
            records.append(ModelRecord(option.name, digest))
    return tuple(records)


def to_plain(value: Any) -> Any:
    """Dataclasses, mappings and sequences as JSON-ready dicts and lists (non-finite floats as None)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {item.name: to_plain(getattr(value, item.name)) for item in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(key): to_plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(item) for item in value]
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def metrics_to_data(metrics: OptionMetrics) -> dict[str, Any]:
    """One option's metrics as the engine reads them: only the metrics measured."""
    data: dict[str, Any] = {}
    for name in ("latency_ms", "face_cut_images", "survival_gap"):
        value = getattr(metrics, name)
        if value is not None:
            data[name] = to_plain(value)
    data.update(to_plain(metrics.extra))
    return data


def evidence_to_data(evidence: Evidence) -> dict[str, Any]:
    """The evidence as the JSON object the schema describes, keys in schema order."""
    return {
        "schema_version": evidence.schema_version,
        "kind": evidence.kind,
        "created": evidence.created,
        "tcm_version": evidence.tcm_version,
        "command": evidence.command,
        "seed": evidence.seed,
        "frame": evidence.frame,
        "images": to_plain(evidence.images),
        "models": to_plain(evidence.models),
        "metrics": {option: metrics_to_data(values) for option, values in evidence.metrics.items()},
        "results": to_plain(evidence.results),
    }


def write_evidence(path: str | Path, evidence: Evidence) -> Path:
    """Write the evidence as indented JSON (strict: no NaN) and return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(evidence_to_data(evidence), indent=2, allow_nan=False) + "\n", encoding="utf-8")
    return target


def read_evidence(path: str | Path) -> Evidence:
    """Read and validate an evidence file; an EvidenceError names the file, the path and the value."""
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise EvidenceError(f"{source.name}: {UNREADABLE.format(problem=error)}") from None
    try:
        data = json.loads(text)
    except ValueError as error:
        raise EvidenceError(f"{source.name}: {NOT_JSON.format(problem=error)}") from None
    return parse_evidence(data, source.name)


def parse_evidence(data: object, source: str = "<evidence>") -> Evidence:
    """Validate plain data as evidence; an EvidenceError names `source`, the path and the value."""
    reader = _Reader(source)
    top = reader.mapping(data, "(top)")
    reader.keys(top, "(top)", TOP_KEYS, TOP_KEYS)
    if top["schema_version"] != SCHEMA_VERSION:
        reader.fail("schema_version", BAD_SCHEMA.format(value=top["schema_version"], supported=SCHEMA_VERSION))
    if top["kind"] not in KINDS:
        reader.fail("kind", BAD_KIND.format(value=top["kind"], kinds=", ".join(KINDS)))
    metrics = reader.mapping(top["metrics"], "metrics")
    return Evidence(
        kind=top["kind"],
        created=reader.text(top["created"], "created"),
        tcm_version=reader.text(top["tcm_version"], "tcm_version"),
        command=reader.text(top["command"], "command"),
        seed=reader.count(top["seed"], "seed"),
        frame=reader.text(top["frame"], "frame"),
        images=tuple(reader.file_record(item, f"images[{i}]") for i, item in enumerate(reader.list(top["images"],
                                                                                                  "images"))),
        models=tuple(reader.model_record(item, f"models[{i}]") for i, item in enumerate(reader.list(top["models"],
                                                                                                  "models"))),
        metrics={str(name): reader.option_metrics(values, f"metrics.{name}") for name, values in metrics.items()},
        results=reader.mapping(top["results"], "results"),
    )


class _Reader:
    """Checks raw JSON values, failing with the file, the path and the value."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, message: str) -> NoReturn:
        raise EvidenceError(f"{self.source}: {where}: {message}")

    def mapping(self, value: object, where: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            self.fail(where, NOT_OBJECT.format(value=value))
        return value

    def list(self, value: object, where: str) -> list[Any]:
        if not isinstance(value, list):
            self.fail(where, NOT_LIST.format(value=value))
        return value

    def keys(self, data: Mapping[str, Any], where: str, required: Sequence[str], allowed: Sequence[str]) -> None:
        for key in data:
            if key not in allowed:
                self.fail(where, UNKNOWN_KEY.format(key=key, allowed=", ".join(allowed)))
        for key in required:
            if key not in data:
                self.fail(where, MISSING.format(key=key))

    def text(self, value: object, where: str) -> str:
        if not isinstance(value, str):
            self.fail(where, NOT_TEXT.format(value=value))
        return value

    def count(self, value: object, where: str) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.fail(where, NOT_COUNT.format(value=value))
        return value

    def number(self, value: object, where: str) -> float:
        if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value) or value < 0:
            self.fail(where, NOT_NUMBER.format(value=value))
        return float(value)

    def sha256(self, value: object, where: str) -> str:
        text = self.text(value, where)
        if len(text) != 64 or any(c not in "0123456789abcdef" for c in text):
            self.fail(where, BAD_SHA.format(value=value))
        return text

    def file_record(self, value: object, where: str) -> FileRecord:
        data = self.mapping(value, where)
        self.keys(data, where, ("file", "sha256"), ("file", "sha256"))
        return FileRecord(self.text(data["file"], f"{where}.file"), self.sha256(data["sha256"], f"{where}.sha256"))

    def model_record(self, value: object, where: str) -> ModelRecord:
        data = self.mapping(value, where)
        self.keys(data, where, ("option", "sha256"), ("option", "sha256"))
        return ModelRecord(self.text(data["option"], f"{where}.option"), self.sha256(data["sha256"], f"{where}.sha256"))

    def option_metrics(self, value: object, where: str) -> OptionMetrics:
        data = self.mapping(value, where)
        extra = {name: item for name, item in data.items() if name not in ("latency_ms", "face_cut_images",
                                                                            "survival_gap")}
        return OptionMetrics(
            latency_ms=self.latency(data["latency_ms"], f"{where}.latency_ms") if "latency_ms" in data else None,
            face_cut_images=(self.count_metric(data["face_cut_images"], f"{where}.face_cut_images")
                             if "face_cut_images" in data else None),
            survival_gap=self.gap(data["survival_gap"], f"{where}.survival_gap") if "survival_gap" in data else None,
            extra=extra,
        )

    def latency(self, value: object, where: str) -> LatencySummary:
        data = self.mapping(value, where)
        keys = ("p10", "p50", "p90", "n")
        self.keys(data, where, keys, keys)
        p10, p50, p90 = (self.number(data[key], f"{where}.{key}") for key in keys[:3])
        if not p10 <= p50 <= p90:
            self.fail(where, UNSORTED.format(p10=p10, p50=p50, p90=p90))
        n = self.count(data["n"], f"{where}.n")
        if n < 1:
            self.fail(f"{where}.n", NO_RUNS.format(value=n))
        return LatencySummary(p10=p10, p50=p50, p90=p90, n=n)

    def count_metric(self, value: object, where: str) -> CountMetric:
        data = self.mapping(value, where)
        self.keys(data, where, ("count", "of"), ("count", "of"))
        count, of = self.count(data["count"], f"{where}.count"), self.count(data["of"], f"{where}.of")
        if count > of:
            self.fail(where, COUNT_OVER.format(count=count, of=of))
        return CountMetric(count, of)

    def gap(self, value: object, where: str) -> GapMetric:
        data = self.mapping(value, where)
        self.keys(data, where, ("count", "of", "centre"), ("count", "of", "centre"))
        count, of = self.count(data["count"], f"{where}.count"), self.count(data["of"], f"{where}.of")
        if count > of:
            self.fail(where, COUNT_OVER.format(count=count, of=of))
        centre = data["centre"]
        if not isinstance(centre, int | float) or isinstance(centre, bool) or not 0 <= centre <= 1:
            self.fail(f"{where}.centre", BAD_CENTRE.format(value=centre))
        return GapMetric(count, of, float(centre))
