"""Evidence files: the one reader and writer (schema version 3; versions 1 and 2 are read too).

A file is a JSON object. Only `schema_version` and `metrics` are required (a share link carries
just those); the rest records what ran: `kind` (retention, pairs, robustness), `created`,
`tcm_version`, the exact `command`, `seed`, `frame`, the `images` and `models` with sha256s, the
`machine` the times were measured on, and the `results` as plain data for people and reports. Version 3
adds `results_data`: where a run's per-card results are (a Parquet folder, relative to the evidence
file) and their sha256, so `results` keeps only summaries and a few example cards at any scale.
`metrics` maps an image option to named metrics; each name has a kind in `METRIC_KINDS`, and the
kind says how it is read and written. Every problem is reported at once, each naming its field:
`metrics.fixed_crop.survival_gap.comparisons[0].n_faces: 'x' is not a whole number >= 0`.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any

import limits
from evidence._metrics import (
    MIN_FACES,
    CountMetric,
    GroupGap,
    LatencyMetric,
    MeanMetric,
    Metric,
    SurvivalGapMetric,
)

SCHEMA_VERSION = 3
READABLE_VERSIONS = (1, 2, 3)
KINDS = ("retention", "pairs", "robustness", "head_retention")
TOP_KEYS = ("schema_version", "kind", "created", "tcm_version", "command", "seed", "frame", "images", "models",
            "machine", "metrics", "results", "results_data")
RESULTS_DATA_KEYS = ("path", "sha256", "format", "cards")
RESULTS_FORMATS = ("parquet",)
PARITY = 0.5
MAX_COUNT = 10**12
"""Counts above this are not a real measurement (a corrupted or hostile file)."""
MAX_NUMBER = 1e12
"""Times and other measured numbers above this are refused for the same reason."""

UNREADABLE = "cannot read the evidence file ({problem})"
NOT_JSON = "cannot read the evidence file: not valid JSON ({problem})"
NOT_OBJECT = "{value} is not a JSON object"
NOT_LIST = "{value} is not a list"
NOT_TEXT = "{value} is not text"
LONG_NUMBER = "a whole number of {digits:,} digits; no count in an evidence file has more than {limit}"
MAX_DIGITS = 18
LOCAL_PATH = "{value} is a local path; evidence names a file relative to its set (no leading / and no ..)"
NOT_BOOL = "{value} is not true or false"
NOT_COUNT = "{value} is not a whole number >= 0"
NOT_NUMBER = "{value} is not a finite number >= 0"
NOT_REAL = "{value} is not a finite number"
TOO_LARGE = "{value} is larger than {limit:g}"
OUT_OF_RANGE = "{value} is not in [{low:g}, {high:g}]"
MISSING = "missing key {key!r}"
UNKNOWN_KEY = "unknown key {key!r} (allowed: {allowed})"
UNKNOWN_METRIC = "unknown metric {name!r} (known: {known})"
BAD_SCHEMA = "{value} is not a supported schema version (this code reads {supported})"
BAD_KIND = "{value} is not one of {kinds}"
BAD_CHOICE = "{value} is not one of {choices}"
COUNT_OVER = "count {count} is more than of {of}"
UNSORTED = "p10 {p10} <= p50 {p50} <= p90 {p90} does not hold"
NO_RUNS = "{value} is not a whole number >= 1"
NOT_TWO = "{value} is not a list of two"
BAD_SHA = "{value} is not 64 lowercase hexadecimal digits"
BAD_INTERVAL = "ci_low {low} <= gap {gap} <= ci_high {high} does not hold"
ABSOLUTE_PATH = "{value} is an absolute path; results are named relative to the evidence file"
V1_CARDS_NOTE = "version-1 evidence counted cards, not faces: not enough faces to measure"


@dataclass(frozen=True)
class EvidenceProblem:
    """One thing wrong with an evidence file: where (`metrics.x.latency_ms.n`) and what."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class EvidenceError(ValueError):
    """Evidence that cannot be used, with every problem found; the message names the source and each field."""

    def __init__(self, problems: Iterable[EvidenceProblem], *, source: str = "") -> None:
        self.problems = tuple(problems)
        self.source = source
        prefix = f"{source}: " if source else ""
        super().__init__("\n".join(f"{prefix}{problem}" for problem in self.problems))


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
class Machine:
    """The computer the times were measured on: CPU model and logical cores."""

    cpu: str
    cores: int

    def describe(self) -> str:
        """'Intel(R) Xeon(R) CPU @ 2.20GHz, 2 cores'."""
        return f"{self.cpu}, {self.cores} core{'s' if self.cores != 1 else ''}"


