"""The Estimates page's conversions, without Streamlit: rows in, scenarios out."""

from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd
import pytest

import costmodels
import templates
from costmodels import Level, Triple
from dashboard import forms

ML = "ML smart crop"


def header(scenario: costmodels.Scenario, **changes: Any) -> dict[str, Any]:
    """The header fields as the form returns them, unchanged unless told."""
    fields = {"question": scenario.question, "horizon_years": scenario.horizon_years,
              "discount_rate": scenario.discount_rate,
              "units_per_day": costmodels.estimate_to_text(scenario.volume.units_per_day),
              "yearly_growth": scenario.volume.yearly_growth}
    return {**fields, **changes}


def form(scenario: costmodels.Scenario, **changes: Any) -> dict[str, Any]:
    """Every argument `scenario_from_form` takes, as an untouched form would give them."""
    return {
        "header": header(scenario, **changes),
        "options": [{"name": o.name, "kind": o.kind.value, "description": o.description,
                     "implementation": o.implementation} for o in scenario.options],
        "option_lines": [forms.line_rows(option) for option in scenario.options],
    }


def with_benefit() -> costmodels.Scenario:
    return forms.with_quick_benefit(costmodels.default_scenario(), ML, "2M / 3M / 5M")


@pytest.mark.parametrize("value", [None, math.nan, float("nan"), pd.NA, "  "])
def test_cell_text_reads_an_empty_cell_as_empty(value: object) -> None:
    assert forms.cell_text(value) == ""


def test_rows_with_edits_applies_cells_then_deletions_then_additions_as_streamlit_does() -> None:
    start = [{"category": "a", "estimate": "1"}, {"category": "b", "estimate": "2"}, {"category": "c"}]
    edits = {"edited_rows": {"0": {"estimate": "10"}, 2: {"estimate": "30", "unknown": "x"}, "7": {"estimate": "?"}},
             "deleted_rows": [1], "added_rows": [{"category": "d"}]}
    assert forms.rows_with_edits(start, ("category", "estimate"), edits) == [
        {"category": "a", "estimate": "10"}, {"category": "c", "estimate": "30"}, {"category": "d", "estimate": None}]
    unedited = forms.rows_with_edits(start, ("category",), None)
    assert unedited == [{"category": "a"}, {"category": "b"}, {"category": "c"}]


def test_scenario_from_form_keeps_benefits_when_the_question_changes() -> None:
    scenario = with_benefit()
    edited = forms.scenario_from_form(scenario, **form(scenario, question="Crop or not?"))
    assert edited.question == "Crop or not?"
    assert edited.options[0].benefits == scenario.options[0].benefits
    assert edited.options[0].benefits[0].estimate == Triple(2e6, 3e6, 5e6)


def test_scenario_from_form_edits_benefit_rows() -> None:
    scenario = with_benefit()
    benefits = [forms.line_rows(option, "benefits") for option in scenario.options]
    benefits[0][0]["estimate"] = "1M / 2M / 4M"
    edited = forms.scenario_from_form(scenario, **form(scenario), option_benefits=benefits)
    assert edited.options[0].benefits[0].estimate == Triple(1e6, 2e6, 4e6)
    assert edited.options[0].benefits[0].category == "yearly_gain"


def test_scenario_from_form_new_row_with_blank_kind_says_to_pick_one() -> None:
    scenario = costmodels.default_scenario()
    arguments = form(scenario)
    arguments["option_lines"][1].append({"category": "training", "kind": math.nan, "estimate": "10k",
                                         "rationale": math.nan})
    with pytest.raises(forms.FormError) as raised:
        forms.scenario_from_form(scenario, **arguments)
    assert raised.value.problems == [
        "Scale to fit, line 9 (training): pick a Kind (one-off, per year, per image, risk event); "
        "'training' is not a built-in category, so its kind cannot be inferred"]


def test_scenario_from_form_empty_rationale_stays_empty_in_the_yaml() -> None:
    scenario = costmodels.default_scenario()
    arguments = form(scenario)
    arguments["option_lines"][1].append({"category": "training", "kind": "one_off", "estimate": "10k",
                                         "rationale": math.nan})
    edited = forms.scenario_from_form(scenario, **arguments)
    added = edited.options[1].costs[-1]
    assert (added.category, added.rationale) == ("training", "")
    assert re.search(r"\bnan\b", costmodels.scenario_to_yaml(edited)) is None


def test_with_quick_level_marks_the_rationale_written_for_the_old_level() -> None:
    scenario = forms.with_quick_level(costmodels.default_scenario(), ML, "development", "low")
    line = scenario.options[0].costs[0]
    assert (line.estimate, line.rationale_for) == (Level("low"), "medium to high")
    assert line.rationale.startswith("Meeting: medium to high (250k / 650k / 1.6M")
    back = forms.with_quick_level(scenario, ML, "development", "medium to high")
    assert back.options[0].costs[0].rationale_for == ""  # written for this estimate again
    assert back == costmodels.default_scenario()


