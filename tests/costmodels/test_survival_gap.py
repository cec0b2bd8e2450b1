"""Survival evidence as a likelihood: parity never raises cost, disparity raises it steeply."""

from __future__ import annotations

import copy
import math
from typing import Any

import numpy as np
import pytest

import costmodels
from costmodels import Evidence, GapWeightedProbability, Triple, evaluate, scenario_from_data, survival_gap_from_counts
from costmodels._analysis import expected_totals, term_moments
from costmodels._model import compile_model
from evidence import CountMetric, GroupGap, SurvivalGapMetric

ESTIMATE = Triple(0.01, 0.02, 0.05)  # PERT mean 0.0233...
HIGH = Triple(0.5, 0.7, 0.9)  # high enough that the cap at 1 binds under a disparity


def phi(x: float) -> float:
    return math.exp(-x * x / 2) / math.sqrt(2 * math.pi)


def tail(x: float) -> float:
    return 0.5 * math.erfc(x / math.sqrt(2))


def prior_excess_by_hand(tau: float = 0.1, tolerance: float = 0.02) -> float:
    """E[max(|g| - t, 0)] for g ~ N(0, tau^2): 2 [tau phi(t / tau) - t (1 - Phi(t / tau))]."""
    return 2 * (tau * phi(tolerance / tau) - tolerance * tail(tolerance / tau))


def comparison(gap: float, error: float, *, enough: bool = True) -> GroupGap:
    return GroupGap(groups=("a", "b"), gap=gap, standard_error=error, n_faces=(40, 40), n_cards=200,
                    enough_faces=enough)


def gap_scenario(data: dict[str, Any], probability: Triple = ESTIMATE, **measured: Any) -> costmodels.Scenario:
    """B (non-ML, image option fixed_crop) carries a reputation risk measured by survival_gap."""
    data["options"][1]["image_option"] = "fixed_crop"
    data["options"][1]["costs"].append({
        "category": "reputation_risk",
        "estimate": {"probability": {"low": probability.low, "likely": probability.likely,
                                     "high": probability.high}, "impact": 1000},
        "measured_by": {"metric": "survival_gap", **measured},
    })
    return scenario_from_data(data)


def expected_risk(scenario: costmodels.Scenario, metric: SurvivalGapMetric | None) -> float:
    """B's expected present value of the reputation line (exact, from the model's means)."""
    evidence = Evidence(metrics={"fixed_crop": {"survival_gap": metric}}) if metric else None
    model = compile_model(scenario, evidence)
    moments = term_moments(model)
    index = next(i for i, term in enumerate(model.terms) if term.category == "reputation_risk")
    return float(moments.expected_usd[index])


def weighted(
    gaps: list[tuple[float, float]], probability: Triple = ESTIMATE, capped: bool = True
) -> GapWeightedProbability:
    """The engine's posterior for measured (gap, standard error) pairs under the default prior."""
    means = tuple(g * 0.01 / (0.01 + s * s) for g, s in gaps)
    sds = tuple(math.sqrt(0.01 * s * s / (0.01 + s * s)) for _, s in gaps)
    return GapWeightedProbability(probability, means, sds, 0.1, 0.02, 0.2, capped)


def test_gap_weighted_prior_normaliser_matches_the_closed_form() -> None:
    assert weighted([(0.0, 0.05)]).prior_excess == pytest.approx(prior_excess_by_hand(), rel=1e-6)
    # Two comparisons: E[max(M - t, 0)] = integral from t of 1 - (2 Phi(m / tau) - 1)^2, by a fine sum.
    m = np.linspace(0.02, 1.5, 400_001)
    inside = np.array([1 - 2 * tail(x / 0.1) for x in m[::1000]])
    by_hand = float(np.trapezoid(1 - inside ** 2, m[::1000]))
    assert weighted([(0.0, 0.05), (0.0, 0.05)]).prior_excess == pytest.approx(by_hand, rel=1e-4)


@pytest.mark.parametrize("error", [1e-4, 0.005, 0.02, 0.05, 0.1, 0.25, 1.0, 50.0])
@pytest.mark.parametrize("count", [1, 2, 4])
@pytest.mark.parametrize("probability", [ESTIMATE, HIGH])
def test_exact_parity_never_raises_the_expected_probability(error: float, count: int, probability: Triple) -> None:
    value = weighted([(0.0, error)] * count, probability)
    assert value.expected_weight <= 1.0
    assert value.mean() <= probability.mean


