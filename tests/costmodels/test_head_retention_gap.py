"""Head-retention evidence weighs a mask option's risk line exactly as the survival gap does."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest

import costmodels
from costmodels import Evidence, Triple, evaluate, scenario_from_data
from costmodels._analysis import term_moments
from costmodels._information import uncertain_inputs
from costmodels._model import RandomNumbers, compile_model
from evidence import GroupGap, SurvivalGapMetric
from measurements import FaceHead, MaskOptionSummary
from measurements._head_retention import compare_groups, summarise_group
from measurements._statistics import Proportion
from measurements._to_evidence import head_retention_gap

OPTION = "person_segmentation_mediapipe"
ESTIMATE = Triple(0.01, 0.02, 0.05)


def mask_scenario(data: dict[str, Any], metric: str = "head_retention_gap") -> costmodels.Scenario:
    """B is implemented by the segmentation option and carries a reputation risk measured by `metric`."""
    data["options"][1]["image_option"] = OPTION
    data["options"][1]["costs"].append({
        "category": "reputation_risk",
        "estimate": {"probability": {"low": ESTIMATE.low, "likely": ESTIMATE.likely, "high": ESTIMATE.high},
                     "impact": 1000},
        "measured_by": {"metric": metric},
    })
    return scenario_from_data(data)


def expected_risk(scenario: costmodels.Scenario, name: str, metric: SurvivalGapMetric | None) -> float:
    evidence = Evidence(metrics={OPTION: {name: metric}}) if metric else None
    model = compile_model(scenario, evidence)
    index = next(i for i, term in enumerate(model.terms) if term.category == "reputation_risk")
    return float(term_moments(model).expected_usd[index])


def gap(value: float, error: float, *, enough: bool = True) -> SurvivalGapMetric:
    return SurvivalGapMetric(comparisons=(GroupGap(groups=("monk 8", "monk 2"), gap=value, standard_error=error,
                                                   n_faces=(40, 40), n_cards=80, enough_faces=enough),))


@pytest.mark.parametrize(("value", "error"), [(0.0, 1e-4), (0.0, 0.05), (-0.3, 0.03), (0.12, 0.06)])
def test_head_retention_gap_uses_the_same_adjustment_as_the_survival_gap(
    data: dict[str, Any], value: float, error: float
) -> None:
    head = expected_risk(mask_scenario(copy.deepcopy(data)), "head_retention_gap", gap(value, error))
    survival = expected_risk(mask_scenario(copy.deepcopy(data), "survival_gap"), "survival_gap", gap(value, error))
    assert head == pytest.approx(survival, rel=1e-12)


def test_parity_never_raises_and_a_clear_disparity_raises_the_cost(data: dict[str, Any]) -> None:
    scenario = mask_scenario(data)
    estimate_only = expected_risk(scenario, "head_retention_gap", None)
    assert expected_risk(scenario, "head_retention_gap", gap(0.0, 1e-4)) == pytest.approx(0.2 * estimate_only)
    assert expected_risk(scenario, "head_retention_gap", gap(0.0, 0.05)) < estimate_only
    # Darker-skinned heads kept 30 points less (standard error 0.03): the probability rises about 4x.
    assert expected_risk(scenario, "head_retention_gap", gap(-0.3, 0.03)) > 3 * estimate_only


def test_not_enough_faces_leaves_the_estimate_and_says_so(data: dict[str, Any]) -> None:
    scenario = mask_scenario(data)
    unusable = gap(-0.4, 0.01, enough=False)
    assert expected_risk(scenario, "head_retention_gap", unusable) == expected_risk(scenario, "head_retention_gap",
                                                                                     None)
    evidence = Evidence(metrics={OPTION: {"head_retention_gap": unusable}})
    result = evaluate(scenario, draws=200, seed=0, evidence=evidence)
    assert [line.note for line in result.measured] == [
        "head retention gap: not enough faces to measure (every comparison has a group with fewer than 5 distinct "
        "faces); the estimate stands"]
    assert [line.replaced for line in result.measured] == [False]  # listed as audited, never counted as measured
    inputs = [label for label, _ in uncertain_inputs(compile_model(scenario, evidence), RandomNumbers(0, 200))]
    assert "B: reputation_risk probability" in inputs  # the value of information names the kept estimate as one


def simulated_weight(rng: np.random.Generator, darker_mean: float, faces: int = 40) -> float:
    """One audit of `faces` faces per group with known true mean head retention, through the measurement's code."""
    def heads(group: str, mean: float) -> list[FaceHead]:
        values = np.clip(rng.normal(mean, 0.08, faces), 0.0, 1.0)
        return [FaceHead(f"{group}-{i}.png", (0, 0, 1, 1), group, float(v), float(v)) for i, v in enumerate(values)]

    groups = (summarise_group("monk 2", heads("monk 2", 0.95), 5),
              summarise_group("monk 8", heads("monk 8", darker_mean), 5))
    summary = MaskOptionSummary(OPTION, groups, compare_groups(groups, 5), None, 0, Proportion.of(0, 0), None, (), ())
    metric = head_retention_gap(summary, 5)
    scenario_value = costmodels.GapWeightedProbability(
        ESTIMATE,
        tuple(c.gap * 0.01 / (0.01 + c.standard_error**2) for c in metric.comparisons),
        tuple((0.01 * c.standard_error**2 / (0.01 + c.standard_error**2)) ** 0.5 for c in metric.comparisons),
        0.1, 0.02, 0.2,
    )
    return scenario_value.expected_weight


def test_simulated_audits_with_known_truth_move_cost_the_right_way() -> None:
    # 100 audits of 40 faces per group: equal true retention lowers the expected probability in
    # nearly every audit; darker-skinned heads kept 25 points less raise it in every audit.
    rng = np.random.default_rng(11)
    fair = np.array([simulated_weight(rng, 0.95) for _ in range(100)])
    unfair = np.array([simulated_weight(rng, 0.70) for _ in range(100)])
    assert (fair < 1).mean() >= 0.95 and fair.mean() < 0.8
    assert unfair.min() > 2
    assert unfair.min() > fair.max()


def test_head_retention_gap_line_is_parsed_with_the_gap_calibration(data: dict[str, Any]) -> None:
    data["options"][1]["image_option"] = OPTION
    data["options"][1]["costs"].append({"category": "reputation_risk", "estimate": {"probability": 0.1, "impact": 1},
                                        "measured_by": {"metric": "head_retention_gap", "prior_sd": 0.2}})
    assert scenario_from_data(data).options[1].costs[-1].measured_by.prior_sd == 0.2  # type: ignore[union-attr]
