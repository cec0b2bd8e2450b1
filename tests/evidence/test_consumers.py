"""Every package reads evidence through the one reader: the same file gives the same metrics or the same error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import costmodels
import reports
from evidence import CountMetric, GroupGap, LatencyMetric, SurvivalGapMetric

GOOD = {"schema_version": 2, "kind": "pairs", "metrics": {
    "fixed_crop": {
        "latency_ms": {"p10": 1.0, "p50": 2.0, "p90": 4.0, "n": 12, "clock": "cpu", "machine": "AMD EPYC, 2 cores"},
        "face_cut_images": {"count": 3, "of": 12},
        "fallbacks": {"count": 0, "of": 12},
        "survival_gap": {"comparisons": [{
            "groups": ["a", "b"], "gap": 0.1, "standard_error": 0.05, "n_faces": [6, 5], "n_cards": 40,
            "enough_faces": True}]},
    }}}
BAD = {"schema_version": 2, "metrics": {"fixed_crop": {"latency_ms": {"p10": 1.0, "p50": 2.0, "p90": 4.0,
                                                                      "n": "x"}}}}
BAD_FIELD = "metrics.fixed_crop.latency_ms.n: 'x' is not a whole number >= 1"


def write(folder: Path, name: str, data: object) -> Path:
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_cost_engine_gets_the_contract_types(tmp_path: Path) -> None:
    measured = costmodels.load_evidence([write(tmp_path, "run.json", GOOD)])
    assert measured.metric("fixed_crop", "latency_ms") == LatencyMetric(1.0, 2.0, 4.0, 12, "cpu", "AMD EPYC, 2 cores")
    assert measured.metric("fixed_crop", "face_cut_images") == CountMetric(3, 12)
    assert measured.metric("fixed_crop", "survival_gap") == SurvivalGapMetric(comparisons=(GroupGap(
        groups=("a", "b"), gap=0.1, standard_error=0.05, n_faces=(6, 5), n_cards=40, enough_faces=True),))
    assert measured.metric("fixed_crop", "fallbacks") is None  # the engine keeps only what a line can be measured by
    assert measured.sources == ("run.json",)


def test_cost_engine_reads_version_1_survival_gaps_as_not_enough_faces() -> None:
    measured = costmodels.evidence_from_data({"schema_version": 1, "metrics": {"x": {
        "survival_gap": {"count": 3, "of": 4, "centre": 0.5}}}})
    gap = measured.metric("x", "survival_gap")
    assert isinstance(gap, SurvivalGapMetric) and gap.usable() == ()


def test_a_malformed_file_is_the_same_clear_error_for_the_engine_and_the_report(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.json", BAD)
    with pytest.raises(costmodels.ScenarioError) as engine:
        costmodels.load_evidence([path])
    with pytest.raises(reports.EvidenceFileError) as report:
        reports.read_evidence_file(path)
    assert str(engine.value) == str(report.value) == f"{path}: {BAD_FIELD}"


def test_a_share_link_with_malformed_measurements_is_a_share_link_error() -> None:
    broken = costmodels.Evidence({"fixed_crop": {"latency_ms": LatencyMetric(1.0, 2.0, 4.0, n=0)}})
    token = costmodels.encode_share_token(costmodels.SharedState(costmodels.default_scenario(), evidence=broken))
    with pytest.raises(costmodels.ShareLinkError) as raised:
        costmodels.decode_share_token(token)
    assert str(raised.value) == ("the share link's measurements are invalid:\n"
                                 "metrics.fixed_crop.latency_ms.n: 0 is not a whole number >= 1")


def test_a_share_link_carries_measurements_exactly(tmp_path: Path) -> None:
    measured = costmodels.load_evidence([write(tmp_path, "run.json", GOOD)])
    token = costmodels.encode_share_token(costmodels.SharedState(costmodels.default_scenario(), evidence=measured))
    decoded = costmodels.decode_share_token(token).evidence
    assert decoded is not None and decoded.metrics == measured.metrics