@dataclass(frozen=True)
class ResultsData:
    """Where a run's per-card results are, relative to the evidence file, and the sha256 that pins them."""

    path: str
    sha256: str
    format: str = "parquet"
    cards: int = 0


@dataclass(frozen=True)
class EvidenceRecord:
    """One measurement run: what ran (command, seed, frame, files, models, machine), its metrics, its results.

    `metrics` maps an image option to its named metrics. Only `metrics` is needed by the cost
    engine; the rest is provenance. `schema_version` is the version the data was read from
    (1 for a migrated file); records are always written as version 3.
    """

    metrics: Mapping[str, Mapping[str, Metric]]
    kind: str | None = None
    created: str = ""
    tcm_version: str = ""
    command: str = ""
    seed: int | None = None
    frame: str = ""
    images: tuple[FileRecord, ...] = ()
    models: tuple[ModelRecord, ...] = ()
    machine: Machine | None = None
    results: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    schema_version: int = SCHEMA_VERSION
    results_data: ResultsData | None = None


class _Reader:
    """Checks raw JSON values, collecting a problem (field and message) for each bad one."""

    def __init__(self) -> None:
        self.problems: list[EvidenceProblem] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(EvidenceProblem(where, message))

    def mapping(self, value: object, where: str) -> Mapping[str, Any] | None:
        if not isinstance(value, Mapping):
            self.fail(where, NOT_OBJECT.format(value=limits.brief(value)))
            return None
        return value

    def list(self, value: object, where: str) -> Sequence[Any]:
        if not isinstance(value, list):
            self.fail(where, NOT_LIST.format(value=limits.brief(value)))
            return ()
        return value

    def keys(self, data: Mapping[str, Any], where: str, required: Sequence[str], allowed: Sequence[str]) -> bool:
        """True when every required key is there and no other key is."""
        before = len(self.problems)
        for key in data:
            if key not in allowed:
                self.fail(where, UNKNOWN_KEY.format(key=key, allowed=", ".join(allowed)))
        for key in required:
            if key not in data:
                self.fail(where, MISSING.format(key=key))
        return len(self.problems) == before

    def text(self, value: object, where: str) -> str:
        if not isinstance(value, str):
            self.fail(where, NOT_TEXT.format(value=limits.brief(value)))
            return ""
        if len(value) > limits.EVIDENCE_TEXT_CHARS.maximum:  # a 5 MB "command" made a 10 MB report
            self.fail(where, limits.EVIDENCE_TEXT_CHARS.message(len(value)))
            return ""
        return value

    def flag(self, value: object, where: str) -> bool:
        if not isinstance(value, bool):
            self.fail(where, NOT_BOOL.format(value=limits.brief(value)))
            return False
        return value

    def count(self, value: object, where: str, *, least: int = 0) -> int | None:
        if not isinstance(value, int) or isinstance(value, bool) or value < least:
            self.fail(where, (NOT_COUNT if least == 0 else NO_RUNS).format(value=limits.brief(value)))
            return None
        if value > MAX_COUNT:
            self.fail(where, TOO_LARGE.format(value=limits.brief(value), limit=MAX_COUNT))
            return None
        return value

    def number(self, value: object, where: str, *, low: float = 0.0, high: float = MAX_NUMBER) -> float | None:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
            self.fail(where, TOO_LARGE.format(value=limits.brief(value), limit=MAX_NUMBER))  # before any float()
            return None
        if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
            self.fail(where, (NOT_NUMBER if low >= 0 else NOT_REAL).format(value=limits.brief(value)))
            return None
        if low == 0 and value < 0:
            self.fail(where, NOT_NUMBER.format(value=limits.brief(value)))
            return None
        if abs(value) > MAX_NUMBER:
            self.fail(where, TOO_LARGE.format(value=limits.brief(value), limit=MAX_NUMBER))
            return None
        if not low <= value <= high:
            self.fail(where, OUT_OF_RANGE.format(value=limits.brief(value), low=low, high=high))
            return None
        return float(value)

    def sha256(self, value: object, where: str) -> str:
        text = self.text(value, where)
        if isinstance(value, str) and (len(text) != 64 or any(c not in "0123456789abcdef" for c in text)):
            self.fail(where, BAD_SHA.format(value=limits.brief(value)))
        return text


