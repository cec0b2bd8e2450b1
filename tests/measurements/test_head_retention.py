"""Head retention of person masks: the regions, the per-group statistics, the audit and its evidence."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import numpy as np
import pytest

import costmodels
import measurements
from evidence import CountMetric, MeanMetric, SurvivalGapMetric
from measurements import FaceHead, MeasurementError, ProcessPool, SerialExecutor, head_region, mask_iou
from measurements._head_retention import FaceSpec, compare_groups, judge_heads, summarise_group, tasks_for
from sample_images import load_manifest


def test_head_region_is_half_a_box_above_it_within_the_outline() -> None:
    outline = np.zeros((20, 20), dtype=bool)
    outline[:, 5:20] = True  # the person's outline starts at column 5
    region = head_region((4, 10, 8, 14), outline)
    rows, columns = np.nonzero(region)
    assert (rows.min(), rows.max(), columns.min(), columns.max()) == (8, 9, 5, 7)


def test_head_region_is_clipped_at_the_top_of_the_image() -> None:
    region = head_region((0, 1, 4, 11), np.ones((12, 4), dtype=bool))
    assert np.array_equal(np.nonzero(region.any(axis=1))[0], [0])


def test_judge_heads_takes_the_smaller_of_face_and_head_shares() -> None:
    outline = np.ones((20, 10), dtype=bool)
    mask = np.ones((20, 10), dtype=bool)
    mask[:10] = False  # erases the top of the head: rows 6..9 of the band, rows 10..11 of the box are kept
    (head,) = judge_heads(mask, outline, [FaceSpec((2, 8, 6, 16), 7)], "x.png")
    assert (head.face_kept_share, head.head_kept_share) == (0.75, 0.0)
    assert head.head_retention == 0.0 and not head.kept and head.group == "monk 7"


def heads(group: str, values: list[float]) -> list[FaceHead]:
    return [FaceHead(f"{group}{i}.png", (0, 0, 1, 1), group, v, v) for i, v in enumerate(values)]


def test_summarise_group_says_not_enough_faces_below_the_minimum() -> None:
    group = summarise_group("monk 8", heads("monk 8", [0.5, 1.0]), 5)
    assert (group.n_faces, group.mean_head_retention, group.enough_faces) == (2, 0.75, False)
    assert group.note == "not enough faces to measure (fewer than 5)"
    assert group.standard_error == pytest.approx(0.25)


def test_compare_groups_gives_first_minus_second_with_combined_error() -> None:
    first = summarise_group("monk 2", heads("monk 2", [1.0, 0.9, 1.0, 0.9, 1.0]), 5)
    second = summarise_group("monk 8", heads("monk 8", [0.6, 0.7, 0.6, 0.7, 0.6]), 5)
    (gap,) = compare_groups([first, second], 5)
    assert gap.groups == ("monk 2", "monk 8") and gap.gap == pytest.approx(0.96 - 0.64) and gap.enough_faces
    assert gap.standard_error == pytest.approx(np.hypot(first.standard_error, second.standard_error), abs=1e-4)


def test_mask_iou_of_identical_and_disjoint_masks() -> None:
    mask = np.eye(3, dtype=bool)
    assert mask_iou(mask, mask) == 1.0 and mask_iou(mask, ~mask) == 0.0


def test_tasks_are_picklable_paths_not_images() -> None:
    tasks = tasks_for(load_manifest(), ["no_replacement"], robustness=True)
    assert len(tasks) == 5 * 4  # five outlined photos: clean, dim, backlight, noise
    assert pickle.loads(pickle.dumps(tasks[0])) == tasks[0]
    assert isinstance(tasks[0].photo, Path) and tasks[0].room_plate.name == "astronaut_room_plate.png"


def test_audit_on_the_sample_set_no_replacement_keeps_every_head() -> None:
    report = measurements.measure_head_retention(load_manifest(), ["no_replacement", "chroma_key"], robustness=False,
                                                 executor=SerialExecutor())
    keep_all, chroma = report.summaries
    assert (keep_all.heads_kept.count, keep_all.heads_kept.n, keep_all.mean_iou) == (5, 5, 0.5292)
    assert [(g.group, g.n_faces, g.enough_faces) for g in keep_all.groups] == [
        ("monk 2", 3, False), ("monk 6", 1, False), ("not perceived", 1, False)]
    assert chroma.mean_iou is not None and chroma.mean_iou > 0.98  # measured 0.994


def test_pool_and_serial_runs_measure_the_same_masks() -> None:
    manifest = load_manifest()
    serial = measurements.measure_head_retention(manifest, ["no_replacement"], robustness=False)
    with ProcessPool(2) as pool:
        pooled = measurements.measure_head_retention(manifest, ["no_replacement"], robustness=False, executor=pool)
    assert [(r.image, r.iou, r.faces) for r in serial.runs] == [(r.image, r.iou, r.faces) for r in pooled.runs]


def test_missing_composites_are_one_clear_error(tmp_path: Path) -> None:
    manifest_path = tmp_path / "manifest.yaml"
    shutil.copy(load_manifest().path, manifest_path)
    manifest = load_manifest(manifest_path)
    with pytest.raises(MeasurementError, match=r"^\d+ file\(s\) the head-retention audit needs are missing, e\.g\. "):
        measurements.measure_head_retention(manifest, ["no_replacement"], robustness=False)


def test_head_retention_evidence_round_trips_and_feeds_the_engine(tmp_path: Path) -> None:
    report = measurements.measure_head_retention(load_manifest(), ["no_replacement"], robustness=True)
    record = measurements.head_retention_evidence(report, command="tcm audit head-retention", tcm_version="0")
    path = measurements.write_evidence(tmp_path / "heads.json", record)
    metrics = measurements.read_evidence(path).metrics["no_replacement"]
    assert metrics["heads_kept"] == CountMetric(5, 5)
    assert metrics["mask_iou"] == MeanMetric(0.5292, 5)
    assert set(metrics) >= {"mask_iou_dim", "mask_iou_backlight", "mask_iou_noise", "latency_ms"}
    gap = metrics["head_retention_gap"]
    assert isinstance(gap, SurvivalGapMetric) and len(gap.comparisons) == 3 and not gap.usable()
    engine = costmodels.load_evidence([path])
    assert set(engine.metrics["no_replacement"]) == {"latency_ms", "head_retention_gap"}
