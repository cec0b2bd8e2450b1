from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import costmodels
from costmodels import (
    Fixed,
    Level,
    RiskEstimate,
    ScenarioError,
    Triple,
    scenario_from_data,
    scenario_from_yaml,
    scenario_to_yaml,
)

Mutation = Callable[[dict[str, Any]], None]


def costs(data: dict[str, Any], option: int = 0) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = data["options"][option]["costs"]
    return result


BAD_SCENARIOS: list[tuple[str, Mutation, list[str]]] = [
    ("unknown top-level key", lambda d: d.update(horizon=3),
     ["horizon: unknown key; expected one of schema_version, template, question, horizon_years, discount_rate, "
      "currency, cpu_hour_usd, evidence, volume, levels, incident_impacts, options, correlations"]),
    ("measured by a metric that does not fit", lambda d: costs(d)[0].update(measured_by={"metric": "latency_ms"}),
     ["options[0].costs[0].measured_by.metric: 'latency_ms' is text; expected nothing: no metric measures this "
      "kind of line"]),
    ("measured by an unknown metric", lambda d: costs(d, 1)[0].update(measured_by={"metric": "speed"}),
     ["options[1].costs[0].measured_by.metric: 'speed' is text; expected one of latency_ms"]),
    ("misspelt template", lambda d: d.update(template="virtual_backgrond"),
     ["template: 'virtual_backgrond' is not a template; choose image_cropping, virtual_background or blank"]),
    ("empty template", lambda d: d.update(template=""),
     ["template: '' is not a template; choose image_cropping, virtual_background or blank"]),
    ("template not text", lambda d: d.update(template=3), ["template: 3 is a number; expected non-empty text"]),
    ("schema version", lambda d: d.update(schema_version=3),
     ["schema_version: 3 is not supported; expected 1 or 2"]),
    ("missing question", lambda d: d.pop("question"), ["question: missing; expected text"]),
    ("wrong type", lambda d: d.update(horizon_years="five"),
     ["horizon_years: 'five' is text; expected a whole number from 1 to 50"]),
    ("negative cost", lambda d: costs(d)[0].update(estimate=-5),
     ["options[0].costs[0].estimate: -5 is out of range; expected an amount from 0 to 1e15"]),
    ("negative high", lambda d: costs(d)[0].update(estimate={"low": 1, "likely": 2, "high": -5}),
     ["options[0].costs[0].estimate.high: -5 is out of range; expected an amount from 0 to 1e15"]),
    ("low above likely", lambda d: costs(d)[0].update(estimate={"low": 9, "likely": 2, "high": 10}),
     ["options[0].costs[0].estimate.low: 9 is above likely (2); expected low <= likely <= high"]),
    ("likely above high", lambda d: costs(d, 1)[0].update(estimate={"low": 1, "likely": 20, "high": 10}),
     ["options[1].costs[0].estimate.high: 10 is below likely (20); expected low <= likely <= high"]),
    ("nan", lambda d: costs(d)[1].update(estimate=float("nan")),
     ["options[0].costs[1].estimate: nan is not a finite number; expected an amount from 0 to 1e15"]),
    ("infinity", lambda d: costs(d)[1].update(estimate={"low": 0, "likely": 1, "high": float("inf")}),
     ["options[0].costs[1].estimate.high: inf is not a finite number; expected an amount from 0 to 1e15"]),
    ("probability above one", lambda d: costs(d).append(
        {"category": "model_risk", "estimate": {"probability": 1.5, "impact": 10}}),
     ["options[0].costs[2].estimate.probability: 1.5 is out of range; expected a probability per year in [0, 1]"]),
    ("risk without impact", lambda d: costs(d).append(
        {"category": "model_risk", "estimate": {"probability": 0.5}}),
     ["options[0].costs[2].estimate.impact: missing"]),
    ("duplicate option name", lambda d: d["options"][1].update(name="A"),
     ["options[1].name: 'A' is used by options[0] too; expected unique names"]),
    ("one option", lambda d: d["options"].pop(),
     ["options: 1 option(s); expected at least two to compare"]),
    ("unknown level", lambda d: costs(d)[0].update(estimate="enormous"),
     ["options[0].costs[0].estimate: 'enormous' is not a level; expected one of near-zero, low, medium, "
      "high, or a range such as 'low to medium'"]),
    ("custom category without kind", lambda d: costs(d).append({"category": "licences", "estimate": 5}),
     ["options[0].costs[2].kind: missing; category 'licences' is not built in, so say one_off, per_year, "
      "per_image or risk"]),
    ("kind contradicts category", lambda d: costs(d)[0].update(kind="per_year"),
     ["options[0].costs[0].kind: 'per_year' contradicts category 'development'; expected 'one_off'"]),
    ("risk as a benefit", lambda d: d["options"][0].update(
        benefits=[{"category": "luck", "kind": "risk", "estimate": 1}]),
     ["options[0].benefits[0].kind: 'risk' is not a benefit; expected one_off, per_year or per_image"]),
    ("bad option kind", lambda d: d["options"][0].update(kind="AI"),
     ["options[0].kind: 'AI' is text; expected one of ml, non_ml"]),
    ("level as volume", lambda d: d["volume"].update(images_per_day="high"),
     ["volume.images_per_day: 'high' is text; expected a number of units a day from 0 to 1e12"]),
    ("bool as number", lambda d: costs(d)[0].update(estimate=True),
     ["options[0].costs[0].estimate: True is true/false; expected an amount from 0 to 1e15"]),
    ("incomplete scale", lambda d: d.update(levels={"development": {"low": {"low": 1, "likely": 2, "high": 3}}}),
     ["levels.development.near-zero: missing", "levels.development.medium: missing",
      "levels.development.high: missing"]),
]