def _read_latency(reader: _Reader, value: object, where: str, version: int) -> LatencyMetric | None:
    data = reader.mapping(value, where)
    if data is None:
        return None
    optional = ("clock", "machine") if version >= 2 else ()
    if not reader.keys(data, where, ("p10", "p50", "p90", "n"), ("p10", "p50", "p90", "n", *optional)):
        return None
    p10, p50, p90 = (reader.number(data[key], f"{where}.{key}", high=float(limits.LATENCY_MS.maximum))
                     for key in ("p10", "p50", "p90"))
    n = reader.count(data["n"], f"{where}.n", least=1)
    clock = data.get("clock", "cpu" if version >= 2 else "wall")
    if clock not in ("cpu", "wall"):
        reader.fail(f"{where}.clock", BAD_CHOICE.format(value=limits.brief(clock), choices="cpu, wall"))
    machine = reader.text(data.get("machine", ""), f"{where}.machine")
    if p10 is None or p50 is None or p90 is None or n is None or clock not in ("cpu", "wall"):
        return None
    if not p10 <= p50 <= p90:
        reader.fail(where, UNSORTED.format(p10=p10, p50=p50, p90=p90))
        return None
    return LatencyMetric(p10=p10, p50=p50, p90=p90, n=n, clock="cpu" if clock == "cpu" else "wall", machine=machine)


def _read_count(reader: _Reader, value: object, where: str, version: int) -> CountMetric | None:
    data = reader.mapping(value, where)
    if data is None:
        return None
    # Version 1 wrote `centre` on the position-bias count; it is parity, implied by the metric.
    allowed = ("count", "of") if version >= 2 else ("count", "of", "centre")
    if not reader.keys(data, where, ("count", "of"), allowed):
        return None
    count, of = reader.count(data["count"], f"{where}.count"), reader.count(data["of"], f"{where}.of")
    if count is None or of is None:
        return None
    if count > of:
        reader.fail(where, COUNT_OVER.format(count=count, of=of))
        return None
    return CountMetric(count=count, of=of)


GAP_KEYS = ("groups", "gap", "standard_error", "n_faces", "n_cards", "enough_faces")
GAP_OPTIONAL = ("ci_low", "ci_high", "note")


