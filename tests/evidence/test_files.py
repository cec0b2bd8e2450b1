"""The one evidence reader and writer: round trips, version-1 migration, and errors that name the field."""

from __future__ import annotations

import copy
import dataclasses
import json
import math
from pathlib import Path
from typing import Any

import pytest

from evidence import (
    METRIC_KINDS,
    CountMetric,
    EvidenceError,
    EvidenceRecord,
    FileRecord,
    GroupGap,
    LatencyMetric,
    Machine,
    MeanMetric,
    ModelRecord,
    SurvivalGapMetric,
    evidence_from_bytes,
    evidence_to_data,
    parse_evidence,
    read_evidence,
    write_evidence,
)

SHA = "a" * 64
GAP = GroupGap(groups=("monk_1-3", "monk_4-6"), gap=0.125, standard_error=0.06, n_faces=(8, 7), n_cards=40,
               enough_faces=True, ci_low=-0.02, ci_high=0.27)
THIN = GroupGap(groups=("monk_1-3", "monk_7-10"), gap=0.25, standard_error=0.5, n_faces=(4, 1), n_cards=8,
                enough_faces=False, ci_low=-0.5, ci_high=0.5,
                note="not enough faces to measure (4 faces and 1 face; at least 5 each)")


def sample() -> EvidenceRecord:
    return EvidenceRecord(
        kind="pairs",
        created="2026-12-02T10:00:00Z",
        tcm_version="0.1.0",
        command="tcm audit pairs --seed 0",
        seed=0,
        frame="0.56",
        images=(FileRecord("astronaut.png", SHA),),
        models=(ModelRecord("face_crop_centerface", "b" * 64),),
        machine=Machine("AMD EPYC", 2),
        metrics={"fixed_crop": {
            "latency_ms": LatencyMetric(1.2, 1.5, 2.0, 12, clock="cpu", machine="AMD EPYC, 2 cores"),
            "wall_latency_ms": LatencyMetric(1.3, 1.9, 4.0, 12, clock="wall", machine="AMD EPYC, 2 cores"),
            "face_cut_images": CountMetric(3, 12),
            "fallbacks": CountMetric(0, 12),
            "survival_gap": SurvivalGapMetric(comparisons=(GAP, THIN), min_faces=5),
        }},
        results={"cards": [1, 2]},
    )


def test_write_evidence_writes_version_3_keys_in_schema_order(tmp_path: Path) -> None:
    data = json.loads(write_evidence(tmp_path / "run.json", sample()).read_text(encoding="utf-8"))
    assert list(data) == ["schema_version", "kind", "created", "tcm_version", "command", "seed", "frame", "images",
                          "models", "machine", "metrics", "results"]
    assert data["schema_version"] == 3
    assert data["machine"] == {"cpu": "AMD EPYC", "cores": 2}
    assert data["metrics"]["fixed_crop"]["latency_ms"] == {
        "p10": 1.2, "p50": 1.5, "p90": 2.0, "n": 12, "clock": "cpu", "machine": "AMD EPYC, 2 cores"}
    assert data["metrics"]["fixed_crop"]["survival_gap"]["comparisons"][0] == {
        "groups": ["monk_1-3", "monk_4-6"], "gap": 0.125, "standard_error": 0.06, "n_faces": [8, 7], "n_cards": 40,
        "enough_faces": True, "ci_low": -0.02, "ci_high": 0.27, "note": ""}


def test_read_evidence_round_trips(tmp_path: Path) -> None:
    assert read_evidence(write_evidence(tmp_path / "run.json", sample())) == sample()


def test_parse_evidence_needs_only_version_and_metrics() -> None:
    record = parse_evidence({"schema_version": 2, "metrics": {"x": {"face_cut_images": {"count": 1, "of": 2}}}})
    assert record.metrics == {"x": {"face_cut_images": CountMetric(1, 2)}}
    assert (record.kind, record.seed, record.machine, record.images) == (None, None, None, ())
    assert evidence_to_data(record) == {"schema_version": 3,
                                        "metrics": {"x": {"face_cut_images": {"count": 1, "of": 2}}}}


def test_metric_kinds_register_every_metric_the_audits_write() -> None:
    assert {name: kind.kind for name, kind in METRIC_KINDS.items()} == {
        "latency_ms": "latency", "wall_latency_ms": "latency", "face_cut_images": "count", "faces_cut": "count",
        "fallbacks": "count", "position_first_wins": "count", "unreliable_outputs": "count",
        "survival_gap": "survival_gap", "head_retention_gap": "retention_gap", "heads_kept": "count",
        "mask_iou": "mean", "mask_iou_dim": "mean", "mask_iou_backlight": "mean", "mask_iou_noise": "mean"}


