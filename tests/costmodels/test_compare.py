"""Two scenarios side by side, by hand-computed values; stale rationales; what levels mean."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import costmodels
from costmodels import Level, Line, LineChange, LineKind, OptionChange


def two_options(a_usd: float, b_usd: float, **extra: Any) -> costmodels.Scenario:
    """Option A and option B, each one fixed development cost, over one year at 0% discount."""
    return costmodels.scenario_from_data({
        "schema_version": 1, "question": "Which?", "horizon_years": 1, "discount_rate": 0,
        "volume": {"images_per_day": 1},
        "options": [
            {"name": "A", "kind": "non_ml", "costs": [{"category": "development", "estimate": a_usd}]},
            {"name": "B", "kind": "ml", "costs": [{"category": "development", "estimate": b_usd,
                                                   "rationale": "A quote."}]},
        ],
        **extra,
    })


def test_result_changes_gives_the_change_in_p50_mean_and_p_cheapest() -> None:
    # Fixed costs: every draw is the cost itself, so P50 = mean = the cost; B at 200 never wins, at 50 always.
    before = costmodels.evaluate(two_options(100, 200), draws=1000)
    after = costmodels.evaluate(two_options(100, 50), draws=1000)
    a, b = costmodels.result_changes(before, after)
    assert a == OptionChange("A", 100, 100, 100, 100, 1.0, 0.0)
    assert (b.p50_change_usd, b.mean_change_usd, b.p_cheapest_change) == (-150, -150, 1.0)
    assert (a.p50_change_usd, a.p_cheapest_change) == (0, -1.0)


def test_result_changes_shares_a_tie_and_marks_a_new_option_as_absent_before() -> None:
    tie = costmodels.evaluate(two_options(100, 100), draws=1000)  # a tie: P(cheapest) 0.5 each
    data = costmodels.scenario_to_data(two_options(100, 50))
    data["options"].append({"name": "C", "kind": "non_ml", "costs": [{"category": "development", "estimate": 80}]})
    after = costmodels.evaluate(costmodels.scenario_from_data(data), draws=1000)
    a, b, c = costmodels.result_changes(tie, after)
    assert (a.p_cheapest_before, a.p_cheapest_change) == (0.5, -0.5)
    assert (b.p_cheapest_before, b.p_cheapest_change) == (0.5, 0.5)
    assert c.option == "C" and math.isnan(c.p50_before_usd) and c.p50_after_usd == 80


def test_scenario_changes_lists_inputs_estimates_rationales_and_levels() -> None:
    before = two_options(100, 200)
    scales = {"development": {"near-zero": {"low": 0, "likely": 5000, "high": 15000},
                              "low": {"low": 10000, "likely": 20000, "high": 30000},
                              "medium": {"low": 250000, "likely": 400000, "high": 800000},
                              "high": {"low": 500000, "likely": 900000, "high": 1600000}}}
    after = two_options(100, 50, horizon_years=2, levels=scales)
    b = after.options[1]
    after = dataclasses.replace(after, options=(after.options[0], dataclasses.replace(
        b, costs=(dataclasses.replace(b.costs[0], rationale="A new quote."),))))
    assert costmodels.scenario_changes(before, after) == (
        LineChange("", "horizon", "1 years", "2 years"),
        LineChange("B", "development (cost)", "200", "50"),
        LineChange("B", "development (cost), rationale", "A quote.", "A new quote."),
        LineChange("", "levels: development, low", "15k / 60k / 250k", "10k / 20k / 30k"),
    )
    assert costmodels.scenario_changes(before, before) == ()


def test_scenario_changes_names_added_and_removed_options() -> None:
    before = costmodels.default_scenario()
    after = dataclasses.replace(before, options=before.options[:-1])
    assert costmodels.scenario_changes(before, after) == (
        LineChange("Shipped policy (2021)", "option", "included", "(none)"),)


def test_rationale_is_stale_when_written_for_another_estimate() -> None:
    line = Line("development", LineKind.ONE_OFF, Level("low"), "Meeting: medium to high.",
                rationale_for="medium to high")
    assert costmodels.rationale_is_stale(line)
    assert not costmodels.rationale_is_stale(dataclasses.replace(line, rationale_for="Low"))
    assert not costmodels.rationale_is_stale(dataclasses.replace(line, rationale_for=""))
    assert not costmodels.rationale_is_stale(dataclasses.replace(line, rationale=""))


def test_rationale_for_round_trips_through_yaml() -> None:
    data = costmodels.scenario_to_data(two_options(100, 50))
    data["options"][1]["costs"][0]["rationale_for"] = "200"
    scenario = costmodels.scenario_from_data(data)
    text = costmodels.scenario_to_yaml(scenario)
    assert "rationale_for: '200'" in text
    assert costmodels.scenario_from_yaml(text) == scenario
    assert [stale.written_for for stale in costmodels.stale_rationales(scenario)] == ["200"]


def test_level_meanings_in_money_and_probability() -> None:
    scenario = costmodels.default_scenario()
    assert costmodels.level_meanings(scenario, "development") == {
        "near-zero": "0 / 5k / 15k", "low": "15k / 60k / 250k", "medium": "250k / 400k / 800k",
        "high": "500k / 900k / 1.6M"}
    assert costmodels.level_meanings(scenario, "reputation_risk")["high"] == "5% / 15% / 40% a year x 500k / 5M / 100M"