def _read_gap(reader: _Reader, value: object, where: str, bound: float = PARITY) -> GroupGap | None:
    data = reader.mapping(value, where)
    if data is None or not reader.keys(data, where, GAP_KEYS, GAP_KEYS + GAP_OPTIONAL):
        return None
    before = len(reader.problems)
    groups = reader.list(data["groups"], f"{where}.groups")
    if isinstance(data["groups"], list) and len(groups) != 2:
        reader.fail(f"{where}.groups", NOT_TWO.format(value=limits.brief(data["groups"])))
    names = tuple(reader.text(name, f"{where}.groups[{i}]") for i, name in enumerate(groups))
    gap = reader.number(data["gap"], f"{where}.gap", low=-bound, high=bound)
    error = reader.number(data["standard_error"], f"{where}.standard_error", high=1.0)
    faces = reader.list(data["n_faces"], f"{where}.n_faces")
    if isinstance(data["n_faces"], list) and len(faces) != 2:
        reader.fail(f"{where}.n_faces", NOT_TWO.format(value=limits.brief(data["n_faces"])))
    counts = tuple(reader.count(n, f"{where}.n_faces[{i}]") for i, n in enumerate(faces))
    cards = reader.count(data["n_cards"], f"{where}.n_cards")
    enough = reader.flag(data["enough_faces"], f"{where}.enough_faces")
    low = None if data.get("ci_low") is None else reader.number(data["ci_low"], f"{where}.ci_low", low=-bound,
                                                                high=bound)
    high = None if data.get("ci_high") is None else reader.number(data["ci_high"], f"{where}.ci_high",
                                                                  low=-bound, high=bound)
    note = reader.text(data.get("note", ""), f"{where}.note")
    if len(reader.problems) > before or gap is None or error is None or cards is None:
        return None
    if low is not None and high is not None and not low <= gap <= high:
        reader.fail(where, BAD_INTERVAL.format(low=low, gap=gap, high=high))
        return None
    first, second = counts  # both whole numbers: no problem was found above
    return GroupGap(groups=(names[0], names[1]), gap=gap, standard_error=error, n_faces=(first or 0, second or 0),
                    n_cards=cards, enough_faces=enough, ci_low=low, ci_high=high, note=note)


def _read_survival_gap(reader: _Reader, value: object, where: str, version: int) -> SurvivalGapMetric | None:
    if version == 1:
        return _migrate_survival_gap(reader, value, where)
    return _read_comparisons(reader, value, where, PARITY)


def _read_retention_gap(reader: _Reader, value: object, where: str, version: int) -> SurvivalGapMetric | None:
    return _read_comparisons(reader, value, where, 1.0)


def _read_mean(reader: _Reader, value: object, where: str, version: int) -> MeanMetric | None:
    data = reader.mapping(value, where)
    if data is None or not reader.keys(data, where, ("mean", "n"), ("mean", "n")):
        return None
    mean, n = reader.number(data["mean"], f"{where}.mean", high=1.0), reader.count(data["n"], f"{where}.n")
    if mean is None or n is None:
        return None
    return MeanMetric(mean=mean, n=n)


def _read_comparisons(reader: _Reader, value: object, where: str, bound: float) -> SurvivalGapMetric | None:
    data = reader.mapping(value, where)
    if data is None or not reader.keys(data, where, ("comparisons",), ("comparisons", "min_faces")):
        return None
    items = reader.list(data["comparisons"], f"{where}.comparisons")
    comparisons = [_read_gap(reader, item, f"{where}.comparisons[{i}]", bound) for i, item in enumerate(items)]
    min_faces = reader.count(data.get("min_faces", MIN_FACES), f"{where}.min_faces")
    if min_faces is None or any(comparison is None for comparison in comparisons):
        return None
    return SurvivalGapMetric(comparisons=tuple(c for c in comparisons if c is not None), min_faces=min_faces)


def _migrate_survival_gap(reader: _Reader, value: object, where: str) -> SurvivalGapMetric | None:
    """A version-1 {count, of, centre}: one comparison whose binomial error counts cards, never enough faces."""
    data = reader.mapping(value, where)
    if data is None or not reader.keys(data, where, ("count", "of"), ("count", "of", "centre")):
        return None
    count, of = reader.count(data["count"], f"{where}.count"), reader.count(data["of"], f"{where}.of")
    centre = reader.number(data.get("centre", PARITY), f"{where}.centre", high=1.0)
    if count is None or of is None or centre is None:
        return None
    if count > of:
        reader.fail(where, COUNT_OVER.format(count=count, of=of))
        return None
    if of == 0:
        return SurvivalGapMetric(comparisons=())
    rate = count / of
    return SurvivalGapMetric(comparisons=(GroupGap(
        groups=("favoured group", "other group"), gap=(count - PARITY * of) / of,
        standard_error=math.sqrt(rate * (1 - rate) / of), n_faces=(0, 0), n_cards=of, enough_faces=False,
        note=V1_CARDS_NOTE,
    ),))


