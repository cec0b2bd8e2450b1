"""The Audit set page under AppTest: the table, the checks, and the Audit page switching to the session's set.

AppTest cannot upload files; the browser test (tests/browser/test_audit_set_in_browser.py) does the uploads.
"""

from __future__ import annotations

import io
import math
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import auditsets
import limits
from auditsets.example import labels_csv, make_example_set
from dashboard import audit_set
from imageoptions.registry import build_blazeface
from sample_images import ManifestError
from tests.dashboard.conftest import wait_for_job
from tests.dashboard.test_uploads import LEFT_HALF, add_option, share_state
from tests.imageoptions.test_byo_onnx import boxes_descriptor


@pytest.fixture(scope="module")
def proposed(tmp_path_factory: pytest.TempPathFactory) -> auditsets.AuditSet:
    folder = tmp_path_factory.mktemp("set")
    faces = make_example_set(folder, 30)
    return auditsets.build_audit_set(folder, auditsets.read_labels(labels_csv(faces)), detector=build_blazeface())


def test_audit_set_page_renders_empty(app: AppTest) -> None:
    app.run()
    app.switch_page("audit_set_page.py").run()
    assert not app.exception
    assert app.title[0].value == "Audit set"
    assert [button.label for button in app.button] == ["Read the set"]


def open_with_set(app: AppTest, proposed: auditsets.AuditSet) -> None:
    """The Audit set page of a session that has read `proposed` (its face table as the page keeps it)."""
    app.run()
    app.session_state["tcm_audit_set"] = proposed
    app.session_state["tcm_audit_set_table"] = audit_set.face_table(proposed)
    app.switch_page("audit_set_page.py").run()


def test_audit_set_page_lists_the_checks_and_switches_the_audit_page_to_the_set(
        app: AppTest, proposed: auditsets.AuditSet) -> None:
    open_with_set(app, proposed)
    assert not app.exception
    assert [warning.value for warning in app.warning] == [
        "face\\_29.png: box \\[408, 230, 553, 375\\] proposed by the detector, not confirmed: left out of audits "
        "until confirmed",
        "face\\_30.png: box \\[360, 103, 467, 209\\] proposed by the detector, not confirmed: left out of audits "
        "until confirmed",
    ]
    app.button(key="tcm_audit_set_use").click().run()
    assert not app.exception
    assert Path(app.session_state["tcm_audit_set_active"]).name == "manifest.yaml"
    app.switch_page("audit_page.py").run()
    assert not app.exception
    assert app.caption[0].value.startswith("Measured on your audit set")
    assert app.selectbox[0].options == ["perceived_tone"]  # monk_skin_tone is empty in this set: not offered


def test_audit_set_labelling_typed_twice_survives_a_page_switch_and_labels_the_read_set(
        app: AppTest, proposed: auditsets.AuditSet) -> None:
    open_with_set(app, proposed)
    for who, rules in (("One annotator", "Monk scale"), ("Two annotators", "Perceived tone, photo alone")):
        app.text_input(key="tcm_audit_set_labelled_by").input(who).run()
        app.text_input(key="tcm_audit_set_rules").input(rules).run()
    app.switch_page("decision_page.py").run()
    app.switch_page("audit_set_page.py").run()
    assert not app.exception
    assert app.text_input(key="tcm_audit_set_labelled_by").value == "Two annotators"
    assert app.text_input(key="tcm_audit_set_rules").value == "Perceived tone, photo alone"
    assert app.session_state["tcm_audit_set"].labelling == auditsets.Labelling("Two annotators",
                                                                              "Perceived tone, photo alone")
    assert ("Labelled by: Two annotators. Rules: Perceived tone, photo alone. Labels are perceptions, not "
            "identities.") in [caption.value for caption in app.caption]


