"""The virtual-background ML reputation line is measured by head retention, and the audit's evidence attaches."""

from __future__ import annotations

from pathlib import Path

import costmodels
from templates import get_template
from tests.tcm.test_audit_commands import run_cli


def test_virtual_background_ml_reputation_line_is_measured_by_head_retention_gap() -> None:
    ml = get_template("virtual_background").scenario().options[0]
    line = next(line for line in ml.costs if line.category == "reputation_risk")
    assert (ml.implementation, line.measured_by is not None and line.measured_by.metric) == (
        "person_segmentation_mediapipe", "head_retention_gap")


def test_virtual_background_head_retention_evidence_attaches_to_the_ml_lines(tmp_path: Path) -> None:
    target = tmp_path / "heads.json"
    assert run_cli(["head-retention", "--option", "person_segmentation_mediapipe", "--no-robustness", "--workers", "1",
                    "--evidence", str(target)]) == 0
    template = get_template("virtual_background")
    evaluation = costmodels.evaluate(template.scenario(), draws=2000, evidence=costmodels.load_evidence([target]),
                                     units=template.units)
    measured = {(line.option, line.category, line.metric): line.note for line in evaluation.measured}
    assert measured["ML person segmentation", "reputation_risk", "head_retention_gap"] == (
        "head retention gap: not enough faces to measure (every comparison has a group with fewer than 5 distinct "
        "faces); the estimate stands")
    assert ("ML person segmentation", "compute", "latency_ms") in measured
