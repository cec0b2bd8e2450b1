"""Reports as evidence: each run's metrics in the shape the cost engine reads, its results as plain data."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from evidence import (
    METRIC_KINDS,
    CountMetric,
    EvidenceRecord,
    GroupGap,
    LatencyMetric,
    MeanMetric,
    Metric,
    ModelRecord,
    ResultsData,
    SurvivalGapMetric,
    to_plain,
)
from imageoptions import OptionSpec
from measurements._evidence import file_records, mask_model_records, model_records, utc_now
from measurements._head_retention import HeadRetentionReport, MaskOptionSummary
from measurements._machine import this_machine
from measurements._pairs import PairAudit, PairOptionSummary
from measurements._retention import RetentionReport
from measurements._robustness import RobustnessReport
from measurements._statistics import LatencySummary, summarise_latency
from measurements._streaming import PairRun, results_summary
from sample_images import LabelProvenance

NO_RANDOMNESS_SEED = 0
"""Retention is deterministic; its evidence records seed 0."""

EvidenceKind = Literal["retention", "pairs", "robustness", "head_retention"]


def latency_metrics(cpu: LatencySummary | None, wall: LatencySummary | None) -> dict[str, Metric]:
    """CPU time per image as `latency_ms` (what compute costs), elapsed time as `wall_latency_ms`."""
    machine = this_machine().describe()
    metrics: dict[str, Metric] = {}
    if cpu is not None:
        metrics["latency_ms"] = LatencyMetric(cpu.p10, cpu.p50, cpu.p90, cpu.n, clock="cpu", machine=machine)
    if wall is not None:
        metrics["wall_latency_ms"] = LatencyMetric(wall.p10, wall.p50, wall.p90, wall.n, clock="wall",
                                                   machine=machine)
    return metrics


def retention_evidence(report: RetentionReport, *, command: str, tcm_version: str,
                       options: Sequence[OptionSpec] = ()) -> EvidenceRecord:
    """Latency, images with a face cut (of images with a face), faces cut and fallbacks per option."""
    metrics = {
        summary.option: {
            **latency_metrics(summary.latency_ms, summary.wall_latency_ms),
            "face_cut_images": CountMetric(summary.images_cut.count, summary.images_cut.n),
            "faces_cut": CountMetric(summary.faces_cut.count, summary.faces_cut.n),
            "fallbacks": CountMetric(summary.fallbacks, summary.runs),
        }
        for summary in report.summaries
    }
    return _evidence("retention", report.frame, NO_RANDOMNESS_SEED, [image.path for image in report.images],
                     metrics, to_plain(report), command=command, tcm_version=tcm_version, options=options)


def survival_gap(summary: PairOptionSummary) -> SurvivalGapMetric:
    """Every comparison of one option, faces as the unit; those without decided cards included, never usable."""
    return SurvivalGapMetric(
        comparisons=tuple(
            GroupGap(
                groups=(c.first, c.second),
                gap=c.gap if c.gap is not None else 0.0,
                standard_error=c.standard_error if c.standard_error is not None else 0.5,
                n_faces=c.n_faces,
                n_cards=c.n_cards,
                enough_faces=c.enough_faces,
                ci_low=c.gap_ci_low,
                ci_high=c.gap_ci_high,
                note=c.note,
            )
            for c in summary.comparisons
        ),
        min_faces=summary.min_faces,
    )


def pair_metrics(summary: PairOptionSummary) -> dict[str, Metric]:
    """One option's pairs metrics: latency, every group comparison, position bias and fallbacks."""
    return {
        **latency_metrics(summary.latency_ms, summary.wall_latency_ms),
        "survival_gap": survival_gap(summary),
        "position_first_wins": CountMetric(summary.position_bias.first_wins, summary.position_bias.decided),
        "fallbacks": CountMetric(summary.fallbacks, summary.cards),
    }


def pairs_evidence(audit: PairAudit, *, command: str, tcm_version: str,
                   options: Sequence[OptionSpec] = (), labels: LabelProvenance | None = None) -> EvidenceRecord:
    """Latency, every group comparison (the survival gap), position bias and fallbacks per option; the
    results carry who labelled the faces and how (`labels`), for the report."""
    metrics = {summary.option: pair_metrics(summary) for summary in audit.summaries}
    paths = [face.path for pair in audit.pairs for face in (pair.a, pair.b)]
    results = to_plain(audit)
    if labels is not None and isinstance(results, dict):
        results["labels"] = to_plain(labels)
    return _evidence("pairs", audit.frame, audit.seed, paths, metrics, results,
                     command=command, tcm_version=tcm_version, options=options)


def pairs_run_evidence(
    run: PairRun, *, command: str, tcm_version: str, evidence_path: Path, options: Sequence[OptionSpec] = (),
    labels: LabelProvenance | None = None,
) -> EvidenceRecord:
    """A streamed pairs run's evidence: the same metrics as `pairs_evidence`, its summaries and example cards,
    a pointer (path relative to the evidence file, sha256) to its Parquet results instead of every card, and
    who labelled the faces and how (`labels`), for the report."""
    results = to_plain(results_summary(run))
    if labels is not None and isinstance(results, dict):
        results["labels"] = to_plain(labels)
    record = _evidence("pairs", run.frame, run.seed, [face.path for pair in run.pairs for face in (pair.a, pair.b)],
                       {summary.option: pair_metrics(summary) for summary in run.summaries},
                       results, command=command, tcm_version=tcm_version, options=options)
    where = os.path.relpath(run.results.path.resolve(), evidence_path.resolve().parent)
    pointer = ResultsData(path=Path(where).as_posix(), sha256=run.results.sha256, cards=run.cards)
    return dataclasses.replace(record, results_data=pointer)


