from __future__ import annotations

import dataclasses
import io
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import costmodels
from costmodels import Level, SharedState
from dashboard import forms, lab
from tests.dashboard.conftest import APP, wait_for_job


def labelled(widgets: object, label: str) -> Any:
    """The widget with this label (keys carry the editor revision, labels are what a user sees)."""
    return next(widget for widget in widgets if widget.label == label)  # type: ignore[attr-defined]


def verdict_text(app: AppTest) -> str:
    """The verdict sentence, wherever the page shows it."""
    texts = [element.value for element in [*app.markdown, *app.info]]
    return next(text for text in texts if "cheapest in" in text)


@pytest.mark.parametrize("page", ["decision_page.py", "estimates_page.py", "share_page.py"])
def test_each_page_renders_without_exception(app: AppTest, page: str) -> None:
    app.run()
    app.switch_page(page).run()
    assert not app.exception
    assert app.title


def test_decision_page_states_the_verdict_and_draws_charts(app: AppTest) -> None:
    app.run()
    # 98%: incidents are each option's own (issue 9), so when both crops have one, scale to fit wins.
    assert verdict_text(app).startswith("#### Crop from (0,0) and Center crop are cheapest in 98% of 100,000")
    assert len(app.get("plotly_chart")) == 3


def test_meeting_table_level_change_moves_the_numbers(app: AppTest) -> None:
    app.run()
    app.switch_page("estimates_page.py").run()
    before = verdict_text(app)
    labelled(app.selectbox, "ML smart crop: reputation risk").set_value("low").run()
    assert not app.exception
    after = verdict_text(app)
    assert after != before
    edited = forms.with_quick_level(costmodels.default_scenario(), "ML smart crop", "reputation_risk", "low")
    assert after == costmodels.verdict(costmodels.evaluate(edited))
    assert "ML smart crop costs $3.2M more at P50" in after  # $9.4M with reputation risk "high"


def test_detailed_volume_edit_applies_and_a_bad_one_keeps_the_last_valid_numbers(app: AppTest) -> None:
    app.run()
    app.switch_page("estimates_page.py").run()
    app.segmented_control(key="estimates_mode").set_value("Detailed").run()
    labelled(app.text_input, "Images per day (low / likely / high)").set_value("1M / 2M / 3M").run()
    assert not app.exception
    assert "ML smart crop costs" in verdict_text(app)
    shown = verdict_text(app)
    labelled(app.text_input, "Images per day (low / likely / high)").set_value("lots").run()
    assert not app.exception
    assert app.error[0].value.startswith("Not applied yet")
    assert "Volume (images per day): 'lots' is not an estimate" in app.error[0].value
    assert verdict_text(app) == shown


def test_share_link_query_string_restores_the_scenario(app: AppTest) -> None:
    scenario = costmodels.default_scenario()
    ml = scenario.options[0]
    lines = tuple(dataclasses.replace(line, estimate=Level("low")) if line.category == "reputation_risk" else line
                  for line in ml.costs)
    edited = dataclasses.replace(scenario, options=(dataclasses.replace(ml, costs=lines), *scenario.options[1:]))
    app.query_params["s"] = costmodels.encode_share_token(SharedState(edited, {"draws": 20000, "seed": 5}))
    app.run()
    assert not app.exception
    assert "of 20,000 simulations" in verdict_text(app)
    expected = costmodels.verdict(costmodels.evaluate(edited, draws=20000, seed=5))
    assert verdict_text(app) == f"#### {expected}"


@pytest.mark.parametrize(
    ("token", "warning"),
    [
        ("1.garbage", "the share link is damaged (it does not decode): was it cut short or edited?"),
        ("7.abc", "the share link is version 7; this TCM reads versions 1 and 2"),
    ],
)
def test_bad_share_link_warns_and_shows_the_default(app: AppTest, token: str, warning: str) -> None:
    app.query_params["s"] = token
    app.run()
    assert not app.exception
    assert [w.value for w in app.warning] == [warning, "Showing the default scenario instead."]
    assert "Crop from (0,0) and Center crop are cheapest" in verdict_text(app)


def test_bad_setting_in_link_warns_and_uses_its_default(app: AppTest) -> None:
    token = costmodels.encode_share_token(SharedState(costmodels.default_scenario(), {"draws": -3}))
    app.query_params["s"] = token
    app.run()
    assert [w.value for w in app.warning] == [
        "setting draws: -3 is not a whole number from 1,000 to 1,000,000; using the default"]
    assert "of 100,000 simulations" in verdict_text(app)


def test_share_page_shows_a_link_that_reopens_the_same_scenario(app: AppTest) -> None:
    app.run()
    app.switch_page("share_page.py").run()
    link = app.code[0].value
    assert link.startswith("/?s=")  # AppTest has no browser URL; the browser test checks the full link
    token = link.split("?s=", 1)[1]
    assert costmodels.decode_share_token(token).scenario == costmodels.default_scenario()
    assert len(link) < 2000


