"""The scenario fields the engine added: measured_by's prior, tolerance and floor; events; shared_cause."""

from __future__ import annotations

from typing import Any

import pytest

import costmodels
from costmodels import (
    EventModel,
    ScenarioError,
    scenario_from_data,
    scenario_from_yaml,
    scenario_to_data,
    scenario_to_yaml,
)


def with_risk(data: dict[str, Any], **line: Any) -> dict[str, Any]:
    data["options"][1]["costs"].append({"category": "reputation_risk",
                                        "estimate": {"probability": 0.1, "impact": 1000}, **line})
    return data


def test_new_line_fields_round_trip_through_yaml(data: dict[str, Any]) -> None:
    scenario = scenario_from_data(with_risk(
        data, events="poisson", shared_cause="press campaign",
        measured_by={"metric": "survival_gap", "prior_sd": 0.05, "tolerance": 0.01, "floor": 0.3, "scale": 9}))
    line = scenario.options[1].costs[-1]
    assert (line.events, line.shared_cause) == (EventModel.POISSON, "press campaign")
    assert line.measured_by is not None
    assert (line.measured_by.prior_sd, line.measured_by.tolerance, line.measured_by.floor) == (0.05, 0.01, 0.3)
    text = scenario_to_yaml(scenario)
    assert scenario_from_yaml(text) == scenario
    assert scenario_to_data(scenario)["options"][1]["costs"][-1]["measured_by"] == {
        "metric": "survival_gap", "scale": 9, "prior_sd": 0.05, "tolerance": 0.01, "floor": 0.3}


def test_default_gap_calibration_is_not_written_out(data: dict[str, Any]) -> None:
    scenario = scenario_from_data(with_risk(data, measured_by={"metric": "survival_gap"}))
    assert scenario_to_data(scenario)["options"][1]["costs"][-1]["measured_by"] == {"metric": "survival_gap"}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ({"measured_by": {"metric": "face_cut_images", "floor": 0.1}},
         "options[1].costs[1].measured_by.floor: only a line measured by a group gap "
         "(survival_gap, head_retention_gap) has floor; "
         "this one is "
         "'face_cut_images' is text"),
        ({"measured_by": {"metric": "survival_gap", "prior_sd": 0.01, "tolerance": 0.05}},
         "options[1].costs[1].measured_by.tolerance: 0.05 is more than 3 prior standard deviations (0.03): "
         "the prior would say no gap ever exceeds it"),
        ({"measured_by": {"metric": "survival_gap", "floor": 2}},
         "options[1].costs[1].measured_by.floor: 2 is out of range; expected a share in [0, 1]"),
        ({"events": "sometimes"},
         "options[1].costs[1].events: 'sometimes' is text; expected one of bernoulli, poisson"),
    ],
)
def test_new_line_fields_reject_bad_values_with_exact_message(
    data: dict[str, Any], line: dict[str, Any], message: str
) -> None:
    with pytest.raises(ScenarioError) as error:
        scenario_from_data(with_risk(data, **line))
    assert str(error.value) == message


def test_option_model_field_round_trips_and_must_be_a_card_name() -> None:
    data = costmodels.scenario_to_data(costmodels.default_scenario())
    assert data["options"][0]["model"] == "centerface"
    data["options"][1]["model"] = "blazeface_full_range"
    assert costmodels.scenario_from_data(data).options[1].model == "blazeface_full_range"
    data["options"][1]["model"] = "Blaze Face"
    with pytest.raises(costmodels.ScenarioError) as raised:
        costmodels.scenario_from_data(data)
    assert str(raised.value).endswith(
        "options[1].model: 'Blaze Face' is not a model card name (lower_snake_case, e.g. blazeface_full_range)")
