"""Value of information: closed-form cases, properties, and the engine's answers."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import costmodels
from costmodels._information import bin_by_rank, bin_count, contenders, partial_information, perfect_information

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
DRAWS = 200_000


def normal_evpi(mean: float, sd: float) -> float:
    """EVPI of choosing between cost 0 and cost D ~ N(mean, sd^2), mean > 0: E[max(0, -D)]
    = sd phi(mean / sd) - mean Phi(-mean / sd)."""
    z = mean / sd
    density = math.exp(-z * z / 2) / math.sqrt(2 * math.pi)
    return sd * density - mean * 0.5 * math.erfc(z / math.sqrt(2))


@pytest.fixture(scope="module")
def normals() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(11)
    return rng.standard_normal(DRAWS), rng.standard_normal(DRAWS), rng.standard_normal(DRAWS)


BATCH = np.arange(DRAWS) % 10


def test_perfect_information_matches_the_normal_closed_form(normals: tuple[np.ndarray, ...]) -> None:
    x, _, _ = normals
    costs = np.stack([np.zeros(DRAWS), 0.5 + 2.0 * x])
    value, error = perfect_information(costs, BATCH)
    assert normal_evpi(0.5, 2.0) == pytest.approx(0.5727, abs=1e-4)
    assert abs(value - normal_evpi(0.5, 2.0)) < 4 * error
    assert value == pytest.approx(normal_evpi(0.5, 2.0), rel=0.02)


def test_partial_information_of_each_input_matches_its_closed_form(normals: tuple[np.ndarray, ...]) -> None:
    # D = 0.5 + 2 x + 1.5 e: knowing x is worth the EVPI of a normal with sd 2, knowing e one with sd 1.5,
    # knowing both the EVPI of sd 2.5; an input D does not depend on is worth nothing.
    x, noise, irrelevant = normals
    costs = np.stack([np.zeros(DRAWS), 0.5 + 2.0 * x + 1.5 * noise])
    evpi, _ = perfect_information(costs, BATCH)
    assert evpi == pytest.approx(normal_evpi(0.5, 2.5), rel=0.02)
    for driver, sd in ((x, 2.0), (noise, 1.5)):
        value, error = partial_information(costs, bin_by_rank(driver, 100), 100, BATCH)
        assert value == pytest.approx(normal_evpi(0.5, sd), rel=0.03)
        assert error > 0
    nothing, error = partial_information(costs, bin_by_rank(irrelevant, 100), 100, BATCH)
    assert nothing < 0.01 * evpi
    assert nothing < 4 * error


def test_partial_information_of_the_only_uncertain_input_is_the_evpi(normals: tuple[np.ndarray, ...]) -> None:
    x, _, _ = normals
    costs = np.stack([np.zeros(DRAWS), 0.5 + 2.0 * x, 1.0 - x])
    evpi, _ = perfect_information(costs, BATCH)
    value, _ = partial_information(costs, bin_by_rank(x, 100), 100, BATCH)
    assert value == pytest.approx(evpi, rel=0.01)
    assert value <= evpi


@settings(max_examples=60, deadline=None)
@given(options=st.integers(2, 4), draws=st.integers(20, 300), bins=st.integers(1, 12), seed=st.integers(0, 2**31))
def test_partial_information_is_between_zero_and_the_evpi(options: int, draws: int, bins: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    costs = rng.normal(size=(options, draws)) * rng.uniform(0.1, 10, size=(options, 1))
    batch = np.arange(draws) % 10
    evpi, _ = perfect_information(costs, batch)
    value, _ = partial_information(costs, rng.integers(0, bins, size=draws), bins, batch)
    assert 0.0 <= value <= evpi + 1e-9 * float(np.abs(costs).max())


def test_contenders_drop_options_costlier_in_every_draw() -> None:
    costs = np.array([[1.0, 5.0, 3.0], [2.0, 6.0, 3.0], [0.0, 9.0, 1.0]])
    assert contenders(costs).tolist() == [0, 2]


def test_bin_count_keeps_a_thousand_draws_a_bin() -> None:
    assert (bin_count(100_000), bin_count(5_000), bin_count(1_000_000)) == (100, 5, 100)


# ---- the engine ---------------------------------------------------------------------------

def one_uncertain_input(b_development: float) -> costmodels.Scenario:
    """A's development is 0 / 100 / 200 (200 x Beta(3, 3)), B's is fixed; both pay the same uncertain
    maintenance, which cancels out (the same random numbers for both). Horizon 1 year, no discount."""
    maintenance = {"category": "maintenance", "estimate": {"low": 10, "likely": 20, "high": 30}}
    data: dict[str, Any] = {
        "schema_version": 1, "question": "q", "horizon_years": 1, "discount_rate": 0.0,
        "volume": {"images_per_day": 1},
        "options": [
            {"name": "A", "kind": "ml", "costs": [
                {"category": "development", "estimate": {"low": 0, "likely": 100, "high": 200}}, maintenance]},
            {"name": "B", "kind": "non_ml", "costs": [
                {"category": "development", "estimate": b_development}, maintenance]},
        ],
    }
    return costmodels.scenario_from_data(data)


def beta33_excess(threshold: float) -> float:
    """E[(200 Y - threshold)+] for Y ~ Beta(3, 3), by quadrature on a fine grid."""
    y = np.linspace(0.0, 1.0, 2_000_001)
    density = 30 * y**2 * (1 - y) ** 2
    excess = np.maximum(200 * y - threshold, 0.0) * density
    return float(np.sum((excess[1:] + excess[:-1]) / 2) * (y[1] - y[0]))


def test_evaluate_value_of_information_of_one_uncertain_input_matches_quadrature() -> None:
    # Without information A is chosen (mean 100 < 120); knowing A's development, B is chosen when it
    # is above 120, saving E[(X - 120)+].
    information = costmodels.evaluate(one_uncertain_input(120), draws=100_000).value_of_information
    assert information is not None
    assert information.choice == "A"
    assert information.evpi_usd == pytest.approx(beta33_excess(120), rel=0.02)
    worth = {entry.input: entry.evppi_usd for entry in information.evppi}
    assert list(worth) == ["A: development", "maintenance (every option)"]
    assert worth["A: development"] == pytest.approx(information.evpi_usd, rel=0.01)
    assert worth["maintenance (every option)"] == 0.0
    error = costmodels.format_usd(information.evppi[0].standard_error_usd)
    assert information.sentence().startswith(
        f"Before deciding, it is worth up to {costmodels.format_usd(worth['A: development'])} (±{error}) to know "
        "A: development; nothing else is worth more than $0 (±$0)")


def test_evaluate_default_scenario_no_input_can_change_the_choice() -> None:
    information = costmodels.evaluate(costmodels.default_scenario(), draws=20_000).value_of_information
    assert information is not None
    assert information.evpi_usd == 0.0
    assert {entry.evppi_usd for entry in information.evppi} == {0.0}
    assert information.sentence() == ("Learning more before deciding cannot change the choice of Crop from (0,0) "
                                      "and Center crop: perfect information about every estimate is worth nothing.")


def test_evaluate_measured_survival_gap_is_worth_most_when_parity_is_uncertain() -> None:
    evidence = costmodels.load_evidence([EXAMPLES / "evidence-parity-2-of-4.json"])
    information = costmodels.evaluate(costmodels.default_scenario(), draws=50_000,
                                      evidence=evidence).value_of_information
    assert information is not None
    values = [entry.evppi_usd for entry in information.evppi]
    assert values == sorted(values, reverse=True)
    assert information.evppi[0].input == "Crop from (0,0): reputation_risk survival gap (measured)"
    assert 0 < information.evppi[0].evppi_usd <= information.evpi_usd
    assert information.evppi[1].evppi_usd < 0.01 * information.evpi_usd


def test_evaluate_too_few_draws_say_not_enough_to_measure() -> None:
    information = costmodels.evaluate(one_uncertain_input(120), draws=2_000).value_of_information
    assert information is not None
    assert not information.enough_draws
    assert information.sentence() == ("Not enough simulations to measure the value of information: it needs at "
                                      "least 5,000 draws.")


def test_evaluation_to_data_carries_the_value_of_information_largest_first() -> None:
    data = costmodels.evaluate(one_uncertain_input(120), draws=10_000).to_data()["value_of_information"]
    assert set(data) >= {"evpi_usd", "evppi"}
    assert [entry["input"] for entry in data["evppi"]] == ["A: development", "maintenance (every option)"]
    assert set(data["evppi"][0]) == {"input", "evppi_usd", "standard_error_usd"}
