"""Reports as evidence: each run's metrics in the shape the cost engine reads, its results as plain data."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from measurements._evidence import (
    CountMetric,
    Evidence,
    EvidenceKind,
    GapMetric,
    OptionMetrics,
    file_records,
    model_records,
    to_plain,
    utc_now,
)
from measurements._pairs import PairAudit
from measurements._retention import RetentionReport
from measurements._robustness import RobustnessReport
from measurements._statistics import summarise_latency

NO_RANDOMNESS_SEED = 0
"""Retention is deterministic; its evidence records seed 0."""


def retention_evidence(report: RetentionReport, *, command: str, tcm_version: str) -> Evidence:
    """Latency and images with a face cut (of images with a face) per option; faces cut as an extra."""
    metrics = {
        summary.option: OptionMetrics(
            latency_ms=summary.latency_ms,
            face_cut_images=CountMetric(summary.images_cut.count, summary.images_cut.n),
            extra={"faces_cut": {"count": summary.faces_cut.count, "of": summary.faces_cut.n}},
        )
        for summary in report.summaries
    }
    return _evidence("retention", report.frame, NO_RANDOMNESS_SEED, [image.path for image in report.images],
                     metrics, to_plain(report), command=command, tcm_version=tcm_version)


def pairs_evidence(audit: PairAudit, *, command: str, tcm_version: str) -> Evidence:
    """Latency and the survival gap (the two groups furthest from parity) per option."""
    metrics = {}
    for summary in audit.summaries:
        gap = summary.largest_gap()
        count = 0 if gap is None else max(gap.first_wins, gap.second_wins)
        metrics[summary.option] = OptionMetrics(
            latency_ms=summary.latency_ms,
            survival_gap=GapMetric(count=count, of=0 if gap is None else gap.decided),
            extra={"position_first_wins": {"count": summary.position_bias.first_wins,
                                           "of": summary.position_bias.decided, "centre": 0.5}},
        )
    paths = [face.path for pair in audit.pairs for face in (pair.a, pair.b)]
    return _evidence("pairs", audit.frame, audit.seed, paths, metrics, to_plain(audit),
                     command=command, tcm_version=tcm_version)


def robustness_evidence(report: RobustnessReport, *, command: str, tcm_version: str) -> Evidence:
    """Clean-run latency and the share of clean outputs flagged unreliable (an extra) per option."""
    metrics = {}
    for summary in report.summaries:
        latencies = [output.latency_ms for image in report.images for output in image.outputs
                     if output.option == summary.option]
        metrics[summary.option] = OptionMetrics(
            latency_ms=summarise_latency(latencies),
            extra={"unreliable_outputs": {"count": summary.unreliable, "of": summary.outputs}},
        )
    return _evidence("robustness", report.frame, report.seed, [image.path for image in report.images], metrics,
                     to_plain(report), command=command, tcm_version=tcm_version)


def _evidence(
    kind: EvidenceKind,
    frame: str,
    seed: int,
    paths: Sequence[str],
    metrics: dict[str, OptionMetrics],
    results: object,
    *,
    command: str,
    tcm_version: str,
) -> Evidence:
    return Evidence(
        kind=kind,
        created=utc_now(),
        tcm_version=tcm_version,
        command=command,
        seed=seed,
        frame=frame,
        images=file_records(sorted(dict.fromkeys(paths), key=lambda p: Path(p).name)),
        models=model_records(list(metrics)),
        metrics=metrics,
        results=results if isinstance(results, dict) else {"results": results},
    )

