"""Measured evidence, as the cost engine reads it: per implementation, a few named metrics.

Evidence files are read by `evidence`, the one reader and writer every package uses (schema
version 2; version-1 files are migrated on read). The engine keeps only the metrics; a problem in
a file or a share link becomes a ScenarioError naming the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import evidence as contract
from costmodels._errors import Problem, ScenarioError
from costmodels._scenario import LineKind
from evidence import CountMetric, GroupGap, LatencyMetric, Metric, SurvivalGapMetric

EVIDENCE_SCHEMA_VERSION = contract.SCHEMA_VERSION
__all__ = ["METRIC_KINDS", "CountMetric", "Evidence", "GroupGap", "LatencyMetric", "SurvivalGapMetric",
           "evidence_from_data", "evidence_to_data", "load_evidence"]

_LINE_KIND_OF: Mapping[type, LineKind] = {
    LatencyMetric: LineKind.PER_UNIT,  # time per unit x the CPU-hour price
    CountMetric: LineKind.RISK,  # a rate of bad outputs x a scale sets a probability per year
    SurvivalGapMetric: LineKind.RISK,  # a group gap weighs a probability
}
# Measured but never a cost: elapsed time depends on load, and the others describe the audit itself.
# heads_kept counts good outputs, so it describes the audit; the head-retention gap is what drives a cost.
_NOT_COST_DRIVERS = frozenset({"wall_latency_ms", "fallbacks", "position_first_wins", "unreliable_outputs",
                               "heads_kept"})

METRIC_KINDS: Mapping[str, tuple[type[Metric], LineKind]] = MappingProxyType({
    name: (kind.type, _LINE_KIND_OF[kind.type])
    for name, kind in contract.METRIC_KINDS.items()
    if name not in _NOT_COST_DRIVERS and kind.type in _LINE_KIND_OF
})
"""The metrics a cost line can be measured by (every kind the evidence contract registers, so a
template's new metric needs no engine change), and the line kind each one can set."""


def is_gap_metric(name: str) -> bool:
    """Whether the metric called `name` is a group gap, which weighs a risk's probability (prior_sd,
    tolerance, floor) whatever audit measured it.

    >>> is_gap_metric("survival_gap"), is_gap_metric("latency_ms")
    (True, False)
    """
    return name in METRIC_KINDS and METRIC_KINDS[name][0] is SurvivalGapMetric


@dataclass(frozen=True)
class Evidence:
    """Metrics by implementation (e.g. image option) name, and the files they came from."""

    metrics: Mapping[str, Mapping[str, Metric]] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    def metric(self, implementation: str | None, name: str) -> Metric | None:
        """The metric measured for an implementation, if any."""
        return self.metrics.get(implementation or "", {}).get(name)

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
