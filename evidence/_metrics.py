"""The metrics an evidence file carries per option: the contract between measurements and the cost engine.

Schema version 3 (adds mask-option metrics). The one reader and writer of evidence files (`evidence.read_evidence`,
`evidence.write_evidence`) turns files into these types; version-1 files are migrated on read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MIN_FACES = 5
"""Default minimum of distinct faces per group before a comparison may drive a cost."""


@dataclass(frozen=True)
class LatencyMetric:
    """Time per image in ms: 10th, 50th, 90th percentiles over `n` images.

    `clock` says what was timed: "cpu" (CPU time of the process, what compute costs) or
    "wall" (elapsed, load-dependent; version-1 files). `machine` names the CPU model and cores.
    """

    p10: float
    p50: float
    p90: float
    n: int
    clock: Literal["cpu", "wall"] = "cpu"
    machine: str = ""


@dataclass(frozen=True)
class CountMetric:
    """`count` out of `of`, e.g. images with a face cut of images with a face."""

    count: int
    of: int


@dataclass(frozen=True)
class GroupGap:
    """One comparison between two groups in the pairwise survival audit.

    `gap` is the first group's survival rate among decided cards minus parity (0.5), so it
    lies in [-0.5, 0.5]; `standard_error` is its face-clustered standard error (faces, not
    cards, are the independent unit). `enough_faces` is False when either group has fewer
    distinct faces than the audit's minimum: such a comparison never drives a cost.
    `ci_low` / `ci_high` bound the gap's 95% interval (None when unknown); `note` says why a
    comparison cannot be measured (e.g. "not enough faces to measure"). `n_faces` of (0, 0)
    means unknown: version-1 files counted cards, not faces.
    """

    groups: tuple[str, str]
    gap: float
    standard_error: float
    n_faces: tuple[int, int]
    n_cards: int
    enough_faces: bool
    ci_low: float | None = None
    ci_high: float | None = None
    note: str = ""


@dataclass(frozen=True)
class SurvivalGapMetric:
    """Every group comparison of one option's audit (not only the largest).

    Two metrics use it: `survival_gap` (pairwise survival rate minus parity) and
    `head_retention_gap` (mean head retention of the first group minus the second's, faces as the
    unit; `n_cards` there counts the faces compared).
    """

    comparisons: tuple[GroupGap, ...]
    min_faces: int = MIN_FACES

    def usable(self) -> tuple[GroupGap, ...]:
        """The comparisons with enough faces to drive a cost."""
        return tuple(comparison for comparison in self.comparisons if comparison.enough_faces)


@dataclass(frozen=True)
class MeanMetric:
    """A mean over `n` units (e.g. mask IoU over images), in 0..1."""

    mean: float
    n: int


Metric = LatencyMetric | CountMetric | SurvivalGapMetric | MeanMetric
