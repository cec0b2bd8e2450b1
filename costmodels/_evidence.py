"""Measured evidence, as the cost engine reads it: per image option, a few named metrics.

Evidence files are read by `evidence`, the one reader and writer every package uses (schema
version 2; version-1 files are migrated on read). The engine keeps only the metrics; a problem in
a file or a share link becomes a ScenarioError naming the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import evidence as contract
from costmodels._errors import Problem, ScenarioError
from costmodels._scenario import LineKind
from evidence import CountMetric, GroupGap, LatencyMetric, Metric, SurvivalGapMetric

EVIDENCE_SCHEMA_VERSION = contract.SCHEMA_VERSION
__all__ = ["GAP_METRICS", "METRIC_KINDS", "CountMetric", "Evidence", "GroupGap", "LatencyMetric", "SurvivalGapMetric",
           "evidence_from_data", "evidence_to_data", "load_evidence"]

METRIC_KINDS: Mapping[str, tuple[type[Metric], LineKind]] = {
    "latency_ms": (LatencyMetric, LineKind.PER_IMAGE),
    "face_cut_images": (CountMetric, LineKind.RISK),
    "survival_gap": (SurvivalGapMetric, LineKind.RISK),
    "head_retention_gap": (SurvivalGapMetric, LineKind.RISK),
}
"""The metrics a cost line can be measured by, and the line kind each one can set."""

GAP_METRICS: tuple[str, ...] = ("survival_gap", "head_retention_gap")
"""Group-gap metrics: each weighs a risk's probability by the same skeptical-prior adjustment
(prior_sd, tolerance, floor), whatever the audit that measured the gap (pairwise crop survival,
or head retention of a person mask)."""

GAP_LABELS: Mapping[str, str] = {"survival_gap": "survival gap", "head_retention_gap": "head retention gap"}


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


def _scenario_error(error: contract.EvidenceError, source: str) -> ScenarioError:
    return ScenarioError([Problem(problem.field, problem.message) for problem in error.problems], source=source)


def _engine_metrics(record: contract.EvidenceRecord) -> dict[str, dict[str, Metric]]:
    return {option: {name: metric for name, metric in values.items() if name in METRIC_KINDS}
            for option, values in record.metrics.items()}


def load_evidence(paths: Iterable[str | Path]) -> Evidence:
    """Read and merge evidence files, in order; a ScenarioError names the file and every problem."""
    merged = Evidence()
    for path in paths:
        try:
            record = contract.read_evidence(path)
        except contract.EvidenceError as error:
            raise _scenario_error(error, str(path)) from None
        merged = merged.merged(Evidence(metrics=_engine_metrics(record), sources=(Path(path).name,)))
    return merged


def evidence_from_data(data: object, *, source: str = "") -> Evidence:
    """Validate one evidence file's data (or a share link's) and keep the metrics the engine reads."""
    try:
        record = contract.parse_evidence(data)
    except contract.EvidenceError as error:
        raise _scenario_error(error, "") from None
    return Evidence(metrics=_engine_metrics(record), sources=(source,) if source else ())


def evidence_to_data(evidence: Evidence) -> dict[str, Any]:
    """The metrics as an evidence file holds them (without provenance or results), for share links."""
    return {"schema_version": EVIDENCE_SCHEMA_VERSION, "metrics": contract.metrics_to_data(evidence.metrics)}