def test_scenario_from_form_flags_an_estimate_changed_under_an_unchanged_rationale() -> None:
    scenario = costmodels.default_scenario()
    arguments = form(scenario)
    arguments["option_lines"][0][1]["estimate"] = "10k / 20k / 30k"  # data labelling, rationale untouched
    edited = forms.scenario_from_form(scenario, **arguments)
    assert edited.options[0].costs[1].rationale_for == "10k / 60k / 250k"
    arguments["option_lines"][0][1]["rationale"] = "Labels bought in bulk."
    rewritten = forms.scenario_from_form(scenario, **arguments)
    assert rewritten.options[0].costs[1].rationale_for == ""


def test_with_rationale_confirmed_clears_the_flag() -> None:
    scenario = forms.with_quick_level(costmodels.default_scenario(), ML, "development", "low")
    confirmed = forms.with_rationale_confirmed(scenario, ML, "costs", 0)
    assert costmodels.stale_rationales(confirmed) == ()
    assert confirmed.options[0].costs[0].estimate == Level("low")


def test_with_new_option_copies_the_chosen_option() -> None:
    scenario = forms.with_new_option(costmodels.default_scenario(), "Center crop")
    copy = scenario.options[-1]
    assert copy.name == "Center crop (copy)"
    assert copy.costs == scenario.option("Center crop").costs
    again = forms.with_new_option(scenario, "Center crop")
    assert again.options[-1].name == "Center crop (copy 2)"


def test_with_quick_benefit_adds_sets_and_removes_the_yearly_gain() -> None:
    scenario = with_benefit()
    assert forms.quick_benefit(scenario.options[0]) == "2M / 3M / 5M"
    assert forms.quick_benefit(forms.with_quick_benefit(scenario, ML, "1M").options[0]) == "1M"
    assert forms.with_quick_benefit(scenario, ML, "").options[0].benefits == ()
    with pytest.raises(forms.FormError, match="ML smart crop, yearly gain: 'lots' is not an estimate"):
        forms.with_quick_benefit(scenario, ML, "lots")


def test_with_level_rows_changes_one_categorys_scale() -> None:
    scenario = costmodels.default_scenario()
    rows = forms.level_rows(scenario, "development")
    rows[1]["means"] = "10k / 20k / 30k"
    edited = forms.with_level_rows(scenario, "development", rows)
    assert edited.levels.amounts["development"]["low"] == Triple(10_000, 20_000, 30_000)
    assert edited.levels.amounts["one_off"] == scenario.levels.amounts["one_off"]  # integration keeps its scale
    risk_rows = forms.level_rows(scenario, "reputation_risk")
    risk_rows[3]["means"] = "10% / 20% / 50% a year x 1M / 5M / 100M"
    risky = forms.with_level_rows(scenario, "reputation_risk", risk_rows)
    assert risky.levels.risks["reputation_risk"]["high"].probability == Triple(0.1, 0.2, 0.5)


def test_with_level_rows_rejects_a_level_as_a_meaning() -> None:
    rows = forms.level_rows(costmodels.default_scenario(), "development")
    rows[0]["means"] = "low"
    with pytest.raises(forms.FormError, match="What 'near-zero' means for development: 'low' is a level"):
        forms.with_level_rows(costmodels.default_scenario(), "development", rows)


def test_meeting_table_updates_its_own_rationale_instead_of_flagging_it() -> None:
    scenario = forms.with_quick_benefit(with_benefit(), ML, "1M / 2M / 4M")
    assert scenario.options[0].benefits[0].rationale == "Meeting: a yearly gain of 1M / 2M / 4M."
    assert costmodels.stale_rationales(scenario) == ()
    added = forms.with_quick_level(costmodels.default_scenario(), "Scale to fit", "data_labelling", "low")
    moved = forms.with_quick_level(added, "Scale to fit", "data_labelling", "medium")
    assert moved.option("Scale to fit").costs[-1].rationale == "Meeting: medium."
    assert costmodels.stale_rationales(moved) == ()


def test_with_level_rows_asks_a_risk_level_for_a_chance_and_a_cost() -> None:
    rows = forms.level_rows(costmodels.default_scenario(), "model_risk")
    rows[0]["means"] = "low"
    with pytest.raises(forms.FormError, match=r"What 'near-zero' means for model risk: 'low' is not a chance a year"):
        forms.with_level_rows(costmodels.default_scenario(), "model_risk", rows)


def test_form_words_follow_the_template_units() -> None:
    template = templates.get_template("virtual_background")
    assert forms.kind_label("per_unit", template.per_unit) == "per participant-hour"
    assert forms.kind_label("per_unit") == "per image"
    assert forms.kinds_in_words(template.per_unit, benefit=True) == "one-off, per year, per participant-hour"


def test_form_volume_problem_names_the_template_unit() -> None:
    base = templates.get_template("virtual_background").scenario()
    header = {"question": base.question, "horizon_years": 5, "discount_rate": 0.08, "yearly_growth": 0.0,
              "units_per_day": "lots"}
    with pytest.raises(forms.FormError) as error:
        forms.scenario_from_form(base, header=header, options=[], option_lines=[])
    assert error.value.problems[0].startswith("Volume (participant-hours per day): 'lots'")
