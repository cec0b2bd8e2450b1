from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from costmodels import scenario_from_data
from costmodels._model import compile_model, deterministic_totals, simulate

A_BY_HAND = 1000 + 100 / 1.1 + 100 / 1.21  # 1,173.5537...
B_BY_HAND = 0.01 * 100 * 365 * (1 / 1.1 + 1.05 / 1.21)  # 648.5537...


def test_deterministic_totals_match_present_value_by_hand(data: dict[str, Any]) -> None:
    totals = deterministic_totals(compile_model(scenario_from_data(data)))
    assert totals == pytest.approx([A_BY_HAND, B_BY_HAND], rel=1e-12)


def test_simulate_fixed_numbers_equal_deterministic_in_every_draw(data: dict[str, Any]) -> None:
    draws = simulate(compile_model(scenario_from_data(data)), draws=10, seed=1)
    assert draws.totals[0] == pytest.approx([A_BY_HAND] * 10, rel=1e-12)
    assert draws.totals[1] == pytest.approx([B_BY_HAND] * 10, rel=1e-12)
    assert draws.category_means[0] == pytest.approx({"development": 1000, "maintenance": A_BY_HAND - 1000})


def test_simulate_benefits_reduce_the_total(data: dict[str, Any]) -> None:
    data["options"][0]["benefits"] = [{"category": "engagement", "kind": "per_year", "estimate": 50}]
    model = compile_model(scenario_from_data(data))
    expected = A_BY_HAND - 50 / 1.1 - 50 / 1.21
    assert deterministic_totals(model)[0] == pytest.approx(expected)
    assert simulate(model, draws=3, seed=0).category_means[0]["engagement (benefit)"] == pytest.approx(
        -50 / 1.1 - 50 / 1.21)


def test_simulate_risk_event_costs_its_impact_in_the_years_it_happens(data: dict[str, Any]) -> None:
    data["horizon_years"], data["discount_rate"] = 1, 0.0
    data["options"][1]["costs"] = [{"category": "model_risk", "estimate": {"probability": 0.25, "impact": 1000}}]
    model = compile_model(scenario_from_data(data))
    totals = simulate(model, draws=100_000, seed=3).totals[1]
    assert set(np.unique(totals)) == {0.0, 1000.0}
    # Bernoulli(0.25): standard error of the share is 0.0014 at 100,000 draws.
    assert (totals == 1000).mean() == pytest.approx(0.25, abs=0.006)
    assert deterministic_totals(model)[1] == pytest.approx(250.0)  # expected loss at likely values


def test_simulate_same_seed_same_numbers_other_seed_other_numbers(data: dict[str, Any]) -> None:
    data["options"][0]["costs"][0]["estimate"] = {"low": 500, "likely": 1000, "high": 3000}
    model = compile_model(scenario_from_data(data))
    first, again = simulate(model, draws=1000, seed=5), simulate(model, draws=1000, seed=5)
    other = simulate(model, draws=1000, seed=6)
    assert np.array_equal(first.totals, again.totals)
    assert not np.array_equal(first.totals, other.totals)


def test_simulate_uses_common_random_numbers_across_options(data: dict[str, Any]) -> None:
    # Same category, same triple in both options: paired draws are identical, so the
    # difference is exactly the difference of the fixed parts.
    spread = {"low": 10, "likely": 50, "high": 400}
    data["options"][0]["costs"] = [{"category": "development", "estimate": spread}]
    data["options"][1]["costs"] = [{"category": "development", "estimate": spread},
                                   {"category": "integration", "estimate": 7}]
    totals = simulate(compile_model(scenario_from_data(data)), draws=5000, seed=0).totals
    assert np.allclose(totals[1] - totals[0], 7.0)


def test_simulate_adding_a_line_leaves_other_lines_draws_unchanged(data: dict[str, Any]) -> None:
    data["options"][0]["costs"][0]["estimate"] = {"low": 500, "likely": 1000, "high": 3000}
    before = simulate(compile_model(scenario_from_data(data)), draws=500, seed=9).category_means[0]
    data["options"][0]["costs"].insert(0, {"category": "monitoring", "estimate": {"low": 1, "likely": 2, "high": 9}})
    after = simulate(compile_model(scenario_from_data(data)), draws=500, seed=9).category_means[0]
    assert after["development"] == before["development"]