def test_rows_from_table_confirms_moves_and_rejects() -> None:
    table = pd.DataFrame([
        {"file": "a.png", "left": 1.0, "top": 2.0, "right": 30.0, "bottom": 40.0, "status": "confirmed", "g": "x"},
        {"file": "b.png", "left": 5.0, "top": 5.0, "right": 9.0, "bottom": 9.0, "status": "rejected", "g": ""},
        {"file": "c.png", "left": math.nan, "top": 1.0, "right": 2.0, "bottom": 3.0, "status": "hand", "g": None},
    ])
    rows = audit_set.rows_from_table(table, ("g",))
    assert [(row.file, row.box, row.source, dict(row.labels)) for row in rows] == [
        ("a.png", (1, 2, 30, 40), "confirmed", {"g": "x"}),
        ("c.png", None, "hand", {"g": ""}),
    ]


class Upload:
    """What st.file_uploader hands the page: a name and the bytes."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name, self.data = name, data

    def getvalue(self) -> bytes:
        return self.data


def test_a_downloaded_zip_uploaded_again_gives_back_the_set(proposed: auditsets.AuditSet, tmp_path: Path) -> None:
    confirmed = proposed.with_rows(
        auditsets.FaceRow(row.file, row.box, "confirmed", {"perceived_tone": "monk_4-6"})
        if row.source == "proposed" else row for row in proposed.rows)
    audit_set.save_images([Upload("audit-set.zip", auditsets.zip_set(confirmed))], tmp_path)
    again = audit_set.read_manifest_upload(None, tmp_path)
    assert again.problems() == ()
    assert sorted((row.file, row.box, row.source, dict(row.labels)) for row in again.rows) == sorted(
        (row.file, row.box, row.source, dict(row.labels)) for row in confirmed.rows)


def test_an_uploaded_manifest_that_is_not_yaml_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(ManifestError) as raised:
        audit_set.read_manifest_upload(Upload("manifest.yaml", b"images: [unclosed"), tmp_path)
    assert str(raised.value).startswith("manifest.yaml: not valid YAML:")


def test_an_uploaded_manifest_nested_deep_is_refused_by_name_without_recursion(tmp_path: Path) -> None:
    with pytest.raises(ManifestError) as raised:
        audit_set.read_manifest_upload(Upload("manifest.yaml", b"images: " + b"[" * 5_000 + b"]" * 5_000), tmp_path)
    assert str(raised.value) == ("manifest.yaml: line 1: nesting is too deep: 21 levels is above the limit of 20 "
                                 f"levels ({limits.NESTING_DEPTH.why})")


def test_a_zip_member_with_dot_dot_is_listed_not_dropped_silently(tmp_path: Path) -> None:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as opened:
        opened.writestr("../evil.png", b"x")
        opened.writestr("notes.txt", b"x")
    problems = audit_set.save_images([Upload("set.zip", data.getvalue())], tmp_path)
    assert [str(problem) for problem in problems] == [
        "set.zip: member '../evil.png' has '..' in its path: left out, not extracted"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.txt"]


def test_audit_page_audits_the_set_with_an_uploaded_option_and_names_the_sets_labels(
        app: AppTest, proposed: auditsets.AuditSet, tmp_path: Path) -> None:
    descriptor = boxes_descriptor(tmp_path, LEFT_HALF)
    open_with_set(app, proposed)
    app.button(key="tcm_audit_set_use").click().run()
    app.switch_page("audit_page.py").run()
    add_option(app, ("team.yaml", descriptor.read_bytes()), ("team.onnx", (tmp_path / "boxes.onnx").read_bytes()))
    app.number_input[0].set_value(2)
    next(button for button in app.button if button.label == "Run the audits").click().run()
    wait_for_job(app, "tcm_audit_job")
    assert not app.exception
    assert list(app.dataframe[3].value["option"])[-1] == "Team box model"
    app.toggle[0].set_value(True).run()
    labels = app.session_state["tcm_evidence_labels"]
    assert (labels.set_name, labels.column) == ("your audit set (uploaded in this session)", "perceived_tone")
    shared = share_state(app).evidence
    assert shared is not None
    measured = shared.metrics["team_boxes"]
    assert measured["face_cut_images"].of == 28  # the set's faces, the two unconfirmed proposals left out
    assert measured["latency_ms"].n == 4  # timed on the pairs audit's cards: 2 pairs in both orders
    assert "survival_gap" in measured
