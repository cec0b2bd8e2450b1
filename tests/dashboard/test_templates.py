"""Each template from the gallery: its pages, its words, and the previous decision kept recoverable."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import costmodels
import templates
from costmodels import SharedState


def start_from(app: AppTest, name: str) -> AppTest:
    app.run()
    app.switch_page("gallery_page.py").run()
    app.button(key=f"gallery-{name}").click().run()
    assert not app.exception
    return app


def texts(app: AppTest) -> str:
    parts: list[Any] = [*app.title, *app.markdown, *app.caption, *app.warning, *app.info]
    return "\n".join(str(part.value) for part in parts)


PAGE_FILES = {"decision": "decision_page.py", "estimates": "estimates_page.py", "variants": "variants_page.py",
              "share": "share_page.py"}


@pytest.mark.parametrize("name", ["image_cropping", "virtual_background", "blank"])
def test_gallery_opens_the_template_and_its_pages_render(app: AppTest, name: str) -> None:
    template = templates.get_template(name)
    start_from(app, name)
    assert app.title[0].value == template.scenario().question
    assert f"{template.units_a_day} (low / likely / high)" in texts(app)
    for page in template.pages:
        if page not in PAGE_FILES:  # the Image lab and Audit pages run the options: tests/dashboard/test_app.py
            continue
        app.switch_page(PAGE_FILES[page]).run()
        assert not app.exception, page
        assert app.title


@pytest.mark.parametrize(("name", "hint"), [
    ("image_cropping", "Run the audits (Audit page) to measure latency, faces cut and the survival gap"),
    ("virtual_background", "Run the audits (Audit page) to measure latency, heads kept and the head-retention gap"),
    ("blank", None),  # no audits, no Audit page
])
def test_decision_page_says_what_the_template_audits_measure(app: AppTest, name: str, hint: str | None) -> None:
    start_from(app, name)
    captions = [caption.value for caption in app.caption if caption.value.startswith("Every line is an estimate.")]
    assert captions == ["Every line is an estimate." + (f" {hint}, and use them here." if hint else "")]


def test_gallery_keeps_the_previous_decision_as_a_variant_with_a_notice(app: AppTest) -> None:
    start_from(app, "virtual_background")
    assert "the previous one is kept as the variant \"before virtual background\"" in texts(app)
    app.switch_page("variants_page.py").run()
    assert "before virtual background" in texts(app)


def test_starting_from_a_template_forgets_the_last_audits_labels(app: AppTest) -> None:
    """A virtual-background report must not name the labels of a crop audit run for the decision left."""
    app.run()
    app.session_state["tcm_evidence_labels"] = "labels of an earlier crop audit"
    app.switch_page("gallery_page.py").run()
    app.button(key="gallery-virtual_background").click().run()
    assert not app.exception
    assert app.session_state["tcm_evidence_labels"] is None


def test_gallery_with_the_variants_full_keeps_the_previous_decision_in_undo(app: AppTest) -> None:
    app.run()
    full = {f"v{n}": costmodels.default_scenario() for n in range(20)}
    app.session_state["tcm_variants"] = dict(full)
    app.switch_page("gallery_page.py").run()
    app.button(key="gallery-blank").click().run()
    assert not app.exception
    assert "the previous one is kept in Undo (the variants are full" in texts(app)
    assert app.session_state["tcm_variants"] == full  # the link still opens: no 21st variant


def test_estimates_page_speaks_the_template_units(app: AppTest) -> None:
    start_from(app, "virtual_background")
    app.switch_page("estimates_page.py").run()
    app.segmented_control(key="estimates_mode").set_value("Detailed").run()
    labels = [widget.label for widget in app.text_input]
    assert "Participant-hours per day (low / likely / high)" in labels
    assert "Images per day (low / likely / high)" not in labels


def test_estimates_undo_after_starting_a_template_brings_the_cropping_decision_back(app: AppTest) -> None:
    start_from(app, "blank")
    app.switch_page("estimates_page.py").run()
    undo = next(button for button in app.button if "Undo" in button.label)
    undo.click().run()
    assert not app.exception
    app.switch_page("decision_page.py").run()
    assert app.title[0].value == costmodels.default_scenario().question


def test_virtual_background_share_link_reopens_the_template(app: AppTest) -> None:
    scenario = templates.get_template("virtual_background").scenario()
    app.query_params["s"] = costmodels.encode_share_token(SharedState(scenario, {"draws": 2000}))
    app.run()
    assert not app.exception
    assert app.title[0].value == scenario.question
    assert "participant-hours a day" in texts(app)


def test_version_1_share_link_opens_the_cropping_decision_unchanged(app: AppTest) -> None:
    links = json.loads((Path(__file__).parents[1] / "fixtures" / "version1" / "share_links.json").read_text())
    app.query_params["s"] = links["default"]["token"]
    app.run()
    assert not app.exception
    assert app.title[0].value == costmodels.default_scenario().question
    assert not app.warning


MISSPELT = "template: 'virtual\\_backgrond' is not a template; choose image\\_cropping, virtual\\_background or blank"


def test_share_link_with_a_misspelt_template_warns_and_the_dashboard_still_works(app: AppTest) -> None:
    scenario = templates.get_template("virtual_background").scenario()
    typo = dataclasses.replace(scenario, template="virtual_backgrond")
    app.query_params["s"] = costmodels.encode_share_token(SharedState(typo, {"draws": 2000}))
    app.run()
    assert not app.exception
    assert [warning.value for warning in app.warning] == [
        f"the share link's scenario is invalid:\n{MISSPELT}", "Showing the default scenario instead."]
    assert app.title[0].value == costmodels.default_scenario().question
    start_from(app, "virtual_background")  # the gallery, and the template's pages, still open
    assert app.title[0].value == scenario.question


def test_estimates_import_of_a_misspelt_template_is_refused_and_keeps_the_scenario(app: AppTest) -> None:
    start_from(app, "virtual_background")
    app.switch_page("estimates_page.py").run()
    text = templates.get_template("virtual_background").scenario_yaml()
    typo = text.replace("template: virtual_background", "template: virtual_backgrond").encode()
    upload = next(widget for widget in app.file_uploader if widget.label == "Import a scenario (YAML)")
    upload.set_value([("typo.yaml", typo, "application/x-yaml")]).run()
    assert not app.exception
    assert [error.value for error in app.error] == [
        f"The file was not imported; the current scenario is unchanged.\n\n- typo.yaml: {MISSPELT}"]
    app.switch_page("decision_page.py").run()
    assert app.title[0].value == templates.get_template("virtual_background").scenario().question