def test_parse_evidence_reads_version_3_head_retention_gap_beyond_half() -> None:
    gap = {"groups": ["monk 6", "monk 2"], "gap": -0.6, "standard_error": 0.1, "n_faces": [5, 6], "n_cards": 11,
           "enough_faces": True}
    record = parse_evidence({"schema_version": 3, "metrics": {"person_segmentation_mediapipe": {
        "head_retention_gap": {"comparisons": [gap]}, "mask_iou": {"mean": 0.89, "n": 5}}}})
    metrics = record.metrics["person_segmentation_mediapipe"]
    assert metrics["head_retention_gap"].comparisons[0].gap == -0.6  # type: ignore[union-attr]
    assert metrics["mask_iou"] == MeanMetric(mean=0.89, n=5)


VERSION_1 = {
    "schema_version": 1, "kind": "pairs", "created": "2026-11-20T09:00:00Z", "tcm_version": "0.1.0",
    "command": "tcm audit pairs", "seed": 7, "frame": "0.56", "images": [{"file": "square.png", "sha256": SHA}],
    "models": [],
    "metrics": {"face_crop_centerface": {
        "latency_ms": {"p10": 18.25, "p50": 24.5, "p90": 41.0, "n": 12},
        "survival_gap": {"count": 9, "of": 16, "centre": 0.5},
        "position_first_wins": {"count": 5, "of": 9, "centre": 0.5},
        "something_else": {"x": 1},
    }},
    "results": {"flip_rate": 0.1875},
}


def test_version_1_survival_gap_becomes_one_comparison_without_enough_faces() -> None:
    record = parse_evidence(copy.deepcopy(VERSION_1))
    metrics = record.metrics["face_crop_centerface"]
    # 9 of 16 decided cards: gap 9/16 - 0.5; binomial error over cards sqrt(0.5625 x 0.4375 / 16).
    assert metrics["survival_gap"] == SurvivalGapMetric(comparisons=(GroupGap(
        groups=("favoured group", "other group"), gap=0.0625, standard_error=math.sqrt(0.5625 * 0.4375 / 16),
        n_faces=(0, 0), n_cards=16, enough_faces=False,
        note="version-1 evidence counted cards, not faces: not enough faces to measure"),))
    assert metrics["survival_gap"].usable() == ()  # type: ignore[union-attr]
    assert metrics["latency_ms"] == LatencyMetric(18.25, 24.5, 41.0, 12, clock="wall")
    assert metrics["position_first_wins"] == CountMetric(5, 9)
    assert "something_else" not in metrics  # version 1 allowed names no reader used
    assert record.schema_version == 1


def test_version_1_with_nothing_decided_has_no_comparison() -> None:
    data = {"schema_version": 1, "metrics": {"x": {"survival_gap": {"count": 0, "of": 0, "centre": 0.5}}}}
    assert parse_evidence(data).metrics["x"]["survival_gap"] == SurvivalGapMetric(comparisons=())


def test_a_migrated_file_is_written_as_version_3(tmp_path: Path) -> None:
    record = parse_evidence(copy.deepcopy(VERSION_1))
    again = read_evidence(write_evidence(tmp_path / "v3.json", record))
    assert again.metrics == record.metrics
    assert again.schema_version == 3


def edited(where: str, value: object) -> dict[str, Any]:
    data = evidence_to_data(sample())
    target: Any = data
    keys = [int(key) if key.isdigit() else key for key in where.split("/")]
    for key in keys[:-1]:
        target = target[key]
    target[keys[-1]] = value
    return data


