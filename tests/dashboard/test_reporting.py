"""The Report & share page's report follows the reports library's rules: a blank decision names no labelled faces."""

from __future__ import annotations

import costmodels
import templates
from dashboard import reporting
from dashboard.settings import Settings
from sample_images import LabelProvenance

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
