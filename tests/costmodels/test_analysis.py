from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest

import costmodels
from costmodels import evaluate, scenario_from_data, verdict
from costmodels._analysis import (
    TermMoments,
    expected_totals,
    margin_pair,
    probability_cheaper,
    probability_cheapest,
    term_moments,
    tornado,
)
from costmodels._model import compile_model


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


def test_evaluate_tornado_swings_every_input_p5_to_p95_around_expected_values(data: dict[str, Any]) -> None:
    # low = likely makes the PERT a Beta(1, 5) on [low, high]: quantile q is 1 - (1 - q)^(1/5),
    # its mean low + (high - low) / 6. Maintenance (0, 0, 121) a year: annuity 1/1.1 + 1/1.21.
    data["options"][0]["costs"] = [
        {"category": "development", "estimate": {"low": 900, "likely": 900, "high": 1500}},
        {"category": "maintenance", "estimate": {"low": 0, "likely": 0, "high": 121}},
    ]
    result = evaluate(scenario_from_data(data), draws=10, seed=0)
    assert result.tornado_basis == "A minus B"
    annuity = 1 / 1.1 + 1 / 1.21
    p5, p95 = 1 - 0.95 ** 0.2, 1 - 0.05 ** 0.2
    base = 1000 + 121 / 6 * annuity - 648.5537190082645
    assert result.base_margin_usd == pytest.approx(base)
    development, maintenance = result.tornado
    assert development.input == "A: development"
    assert (development.low_usd, development.high_usd, development.swing_usd) == pytest.approx(
        (base + 600 * p5 - 100, base + 600 * p95 - 100, 600 * (p95 - p5)), rel=1e-5)
    assert maintenance.swing_usd == pytest.approx(121 * annuity * (p95 - p5), rel=1e-5)
    assert result.to_data()["tornado_range"] == (
        "each input swung from its 5th to its 95th percentile, the rest at their means")


def test_evaluate_break_even_volume_and_benefit_by_hand(data: dict[str, Any]) -> None:
    # A (ML): fixed 1,173.55; B: 0.01 per image. Per image a day, B costs 6.4855 over the horizon,
    # so they match at 1,173.55 / 6.4855 = 180.95 images a day. At 100 a day A is 525 dearer:
    # that is 525 / (1/1.1 + 1/1.21) = 302.50 a year of benefit.
    images = costmodels.UnitWords("image", "images")
    entry, = evaluate(scenario_from_data(data), draws=10, seed=0, units=images).break_even
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
    assert result.p_cheapest["ML smart crop"] < 0.001
    # One reputation impact for every option: its range moves the margin through both options' lines.
    assert result.tornado[0].input == "reputation_risk impact (every option)"
    # 98%: incidents are each option's own, so in about 2% of draws both crops have one and scale to fit wins.
    assert verdict(result).startswith(
        "Crop from (0,0) and Center crop are cheapest in 98% of 20,000 simulations (their estimates are identical)")


def test_verdict_names_a_single_winner_and_the_ml_premium(data: dict[str, Any]) -> None:
    result = evaluate(scenario_from_data(data), draws=10, seed=0)
    assert verdict(result) == "B is cheapest in 100% of 10 simulations; A costs $525 more at P50."


def test_tornado_equals_recomputing_the_expected_totals_one_input_at_a_time() -> None:
    # The vectorised bars against the slow way: move one input's mean to its P5 (then P95), recompute
    # every option's expected total, take the margin. Default scenario plus a benefit line.
    data = costmodels.scenario_to_data(costmodels.default_scenario())
    data["options"][0]["benefits"] = [{"category": "engagement", "kind": "per_unit",
                                       "estimate": {"low": 0, "likely": 1e-7, "high": 5e-7}}]
    model = compile_model(scenario_from_data(data))
    moments = term_moments(model)
    expected = expected_totals(model, moments)
    reference, rival = margin_pair(model, expected)
    bars = {bar.input: bar for bar in tornado(model, moments, reference, rival, "images")}

    def margin(changed: TermMoments) -> float:
        totals = expected_totals(model, changed)
        return float(totals[reference] - totals[rival])

    def moved(end: str) -> dict[str, float]:
        pick = 0 if end == "low" else 1
        margins = {"images per day": margin(dataclasses.replace(
            moments, volume=(moments.volume_low, moments.volume_high)[pick]))}
        for index, term in enumerate(model.terms):
            owner = f"{model.option_names[term.option]}: {term.category}"
            value = moments.value.copy()
            value[index] = (moments.value_low, moments.value_high)[pick][index]
            what = " probability" if term.kind.value == "risk" else ""
            margins[owner + what] = margin(dataclasses.replace(moments, value=value))
            impact = moments.impact.copy()
            shared = term.shared_impact
            group = [i for i, t in enumerate(model.terms) if shared and t.shared_impact == shared]
            for i in group or [index]:
                impact[i] = (moments.impact_low, moments.impact_high)[pick][i]
            name = f"{term.shared_impact} impact (every option)" if term.shared_impact else f"{owner} impact"
            margins[name] = margin(dataclasses.replace(moments, impact=impact))
        return margins

    low, high = moved("low"), moved("high")
    assert len(bars) >= 20
    assert "ML smart crop: engagement (benefit)" in bars
    for name, bar in bars.items():
        assert (bar.low_usd, bar.high_usd) == pytest.approx((low[name], high[name]), rel=1e-9, abs=1e-6), name
    unchanged = [name for name in low if name not in bars]
    assert all(low[name] == pytest.approx(high[name]) for name in unchanged)