@pytest.mark.parametrize(("page", "key", "typed"), [
    ("share_page.py", "tcm_report_decision", "Ship scale to fit."),
    ("share_page.py", "tcm_report_crops", False),
    ("audit_set_page.py", "tcm_audit_set_labelled_by", "Two annotators"),
])
def test_an_edit_whose_rerun_is_another_page_is_kept(app: AppTest, page: str, key: str, typed: object) -> None:
    """Typed, then a page clicked at once: the edit's rerun draws the other page, and the edit survives."""
    app.run()
    app.switch_page(page).run()
    widget = next(widget for widget in app.main if getattr(widget, "key", None) == key)
    widget.set_value(typed)
    app.switch_page("decision_page.py").run()
    app.switch_page(page).run()
    assert not app.exception
    assert next(widget for widget in app.main if getattr(widget, "key", None) == key).value == typed


def test_image_lab_runs_every_option_on_the_samples_and_counts_faces_cut(app: AppTest) -> None:
    app.run()
    app.switch_page("image_lab_page.py").run()
    assert not app.exception
    table = app.dataframe[0].value
    # Named as the scenario names them, never by the image options' machine names.
    assert set(table.index) >= {"Scale to fit", "Crop from (0,0)", "Center crop", "ML smart crop"}
    assert table.loc["Scale to fit", "faces cut"] == 0  # the whole image keeps every face
    assert table.loc["Center crop", "faces cut"] > 0


def png_bytes(colour: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def test_image_lab_upload_is_kept_from_its_callback_and_survives_a_page_switch(app: AppTest) -> None:
    app.run()
    app.switch_page("image_lab_page.py").run()
    app.file_uploader(key=lab.UPLOADER_KEY).set_value([("team photo.png", png_bytes("#405060"), "image/png")])
    app.switch_page("decision_page.py").run()  # the next rerun is another page: the callback still keeps it
    app.switch_page("image_lab_page.py").run()
    assert not app.exception
    assert any(text.value.startswith("**team photo.png**") for text in app.markdown)


def test_image_lab_frame_choice_travels_in_the_share_link(app: AppTest) -> None:
    app.run()
    app.switch_page("image_lab_page.py").run()
    app.segmented_control(key="frame_choice").set_value("1.0").run()
    assert not app.exception
    token = app.query_params["s"][0] if isinstance(app.query_params["s"], list) else app.query_params["s"]
    assert costmodels.decode_share_token(token).settings["aspect"] == "1.0"


def test_audit_measurements_feed_the_cost_model_and_the_link(app: AppTest) -> None:
    app.run()
    app.switch_page("audit_page.py").run()
    app.number_input[0].set_value(2)
    app.button[0].click().run()
    assert not app.exception
    wait_for_job(app, "tcm_audit_job")
    assert len(app.dataframe) == 4  # faces kept, groups, comparisons, outcomes and fallbacks per option
    app.toggle[0].set_value(True).run()
    app.switch_page("decision_page.py").run()
    assert not app.exception
    # 2 pairs leave too few faces for any survival gap: those lines keep their estimates, and say so
    assert "lines are measured, not estimated; 5 audited, the estimate kept" in app.expander[0].label
    token = app.query_params["s"][0] if isinstance(app.query_params["s"], list) else app.query_params["s"]
    shared = costmodels.decode_share_token(token)
    assert shared.evidence is not None
    assert "face_cut_images" in shared.evidence.metrics["center_crop"]
    app.switch_page("estimates_page.py").run()
    app.segmented_control(key="estimates_mode").set_value("Detailed").run()
    marks = [caption.value for caption in app.caption if "is measured" in caption.value]
    assert any("**compute** is measured" in mark for mark in marks)


def markdown_report(app: AppTest) -> str:
    """Build the Markdown report on the Report & share page and return it."""
    app.switch_page("share_page.py").run()
    app.selectbox(key="tcm_report_format").set_value("md").run()
    next(button for button in app.button if button.label == "Build the Markdown report").click().run()
    wait_for_job(app, "tcm_report_job")
    assert not app.exception
    return str(app.session_state["tcm_report_job"].result.decode())


def test_report_lists_the_evidence_behind_the_measured_lines_or_says_the_link_had_only_metrics(app: AppTest) -> None:
    app.run()
    app.switch_page("audit_page.py").run()
    app.number_input[0].set_value(2)
    app.button[0].click().run()
    wait_for_job(app, "tcm_audit_job")
    app.toggle[0].set_value(True).run()
    report = markdown_report(app)
    assert "Retention evidence: dashboard-retention-audit.json" in report
    assert "Pairs evidence: dashboard-pairs-audit.json" in report
    assert "tcm audit pairs --group-by monk_skin_tone --protocol tall-card --pairs 2" in report
    assert "No measured evidence was given" not in report

    token = app.query_params["s"][0] if isinstance(app.query_params["s"], list) else app.query_params["s"]
    opened = AppTest.from_file(str(APP), default_timeout=60)
    opened.query_params["s"] = token
    opened.run()
    report = markdown_report(opened)
    assert "lines are measured (see the Assumptions), but the evidence files behind them were not given" in report
    assert "No measured evidence was given" not in report
