"""Editing in the dashboard (AppTest): nothing typed is lost, undo, variants and the levels behind the words."""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

import costmodels
import limits
from costmodels import Level, SharedState, Triple
from dashboard import forms

ML = "ML smart crop"
WITH_BENEFIT = forms.with_quick_benefit(costmodels.default_scenario(), ML, "2M / 3M / 5M")


def labelled(widgets: Any, label: str) -> Any:
    """The widget with this label (keys carry the editor revision, labels are what a user sees)."""
    return next(widget for widget in widgets if widget.label == label)


def verdict_text(app: AppTest) -> str:
    """The verdict sentence, wherever the page shows it."""
    texts = [element.value for element in [*app.markdown, *app.info]]
    return next(text for text in texts if "cheapest in" in text)


def scenario(app: AppTest) -> costmodels.Scenario:
    """The scenario on screen."""
    result: costmodels.Scenario = app.session_state["tcm_scenario"]
    return result


def edit_grid(app: AppTest, key: str, edits: dict[str, Any]) -> AppTest:
    """Run with a data editor's edits, as the browser sends them (AppTest has no data-editor API)."""
    grid = next(node for node in app._tree if re.search(key + "$", str(getattr(node, "id", ""))))
    states = app._tree.get_widget_states()
    full = {"edited_rows": {}, "added_rows": [], "deleted_rows": [], **edits}
    states.widgets.append(WidgetState(id=grid.id, string_value=json.dumps(full)))
    return app._run(states)


def open_estimates(app: AppTest, mode: str = "Meeting table", link: SharedState | None = None) -> AppTest:
    if link is not None:
        app.query_params["s"] = costmodels.encode_share_token(link)
    app.run()
    app.switch_page("estimates_page.py").run()
    if mode != "Meeting table":
        app.segmented_control(key="estimates_mode").set_value(mode).run()
    assert not app.exception
    return app


def test_imported_benefit_is_shown_and_survives_a_question_edit(app: AppTest) -> None:
    open_estimates(app, link=SharedState(WITH_BENEFIT))
    assert verdict_text(app) == "ML smart crop is cheapest in 56% of 100,000 simulations."
    assert labelled(app.text_input, "ML smart crop: yearly gain").value == "2M / 3M / 5M"
    app.segmented_control(key="estimates_mode").set_value("Detailed").run()
    benefits = next(node for node in app._tree if re.search(r"benefits-\d+-0$", str(getattr(node, "id", ""))))
    assert benefits.value.to_dict("records")[0]["estimate"] == "2M / 3M / 5M"
    labelled(app.text_input, "Question").set_value("Crop or not?").run()
    assert not app.exception
    assert scenario(app).question == "Crop or not?"
    assert scenario(app).options[0].benefits == WITH_BENEFIT.options[0].benefits
    assert verdict_text(app) == "ML smart crop is cheapest in 56% of 100,000 simulations."


def test_meeting_table_yearly_gain_edit_moves_the_verdict(app: AppTest) -> None:
    open_estimates(app)
    labelled(app.text_input, "ML smart crop: yearly gain").set_value("2M / 3M / 5M").run()
    assert not app.exception
    assert scenario(app) == WITH_BENEFIT
    assert verdict_text(app) == "ML smart crop is cheapest in 56% of 100,000 simulations."


@pytest.mark.parametrize("edit", ["gain", "level"])
def test_meeting_table_edit_followed_at_once_by_another_page_is_kept(app: AppTest, edit: str) -> None:
    """Typed (or picked), then a page clicked before the edit's rerun drew the table: that rerun is the other
    page's, and the edit still reaches the scenario."""
    open_estimates(app)
    if edit == "gain":
        labelled(app.text_input, "ML smart crop: yearly gain").set_value("2M / 3M / 5M")
        expected = WITH_BENEFIT
    else:
        labelled(app.selectbox, "ML smart crop: reputation risk").set_value("low")
        expected = forms.with_quick_level(costmodels.default_scenario(), "ML smart crop", "reputation_risk", "low")
    app.switch_page("decision_page.py").run()
    assert not app.exception
    assert scenario(app) == expected
    app.switch_page("estimates_page.py").run()
    shown = (labelled(app.text_input, "ML smart crop: yearly gain").value if edit == "gain"
             else labelled(app.selectbox, "ML smart crop: reputation risk").value)
    assert shown == ("2M / 3M / 5M" if edit == "gain" else "low")


