"""Measured evidence, as the cost engine reads it: per image option, a few named metrics.

Evidence files are written by `measurements` (`tcm audit ... --evidence FILE`); the engine reads
only their `metrics` section, so the two packages share a file format, not code.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import evidence as _contract
from costmodels._errors import Problem, ScenarioError
from costmodels._scenario import LineKind

EVIDENCE_SCHEMA_VERSION = 1


@dataclass(frozen=True)
class LatencyMetric:
    """Measured time per image (ms): 10th, 50th and 90th percentiles over n images."""

    p10: float
    p50: float
    p90: float
    n: int


@dataclass(frozen=True)
class RateMetric:
    """A measured count out of trials, e.g. images with a face cut; `centre` marks a gap from parity."""

    count: int
    of: int
    centre: float | None = None


Metric = LatencyMetric | RateMetric | _contract.Metric  # the engine reads both versions' types

METRIC_KINDS: Mapping[str, tuple[type[LatencyMetric] | type[RateMetric], LineKind]] = {
    "latency_ms": (LatencyMetric, LineKind.PER_IMAGE),
    "face_cut_images": (RateMetric, LineKind.RISK),
    "survival_gap": (RateMetric, LineKind.RISK),
}
"""The metrics a cost line can be measured by, and the line kind each one can set."""


@dataclass(frozen=True)
class Evidence:
    """Metrics by image option name, and the files they came from."""

    metrics: Mapping[str, Mapping[str, Metric]] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    def metric(self, image_option: str | None, name: str) -> Metric | None:
        """The metric measured for an image option, if any."""
        return self.metrics.get(image_option or "", {}).get(name)

    def merged(self, other: Evidence) -> Evidence:
        """Both sets of metrics; where both measured the same thing, `other` wins (the later run)."""
        options = {name: dict(values) for name, values in self.metrics.items()}
        for name, values in other.metrics.items():
            options.setdefault(name, {}).update(values)
        return Evidence(metrics=options, sources=self.sources + other.sources)


def load_evidence(paths: Iterable[str | Path]) -> Evidence:
    """Read and merge evidence files, in order; a ScenarioError names the file and every problem."""
    evidence = Evidence()
    for path in paths:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise ScenarioError([Problem("", f"cannot read the evidence file ({error})")], source=str(path)) from None
        try:
            evidence = evidence.merged(evidence_from_data(data, source=Path(path).name))
        except ScenarioError as error:
            raise ScenarioError(error.problems, source=str(path)) from None
    return evidence


def evidence_from_data(data: object, *, source: str = "") -> Evidence:
    """Validate the `metrics` of one evidence file (other sections are for people and reports)."""
    if not isinstance(data, Mapping):
        raise ScenarioError([Problem("", "expected a JSON object with schema_version and metrics")])
    problems: list[Problem] = []
    if data.get("schema_version") != EVIDENCE_SCHEMA_VERSION:
        problems.append(Problem("schema_version", f"{data.get('schema_version')!r} is not supported; "
                                f"expected {EVIDENCE_SCHEMA_VERSION}"))
    metrics = data.get("metrics")
    if not isinstance(metrics, Mapping):
        problems.append(Problem("metrics", "missing; expected {image option: {metric: values}}"))
        metrics = {}
    parsed: dict[str, dict[str, Metric]] = {}
    for option, values in metrics.items():
        if not isinstance(values, Mapping):
            problems.append(Problem(f"metrics.{option}", "expected a mapping of metrics"))
            continue
        parsed[option] = {}
        for name, value in values.items():
            metric = _metric(name, value, f"metrics.{option}.{name}", problems)
            if metric is not None:
                parsed[option][name] = metric
    if problems:
        raise ScenarioError(problems)
    return Evidence(metrics=parsed, sources=(source,) if source else ())


def evidence_to_data(evidence: Evidence) -> dict[str, Any]:
    """The metrics as an evidence file holds them (without the results), for share links."""
    metrics = {
        option: {name: {key: value for key, value in vars(metric).items() if value is not None}
                 for name, metric in values.items()}
        for option, values in evidence.metrics.items()
    }
    return {"schema_version": EVIDENCE_SCHEMA_VERSION, "metrics": metrics}


def _metric(name: str, value: Any, path: str, problems: list[Problem]) -> Metric | None:
    if name not in METRIC_KINDS:
        return None  # measurements may record more than the cost engine reads
    if not isinstance(value, Mapping):
        problems.append(Problem(path, f"{value!r}; expected a mapping"))
        return None
    if METRIC_KINDS[name][0] is LatencyMetric:
        raw = [value.get(key) for key in ("p10", "p50", "p90")]
        numbers = [float(number) for number in raw if isinstance(number, int | float) and _is_number(number)]
        numbers = [number for number in numbers if number >= 0]
        if len(numbers) != 3 or numbers != sorted(numbers):
            problems.append(Problem(path, f"{raw} are not times p10 <= p50 <= p90 in ms"))
            return None
        p10, p50, p90 = numbers
        return LatencyMetric(p10, p50, p90, n=int(value.get("n", 0)))
    count, of, centre = value.get("count"), value.get("of"), value.get("centre")
    if not (isinstance(count, int) and isinstance(of, int) and _is_count(count) and _is_count(of) and count <= of):
        problems.append(Problem(path, f"count {count!r} of {of!r}; expected whole numbers with count <= of"))
        return None
    if centre is not None and not (_is_number(centre) and 0 <= centre <= 1):
        problems.append(Problem(f"{path}.centre", f"{centre!r}; expected a number in [0, 1]"))
        return None
    return RateMetric(count=count, of=of, centre=centre)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
