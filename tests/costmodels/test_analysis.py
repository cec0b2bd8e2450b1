from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import costmodels
from costmodels import evaluate, scenario_from_data, verdict
from costmodels._analysis import probability_cheaper, probability_cheapest


def test_probability_cheapest_shares_ties_and_sums_to_one() -> None:
    totals = np.array([[1.0, 5.0, 2.0, 3.0], [2.0, 1.0, 2.0, 9.0], [3.0, 9.0, 2.0, 1.0]])
    shares = probability_cheapest(totals)
    assert shares.tolist() == pytest.approx([0.25 + 1 / 12, 0.25 + 1 / 12, 0.25 + 1 / 12])
    assert shares.sum() == pytest.approx(1.0)


def test_probability_cheaper_counts_ties_half() -> None:
    totals = np.array([[1.0, 2.0, 3.0, 4.0], [2.0, 2.0, 2.0, 2.0]])
    assert probability_cheaper(("a", "b"), totals) == {"a": {"b": 0.375}, "b": {"a": 0.625}}


def test_evaluate_fixed_scenario_reports_exact_percentiles(data: dict[str, Any]) -> None:
    result = evaluate(scenario_from_data(data), draws=100, seed=0)
    a = result.summary("A")
    assert (a.deterministic_usd, a.mean_usd, a.p10_usd, a.p90_usd) == pytest.approx((1173.5537190082645,) * 4)
    assert result.p_cheapest == {"A": 0.0, "B": 1.0}
    assert sum(a.by_category.values()) == pytest.approx(a.mean_usd)


def test_evaluate_tornado_ranks_inputs_by_swing_of_the_margin(data: dict[str, Any]) -> None:
    data["options"][0]["costs"] = [
        {"category": "development", "estimate": {"low": 900, "likely": 1000, "high": 1500}},  # swing 600
        {"category": "maintenance", "estimate": {"low": 0, "likely": 100, "high": 121}},
    ]
    result = evaluate(scenario_from_data(data), draws=10, seed=0)
    assert result.tornado_basis == "A minus B"
    development, maintenance = result.tornado
    assert development.input == "A: development"
    assert (development.low_usd, development.high_usd, development.swing_usd) == pytest.approx(
        (900 + 173.5537190082645 - 648.5537190082645, 1500 + 173.5537190082645 - 648.5537190082645, 600))
    # maintenance: 121 a year over two years at 10% is 121/1.1 + 121/1.21 = 210 present value.
    assert maintenance.swing_usd == pytest.approx(210.0)


def test_evaluate_break_even_volume_and_benefit_by_hand(data: dict[str, Any]) -> None:
    # A (ML): fixed 1,173.55; B: 0.01 per image. Per image a day, B costs 6.4855 over the horizon,
    # so they match at 1,173.55 / 6.4855 = 180.95 images a day. At 100 a day A is 525 dearer:
    # that is 525 / (1/1.1 + 1/1.21) = 302.50 a year of benefit.
    entry, = evaluate(scenario_from_data(data), draws=10, seed=0).break_even
    assert (entry.option, entry.versus) == ("A", "B")
    assert entry.daily_volume == pytest.approx(1173.5537190082645 / 6.485537190082645)
    assert entry.volume_note == "the ML option is cheaper above 181 images a day"
    assert entry.yearly_benefit_usd == pytest.approx(525.0 / (1 / 1.1 + 1 / 1.21))


def test_evaluate_same_seed_gives_identical_results() -> None:
    scenario = costmodels.default_scenario()
    first = evaluate(scenario, draws=2000, seed=11).to_data()
    assert first == evaluate(scenario, draws=2000, seed=11).to_data()
    assert first != evaluate(scenario, draws=2000, seed=12).to_data()


def test_evaluate_default_scenario_finds_the_plain_crops_cheapest() -> None:
    result = evaluate(costmodels.default_scenario(), draws=20_000)
    assert sum(result.p_cheapest.values()) == pytest.approx(1.0)
    assert result.p_cheapest["ML smart crop"] == 0.0
    assert result.tornado[0].input == "ML smart crop: reputation_risk impact"
    assert verdict(result).startswith(
        "Crop from (0,0) and Center crop are cheapest in 100% of 20,000 simulations (their estimates are identical)")


def test_verdict_names_a_single_winner_and_the_ml_premium(data: dict[str, Any]) -> None:
    result = evaluate(scenario_from_data(data), draws=10, seed=0)
    assert verdict(result) == "B is cheapest in 100% of 10 simulations; A costs $525 more at P50."
