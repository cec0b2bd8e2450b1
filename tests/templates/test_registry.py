"""The template registry: three templates, each with a valid default scenario and its own words."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import costmodels
import templates
from templates import PAGES, Template, UnknownTemplateError, get_template, template_names, template_of


def test_registry_lists_the_three_templates_in_gallery_order() -> None:
    assert template_names() == ("image_cropping", "virtual_background", "blank")


@pytest.mark.parametrize("name", template_names())
def test_each_template_default_scenario_names_its_template_and_evaluates(name: str) -> None:
    template = get_template(name)
    scenario = template.scenario()
    assert scenario.template == name
    assert template_of(scenario) is template
    evaluation = costmodels.evaluate(scenario, draws=500, seed=1, units=template.units)
    assert set(evaluation.p_cheapest) == {option.name for option in scenario.options}


@pytest.mark.parametrize("name", template_names())
def test_each_template_options_name_implementations_it_declares(name: str) -> None:
    template = get_template(name)
    declared = {implementation.name for implementation in template.implementations}
    used = {option.implementation for option in template.scenario().options if option.implementation}
    assert used <= declared
    kinds = {i.name: i.kind for i in template.implementations}
    for option in template.scenario().options:
        if option.implementation:
            assert kinds[option.implementation] == option.kind.value


@pytest.mark.parametrize("name", template_names())
def test_each_template_measured_lines_use_metrics_it_declares(name: str) -> None:
    template = get_template(name)
    metrics = {line.measured_by.metric for option in template.scenario().options for line in option.costs
               if line.measured_by is not None}
    assert metrics <= set(template.metrics)


def test_image_cropping_default_is_the_engine_default_with_unchanged_numbers() -> None:
    template = get_template("image_cropping")
    assert template.scenario() == costmodels.default_scenario()
    evaluation = costmodels.evaluate(template.scenario(), draws=2000, seed=5)
    baseline = costmodels.evaluate(costmodels.default_scenario(), draws=2000, seed=5)
    assert [o.mean_usd for o in evaluation.options] == [o.mean_usd for o in baseline.options]


def test_virtual_background_compares_ml_segmentation_with_three_non_ml_options() -> None:
    scenario = get_template("virtual_background").scenario()
    assert [(o.implementation, o.kind.value) for o in scenario.options] == [
        ("person_segmentation_mediapipe", "ml"), ("chroma_key", "non_ml"), ("background_subtraction", "non_ml"),
        ("no_replacement", "non_ml")]
    chroma = scenario.option("Chroma key (green screen)")
    assert {line.category for line in chroma.costs} >= {"user_hardware", "adoption_loss"}


def test_virtual_background_every_rationale_cites_a_figure_row() -> None:
    scenario = get_template("virtual_background").scenario()
    uncited = [(o.name, line.category) for o in scenario.options for line in o.costs
               if not any(f"F{row}" in line.rationale for row in range(1, 59))
               and "suggested range" not in line.rationale and "unsourced" not in line.rationale]
    assert uncited == []
    assert "F29" in scenario.volume.rationale


def test_virtual_background_fairness_line_says_where_the_model_card_differs() -> None:
    ml = get_template("virtual_background").scenario().options[0]
    audit = next(line for line in ml.costs if line.category == "fairness_audit")
    assert "smartphone photos" in audit.rationale and "about 80 images" in audit.rationale


def test_blank_template_has_no_images_and_hides_image_pages() -> None:
    template = get_template("blank")
    assert not template.shows("image_lab") and not template.shows("audit")
    assert template.model_cards == () and template.audits == ()
    assert all(option.implementation is None for option in template.scenario().options)


@pytest.mark.parametrize(
    ("name", "units_a_day", "per_unit"),
    [("image_cropping", "images a day", "per image"),
     ("virtual_background", "participant-hours a day", "per participant-hour"),
     ("blank", "units a day", "per unit")],
)
def test_template_words_name_the_unit(name: str, units_a_day: str, per_unit: str) -> None:
    template = get_template(name)
    assert (template.units_a_day, template.per_unit) == (units_a_day, per_unit)
    assert template.kind_words()["per_unit"] == per_unit


def test_get_template_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(UnknownTemplateError) as error:
        get_template("spam")
    assert str(error.value) == "'spam' is not a template; choose image_cropping, virtual_background or blank"


def test_registry_holds_exactly_the_names_a_scenario_may_name() -> None:
    # The scenario reader refuses any other name; a template missing from either list is a bug.
    assert template_names() == costmodels.TEMPLATE_NAMES


def test_template_of_an_unknown_name_reads_as_blank() -> None:
    scenario = dataclasses.replace(costmodels.default_scenario(), template="somebody_elses")
    assert template_of(scenario).name == "blank"


def test_template_refuses_an_unknown_page() -> None:
    with pytest.raises(ValueError, match="unknown page 'lab'; expected some of " + ", ".join(PAGES)):
        Template(name="x", title="X", summary="s", scenario_file=Path("x.yaml"), units=costmodels.UnitWords(),
                 limitations=("l",), pages=("lab",))


def test_templates_public_api_is_exactly_all() -> None:
    public = {name for name in dir(templates) if not name.startswith("_")}
    assert public - {"blank", "image_cropping", "virtual_background"} == set(templates.__all__)


@pytest.mark.parametrize(
    ("name", "crops", "masks"),
    [("image_cropping", True, False), ("virtual_background", False, True), ("blank", False, False)],
)
def test_template_sections_follow_its_declared_audits(name: str, crops: bool, masks: bool) -> None:
    template = get_template(name)
    assert (template.measures_crops, template.measures_masks) == (crops, masks)
    assert template.shows("image_lab") == template.shows("audit") == (crops or masks)
