from __future__ import annotations

import pytest

import costmodels
from costmodels import Fixed, Level, RiskEstimate, ScenarioError, Triple, estimate_from_text, estimate_to_text


@pytest.mark.parametrize(
    ("text", "estimate"),
    [
        ("650k", Fixed(650_000)),
        ("$1,100", Fixed(1100)),
        ("1.6M", Fixed(1_600_000)),
        ("6e-7", Fixed(6e-7)),
        ("15%", Fixed(0.15)),
        ("250k / 650k / 1.6M", Triple(250_000, 650_000, 1_600_000)),
        (" Medium  to high ", Level("Medium to high")),
    ],
)
def test_estimate_from_text_reads_each_form(text: str, estimate: object) -> None:
    assert estimate_from_text(text) == estimate


def test_estimate_from_text_reads_a_risk_as_probability_times_impact() -> None:
    assert estimate_from_text("5% / 15% / 40% x 500k / 5M / 100M", risk=True) == RiskEstimate(
        Triple(0.05, 0.15, 0.4), Triple(500_000, 5_000_000, 100_000_000))
    assert estimate_from_text("high", risk=True) == Level("high")


@pytest.mark.parametrize(
    ("text", "risk", "message"),
    [
        ("lots", False, "'lots' is not an estimate; expected a number (650k, 1.2M, 6e-7, 15%), low / likely / "
                        "high (250k / 650k / 1.6M) or a level (near-zero, low, medium, high, or a range such as "
                        "'low to medium')"),
        ("1 / 2", False, "'1 / 2' has 2 parts; expected a number (650k, 1.2M, 6e-7, 15%), low / likely / high "
                         "(250k / 650k / 1.6M) or a level (near-zero, low, medium, high, or a range such as "
                         "'low to medium')"),
        ("3 / 2 / 1", False, "low: 3 is above likely (2); expected low <= likely <= high"),
        ("500k", True, "'500k' is not a risk; expected probability x impact (5% / 15% / 40% x 500k / 5M / 100M) "
                       "or a level"),
    ],
)
def test_estimate_from_text_rejects_with_exact_message(text: str, risk: bool, message: str) -> None:
    with pytest.raises(ScenarioError) as error:
        estimate_from_text(text, risk=risk)
    assert str(error.value) == message


def test_estimate_to_text_round_trips_every_default_line() -> None:
    scenario = costmodels.default_scenario()
    for option in scenario.options:
        for line in option.costs:
            text = estimate_to_text(line.estimate)
            shared = line.category in scenario.incident_impacts
            assert estimate_from_text(text, risk=line.kind.value == "risk", shared_impact=shared) == line.estimate, text
