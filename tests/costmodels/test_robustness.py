"""Switch points on the expected-value basis, and options costlier at every percentile."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import costmodels
from costmodels._robustness import dominated_options


def scenario(b_development: float, b_kind: str = "non_ml") -> costmodels.Scenario:
    """A: development 0 / 100 / 200 (200 x Beta(3, 3), mean 100); B: a fixed development.
    Horizon 1 year, no discount, so each total is its development."""
    data: dict[str, Any] = {
        "schema_version": 1, "question": "q", "horizon_years": 1, "discount_rate": 0.0,
        "volume": {"images_per_day": 1},
        "options": [
            {"name": "A", "kind": "ml", "costs": [
                {"category": "development", "estimate": {"low": 0, "likely": 100, "high": 200}}]},
            {"name": "B", "kind": b_kind, "costs": [{"category": "development", "estimate": b_development}]},
        ],
    }
    return costmodels.scenario_from_data(data)


def test_switch_point_is_where_the_expected_costs_cross() -> None:
    robust = costmodels.evaluate(scenario(150), draws=10_000).robustness
    assert robust is not None
    assert robust.choice == "A"
    [point] = robust.switch_points
    assert (point.input, point.unit, point.mean) == ("A: development", "USD", pytest.approx(100.0))
    assert (point.holds_from, point.holds_to) == (None, pytest.approx(150.0))
    assert (point.below_choice, point.above_choice) == (None, "B")
    # P(200 Y > 150) for Y ~ Beta(3, 3) = 1 - I_0.75(3, 3) = 1 - 0.75^3 (10 - 15 x 0.75 + 6 x 0.75^2)
    assert point.chance_of_switch == pytest.approx(1 - 0.75**3 * (10 - 11.25 + 6 * 0.5625), abs=2e-3)
    assert point.span() == "at most $150"
    assert point.switches_to() == "B above"
    assert robust.sentence().startswith("On expected cost, A stays the choice while A: development is at most $150 "
                                        "(a 90% chance); 0 other input(s) can change it, 0 cannot")


def test_switch_point_outside_the_range_leaves_the_choice_steady() -> None:
    robust = costmodels.evaluate(scenario(1000), draws=10_000).robustness
    assert robust is not None
    [point] = robust.switch_points
    assert point.holds_to == pytest.approx(1000.0)
    assert not point.within_range
    assert robust.steady_inputs == 1
    assert robust.sentence().startswith("On expected cost, no single estimate anywhere in its range changes the "
                                        "choice of A")


def test_dominated_option_is_costlier_at_every_percentile() -> None:
    robust = costmodels.evaluate(scenario(1000), draws=10_000).robustness
    assert robust is not None
    assert [(d.option, d.dominated_by) for d in robust.dominated] == [("B", ("A",))]
    assert robust.sentence().endswith("; B is costlier than A at every percentile.")


def test_crossing_distributions_dominate_nothing() -> None:
    assert dominated_options(("a", "b"), np.array([[1.0, 2.0, 9.0], [2.0, 3.0, 4.0]])) == ()


def test_default_scenario_ties_are_chosen_together_and_ml_is_dominated() -> None:
    robust = costmodels.evaluate(costmodels.default_scenario(), draws=20_000).robustness
    assert robust is not None
    assert robust.choice == "Crop from (0,0) and Center crop"
    # Moving one of the tied options' own inputs leaves the other tied option chosen: no switch point.
    assert not any(point.input.startswith(("Crop from (0,0):", "Center crop:")) for point in robust.switch_points)
    ml = next(d for d in robust.dominated if d.option == "ML smart crop")
    assert set(ml.dominated_by) == {"Scale to fit", "Crop from (0,0)", "Center crop", "Shipped policy (2021)"}
    data = robust.to_data()
    assert data["choice"] == robust.choice
    assert {"input", "holds_from", "holds_to", "within_range", "chance_of_switch"} <= set(data["switch_points"][0])