def test_meeting_table_gain_that_does_not_read_is_listed_and_changes_nothing(app: AppTest) -> None:
    open_estimates(app)
    labelled(app.text_input, "ML smart crop: yearly gain").set_value("lots").run()
    assert not app.exception
    assert scenario(app) == costmodels.default_scenario()
    assert any("Not applied yet" in error.value and "yearly gain" in error.value for error in app.error)
    assert labelled(app.text_input, "ML smart crop: yearly gain").value == "lots"  # left for the user to mend


@pytest.mark.parametrize("edit", ["question", "grid"])
def test_detailed_edit_followed_at_once_by_another_page_is_kept(app: AppTest, edit: str) -> None:
    """As the meeting table's: the detailed form's fields and grids adopt an edit in their callbacks."""
    open_estimates(app, "Detailed")
    if edit == "question":
        labelled(app.text_input, "Question").set_value("Crop or not?")
        app.switch_page("decision_page.py").run()
        assert scenario(app).question == "Crop or not?"
    else:
        app.switch_page("decision_page.py")
        edit_grid(app, r"benefits-\d+-0", {"added_rows": [
            {"category": "yearly_gain", "kind": "per_year", "estimate": "2M / 3M / 5M"}]})
        added = scenario(app).option(ML).benefits
        assert [(line.category, line.estimate) for line in added] == [("yearly_gain", Triple(2e6, 3e6, 5e6))]
    assert not app.exception
    assert app.session_state["tcm_last_page"] == ""  # the Decision page (the default page) ran


def test_blank_kind_in_a_new_grid_row_says_to_pick_a_kind(app: AppTest) -> None:
    # The message is Markdown with user text escaped (underscores as \_), so what was typed shows exactly as
    # typed; the line is named by its category in words, and the kinds as the grid shows them.
    open_estimates(app, "Detailed")
    edit_grid(app, r"lines-\d+-1", {"added_rows": [{"category": "my_training", "estimate": "10k"}]})
    assert not app.exception
    assert app.error[0].value == (
        "Not applied yet; the numbers above still use the last valid estimates.\n\n"
        "- Scale to fit, line 9 (my training): pick a Kind (one-off, per year, per image, risk event); "
        "'my\\_training' is not a built-in category, so its kind cannot be inferred")
    assert scenario(app) == costmodels.default_scenario()


def test_new_grid_row_without_rationale_keeps_it_empty(app: AppTest) -> None:
    open_estimates(app, "Detailed")
    edit_grid(app, r"lines-\d+-1", {"added_rows": [{"category": "training", "kind": "one_off", "estimate": "10k"}]})
    assert not app.exception and not app.error
    added = scenario(app).options[1].costs[-1]
    assert (added.category, added.estimate, added.rationale) == ("training", costmodels.Fixed(10_000), "")
    assert not re.search(r"\bnan\b", costmodels.scenario_to_yaml(scenario(app)))


def test_seed_and_draws_typed_in_a_row_all_take(app: AppTest) -> None:
    app.run()
    for seed in (7, 8, 9, 10):
        labelled(app.number_input, "Seed").set_value(seed).run()
        assert app.session_state["tcm_settings"].seed == seed
    labelled(app.number_input, "Seed").increment().run()
    assert app.session_state["tcm_settings"].seed == 11  # the first "+" counts
    for draws in (7000, 8000, 9000, 10000):
        labelled(app.number_input, "Draws").set_value(draws).run()
        assert app.session_state["tcm_settings"].draws == draws
    assert "of 10,000 simulations" in verdict_text(app)


