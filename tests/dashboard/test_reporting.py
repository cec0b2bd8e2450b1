"""The Report & share page's report follows the reports library's rules: a blank decision names no labelled faces."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

import costmodels
import templates
from dashboard import reporting
from dashboard.settings import Settings
from sample_images import LabelProvenance
from tests.dashboard.test_app import markdown_report
from tests.dashboard.test_templates import start_from

LABELS = LabelProvenance(set_name="our set", labelled_by="Ana and Ben", method="typed in labels.csv",
                         rules="tone as perceived in the photo", column="perceived_tone",
                         faces_per_group=(("darker", 6), ("lighter", 9)), hand_boxes=13, proposed_boxes=0,
                         confirmed_boxes=2)


def test_dashboard_report_of_a_blank_decision_names_no_labelled_faces() -> None:
    # The Report & share page's path, with labels left in the session by a cropping audit before the switch.
    template = templates.get_template("blank")
    scenario = template.scenario()
    evaluation = costmodels.evaluate(scenario, draws=500, seed=3, units=template.units)
    text = reporting.build_report_bytes(scenario, evaluation, Settings(), "md", with_crops=True, decision=None,
                                        progress=lambda done, total: None, face_labels=LABELS).decode()
    assert "Who labelled the faces" not in text and "Ana and Ben" not in text and "Image.crop" not in text


def test_report_page_of_a_blank_decision_from_the_gallery_names_no_labelled_faces(app: AppTest) -> None:
    report = markdown_report(start_from(app, "blank"))
    assert report.startswith("# ") and "Should the spam filter use" in report
    assert "Who labelled the faces" not in report and "Labels of the sample set" not in report
