from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import costmodels
from costmodels import (
    CountMetric,
    Evidence,
    GroupGap,
    LatencyMetric,
    MeasuredRate,
    ScenarioError,
    SurvivalGapMetric,
    evaluate,
    evidence_from_data,
    load_evidence,
    scenario_from_data,
)
from costmodels._model import compile_model, deterministic_totals


def evidence_data(metrics: dict[str, Any]) -> dict[str, Any]:
    return {"schema_version": 1, "kind": "retention", "metrics": metrics, "results": {"anything": [1, 2]}}


def test_evidence_from_data_reads_the_metrics_the_engine_uses() -> None:
    evidence = evidence_from_data(evidence_data({
        "center_crop": {"latency_ms": {"p10": 1.0, "p50": 2.0, "p90": 4.0, "n": 12},
                        "face_cut_images": {"count": 3, "of": 12},
                        "something_else": {"x": 1}},
        "face_crop_centerface": {"survival_gap": {"count": 140, "of": 250, "centre": 0.5}},
    }), source="run.json")
    assert evidence.metric("center_crop", "latency_ms") == LatencyMetric(1.0, 2.0, 4.0, n=12, clock="wall")
    assert evidence.metric("center_crop", "face_cut_images") == CountMetric(3, 12)
    assert evidence.metric("center_crop", "something_else") is None
    # A version-1 gap counted cards, not faces: migrated to one comparison that never drives a cost.
    assert evidence.metric("face_crop_centerface", "survival_gap") == SurvivalGapMetric(comparisons=(GroupGap(
        groups=("favoured group", "other group"), gap=0.06, standard_error=pytest.approx(0.031394, abs=1e-6),
        n_faces=(0, 0), n_cards=250, enough_faces=False,
        note="version-1 evidence counted cards, not faces: not enough faces to measure"),))
    assert evidence.sources == ("run.json",)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"metrics": {}}, "missing key 'schema_version'"),
        (evidence_data({"a": {"latency_ms": {"p10": 3, "p50": 2, "p90": 4, "n": 5}}}),
         "metrics.a.latency_ms: p10 3.0 <= p50 2.0 <= p90 4.0 does not hold"),
        (evidence_data({"a": {"face_cut_images": {"count": 13, "of": 12}}}),
         "metrics.a.face_cut_images: count 13 is more than of 12"),
        (evidence_data({"a": {"survival_gap": {"count": 1, "of": 2, "centre": 2}}}),
         "metrics.a.survival_gap.centre: 2 is not in [0, 1]"),
        (evidence_data({"a": {"latency_ms": {"p10": 1, "p50": 2, "p90": 4, "n": "x"}}}),
         "metrics.a.latency_ms.n: 'x' is not a whole number >= 1"),
    ],
)
def test_evidence_from_data_rejects_bad_metrics_with_exact_message(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ScenarioError) as error:
        evidence_from_data(data)
    assert str(error.value) == message


def test_load_evidence_merges_files_later_wins_and_names_a_broken_file(tmp_path: Path) -> None:
    first, second, broken = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "c.json"
    first.write_text(json.dumps(evidence_data({"x": {"face_cut_images": {"count": 1, "of": 2}}})))
    second.write_text(json.dumps(evidence_data({"x": {"face_cut_images": {"count": 2, "of": 2}}})))
    broken.write_text("{not json")
    assert load_evidence([first, second]).metric("x", "face_cut_images") == CountMetric(2, 2)
    with pytest.raises(ScenarioError) as error:
        load_evidence([first, broken])
    assert str(error.value).startswith(f"{broken}: cannot read the evidence file")


def test_measured_rate_draws_match_the_beta_posterior() -> None:
    # 3 of 12 -> Beta(4, 10): mean 4/14; as a gap from 0.5 with scale 2: 2 x |r - 0.5|.
    uniforms = np.random.default_rng(1).random(200_000)
    assert MeasuredRate(3, 12).values(uniforms).mean() == pytest.approx(4 / 14, abs=0.002)
    gap = MeasuredRate(3, 12, centre=0.5, scale=2).values(uniforms)
    reference = 2 * np.abs(np.random.default_rng(2).beta(4, 10, 200_000) - 0.5)  # numpy's own sampler
    assert gap.max() <= 1.0
    assert gap.mean() == pytest.approx(reference.mean(), abs=0.003)