FIXED = "metrics.fixed_crop"
BAD_FIELDS = [
    ("metrics/fixed_crop/survival_gap/comparisons/0/n_faces/0", "x",
     f"{FIXED}.survival_gap.comparisons[0].n_faces[0]: 'x' is not a whole number >= 0"),
    ("metrics/fixed_crop/survival_gap/comparisons/0/n_faces", "x",
     f"{FIXED}.survival_gap.comparisons[0].n_faces: 'x' is not a list"),
    ("metrics/fixed_crop/survival_gap/comparisons/1/n_cards", -3,
     f"{FIXED}.survival_gap.comparisons[1].n_cards: -3 is not a whole number >= 0"),
    ("metrics/fixed_crop/survival_gap/comparisons/0/gap", 0.7,
     f"{FIXED}.survival_gap.comparisons[0].gap: 0.7 is not in [-0.5, 0.5]"),
    ("metrics/fixed_crop/survival_gap/comparisons/0/gap", float("nan"),
     f"{FIXED}.survival_gap.comparisons[0].gap: nan is not a finite number"),
    ("metrics/fixed_crop/survival_gap/comparisons/0/enough_faces", "yes",
     f"{FIXED}.survival_gap.comparisons[0].enough_faces: 'yes' is not true or false"),
    ("metrics/fixed_crop/survival_gap/comparisons/0/ci_high", 0.1,
     f"{FIXED}.survival_gap.comparisons[0]: ci_low -0.02 <= gap 0.125 <= ci_high 0.1 does not hold"),
    ("metrics/fixed_crop/latency_ms/n", "x", f"{FIXED}.latency_ms.n: 'x' is not a whole number >= 1"),
    ("metrics/fixed_crop/latency_ms/p50", "fast", f"{FIXED}.latency_ms.p50: 'fast' is not a finite number >= 0"),
    ("metrics/fixed_crop/latency_ms/p90", float("inf"), f"{FIXED}.latency_ms.p90: inf is not a finite number >= 0"),
    ("metrics/fixed_crop/latency_ms/p10", -1.0, f"{FIXED}.latency_ms.p10: -1.0 is not a finite number >= 0"),
    ("metrics/fixed_crop/latency_ms/p90", 1e300, f"{FIXED}.latency_ms.p90: 1e+300 is larger than 1e+12"),
    ("metrics/fixed_crop/latency_ms/p10", 3.0, f"{FIXED}.latency_ms: p10 3.0 <= p50 1.5 <= p90 2.0 does not hold"),
    ("metrics/fixed_crop/latency_ms/clock", "sundial", f"{FIXED}.latency_ms.clock: 'sundial' is not one of cpu, wall"),
    ("metrics/fixed_crop/face_cut_images/count", 13, f"{FIXED}.face_cut_images: count 13 is more than of 12"),
    ("metrics/fixed_crop/face_cut_images/of", 10**15,
     f"{FIXED}.face_cut_images.of: 1000000000000000 is larger than 1e+12"),
    ("metrics/fixed_crop/face_cut_images/of", True, f"{FIXED}.face_cut_images.of: True is not a whole number >= 0"),
    ("metrics/fixed_crop/speed", {"fast": 1}, f"{FIXED}.speed: unknown metric 'speed' (known: latency_ms, "
                                              "wall_latency_ms, face_cut_images, faces_cut, fallbacks, "
                                              "position_first_wins, unreliable_outputs, survival_gap, "
                                              "head_retention_gap, heads_kept, mask_iou, mask_iou_dim, "
                                              "mask_iou_backlight, mask_iou_noise)"),
    ("metrics/fixed_crop", "fast", f"{FIXED}: 'fast' is not a JSON object"),
    ("kind", "speed", "kind: 'speed' is not one of retention, pairs, robustness, head_retention"),
    ("seed", -1, "seed: -1 is not a whole number >= 0"),
    ("machine/cores", 0, "machine.cores: 0 is not a whole number >= 1"),
    ("images/0/sha256", "abc", "images[0].sha256: 'abc' is not 64 lowercase hexadecimal digits"),
    ("images/0/file", "/etc/passwd", "images[0].file: '/etc/passwd' is a local path; evidence names a file relative "
                                     "to its set (no leading / and no ..)"),
    ("images/0/file", "../../a.png", "images[0].file: '../../a.png' is a local path; evidence names a file relative "
                                     "to its set (no leading / and no ..)"),
    ("images/0/file", "C:\\data\\a.png", "images[0].file: 'C:\\\\data\\\\a.png' is a local path; evidence names a file "
                                         "relative to its set (no leading / and no ..)"),
    ("schema_version", 4, "schema_version: 4 is not a supported schema version (this code reads 1, 2 and 3)"),
    ("surprise", 1, "unknown key 'surprise' (allowed: schema_version, kind, created, tcm_version, command, seed, "
                    "frame, images, models, machine, metrics, results, results_data)"),
]


@pytest.mark.parametrize(("where", "value", "message"), BAD_FIELDS)
def test_read_evidence_names_the_file_the_field_and_the_value(tmp_path: Path, where: str, value: object,
                                                              message: str) -> None:
    path = tmp_path / "run.json"
    path.write_text(json.dumps(edited(where, value)), encoding="utf-8")  # NaN and Infinity as JSON allows
    with pytest.raises(EvidenceError) as raised:
        read_evidence(path)
    assert str(raised.value) == f"{path}: {message}"


def test_parse_evidence_reports_every_problem_at_once() -> None:
    data = edited("metrics/fixed_crop/latency_ms/n", "x")
    data["metrics"]["fixed_crop"]["fallbacks"]["count"] = -1
    with pytest.raises(EvidenceError) as raised:
        parse_evidence(data, "link")
    assert str(raised.value) == ("link: metrics.fixed_crop.latency_ms.n: 'x' is not a whole number >= 1\n"
                                 "link: metrics.fixed_crop.fallbacks.count: -1 is not a whole number >= 0")
    assert [problem.field for problem in raised.value.problems] == [f"{FIXED}.latency_ms.n", f"{FIXED}.fallbacks.count"]