def test_new_option_starts_as_a_copy_of_the_chosen_one(app: AppTest) -> None:
    open_estimates(app, "Detailed")
    labelled(app.selectbox, "A new option starts as a copy of").set_value("Center crop").run()
    labelled(app.button, "Add an option").click().run()
    assert not app.exception
    copy = scenario(app).options[-1]
    assert copy.name == "Center crop (copy)"
    assert copy.costs == scenario(app).option("Center crop").costs
    assert verdict_text(app) == costmodels.verdict(costmodels.evaluate(scenario(app)))
    assert verdict_text(app).startswith("Crop from (0,0) and Center crop and Center crop (copy) are cheapest in 100%")


def test_changed_level_flags_the_rationale_until_confirmed(app: AppTest) -> None:
    open_estimates(app)
    labelled(app.selectbox, "ML smart crop: development").set_value("low").run()
    flags = [warning.value for warning in app.warning if "rationale was written for" in warning.value]
    assert len(flags) == 1
    assert flags[0].startswith("**ML smart crop, development** (cost): the rationale was written for "
                               "**medium to high**, the estimate is now **low**.")
    assert "Meeting: medium to high (250k / 650k / 1.6M" in flags[0]
    labelled(app.button, "Still holds").click().run()
    assert not [warning for warning in app.warning if "rationale was written for" in warning.value]
    assert scenario(app).options[0].costs[0].estimate == Level("low")
    assert scenario(app).options[0].costs[0].rationale_for == ""


def test_undo_and_redo_step_through_edits(app: AppTest) -> None:
    open_estimates(app)
    assert labelled(app.button, "Undo").disabled
    labelled(app.selectbox, "ML smart crop: reputation risk").set_value("low").run()
    edited = scenario(app)
    labelled(app.button, "Undo").click().run()
    assert scenario(app) == costmodels.default_scenario()
    assert labelled(app.selectbox, "ML smart crop: reputation risk").value == "high"
    labelled(app.button, "Redo").click().run()
    assert scenario(app) == edited
    assert labelled(app.selectbox, "ML smart crop: reputation risk").value == "low"


def _many_edits() -> None:
    import dataclasses

    import streamlit as st

    from dashboard import state

    state.start_session()
    for years in range(1, 61):
        state.set_scenario(dataclasses.replace(state.scenario(), horizon_years=years))
    undone = 0
    while state.can_undo():
        state.undo()
        undone += 1
    st.write(f"undone {undone}, horizon {state.scenario().horizon_years}")


def test_undo_history_is_bounded() -> None:
    app = AppTest.from_function(_many_edits).run()
    assert app.markdown[0].value == "undone 50, horizon 10"  # 60 edits, the last 50 kept


def test_a_variant_past_the_limit_is_refused_and_the_others_kept(app: AppTest) -> None:
    app.run()
    full = {f"v{n}": costmodels.default_scenario() for n in range(20)}
    app.session_state["tcm_variants"] = dict(full)
    app.switch_page("variants_page.py").run()
    labelled(app.text_input, "Save the scenario on screen as").set_value("one more").run()
    labelled(app.button, "Save as a variant").click().run()
    assert not app.exception
    assert [error.value for error in app.error] == [
        f"Not saved: 21 variants is above the limit of 20 variants ({limits.VARIANTS.why}). Delete one first."]
    assert app.session_state["tcm_variants"] == full
    labelled(app.text_input, "Save the scenario on screen as").set_value("v3").run()  # replacing one still works
    labelled(app.button, "Save as a variant").click().run()
    assert not app.error