MetricReader = Callable[[_Reader, object, str, int], Metric | None]


@dataclass(frozen=True)
class MetricKind:
    """A kind of metric: its type, what it measures, and how it is read (the writer is generic)."""

    kind: str
    type: type
    read: MetricReader
    description: str


LATENCY = MetricKind("latency", LatencyMetric, _read_latency, "time per image in ms: p10, p50, p90 over n images")
COUNT = MetricKind("count", CountMetric, _read_count, "count out of of")
SURVIVAL_GAP = MetricKind("survival_gap", SurvivalGapMetric, _read_survival_gap,
                          "every group comparison of a pairwise survival audit, faces as the unit")
RETENTION_GAP = MetricKind("retention_gap", SurvivalGapMetric, _read_retention_gap,
                           "every group comparison of mean head retention (first minus second), faces as the unit")
MEAN = MetricKind("mean", MeanMetric, _read_mean, "a mean in 0..1 over n units")

METRIC_KINDS: Mapping[str, MetricKind] = MappingProxyType({
    "latency_ms": LATENCY,  # CPU time per image: what compute costs
    "wall_latency_ms": LATENCY,  # elapsed time per image, kept beside the CPU time
    "face_cut_images": COUNT,  # images with a face cut, of images with a face
    "faces_cut": COUNT,  # faces cut, of faces
    "fallbacks": COUNT,  # runs where a face-centred option found nothing and fell back, of runs
    "position_first_wins": COUNT,  # decided cards won by the first position, of decided cards
    "unreliable_outputs": COUNT,  # outputs flagged unreliable, of outputs
    "survival_gap": SURVIVAL_GAP,
    "head_retention_gap": RETENTION_GAP,  # mask options: head retention by perceived skin tone (version 3)
    "heads_kept": COUNT,  # faces whose box and head region were both at least 90% kept, of faces
    "mask_iou": MEAN,  # mean IoU of the person mask with the hand-drawn outlines, over images
    "mask_iou_dim": MEAN,  # the same under dim light, backlight and noise
    "mask_iou_backlight": MEAN,
    "mask_iou_noise": MEAN,
})
"""Every metric an evidence file may carry, by name, and its kind."""


def parse_evidence(data: object, source: str = "") -> EvidenceRecord:
    """Validate plain data (a parsed file or a share link's payload) as evidence; version 1 is migrated."""
    reader = _Reader()
    top = reader.mapping(data, "")
    if top is None or not reader.keys(top, "", ("schema_version", "metrics"), TOP_KEYS):
        raise EvidenceError(reader.problems, source=source)
    version = top["schema_version"]
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        *earlier, last = (str(v) for v in READABLE_VERSIONS)
        supported = f"{', '.join(earlier)} and {last}"
        raise EvidenceError([EvidenceProblem("schema_version", BAD_SCHEMA.format(value=limits.brief(version),
                                                                                 supported=supported))], source=source)
    kind = top.get("kind")
    if kind is not None and kind not in KINDS:
        reader.fail("kind", BAD_KIND.format(value=limits.brief(kind), kinds=", ".join(KINDS)))
    seed = None if top.get("seed") is None else reader.count(top["seed"], "seed")
    record = EvidenceRecord(
        metrics=_read_metrics(reader, top["metrics"], version),
        kind=kind if kind in KINDS else None,
        created=reader.text(top.get("created", ""), "created"),
        tcm_version=reader.text(top.get("tcm_version", ""), "tcm_version"),
        command=reader.text(top.get("command", ""), "command"),
        seed=seed,
        frame=reader.text(top.get("frame", ""), "frame"),
        images=tuple(_read_file(reader, item, f"images[{i}]")
                     for i, item in enumerate(reader.list(top.get("images", []), "images"))),
        models=tuple(_read_model(reader, item, f"models[{i}]")
                     for i, item in enumerate(reader.list(top.get("models", []), "models"))),
        machine=None if top.get("machine") is None else _read_machine(reader, top["machine"], "machine"),
        results=reader.mapping(top.get("results", {}), "results") or {},
        schema_version=version,
        results_data=None if top.get("results_data") is None else _read_results_data(reader, top["results_data"],
                                                                                      "results_data"),
    )
    if reader.problems:
        raise EvidenceError(reader.problems, source=source)
    return record


