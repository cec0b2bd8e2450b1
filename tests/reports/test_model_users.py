"""Model cards name the scenario options that run them, matched by the option's explicit `model:` field."""

from __future__ import annotations

import costmodels
import models
from reports._build import model_users


def scenario_with(**fields: object) -> costmodels.Scenario:
    """The default scenario with its ML option's image option and model replaced."""
    data = costmodels.scenario_to_data(costmodels.default_scenario())
    data["options"][0].pop("model", None)
    data["options"][0].update(fields)
    return costmodels.scenario_from_data(data)


def test_model_users_match_the_explicit_model_field() -> None:
    scenario = scenario_with(image_option="face_crop_blazeface", model="blazeface_full_range")
    assert model_users(models.load_model_card("blazeface_full_range"), scenario) == \
        "ML smart crop (face_crop_blazeface)"
    assert model_users(models.load_model_card("centerface"), scenario) == "no option of this scenario"


def test_model_users_of_the_default_scenario_name_centerface() -> None:
    scenario = costmodels.default_scenario()
    assert scenario.options[0].model == "centerface"
    assert model_users(models.load_model_card("centerface"), scenario) == "ML smart crop (face_crop_centerface)"


def test_model_users_of_a_scenario_without_model_fields_use_the_builtin_option_card() -> None:
    scenario = scenario_with(image_option="face_crop_blazeface")
    assert scenario.options[0].model is None
    assert model_users(models.load_model_card("blazeface_full_range"), scenario) == \
        "ML smart crop (face_crop_blazeface)"
    assert model_users(models.load_model_card("blazeface_short_range"), scenario) == "no option of this scenario"


def test_model_users_of_a_byo_option_naming_a_card() -> None:
    scenario = scenario_with(image_option="team_faces", model="blazeface_short_range")
    assert model_users(models.load_model_card("blazeface_short_range"), scenario) == "ML smart crop (team_faces)"