def test_variants_are_saved_switched_compared_and_shared(app: AppTest) -> None:
    app.run()
    app.switch_page("variants_page.py").run()
    labelled(app.text_input, "Save the scenario on screen as").set_value("as estimated").run()
    labelled(app.button, "Save as a variant").click().run()
    app.switch_page("estimates_page.py").run()
    labelled(app.selectbox, "ML smart crop: reputation risk").set_value("low").run()
    low_risk = scenario(app)
    app.switch_page("variants_page.py").run()
    labelled(app.text_input, "Save the scenario on screen as").set_value("ML at low risk").run()
    labelled(app.button, "Save as a variant").click().run()
    assert not app.exception
    labelled(app.selectbox, "From").set_value("as estimated").run()
    labelled(app.selectbox, "To").set_value("ML at low risk").run()
    changed, moved = (frame.value for frame in app.dataframe)
    assert changed.to_dict("records") == [
        {"option": ML, "what": "reputation risk (cost)", "from": "high", "to": "low"}]
    expected = costmodels.result_changes(costmodels.evaluate(costmodels.default_scenario()),
                                         costmodels.evaluate(low_risk))
    for column, field in (("P50 change", "p50_change_usd"), ("mean change", "mean_change_usd"),
                          ("P(cheapest) change", "p_cheapest_change")):
        assert moved[column].tolist() == pytest.approx([getattr(change, field) for change in expected], abs=1e-4)
    token = app.query_params["s"][0] if isinstance(app.query_params["s"], list) else app.query_params["s"]
    assert list(costmodels.decode_share_token(token).variants) == ["as estimated", "ML at low risk"]
    app.button(key="open-variant-0").click().run()
    assert scenario(app) == costmodels.default_scenario()


def test_variants_in_a_link_open_with_it(app: AppTest) -> None:
    shared = SharedState(costmodels.default_scenario(), variants={"with the benefit": WITH_BENEFIT})
    app.query_params["s"] = costmodels.encode_share_token(shared)
    app.run()
    app.switch_page("variants_page.py").run()
    assert not app.exception
    assert any("**with the benefit**" in text.value for text in app.markdown)


def test_level_scale_beside_the_meeting_table_edits_the_scenario(app: AppTest) -> None:
    open_estimates(app)
    before = verdict_text(app)
    edit_grid(app, r"levels-\d+-development", {"edited_rows": {"4": {}, "2": {"means": "1M / 2M / 3M"}}})
    assert not app.exception
    assert scenario(app).levels.amounts["development"]["medium"] == Triple(1e6, 2e6, 3e6)
    assert verdict_text(app) != before  # ML development "medium to high" now reads the new medium


@pytest.mark.parametrize("table", ["levels", "correlations"])
def test_table_edit_followed_at_once_by_another_page_is_kept(app: AppTest, table: str) -> None:
    """The level scale and the correlations adopt a cell edit in their callbacks, as the meeting table does."""
    open_estimates(app)
    app.switch_page("decision_page.py")
    if table == "levels":
        edit_grid(app, r"levels-\d+-development", {"edited_rows": {"2": {"means": "1M / 2M / 3M"}}})
        assert scenario(app).levels.amounts["development"]["medium"] == Triple(1e6, 2e6, 3e6)
    else:
        edit_grid(app, r"correlations-\d+", {"added_rows": [
            {"first input": "ML smart crop.development", "second input": "ML smart crop.maintenance", "rank": 0.6}]})
        assert scenario(app).correlations == (
            costmodels.RankCorrelation(("ML smart crop.development", "ML smart crop.maintenance"), 0.6),)
    assert not app.exception
    assert app.session_state["tcm_last_page"] == ""  # the Decision page ran


def test_undo_in_the_detailed_editor_keeps_redo_available(app: AppTest) -> None:
    # The editor shows 7% as 7.000000000000001 and reads it back: opening it must not count as an edit
    shared = SharedState(dataclasses.replace(costmodels.default_scenario(), discount_rate=0.07))
    open_estimates(app, "Detailed", link=shared)
    assert scenario(app).discount_rate == 0.07
    assert labelled(app.button, "Undo").disabled  # opening the editor is not an edit
    labelled(app.text_input, "Question").set_value("Crop or not?").run()
    labelled(app.button, "Undo").click().run()
    assert scenario(app).question == shared.scenario.question
    assert not labelled(app.button, "Redo").disabled
    labelled(app.button, "Redo").click().run()
    assert scenario(app).question == "Crop or not?"
