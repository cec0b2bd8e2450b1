"""Correlated estimates: reading them, carrying them, and drawing them with known answers."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest

import costmodels
from costmodels import RankCorrelation, ScenarioError
from costmodels._budget import simulation_cells
from costmodels._correlation import NOT_POSITIVE_SEMIDEFINITE, SAME_NUMBERS, UNKNOWN_INPUT, spearman
from costmodels._model import RandomNumbers, compile_model

# Made by the code before correlations existed (commit 3513dcd): the default scenario, ML development
# "high", 20,000 draws, seed 7. Old links must keep opening.
VERSION_1_LINK = (
    "1.ePmf8iri7drNCoJAEMDxV5FOHlKPnXuSkHakgyFo4SF692bXj8O6kCGE1v8qLAq7M-7M_B54WjztO087DKdPXbzYkzMJR30UvL8Ehr5eRE0rTl"
    "TDqBqiOE2z5qInzWS1FGIDRTIjRX4vb8kQu0lfEaVX0-2YP9QP7c4nQ_mNzuSx4HN6dAhwBDgCHAGOAEeAI8AR4AjwVQhw7151HNoCreg6t6uxng"
    "VN_Y2xqxcL5X0UEMqanKpSapdVXeMpKspK36nbNb8H8QVyHKxQuszaF4a28SK2s3x2XUa_pkXwIngRvAheBO8vC95FWBeiC9OCacG0YFr_R3SBuW"
    "R8Mj4Zn4y_NZgLx4XjwnHhuHBc-mtw3BVz3I3B2gCn3Zk6b5vx16DfqXeKw_P5Ar64ObU"
)


def two_lines(rank: float | None) -> dict[str, Any]:
    """X pays a (0 / 1 / 2, variance 1/7) and b (0 / 10 / 20, variance 100/7) once; Y pays 5. Horizon 1."""
    data: dict[str, Any] = {
        "schema_version": 2, "question": "q", "horizon_years": 1, "discount_rate": 0.0,
        "volume": {"units_per_day": 1},
        "options": [
            {"name": "X", "kind": "ml", "costs": [
                {"category": "a", "kind": "one_off", "estimate": {"low": 0, "likely": 1, "high": 2}},
                {"category": "b", "kind": "one_off", "estimate": {"low": 0, "likely": 10, "high": 20}}]},
            {"name": "Y", "kind": "non_ml", "costs": [{"category": "development", "estimate": 5}]},
        ],
    }
    if rank is not None:
        data["correlations"] = [{"between": ["X.a", "X.b"], "rank": rank, "rationale": "one team"}]
    return data


# ---- the engine: known answers ------------------------------------------------------------

@pytest.mark.parametrize(("rank", "variance"), [(0.0, 101 / 7), (1.0, 121 / 7), (-1.0, 81 / 7)])
def test_variance_of_a_sum_of_two_correlated_inputs(rank: float, variance: float) -> None:
    # Var(a + b) = Var a + Var b + 2 rho sd_a sd_b, and b = 10 a in distribution (the same Beta(3, 3)):
    # 1/7 + 100/7 + 2 rho 10/7. Rank 1 pairs the draws in the same order, rank -1 in opposite orders.
    evaluation = costmodels.evaluate(costmodels.scenario_from_data(two_lines(rank)), draws=100_000)
    assert float(evaluation.totals[0].var()) == pytest.approx(variance, rel=0.01)


def test_correlated_draws_have_the_declared_rank_correlation() -> None:
    model = compile_model(costmodels.scenario_from_data(two_lines(0.5)))
    random = RandomNumbers(2020, 100_000, model.correlations)
    assert spearman(random.uniforms("a#0"), random.uniforms("b#0")) == pytest.approx(0.5, abs=0.01)


def test_correlation_leaves_each_input_distribution_unchanged() -> None:
    # Iman-Conover reorders each input's own draws: the sorted draws are identical.
    plain = RandomNumbers(2020, 10_000)
    model = compile_model(costmodels.scenario_from_data(two_lines(0.8)))
    correlated = RandomNumbers(2020, 10_000, model.correlations)
    for key in ("a#0", "b#0"):
        assert np.array_equal(np.sort(plain.uniforms(key)), np.sort(correlated.uniforms(key)))
        assert not np.array_equal(plain.uniforms(key), correlated.uniforms(key))
    with_rank = costmodels.evaluate(costmodels.scenario_from_data(two_lines(0.8)), draws=10_000)
    without = costmodels.evaluate(costmodels.scenario_from_data(two_lines(None)), draws=10_000)
    assert with_rank.options[0].mean_usd == pytest.approx(without.options[0].mean_usd, rel=1e-12)


def test_volume_and_a_per_image_line_correlate_across_options() -> None:
    data = costmodels.scenario_to_data(costmodels.default_scenario())
    data["correlations"] = [{"between": ["volume.units_per_day", "ML smart crop.compute"], "rank": 0.7}]
    model = compile_model(costmodels.scenario_from_data(data))
    assert model.correlations == (("volume", "compute#0", 0.7),)
    random = RandomNumbers(1, 50_000, model.correlations)
    assert spearman(random.uniforms("volume"), random.uniforms("compute#0")) == pytest.approx(0.7, abs=0.01)


# ---- reading, and every way a scenario travels ----------------------------------------------

def test_correlations_survive_yaml_share_links_and_variants() -> None:
    scenario = costmodels.scenario_from_data(two_lines(0.6))
    assert scenario.correlations == (RankCorrelation(("X.a", "X.b"), 0.6, "one team"),)
    assert costmodels.scenario_from_yaml(costmodels.scenario_to_yaml(scenario)) == scenario
    token = costmodels.encode_share_token(costmodels.SharedState(scenario, variants={"v": scenario}))
    shared = costmodels.decode_share_token(token)
    assert shared.scenario.correlations == scenario.correlations
    assert shared.variants["v"].correlations == scenario.correlations


def test_version_1_link_made_before_correlations_still_opens() -> None:
    shared = costmodels.decode_share_token(VERSION_1_LINK)
    assert shared.scenario.correlations == ()
    assert shared.scenario.options[0].costs[0].estimate == costmodels.Level("high")
    assert dict(shared.settings) == {"draws": 20_000, "seed": 7}


def test_correlation_paths_name_every_kind_of_input() -> None:
    paths = costmodels.correlation_paths(costmodels.default_scenario())
    assert paths["ML smart crop.development"] == "ML smart crop: development"
    assert paths["ML smart crop.reputation_risk"] == "ML smart crop: reputation_risk probability"
    assert paths["ML smart crop.reputation_risk.impact"] == "reputation_risk impact (every option)"
    assert paths["incident_impacts.regulatory_risk"] == "regulatory_risk impact (every option)"
    assert paths["volume.units_per_day"] == "units per day"


def problems_of(correlations: object) -> list[str]:
    data = two_lines(None)
    data["options"][0]["costs"].append({"category": "c", "kind": "one_off", "estimate": {"low": 0, "likely": 1,
                                                                                          "high": 2}})
    data["correlations"] = copy.deepcopy(correlations)
    with pytest.raises(ScenarioError) as raised:
        costmodels.scenario_from_data(data)
    return [str(problem) for problem in raised.value.problems]


@pytest.mark.parametrize(
    ("correlations", "expected"),
    [
        ([{"between": ["X.a", "X.nope"], "rank": 0.5}],
         ["correlations[0].between[1]: " + UNKNOWN_INPUT.format(path="'X.nope'")]),
        ([{"between": ["X.a", "Y.a"], "rank": 0.5}],
         ["correlations[0].between[1]: " + UNKNOWN_INPUT.format(path="'Y.a'")]),
        ([{"between": ["X.a", "X.b"], "rank": 1.5}],
         ["correlations[0].rank: 1.5 is out of range; expected a rank correlation in [-1, 1]"]),
        ([{"between": ["X.a"], "rank": 0.5}],
         ["correlations[0].between: ['X.a'] is a list; expected two input paths such as "
          "[ML smart crop.development, ML smart crop.maintenance]"]),
        ([{"between": ["X.a", "X.b"]}], ["correlations[0].rank: missing"]),
        ([{"between": ["X.a", "X.b"], "rank": 0.5, "pearson": 1}],
         ["correlations[0].pearson: unknown key; expected one of between, rank, rationale"]),
        ({"X.a": "X.b"}, ["correlations: {'X.a': 'X.b'} is a mapping; expected a list of {between: [input, input], "
                          "rank}"]),
        ([{"between": ["X.a", "x" * 5000], "rank": 0.5}],
         ["correlations[0].between[1]: " + UNKNOWN_INPUT.format(path="'" + "x" * 36 + "...")]),
        ([{"between": ["X.a", "X.b"], "rank": 0.5}, {"between": ["X.b", "X.a"], "rank": 0.2}],
         ["correlations[1]: the pair is declared again by correlations[0]; declare each pair once"]),
    ],
    ids=["unknown input", "unknown option", "rank out of range", "one input", "no rank", "unknown key",
         "not a list", "long path quoted briefly", "pair twice"],
)
def test_bad_correlations_are_errors_naming_their_path(correlations: object, expected: list[str]) -> None:
    assert problems_of(correlations) == expected


def test_inputs_sharing_random_numbers_cannot_be_correlated_again() -> None:
    data = costmodels.scenario_to_data(costmodels.default_scenario())
    data["correlations"] = [{"between": ["ML smart crop.development", "Scale to fit.development"], "rank": 0.3}]
    with pytest.raises(ScenarioError) as raised:
        costmodels.scenario_from_data(data)
    assert str(raised.value) == "correlations[0].between: " + SAME_NUMBERS.format(
        first="ML smart crop.development", second="Scale to fit.development")


def test_correlations_that_cannot_hold_together_name_the_pairs() -> None:
    pairs = "correlations[0] (X.a ~ X.b: 0.9); correlations[1] (X.b ~ X.c: 0.9); correlations[2] (X.a ~ X.c: -0.9)"
    assert problems_of([
        {"between": ["X.a", "X.b"], "rank": 0.9},
        {"between": ["X.b", "X.c"], "rank": 0.9},
        {"between": ["X.a", "X.c"], "rank": -0.9},
    ]) == ["correlations: " + NOT_POSITIVE_SEMIDEFINITE.format(pairs=pairs)]


def test_scenario_changes_list_correlations_declared_changed_and_dropped() -> None:
    none, half, strong = (costmodels.scenario_from_data(two_lines(rank)) for rank in (None, 0.5, 0.9))
    item = "correlation: X.a ~ X.b"
    assert costmodels.scenario_changes(none, half) == (costmodels.LineChange("", item, "(none)", "rank 0.5"),)
    assert costmodels.scenario_changes(half, strong) == (costmodels.LineChange("", item, "rank 0.5", "rank 0.9"),)
    assert costmodels.scenario_changes(strong, none) == (costmodels.LineChange("", item, "rank 0.9", "(none)"),)


def test_correlated_inputs_count_in_the_evaluation_budget() -> None:
    plain = costmodels.scenario_from_data(two_lines(None))
    paired = costmodels.scenario_from_data(two_lines(0.5))
    # Two correlated inputs, each with its kept draws and its scores while they are paired.
    assert simulation_cells(paired, 10) - simulation_cells(plain, 10) == 10 * 2 * 3
