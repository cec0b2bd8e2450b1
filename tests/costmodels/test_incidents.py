"""Risk events: each option's own unless a shared cause, Poisson counts, one impact per incident kind."""

from __future__ import annotations

import copy
import math
import tracemalloc
from typing import Any

import numpy as np
import pytest

import costmodels
from costmodels import ScenarioError, evaluate, scenario_from_data, scenario_from_yaml, scenario_to_yaml
from costmodels._model import compile_model, simulate


def risky_pair(**line: Any) -> dict[str, Any]:
    """Two options one year apart by 1 USD, each with a 30% chance of a 1,000 USD incident."""
    risk = {"category": "model_risk", "estimate": {"probability": 0.3, "impact": 1000}, **line}
    return {"schema_version": 1, "question": "q", "horizon_years": 1, "discount_rate": 0.0,
            "volume": {"images_per_day": 1},
            "options": [{"name": "ML", "kind": "ml", "costs": [{"category": "development", "estimate": 999}, risk]},
                        {"name": "B", "kind": "non_ml", "costs": [{"category": "development", "estimate": 1000},
                                                                  copy.deepcopy(risk)]}]}


def test_incidents_of_different_options_are_independent() -> None:
    # ML is dearer only when it has the incident and B does not: P = 0.3 x 0.7, so P(ML cheaper) = 0.79.
    result = evaluate(scenario_from_data(risky_pair()), draws=100_000, seed=1)
    assert result.p_cheaper["ML"]["B"] == pytest.approx(0.79, abs=0.006)  # standard error 0.0013


def test_a_shared_cause_puts_incidents_in_the_same_years() -> None:
    result = evaluate(scenario_from_data(risky_pair(shared_cause="new regulation")), draws=20_000, seed=1)
    assert result.p_cheaper["ML"]["B"] == 1.0


def test_poisson_events_count_every_incident_of_the_year() -> None:
    data = risky_pair(events="poisson")
    data["options"][0]["costs"][1]["estimate"]["probability"] = 2.5  # a rate: allowed above 1
    totals = simulate(compile_model(scenario_from_data(data)), draws=200_000, seed=2).totals[0] - 999
    counts = totals / 1000
    assert np.array_equal(counts, np.round(counts))
    for k in range(5):  # P(N = k) = e^-2.5 2.5^k / k!; standard error under 0.0011
        assert (counts == k).mean() == pytest.approx(math.exp(-2.5) * 2.5 ** k / math.factorial(k), abs=0.005)
    assert totals.mean() == pytest.approx(2500, rel=0.01)


def test_a_probability_above_one_is_refused_unless_events_are_poisson() -> None:
    data = risky_pair()
    data["options"][0]["costs"][1]["estimate"]["probability"] = 2.5
    with pytest.raises(ScenarioError) as error:
        scenario_from_data(data)
    assert str(error.value) == ("options[0].costs[1].estimate.probability: 2.5 is out of range; "
                                "expected a probability per year in [0, 1]")
    data["options"][0]["costs"][0]["events"] = "poisson"
    with pytest.raises(ScenarioError) as error:
        scenario_from_data(data)
    assert "options[0].costs[0].events: only risk lines have events; this line is one_off" in str(error.value)


def shared_impact_data() -> dict[str, Any]:
    data = risky_pair()
    data["incident_impacts"] = {"model_risk": {"estimate": 5000, "rationale": "What one incident costs."}}
    data["options"][0]["costs"][1]["estimate"] = "high"  # the level sets only the probability
    data["options"][1]["costs"][1]["estimate"] = {"probability": 0.1}
    return data


def test_incident_impacts_set_one_impact_for_every_option() -> None:
    model = compile_model(scenario_from_data(shared_impact_data()))
    risks = [term for term in model.terms if term.kind.value == "risk"]
    assert [term.impact for term in risks] == [costmodels.Fixed(5000)] * 2
    assert risks[0].value == costmodels.Triple(0.5, 0.7, 0.9)  # "high" on the generic risk scale
    assert {term.impact_key for term in risks} == {"incident_impacts/model_risk"}


def test_incident_impacts_round_trip_through_yaml() -> None:
    scenario = scenario_from_data(shared_impact_data())
    assert scenario_from_yaml(scenario_to_yaml(scenario)) == scenario
    assert "incident_impacts:\n  model_risk:\n    estimate: 5000\n" in scenario_to_yaml(scenario)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["options"][1]["costs"][1].update(estimate={"probability": 0.1, "impact": 9}),
         "options[1].costs[1].estimate.impact: set once for every option in incident_impacts; "
         "give only the probability here"),
        (lambda d: d.pop("incident_impacts"), "options[1].costs[1].estimate.impact: missing"),
        (lambda d: d["incident_impacts"].update(compute=5),
         "incident_impacts.compute: 'compute' is a per_image category; expected a risk category such as "
         "reputation_risk"),
    ],
)
def test_incident_impacts_errors_name_the_path(mutate: Any, message: str) -> None:
    data = shared_impact_data()
    mutate(data)
    with pytest.raises(ScenarioError) as error:
        scenario_from_data(data)
    assert message in str(error.value).splitlines()


def test_default_scenario_prices_one_reputation_impact_for_every_option() -> None:
    model = compile_model(costmodels.default_scenario())
    impacts = {model.option_names[t.option]: t.impact for t in model.terms if t.category == "reputation_risk"}
    assert set(impacts.values()) == {costmodels.Triple(500e3, 5e6, 100e6)}
    assert len(impacts) == 5


def test_event_draws_do_not_depend_on_the_chunk_size(monkeypatch: pytest.MonkeyPatch) -> None:
    data = risky_pair()
    data["horizon_years"] = 7
    model = compile_model(scenario_from_data(data))
    whole = simulate(model, draws=5000, seed=4).totals
    monkeypatch.setattr("costmodels._model._CHUNK_CELLS", 7 * 333)
    assert np.array_equal(simulate(model, draws=5000, seed=4).totals, whole)


def many_lines(count: int) -> costmodels.Scenario:
    costs = [{"category": f"item {i}", "kind": "per_year", "estimate": {"low": 1, "likely": 2 + i % 7, "high": 20}}
             for i in range(count)]
    costs.append({"category": "model_risk", "estimate": {"probability": 0.2, "impact": 100}})
    return scenario_from_data({"schema_version": 1, "question": "q", "horizon_years": 50, "discount_rate": 0.05,
                               "volume": {"images_per_day": 1},
                               "options": [{"name": "A", "kind": "ml", "costs": costs},
                                           {"name": "B", "kind": "non_ml", "costs": costs[:1]}]})


def test_simulation_memory_does_not_grow_with_lines() -> None:
    peaks = []
    for count in (20, 300):
        scenario = many_lines(count)
        tracemalloc.start()
        evaluate(scenario, draws=100_000, seed=0)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    # A cache of each line's draws would add 0.8 MB a line (240 MB here); a 50-year risk at
    # 100,000 draws would take 40 MB at once. Both stay bounded.
    assert peaks[1] < peaks[0] + 8e6
    assert peaks[1] < 40e6
