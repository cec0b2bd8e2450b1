from __future__ import annotations

import numpy as np
import pytest

from costmodels import Fixed, Level, ScenarioError, Triple
from costmodels._estimates import parse_level, resolve_level, sample


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("near-zero", ("near-zero", "near-zero")),
        ("Medium to High", ("medium", "high")),
        ("  low   to  medium ", ("low", "medium")),
        ("low to low", ("low", "low")),
    ],
)
def test_parse_level_accepts_levels_and_ranges(text: str, bounds: tuple[str, str]) -> None:
    assert parse_level(text) == bounds


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("huge", "'huge' is not a level; expected one of near-zero, low, medium, high, "
                 "or a range such as 'low to medium'"),
        ("high to low", "'high to low' runs downwards; name the lower level first"),
        ("low to", "'low to' is not a level; expected one of near-zero, low, medium, high, "
                   "or a range such as 'low to medium'"),
    ],
)
def test_level_rejects_unknown_words_with_exact_message(text: str, message: str) -> None:
    with pytest.raises(ScenarioError) as error:
        Level(text)
    assert str(error.value) == message


def test_resolve_level_range_takes_outer_bounds_and_mean_likely() -> None:
    scale = {"low": Triple(10, 20, 30), "medium": Triple(25, 60, 100), "high": Triple(90, 200, 400),
             "near-zero": Triple(0, 1, 2)}
    assert resolve_level(Level("low to high"), scale) == Triple(10, 110, 400)
    assert resolve_level(Level("medium"), scale) == Triple(25, 60, 100)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ((5, 3, 9), "low: 5 is above likely (3); expected low <= likely <= high"),
        ((1, 9, 4), "high: 4 is below likely (9); expected low <= likely <= high"),
        ((float("nan"), 1, 2), "low: nan is not a finite number"),
    ],
)
def test_triple_rejects_disorder_with_exact_message(values: tuple[float, float, float], message: str) -> None:
    with pytest.raises(ScenarioError) as error:
        Triple(*values)
    assert str(error.value) == message


def test_triple_mean_is_pert_mean() -> None:
    assert Triple(0, 3, 12).mean == 4.0


def test_sample_pert_mean_matches_formula() -> None:
    # PERT(0, 3, 12) has mean 4 and standard deviation sqrt(32/7) = 2.14; over 200,000 draws
    # the standard error is 0.005, so 0.03 is six standard errors.
    uniforms = np.random.default_rng(7).random(200_000)
    assert abs(sample(Triple(0, 3, 12), uniforms).mean() - 4.0) < 0.03


def test_sample_pert_quantiles_match_exact_beta_cdf() -> None:
    # PERT(0, 3, 12) is 12 x Beta(2, 4); Beta(2, 4)'s CDF is 1 - (1-x)^5 - 5x(1-x)^4.
    uniforms = np.array([0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99])
    x = sample(Triple(0, 3, 12), uniforms) / 12
    cdf = 1 - (1 - x) ** 5 - 5 * x * (1 - x) ** 4
    np.testing.assert_allclose(cdf, uniforms, atol=1e-5)


def test_sample_is_monotone_in_the_uniform() -> None:
    # Inverse-CDF sampling: equal uniforms give equal quantiles across estimates (common random numbers).
    uniforms = np.linspace(0, 0.999, 50)
    draws = sample(Triple(1, 2, 10), uniforms)
    assert np.all(np.diff(draws) > 0)


def test_sample_fixed_and_degenerate_triple_are_constant() -> None:
    uniforms = np.array([0.1, 0.9])
    assert sample(Fixed(7.5), uniforms).tolist() == [7.5, 7.5]
    assert sample(Triple(3, 3, 3), uniforms).tolist() == [3.0, 3.0]