def robustness_evidence(report: RobustnessReport, *, command: str, tcm_version: str,
                        options: Sequence[OptionSpec] = ()) -> EvidenceRecord:
    """Clean-run latency, the share of clean outputs flagged unreliable, and fallbacks per option."""
    metrics = {}
    for summary in report.summaries:
        outputs = [output for image in report.images for output in image.outputs if output.option == summary.option]
        wall = [output.wall_ms for output in outputs if output.wall_ms is not None]
        metrics[summary.option] = {
            **latency_metrics(summarise_latency([output.latency_ms for output in outputs]), summarise_latency(wall)),
            "unreliable_outputs": CountMetric(summary.unreliable, summary.outputs),
            "fallbacks": CountMetric(summary.fallbacks, summary.outputs),
        }
    return _evidence("robustness", report.frame, report.seed, [image.path for image in report.images], metrics,
                     to_plain(report), command=command, tcm_version=tcm_version, options=options)


def head_retention_gap(summary: MaskOptionSummary, min_faces: int) -> SurvivalGapMetric:
    """Every group comparison of one mask option's head retention, in the survival gap's shape (faces as the unit)."""
    return SurvivalGapMetric(
        comparisons=tuple(
            GroupGap(groups=gap.groups, gap=gap.gap, standard_error=min(gap.standard_error, 1.0), n_faces=gap.n_faces,
                     n_cards=sum(gap.n_faces), enough_faces=gap.enough_faces, note=gap.note)
            for gap in summary.gaps
        ),
        min_faces=min_faces,
    )


def head_retention_evidence(report: HeadRetentionReport, *, command: str, tcm_version: str) -> EvidenceRecord:
    """Per mask option: the head-retention gaps by group, heads kept, mask IoU (clean and perturbed), latency."""
    metrics: dict[str, dict[str, Metric]] = {}
    for summary in report.summaries:
        clean = [run for run in report.runs if run.option == summary.option and not run.perturbation]
        values: dict[str, Metric] = {
            **latency_metrics(summarise_latency([run.latency_ms for run in clean if not run.error]),
                              summarise_latency([run.wall_ms for run in clean if not run.error])),
            "head_retention_gap": head_retention_gap(summary, report.min_faces),
            "heads_kept": CountMetric(summary.heads_kept.count, summary.heads_kept.n),
        }
        if summary.mean_iou is not None:
            values["mask_iou"] = MeanMetric(summary.mean_iou, summary.n_images)
        for name, mean in summary.perturbed_mean_iou:
            if mean is not None and f"mask_iou_{PERTURBATION_METRICS.get(name, name)}" in METRIC_NAMES:
                values[f"mask_iou_{PERTURBATION_METRICS.get(name, name)}"] = MeanMetric(mean, summary.n_images)
        metrics[summary.option] = values
    return _evidence("head_retention", "", NO_RANDOMNESS_SEED, list(report.images), metrics, to_plain(report),
                     command=command, tcm_version=tcm_version, models=mask_model_records(list(metrics)))


def _file_name(value: Any) -> Any:
    """A path (or a list of paths) as its file name; anything else as `file_names` leaves it."""
    if isinstance(value, str):
        return Path(value).name
    if isinstance(value, list):
        return [_file_name(item) for item in value]
    return file_names(value)


PERTURBATION_METRICS = {"darken": "dim", "backlight": "backlight", "noise": "noise"}
"""The perturbation behind each mask_iou_* metric name."""
METRIC_NAMES = frozenset(METRIC_KINDS)


def _evidence(
    kind: EvidenceKind,
    frame: str,
    seed: int,
    paths: Sequence[str],
    metrics: Mapping[str, Mapping[str, Metric]],
    results: object,
    *,
    command: str,
    tcm_version: str,
    options: Sequence[OptionSpec] = (),
    models: tuple[ModelRecord, ...] | None = None,
) -> EvidenceRecord:
    return EvidenceRecord(
        kind=kind,
        created=utc_now(),
        tcm_version=tcm_version,
        command=command,
        seed=seed,
        frame=frame,
        images=file_records(sorted(dict.fromkeys(paths), key=lambda p: Path(p).name)),
        models=model_records(list(metrics), options) if models is None else models,
        machine=this_machine(),
        metrics=metrics,
        results=file_names(results if isinstance(results, dict) else {"results": results}),
    )


def file_names(data: Any) -> Any:
    """Plain results with every `path`, and every image in a list of `images`, cut to its file name: evidence
    never records a local path.

    >>> file_names({"images": [{"path": "/home/me/set/a.png", "n": 1}], "runs": {"images": ["/home/me/b.png"]}})
    {'images': [{'path': 'a.png', 'n': 1}], 'runs': {'images': ['b.png']}}
    """
    if isinstance(data, dict):
        return {key: _file_name(value) if key in ("path", "images") else file_names(value)
                for key, value in data.items()}
    if isinstance(data, list):
        return [file_names(item) for item in data]
    return data
