"""A scenario too long for a share link: the Report & share page says why and what to share instead."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

import costmodels
from tests.costmodels.test_share import long_rationale_scenario


def test_share_page_says_a_long_scenario_is_too_long_for_a_link(app: AppTest) -> None:
    app.run()
    app.session_state["tcm_scenario"] = long_rationale_scenario()
    app.switch_page("share_page.py").run()
    assert not app.exception
    assert not app.code  # no link
    warning = app.warning[-1].value
    assert warning.startswith("the share link would be too long: ")
    assert "is above the limit of 64,000 characters" in warning
    assert "build the report below as YAML" in warning
    assert "s" not in app.query_params  # no link that would reopen another scenario
    assert app.button[0].label == "Build the HTML report"  # the rest of the page still works
    app.switch_page("decision_page.py").run()  # and so do the other pages (evaluations are keyed at any length)
    assert not app.exception
    assert app.title[0].value == costmodels.default_scenario().question
