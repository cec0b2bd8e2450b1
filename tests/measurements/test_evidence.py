"""Evidence files: the exact shape the cost engine reads, round trips, and errors that name the place."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from measurements import (
    CountMetric,
    Evidence,
    EvidenceError,
    FileRecord,
    GapMetric,
    LatencySummary,
    OptionMetrics,
    read_evidence,
    write_evidence,
)

SHA = "a" * 64


def sample() -> Evidence:
    return Evidence(
        kind="pairs",
        created="2025-01-01T00:00:00Z",
        tcm_version="0.1.0",
        command="tcm audit pairs --seed 0",
        seed=0,
        frame="0.56",
        images=(FileRecord("astronaut.png", SHA),),
        models=(),
        metrics={"center_crop": OptionMetrics(
            latency_ms=LatencySummary(p10=1.2, p50=1.5, p90=2.0, n=12),
            face_cut_images=CountMetric(3, 12),
            survival_gap=GapMetric(140, 250),
            extra={"faces_cut": {"count": 1, "of": 2}},
        )},
        results={"cards": [1, 2]},
    )


def test_write_evidence_writes_the_schema_keys_and_metric_shapes(tmp_path: Path) -> None:
    path = write_evidence(tmp_path / "run.json", sample())
    data = json.loads(path.read_text(encoding="utf-8"))
    assert list(data) == ["schema_version", "kind", "created", "tcm_version", "command", "seed", "frame", "images",
                          "models", "metrics", "results"]
    assert data["metrics"] == {"center_crop": {
        "latency_ms": {"p10": 1.2, "p50": 1.5, "p90": 2.0, "n": 12},
        "face_cut_images": {"count": 3, "of": 12},
        "survival_gap": {"count": 140, "of": 250, "centre": 0.5},
        "faces_cut": {"count": 1, "of": 2},
    }}


def test_read_evidence_round_trips(tmp_path: Path) -> None:
    assert read_evidence(write_evidence(tmp_path / "run.json", sample())) == sample()


def edit(data: dict[str, Any], where: str, value: object) -> None:
    keys = where.split(".")
    for key in keys[:-1]:
        data = data[key]
    data[keys[-1]] = value


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [
        ("kind", "speed", "run.json: kind: 'speed' is not one of retention, pairs, robustness"),
        ("schema_version", 2, "run.json: schema_version: 2 is not a supported schema version (this code reads 1)"),
        ("seed", -1, "run.json: seed: -1 is not a whole number >= 0"),
        ("metrics.center_crop.face_cut_images.count", 13, "run.json: metrics.center_crop.face_cut_images: "
                                                          "count 13 is more than of 12"),
        ("metrics.center_crop.latency_ms.p10", 3.0, "run.json: metrics.center_crop.latency_ms: "
                                                    "p10 3.0 <= p50 1.5 <= p90 2.0 does not hold"),
        ("metrics.center_crop.survival_gap.centre", 2, "run.json: metrics.center_crop.survival_gap.centre: "
                                                       "2 is not a number in [0, 1]"),
        ("metrics.center_crop.latency_ms.n", "12", "run.json: metrics.center_crop.latency_ms.n: "
                                                   "'12' is not a whole number >= 0"),
    ],
)
def test_read_evidence_names_file_path_and_value(tmp_path: Path, where: str, value: object, message: str) -> None:
    path = write_evidence(tmp_path / "run.json", sample())
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data, where, value)
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(EvidenceError) as raised:
        read_evidence(path)
    assert str(raised.value) == message


def test_read_evidence_refuses_broken_json(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(EvidenceError, match=r"^run\.json: not valid JSON \("):
        read_evidence(path)