def test_large_parity_sample_lowers_cost_to_the_floor(data: dict[str, Any]) -> None:
    scenario = gap_scenario(data)
    estimate_only = expected_risk(scenario, None)
    precise = SurvivalGapMetric(comparisons=(comparison(0.0, 1e-4),))
    assert expected_risk(scenario, precise) == pytest.approx(0.2 * estimate_only, rel=1e-6)
    assert estimate_only == pytest.approx(ESTIMATE.mean * 1000 * (1 / 1.1 + 1 / 1.21))


def test_small_sample_keeps_the_mean_and_widens_the_range() -> None:
    value = weighted([(0.0, 10.0)])  # an audit of a handful of faces: the posterior is the prior
    assert value.mean() == pytest.approx(ESTIMATE.mean, rel=1e-4)
    low, high = value.percentiles()
    assert low < 0.011 and high > 0.046  # wider than the estimate's own P5-P95 (0.0117, 0.0389)
    assert (high - low) > 2 * (0.0389 - 0.0117)


def test_clear_disparity_raises_the_probability_steeply() -> None:
    # 90 of 100 decided cards: gap 0.4, binomial standard error sqrt(0.9 x 0.1 / 100) = 0.03.
    metric = survival_gap_from_counts(90, 100)
    assert metric.comparisons[0].standard_error == pytest.approx(0.03)
    mean = 0.4 * 0.01 / (0.01 + 0.0009)  # posterior mean 0.367; sd 0.029, all of it above the tolerance
    by_hand = 0.2 + 0.8 * (mean - 0.02) / prior_excess_by_hand()
    assert by_hand == pytest.approx(4.722, abs=1e-3)
    assert weighted([(0.4, 0.03)]).expected_weight == pytest.approx(by_hand, rel=1e-5)
    # With a high estimate the probability is capped at 1 in every draw where 0.7 x 4.7 passes it.
    assert weighted([(0.4, 0.03)], HIGH).mean() == pytest.approx(1.0, abs=0.01)


def test_weight_rises_with_the_measured_gap() -> None:
    weights = [weighted([(gap, 0.05)]).expected_weight for gap in (0.0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.45)]
    assert weights == sorted(weights)
    assert weights[0] < 1 < weights[-1]


def test_largest_of_several_gaps_is_priced_against_the_prior_of_the_largest() -> None:
    # Six comparisons at parity: the largest of six noisy gaps is not a disparity.
    assert weighted([(0.0, 0.05)] * 6).expected_weight < 1.0
    # The same measured largest gap counts for less when it was picked from six than from one.
    one = weighted([(0.1, 0.05)]).expected_weight
    picked = weighted([(0.1, 0.05)] + [(0.0, 0.05)] * 5).expected_weight
    assert picked < one


def test_monte_carlo_draws_match_the_quadrature_mean() -> None:
    value = weighted([(0.15, 0.05), (-0.05, 0.08)], HIGH)
    uniforms = np.random.default_rng(1).random(400_000)
    normals = np.random.default_rng(2).standard_normal((2, 400_000))
    assert value.values(uniforms, normals).mean() == pytest.approx(value.mean(), rel=0.005)


def test_comparisons_without_enough_faces_never_drive_cost(data: dict[str, Any]) -> None:
    scenario = gap_scenario(data)
    unusable = SurvivalGapMetric(comparisons=(comparison(0.45, 0.01, enough=False),))
    assert expected_risk(scenario, unusable) == expected_risk(scenario, None)
    evidence = Evidence(metrics={"fixed_crop": {"survival_gap": unusable}})
    result = evaluate(scenario, draws=200, seed=0, evidence=evidence)
    assert [line.note for line in result.measured] == [
        "survival gap: not enough faces to measure (every comparison has a group with fewer than 5 distinct "
        "faces); the estimate stands"]
    mixed = SurvivalGapMetric(comparisons=(comparison(0.45, 0.01, enough=False), comparison(0.0, 1e-4)))
    assert expected_risk(scenario, mixed) == pytest.approx(0.2 * expected_risk(scenario, None), rel=1e-6)


