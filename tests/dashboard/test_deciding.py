"""The Decision page's value of information and robustness, and the correlation editor."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import costmodels
from costmodels import SharedState
from dashboard import deciding, forms
from tests.dashboard.test_forms import form

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def test_decision_page_ranks_what_to_find_out_beside_the_tornado(app: AppTest) -> None:
    evidence = costmodels.load_evidence([EXAMPLES / "evidence-parity-2-of-4.json"])
    token = costmodels.encode_share_token(SharedState(costmodels.default_scenario(), {"draws": 20_000}, evidence))
    app.query_params["s"] = token
    app.run()
    assert not app.exception
    texts = [element.value for element in app.markdown]
    assert any(text.startswith("Before deciding, it is worth up to \\$") and "survival gap (measured)" in text
               for text in texts)
    assert any(text.startswith("On expected cost, Crop from (0,0) stays the choice while") for text in texts)
    assert not any("reputation_risk" in text for text in texts)  # inputs in words, as the tornado names them
    frames = {next(iter(frame.value.columns)): frame.value for frame in app.dataframe}
    information = frames["worth knowing (USD)"]
    assert information.index[0] == "every estimate at once (EVPI)"
    assert information.index[1] == "Crop from (0,0): reputation risk survival gap (measured)"
    assert information.iloc[0, 0] > 100_000
    switches = frames["the choice holds while it is"]
    assert list(switches.columns) == ["the choice holds while it is", "beyond that, the choice is",
                                      "chance it is beyond"]
    assert len(app.get("plotly_chart")) == 3


def test_correlations_from_a_link_show_in_the_editor(app: AppTest) -> None:
    data = costmodels.scenario_to_data(costmodels.default_scenario())
    data["correlations"] = [{"between": ["ML smart crop.development", "ML smart crop.maintenance"], "rank": 0.6}]
    token = costmodels.encode_share_token(SharedState(costmodels.scenario_from_data(data), {"draws": 5_000}))
    app.query_params["s"] = token
    app.run()
    app.switch_page("estimates_page.py").run()
    assert not app.exception
    [editor] = [frame for frame in app.dataframe if list(frame.value.columns)[:2] == ["first input", "second input"]]
    assert next(e.label for e in app.expander) == "Inputs that move together (1 correlation)"
    assert editor.value.to_dict("records") == [{"first input": "ML smart crop.development",
                                                "second input": "ML smart crop.maintenance", "rank": 0.6,
                                                "rationale": ""}]


def test_with_correlations_applies_valid_rows_and_names_bad_ones() -> None:
    scenario = costmodels.default_scenario()
    rows = [{"first input": "ML smart crop.development", "second input": "ML smart crop.maintenance", "rank": 0.6,
             "rationale": "one team"}, {"first input": None, "second input": None, "rank": None, "rationale": None}]
    changed = deciding.with_correlations(scenario, rows)
    assert changed.correlations == (costmodels.RankCorrelation(
        ("ML smart crop.development", "ML smart crop.maintenance"), 0.6, "one team"),)
    assert deciding.with_correlations(changed, []).correlations == ()
    with pytest.raises(forms.FormError) as raised:
        deciding.with_correlations(scenario, [{"first input": "ML smart crop.development", "second input": "nope",
                                               "rank": 0.5}])
    assert raised.value.problems[0].startswith("correlations[0].between[1]: 'nope' is not an input of this scenario")


def correlated_default() -> costmodels.Scenario:
    data = costmodels.scenario_to_data(costmodels.default_scenario())
    data["correlations"] = [{"between": ["ML smart crop.development", "ML smart crop.maintenance"], "rank": 0.6},
                            {"between": ["volume.units_per_day", "Scale to fit.compute"], "rank": 0.3}]
    return costmodels.scenario_from_data(data)


def test_removing_an_option_drops_only_the_correlations_that_name_it() -> None:
    removed = forms.without_option(correlated_default(), 0)
    assert [c.between for c in removed.correlations] == [("volume.units_per_day", "Scale to fit.compute")]


def test_renaming_an_option_in_the_form_carries_its_correlations() -> None:
    scenario = correlated_default()
    arguments = form(scenario)
    arguments["options"][0]["name"] = "Saliency crop"
    renamed = forms.scenario_from_form(scenario, **arguments)
    assert renamed.correlations[0].between == ("Saliency crop.development", "Saliency crop.maintenance")
    assert renamed.correlations[1] == scenario.correlations[1]
