"""One name and one colour per option, wherever it is shown."""

from __future__ import annotations

import pytest

import charts
import costmodels
from imageoptions import builtin_options


@pytest.fixture(scope="module")
def evaluation() -> costmodels.Evaluation:
    return costmodels.evaluate(costmodels.default_scenario(), draws=2_000, seed=1)


def test_option_styles_give_ml_warm_and_the_rest_cool_colours_in_turn() -> None:
    styles = charts.option_styles([("Model", True), ("Scale", False), ("Crop", False), ("Other model", True)])
    assert [styles[name].colour for name in ("Model", "Scale", "Crop", "Other model")] == [
        "#E69F00", "#0072B2", "#009E73", "#CC79A7"]
    assert [styles[name].dash for name in ("Model", "Scale", "Crop", "Other model")] == [
        "solid", "dash", "dot", "dashdot"]
    assert styles["Model"].label == "Model (ML)" and styles["Scale"].label == "Scale"


def test_image_option_styles_name_and_colour_image_options_as_the_scenario_does(
        evaluation: costmodels.Evaluation) -> None:
    images = charts.image_option_styles(costmodels.default_scenario(), builtin_options())
    decision = charts.evaluation_styles(evaluation)
    assert images["fixed_crop"].name == "Crop from (0,0)"
    assert images["face_crop_centerface"].name == "ML smart crop"
    for machine in ("face_crop_centerface", "scale_to_fit", "fixed_crop", "center_crop", "shipped_policy"):
        assert images[machine] == decision[images[machine].name]


def test_image_option_styles_name_options_outside_the_scenario_by_their_label() -> None:
    images = charts.image_option_styles(costmodels.default_scenario(), builtin_options())
    labels = {option.name: option.label for option in builtin_options()}
    assert images["saliency_crop"].name == labels["saliency_crop"]
    assert images["face_crop_blazeface"].is_ml and images["face_crop_blazeface"].colour == "#CC79A7"


def test_display_names_never_show_a_machine_name_for_a_scenario_option() -> None:
    names = charts.display_names(costmodels.default_scenario(), builtin_options())
    assert names["center_crop"] == "Center crop"
    assert all("_" not in name for name in names.values())


@pytest.mark.parametrize(("raw", "words"), [
    ("reputation_risk", "reputation risk"),
    ("data_labelling (benefit)", "data labelling (benefit)"),
    ("development", "development"),
])
def test_category_label_writes_categories_in_words(raw: str, words: str) -> None:
    assert charts.category_label(raw) == words


@pytest.mark.parametrize(("raw", "words"), [
    ("ML smart crop: reputation_risk probability", "ML smart crop: reputation risk probability"),
    ("images per day", "images per day"),
    ("My_option: compliance_review", "My_option: compliance review"),
])
def test_input_label_writes_the_category_in_words_and_keeps_the_option_name(raw: str, words: str) -> None:
    assert charts.input_label(raw) == words