@pytest.mark.parametrize(("case", "mutate", "expected"), BAD_SCENARIOS, ids=[c[0] for c in BAD_SCENARIOS])
def test_scenario_from_data_names_path_value_and_expectation(
    case: str, mutate: Mutation, expected: list[str], data: dict[str, Any]
) -> None:
    mutate(data)
    with pytest.raises(ScenarioError) as error:
        scenario_from_data(data)
    assert [str(problem) for problem in error.value.problems] == expected


def test_scenario_from_data_reports_all_problems_together(data: dict[str, Any]) -> None:
    data["discount_rate"] = 7
    costs(data)[0]["estimate"] = -1
    costs(data, 1)[0]["colour"] = "red"
    with pytest.raises(ScenarioError) as error:
        scenario_from_data(data)
    assert [p.path for p in error.value.problems] == [
        "discount_rate", "options[0].costs[0].estimate", "options[1].costs[0].colour"]


def test_scenario_from_yaml_reports_syntax_error_with_position() -> None:
    with pytest.raises(ScenarioError) as error:
        scenario_from_yaml("question: [unclosed\n", source="plan.yaml")
    assert str(error.value).startswith("plan.yaml: line 2, column 1: not valid YAML")


def test_scenario_from_yaml_refuses_python_tags() -> None:
    with pytest.raises(ScenarioError) as error:
        scenario_from_yaml("!!python/object/apply:os.system ['echo hi']")
    assert "not valid YAML" in str(error.value)


def test_load_scenario_names_a_missing_file(tmp_path: Any) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(ScenarioError) as error:
        costmodels.load_scenario(missing)
    assert str(error.value).startswith(f"{missing}: cannot read the file")


def test_scenario_from_data_builds_estimates_of_each_form(data: dict[str, Any]) -> None:
    costs(data)[0]["estimate"] = "medium to high"
    costs(data)[1]["estimate"] = {"low": 50, "likely": 100, "high": 300}
    costs(data).append({"category": "reputation_risk", "estimate": "high"})
    costs(data).append({"category": "model_risk", "estimate": {"probability": 0.1, "impact": "low"}})
    option = scenario_from_data(data).options[0]
    assert [line.estimate for line in option.costs] == [
        Level("medium to high"), Triple(50, 100, 300), Level("high"),
        RiskEstimate(probability=Fixed(0.1), impact=Level("low")),
    ]


def test_scenario_to_yaml_round_trips_identically() -> None:
    text = scenario_to_yaml(costmodels.default_scenario())
    again = scenario_from_yaml(text)
    assert again == costmodels.default_scenario()
    assert scenario_to_yaml(again) == text


def test_scenario_to_yaml_keeps_only_changed_level_scales(data: dict[str, Any]) -> None:
    data["levels"] = {"development": {level: {"low": 1, "likely": 2, "high": 3}
                                      for level in costmodels.LEVELS}}
    text = scenario_to_yaml(scenario_from_data(data))
    assert "development:\n    near-zero:" in text
    assert "per_year" not in text
    assert scenario_from_yaml(text) == scenario_from_data(data)


@pytest.mark.parametrize("name", costmodels.TEMPLATE_NAMES)
def test_scenario_from_data_keeps_each_known_template(name: str) -> None:
    data = costmodels.scenario_to_data(costmodels.default_scenario()) | {"template": name}
    assert scenario_from_data(data).template == name


def test_scenario_from_data_reads_a_scenario_without_template_as_blank() -> None:
    data = costmodels.scenario_to_data(costmodels.default_scenario())
    del data["template"]
    assert scenario_from_data(data).template == "blank"


def test_load_scenario_refuses_a_misspelt_template_naming_the_file(tmp_path: Any) -> None:
    path = tmp_path / "typo.yaml"
    text = scenario_to_yaml(costmodels.default_scenario())
    path.write_text(text.replace("template: image_cropping", "template: virtual_backgrond"))
    with pytest.raises(ScenarioError) as error:
        costmodels.load_scenario(path)
    assert str(error.value) == (f"{path}: template: 'virtual_backgrond' is not a template; "
                                "choose image_cropping, virtual_background or blank")