def test_old_scale_on_a_survival_gap_line_is_ignored(data: dict[str, Any]) -> None:
    metric = survival_gap_from_counts(60, 100)
    old = gap_scenario(copy.deepcopy(data), scale=9)
    assert old.options[1].costs[-1].measured_by.scale == 9  # still read (and written back)
    assert expected_risk(old, metric) == expected_risk(gap_scenario(data), metric)


def test_evaluate_notes_the_measured_gap_and_the_average_weight(data: dict[str, Any]) -> None:
    evidence = Evidence(metrics={"fixed_crop": {"survival_gap": survival_gap_from_counts(90, 100)}})
    result = evaluate(gap_scenario(data), draws=500, seed=0, evidence=evidence)
    assert result.measured[0].note == (
        "survival gap: largest gap +0.400 (standard error 0.030) of 1 comparison(s); probability = estimate "
        "x 4.72 on average (prior sd 0.1, tolerance 0.02, floor 0.2)")


def test_simulated_audits_move_cost_the_right_way() -> None:
    # Audits of 200 independent faces with a known true gap: parity lowers the expected
    # probability in nearly every audit, a true gap of 0.3 raises it in every one, and every
    # audit of the unfair option prices it above every audit of the fair one.
    rng = np.random.default_rng(7)

    def audits(truth: float) -> np.ndarray:
        counts = rng.binomial(200, 0.5 + truth, size=100)
        return np.array([survival_weight(survival_gap_from_counts(int(c), 200)) for c in counts])

    fair, unfair = audits(0.0), audits(0.3)
    assert (fair < 1).mean() >= 0.95 and fair.mean() < 0.8
    assert unfair.min() > 2 and unfair.mean() > 3
    assert unfair.min() > fair.max()


def survival_weight(metric: SurvivalGapMetric) -> float:
    (only,) = metric.comparisons
    return weighted([(only.gap, only.standard_error)]).expected_weight


def test_evidence_is_calibrated_averaged_over_the_prior() -> None:
    # If true gaps follow the prior and audits measure them with error 0.05, the expected
    # probability after evidence averages to the estimate: the evidence moves it, not the model.
    rng = np.random.default_rng(3)
    truths = rng.normal(0.0, 0.1, size=1500)
    measured = truths + rng.normal(0.0, 0.05, size=1500)
    weights = np.array([weighted([(float(gap), 0.05)]).expected_weight for gap in np.round(measured, 3)])
    assert weights.mean() == pytest.approx(1.0, abs=0.06)


@pytest.mark.parametrize("of", [4, 12, 50])
def test_more_face_cuts_never_lower_cost(data: dict[str, Any], of: int) -> None:
    data["options"][1]["image_option"] = "center_crop"
    data["options"][1]["costs"].append({"category": "model_risk", "estimate": {"probability": 0.1, "impact": 1000},
                                        "measured_by": {"metric": "face_cut_images"}})
    scenario = scenario_from_data(data)

    def cost(count: int, total: int) -> float:
        evidence = Evidence(metrics={"center_crop": {"face_cut_images": CountMetric(count, total)}})
        model = compile_model(scenario, evidence)
        return float(expected_totals(model, term_moments(model))[1])

    costs = [cost(count, of) for count in range(of + 1)]
    assert costs == sorted(costs) and costs[0] < costs[-1]
    assert all(cost(count + 1, of + 1) > cost(count, of) for count in range(of + 1))


def test_a_poisson_rate_is_weighed_without_the_cap(data: dict[str, Any]) -> None:
    # A yearly rate of 2 (events: poisson) and a clear disparity: the expected count is 2 x E[w],
    # above the 1 a capped probability could reach.
    data["options"][1]["image_option"] = "fixed_crop"
    data["options"][1]["costs"].append({"category": "reputation_risk", "events": "poisson",
                                        "estimate": {"probability": 2, "impact": 1000},
                                        "measured_by": {"metric": "survival_gap"}})
    evidence = Evidence(metrics={"fixed_crop": {"survival_gap": survival_gap_from_counts(90, 100)}})
    model = compile_model(scenario_from_data(data), evidence)
    term = model.terms[-1]
    assert isinstance(term.value, GapWeightedProbability) and not term.value.capped
    assert term.value.mean() == pytest.approx(2 * 4.7224, rel=1e-4)
    assert term_moments(model).expected_usd[-1] == pytest.approx(2 * 4.7224 * 1000 * (1 / 1.1 + 1 / 1.21), rel=1e-4)