def measured_scenario(data: dict[str, Any]) -> costmodels.Scenario:
    data["cpu_hour_usd"] = 0.036
    data["options"][1]["image_option"] = "center_crop"
    data["options"][1]["costs"] = [
        {"category": "compute", "estimate": 1.0, "measured_by": {"metric": "latency_ms"}},
        {"category": "model_risk", "estimate": {"probability": 0.5, "impact": 1000},
         "measured_by": {"metric": "face_cut_images", "scale": 1}},
    ]
    return scenario_from_data(data)


def test_evaluate_uses_measurements_in_place_of_estimates(data: dict[str, Any]) -> None:
    scenario = measured_scenario(data)
    evidence = Evidence({"center_crop": {"latency_ms": LatencyMetric(1.0, 2.0, 4.0, n=12),
                                         "face_cut_images": CountMetric(3, 12)}}, sources=("e.json",))
    model = compile_model(scenario, evidence)
    # 2 ms at $0.036 per CPU-hour = 2e-8 per image; 100 images a day growing 5% over two years at 10%.
    compute_pv = 2.0 * 0.036 / 3_600_000 * 100 * 365 * (1 / 1.1 + 1.05 / 1.21)
    # The risk's likely probability is the posterior mean 4/14, times 1,000.
    risk_pv = 4 / 14 * 1000 * (1 / 1.1 + 1 / 1.21)
    assert deterministic_totals(model)[1] == pytest.approx(compute_pv + risk_pv, rel=1e-3)
    result = evaluate(scenario, draws=2000, seed=0, evidence=evidence)
    assert [(m.option, m.category, m.metric) for m in result.measured] == [
        ("B", "compute", "latency_ms"), ("B", "model_risk", "face_cut_images")]
    assert result.measured[0].note == "2.0 ms median per unit (n=12) at $0.036 per CPU-hour, CPU time"
    assert result.measured[1].note == "face_cut_images: 3 of 12; probability per year = 1 x the rate"


def test_latency_note_says_how_many_runs_a_unit_takes(data: dict[str, Any]) -> None:
    """A participant-hour is 108,000 frames: the note says so, never "ms per participant-hour"."""
    data["cpu_hour_usd"] = 0.036
    data["options"][1]["image_option"] = "center_crop"
    data["options"][1]["costs"] = [{"category": "compute", "estimate": 1.0,
                                    "measured_by": {"metric": "latency_ms", "scale": 108_000}}]
    evidence = Evidence({"center_crop": {"latency_ms": LatencyMetric(1.0, 2.0, 4.0, n=12)}}, sources=("e.json",))
    result = evaluate(scenario_from_data(data), draws=2000, seed=0, evidence=evidence)
    assert result.measured[0].note == (
        "2.0 ms median a run, x 108,000 runs per unit (n=12) at $0.036 per CPU-hour, CPU time")


def test_evaluate_without_matching_evidence_keeps_the_estimates(data: dict[str, Any]) -> None:
    scenario = measured_scenario(data)
    plain = evaluate(scenario, draws=500, seed=0)
    other_option = Evidence({"fixed_crop": {"face_cut_images": CountMetric(3, 12)}})
    nothing_decided = Evidence({"center_crop": {"face_cut_images": CountMetric(0, 0)}})
    for evidence in (other_option, nothing_decided):
        result = evaluate(scenario, draws=500, seed=0, evidence=evidence)
        assert result.measured == ()
        assert result.to_data() == plain.to_data()


def test_default_scenario_declares_measurable_lines() -> None:
    lines = [(o.name, line.category, line.measured_by.metric) for o in costmodels.default_scenario().options
             for line in o.costs if line.measured_by]
    assert ("ML smart crop", "reputation_risk", "survival_gap") in lines
    assert ("Center crop", "model_risk", "face_cut_images") in lines
    assert len(lines) == 15  # compute, model risk and reputation risk of all five options