def _read_metrics(reader: _Reader, value: object, version: int) -> dict[str, dict[str, Metric]]:
    options = reader.mapping(value, "metrics")
    parsed: dict[str, dict[str, Metric]] = {}
    for option, values in (options or {}).items():
        where = f"metrics.{option}"
        named = reader.mapping(values, where)
        parsed[option] = {}
        for name, raw in (named or {}).items():
            kind = METRIC_KINDS.get(name)
            if kind is None:
                if version >= 2:  # version 1 allowed other names, which no reader used
                    reader.fail(f"{where}.{name}", UNKNOWN_METRIC.format(name=name, known=", ".join(METRIC_KINDS)))
                continue
            metric = kind.read(reader, raw, f"{where}.{name}", version)
            if metric is not None:
                parsed[option][name] = metric
    return parsed


def _read_file(reader: _Reader, value: object, where: str) -> FileRecord:
    data = reader.mapping(value, where)
    if data is None or not reader.keys(data, where, ("file", "sha256"), ("file", "sha256")):
        return FileRecord("", "")
    name = reader.text(data["file"], f"{where}.file")
    if _absolute(name) or ".." in PurePosixPath(name.replace("\\", "/")).parts:
        reader.fail(f"{where}.file", LOCAL_PATH.format(value=limits.brief(name)))
    return FileRecord(name, reader.sha256(data["sha256"], f"{where}.sha256"))


def _read_model(reader: _Reader, value: object, where: str) -> ModelRecord:
    data = reader.mapping(value, where)
    if data is None or not reader.keys(data, where, ("option", "sha256"), ("option", "sha256")):
        return ModelRecord("", "")
    return ModelRecord(reader.text(data["option"], f"{where}.option"),
                       reader.sha256(data["sha256"], f"{where}.sha256"))


def _read_machine(reader: _Reader, value: object, where: str) -> Machine | None:
    data = reader.mapping(value, where)
    if data is None or not reader.keys(data, where, ("cpu", "cores"), ("cpu", "cores")):
        return None
    cores = reader.count(data["cores"], f"{where}.cores", least=1)
    return Machine(reader.text(data["cpu"], f"{where}.cpu"), cores or 1)


def _absolute(path: str) -> bool:
    """Absolute on any system (`/x`, `\\x`, `C:x`): a file written on one machine is read on another."""
    return path.startswith(("/", "\\")) or (len(path) > 1 and path[1] == ":")


def _read_results_data(reader: _Reader, value: object, where: str) -> ResultsData | None:
    data = reader.mapping(value, where)
    if data is None or not reader.keys(data, where, ("path", "sha256"), RESULTS_DATA_KEYS):
        return None
    path = reader.text(data["path"], f"{where}.path")
    if _absolute(path):  # a relative path may climb (`../run.results`): it is where the run wrote it
        reader.fail(f"{where}.path", ABSOLUTE_PATH.format(value=limits.brief(path)))
    kind = data.get("format", "parquet")
    if kind not in RESULTS_FORMATS:
        reader.fail(f"{where}.format", BAD_CHOICE.format(value=limits.brief(kind), choices=", ".join(RESULTS_FORMATS)))
    cards = reader.count(data.get("cards", 0), f"{where}.cards")
    return ResultsData(path, reader.sha256(data["sha256"], f"{where}.sha256"), str(kind), cards or 0)


