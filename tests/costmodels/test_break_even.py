"""Break-even against the cheapest non-ML option at each volume, on expected values."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import costmodels
from costmodels import BREAK_EVEN_BASIS, evaluate, scenario_from_data
from costmodels._analysis import cheaper_volumes


def option(name: str, kind: str, fixed: Any, per_image: Any) -> dict[str, Any]:
    return {"name": name, "kind": kind, "costs": [
        {"category": "development", "estimate": fixed},
        {"category": "compute", "estimate": per_image},
    ]}


def one_year(*options: dict[str, Any], per_day: float = 30e6) -> dict[str, Any]:
    """One year, no discounting: an option costs fixed + per_image x 365 x images a day."""
    return {"schema_version": 1, "question": "q", "horizon_years": 1, "discount_rate": 0.0,
            "volume": {"images_per_day": per_day}, "options": list(options)}


def test_break_even_crosses_the_lower_envelope_not_the_rival_at_the_base_volume() -> None:
    # Per image a day over the year: ML 1M + 3.65e-4 x; A 7.3e-3 x; B 0.5M + 1.825e-3 x.
    # At 30M a day A is the cheapest non-ML option; ML passes A at 1M / 6.935e-3 = 144.2M a day,
    # but B is cheaper than A above 91.3M and cheaper than ML until 0.5M / 1.46e-3 = 342,465,753.
    scenario = scenario_from_data(one_year(
        option("ML", "ml", 1_000_000, 1e-6), option("A", "non_ml", 0, 2e-5), option("B", "non_ml", 500_000, 5e-6)))
    entry, = evaluate(scenario, draws=10, seed=0, units=costmodels.UnitWords("image", "images")).break_even
    assert entry.versus == "A"
    assert entry.daily_volume == pytest.approx(500_000 / (365 * (5e-6 - 1e-6)), rel=1e-12)
    assert entry.cheaper_volumes == (pytest.approx(342_465_753.42465753, rel=1e-12), None)
    assert entry.volume_note == ("the ML option is cheaper than every non-ML option above 342,465,753 images a day "
                                 "(it overtakes B at 342,465,753)")
    # At 30M a day ML costs 1M + 10,950 against A's 219,000: 791,950 of benefit a year to match.
    assert entry.yearly_benefit_usd == pytest.approx(1_000_000 + 10_950 - 219_000)


def test_break_even_with_equal_fixed_costs_and_dearer_images_is_never_cheaper() -> None:
    scenario = scenario_from_data(one_year(option("ML", "ml", 1000, 2e-6), option("B", "non_ml", 1000, 1e-6)))
    entry, = evaluate(scenario, draws=10, seed=0, units=costmodels.UnitWords("image", "images")).break_even
    assert entry.daily_volume is None and entry.cheaper_volumes is None
    assert entry.volume_note == "no volume makes the ML option cheaper: it never costs less than B"


@pytest.mark.parametrize(
    ("fixed_gaps", "per_image_gaps", "expected"),
    [
        ([-10.0], [-1.0], ((0.0, None), "the ML option costs less at every volume")),
        ([10.0], [1.0], (None, "no volume makes the ML option cheaper: it never costs less than B")),
        ([-10.0], [1.0], ((0.0, 10.0), "the ML option is cheaper below 10 images a day")),
        ([0.0], [0.0], (None, "no volume makes the ML option cheaper: it never costs less than B")),
        ([100.0, -300.0], [-2.0, 1.0], ((50.0, 300.0), "the ML option is cheaper than every non-ML option between "
                                         "50 and 300 images a day (it overtakes B at 50; C overtakes it at 300)")),
        ([100.0, 300.0], [-2.0, -1.0], ((300.0, None), "the ML option is cheaper than every non-ML option above "
                                         "300 images a day (it overtakes C at 300)")),
        ([100.0, -30.0], [-2.0, 1.0], (None, "no volume makes the ML option cheapest: at every volume a non-ML "
                                       "option costs no more")),
    ],
)
def test_cheaper_volumes_says_the_right_thing_in_every_case(
    fixed_gaps: list[float], per_image_gaps: list[float], expected: tuple[Any, str]
) -> None:
    rivals = ["B", "C"][: len(fixed_gaps)]
    assert cheaper_volumes(np.array(fixed_gaps), np.array(per_image_gaps), rivals, "images") == expected


def test_break_even_uses_expected_values_and_says_so() -> None:
    # A skewed development estimate: likely 1,000, mean (0 + 4,000 + 14,000) / 6 = 3,000.
    scenario = scenario_from_data(one_year(
        option("ML", "ml", {"low": 0, "likely": 1000, "high": 14000}, 0), option("B", "non_ml", 0, 1e-6),
        per_day=1))
    result = evaluate(scenario, draws=10, seed=0)
    entry, = result.break_even
    assert entry.daily_volume == pytest.approx(3000 / 365e-6)
    assert result.to_data()["break_even_basis"] == BREAK_EVEN_BASIS == "expected values (every input at its mean)"


def test_benefit_needed_says_nothing_is_needed_when_the_ml_option_is_cheaper_already() -> None:
    dearer = evaluate(scenario_from_data(one_year(option("ML", "ml", 2e6, 0.0), option("Fit", "non_ml", 1e6, 0.0))),
                      draws=1000).break_even[0]
    cheaper = evaluate(scenario_from_data(one_year(option("ML", "ml", 1e6, 0.0), option("Fit", "non_ml", 2e6, 0.0))),
                       draws=1000).break_even[0]
    assert dearer.benefit_needed() == "To match it would need $1.0M a year of extra benefit."
    assert cheaper.benefit_needed() == "It needs no extra benefit to match: it is the cheaper already."