@pytest.mark.parametrize(("data", "message"), [
    ([1, 2], "[1, 2] is not a JSON object"),
    ({"schema_version": 2}, "missing key 'metrics'"),
    ({"schema_version": True, "metrics": {}}, "schema_version: True is not a supported schema version "
                                              "(this code reads 1, 2 and 3)"),
])
def test_parse_evidence_refuses_what_is_not_evidence(data: object, message: str) -> None:
    with pytest.raises(EvidenceError) as raised:
        parse_evidence(data)
    assert str(raised.value) == message


def test_read_evidence_refuses_broken_json_and_missing_files(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(EvidenceError, match=r"run\.json: cannot read the evidence file: not valid JSON \(Expecting"):
        read_evidence(path)
    with pytest.raises(EvidenceError, match=r"gone\.json: cannot read the evidence file \("):
        read_evidence(tmp_path / "gone.json")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"x" * 20_000_001, "up.json: cannot read the evidence file (20,000,001 bytes is above the limit of 20,000,000 "
                            "bytes (an evidence file with the results of a large image set))"),
        (b"\xff\xfe", "up.json: cannot read the evidence file ('utf-8' codec can't decode byte 0xff in position 0: "
                      "invalid start byte)"),
        (b"{", "up.json: cannot read the evidence file: not valid JSON (Expecting property name enclosed in double "
               "quotes: line 1 column 2 (char 1))"),
        (b'{"schema_version": 2, "metrics": {"x": {"latency_ms": {"p50": -1}}}}', None),
    ],
)
def test_evidence_from_bytes_names_the_upload_and_each_problem(data: bytes, message: str | None) -> None:
    with pytest.raises(EvidenceError) as raised:
        evidence_from_bytes(data, "up.json")
    if message is not None:
        assert str(raised.value) == message
    else:
        assert all(str(problem).startswith("metrics.x.latency_ms") for problem in raised.value.problems)
        assert str(raised.value).startswith("up.json: metrics.x.latency_ms")


def test_results_data_round_trips_and_points_relative_to_the_evidence_file(tmp_path: Path) -> None:
    from evidence import ResultsData

    record = dataclasses.replace(sample(), results_data=ResultsData("pairs.results", SHA, "parquet", 2000))
    path = write_evidence(tmp_path / "run.json", record)
    assert json.loads(path.read_text(encoding="utf-8"))["results_data"] == {
        "path": "pairs.results", "sha256": SHA, "format": "parquet", "cards": 2000}
    assert read_evidence(path) == record


@pytest.mark.parametrize(("results_data", "message"), [
    ({"path": "/home/me/run", "sha256": SHA},
     "results_data.path: '/home/me/run' is an absolute path; results are named relative to the evidence file"),
    ({"path": "run", "sha256": SHA, "format": "csv"}, "results_data.format: 'csv' is not one of parquet"),
    ({"path": "run"}, "results_data: missing key 'sha256'"),
])
def test_results_data_problems_name_their_field(results_data: dict[str, object], message: str) -> None:
    with pytest.raises(EvidenceError) as caught:
        parse_evidence({"schema_version": 3, "metrics": {}, "results_data": results_data})
    assert str(caught.value) == message


def test_version_2_files_stay_readable() -> None:
    record = parse_evidence({"schema_version": 2, "metrics": {"x": {"faces_cut": {"count": 1, "of": 2}}}})
    assert (record.schema_version, record.results_data) == (2, None)


@pytest.mark.parametrize(("text", "problem"), [
    ('{"schema_version": 3, "schema_version": 3, "metrics": {}}',
     "not valid JSON (the key 'schema_version' appears twice)"),
    ("[" * 50 + "]" * 50, "not valid JSON (it nests too deep: 50 levels is above the limit of 20 levels"),
    ('{"schema_version": 3, "metrics": {}, "seed": ' + "9" * 5000 + "}",
     "not valid JSON (a whole number of 5,000 digits; no count in an evidence file has more than 18)"),
])
def test_untrusted_json_is_refused_saying_why(text: str, problem: str) -> None:
    with pytest.raises(EvidenceError) as raised:
        evidence_from_bytes(text.encode("utf-8"), "e.json")
    assert problem in str(raised.value)


def test_a_byte_order_mark_is_read_and_a_long_command_refused() -> None:
    plain = {"schema_version": 3, "metrics": {}, "command": "tcm audit retention"}
    assert evidence_from_bytes(b"\xef\xbb\xbf" + json.dumps(plain).encode(), "e.json").command == "tcm audit retention"
    with pytest.raises(EvidenceError) as raised:
        evidence_from_bytes(json.dumps({**plain, "command": "x" * 10_001}).encode(), "e.json")
    assert "command: 10,001 characters is above the limit of 10,000 characters" in str(raised.value)