def read_evidence(path: str | Path) -> EvidenceRecord:
    """Read and validate an evidence file; an EvidenceError names the file, each field and value."""
    source = Path(path)
    try:  # read no further than the limit, so /dev/zero or a huge file never fills memory
        data = limits.read_file(source, limits.EVIDENCE_BYTES)
    except (OSError, ValueError) as error:  # LimitError is a ValueError
        raise EvidenceError([EvidenceProblem("", UNREADABLE.format(problem=error))], source=str(source)) from None
    return evidence_from_bytes(data, str(source))


def evidence_from_bytes(data: bytes, source: str) -> EvidenceRecord:
    """Validate an evidence file's bytes (read from disk or uploaded); an EvidenceError names `source`, each field
    and value."""
    try:
        limits.check(limits.EVIDENCE_BYTES, len(data))
        text = data.decode("utf-8-sig")  # a byte-order mark, as some editors save, is not an error
    except ValueError as error:  # UnicodeDecodeError and LimitError are ValueErrors
        raise EvidenceError([EvidenceProblem("", UNREADABLE.format(problem=error))], source=source) from None
    depth = limits.json_depth(data)
    if depth > limits.JSON_DEPTH.maximum:  # refused before the parser recurses into it
        raise EvidenceError([EvidenceProblem("", NOT_JSON.format(problem="it nests too deep: "
                                                                + limits.JSON_DEPTH.message(depth)))], source=source)
    try:
        parsed = json.loads(text, object_pairs_hook=limits.unique_keys, parse_int=_whole_number)
    except (ValueError, RecursionError) as error:
        raise EvidenceError([EvidenceProblem("", NOT_JSON.format(problem=error))], source=source) from None
    return parse_evidence(parsed, source)


def _whole_number(digits: str) -> int:
    """A JSON integer, refused past any count a file holds (Python's own refusal names a setting of its own)."""
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise ValueError(LONG_NUMBER.format(digits=len(digits.lstrip("-")), limit=MAX_DIGITS))
    return int(digits)


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


def metrics_to_data(metrics: Mapping[str, Mapping[str, Metric]]) -> dict[str, Any]:
    """The `metrics` section as written: per option, each metric's fields."""
    return {option: {name: to_plain(metric) for name, metric in values.items()} for option, values in metrics.items()}


def evidence_to_data(record: EvidenceRecord) -> dict[str, Any]:
    """The record as a version-3 JSON object, keys in schema order; provenance left out when unknown."""
    data: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    if record.kind is not None:
        data["kind"] = record.kind
    for key in ("created", "tcm_version", "command"):
        if getattr(record, key):
            data[key] = getattr(record, key)
    if record.seed is not None:
        data["seed"] = record.seed
    if record.frame:
        data["frame"] = record.frame
    if record.images:
        data["images"] = to_plain(record.images)
    if record.models:
        data["models"] = to_plain(record.models)
    if record.machine is not None:
        data["machine"] = to_plain(record.machine)
    data["metrics"] = metrics_to_data(record.metrics)
    if record.results:
        data["results"] = to_plain(record.results)
    if record.results_data is not None:
        data["results_data"] = to_plain(record.results_data)
    return data


def evidence_bytes(record: EvidenceRecord) -> bytes:
    """The record as an evidence file's bytes: indented version-3 JSON (strict: no NaN)."""
    return (json.dumps(evidence_to_data(record), indent=2, allow_nan=False) + "\n").encode("utf-8")


def write_evidence(path: str | Path, record: EvidenceRecord) -> Path:
    """Write the record as an evidence file (whole or not at all: through a temporary file) and return the path."""
    return limits.write_file(path, evidence_bytes(record))
