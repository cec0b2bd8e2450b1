"""The Audit page's uploads: a bring-your-own ONNX option and evidence from elsewhere, under AppTest."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

import costmodels
from evidence import CountMetric, EvidenceRecord, LatencyMetric, evidence_to_data
from tests.dashboard.conftest import wait_for_job
from tests.imageoptions.test_byo_onnx import boxes_descriptor

LEFT_HALF = [[0.0, 0.0, 0.5, 1.0, 0.9]]


def evidence_bytes() -> bytes:
    """A small evidence file as `tcm audit retention --evidence` writes it, for two options."""
    record = EvidenceRecord(kind="retention", command="tcm audit retention", metrics={
        "center_crop": {"face_cut_images": CountMetric(6, 40), "latency_ms": LatencyMetric(1.0, 2.0, 3.0, 40)},
        "team_boxes": {"face_cut_images": CountMetric(1, 40)},
    })
    return json.dumps(evidence_to_data(record)).encode()


def share_state(app: AppTest) -> costmodels.SharedState:
    token = app.query_params["s"][0] if isinstance(app.query_params["s"], list) else app.query_params["s"]
    return costmodels.decode_share_token(token)


def errors(app: AppTest) -> list[str]:
    return [element.value for element in app.error]


def audit_page(app: AppTest) -> AppTest:
    app.run()
    app.switch_page("audit_page.py").run()
    assert not app.exception
    return app


def add_option(app: AppTest, descriptor: tuple[str, bytes], model: tuple[str, bytes]) -> None:
    app.file_uploader(key="tcm_descriptor_file").set_value((*descriptor, "application/x-yaml"))
    app.file_uploader(key="tcm_model_file").set_value((*model, "application/octet-stream"))
    next(button for button in app.button if button.label == "Add the option").click().run()
    assert not app.exception


def test_audit_page_uploaded_option_is_added_and_runs_in_the_image_lab(app: AppTest, tmp_path: Path) -> None:
    path = boxes_descriptor(tmp_path, LEFT_HALF)
    audit_page(app)
    add_option(app, ("team.yaml", path.read_bytes()), ("team.onnx", (tmp_path / "boxes.onnx").read_bytes()))
    assert errors(app) == []
    assert any("Added **team\\_boxes** from team.yaml" in caption.value for caption in app.caption)
    app.switch_page("image_lab_page.py").run()
    assert not app.exception
    summary = app.dataframe[0].value
    assert "Team box model" in summary.index
    assert summary.loc["Team box model", "errors"] == 0


def test_audit_page_bad_option_upload_names_the_field_and_keeps_nothing(app: AppTest, tmp_path: Path) -> None:
    path = boxes_descriptor(tmp_path, LEFT_HALF)
    model = (tmp_path / "boxes.onnx").read_bytes()
    audit_page(app)
    add_option(app, ("team.yaml", path.read_bytes().replace(b"width: 32", b"width: 64")), ("team.onnx", model))
    assert errors(app) == ["Not added: team.yaml: input.width: 64 does not match the model's input 'image' of shape "
                           "\\[1, 3, 32, 32\\] (NCHW puts width at dimension 3)"]
    add_option(app, ("team.yaml", path.read_bytes().replace(b"team_boxes", b"center_crop")), ("team.onnx", model))
    assert errors(app) == ["Not added: option 'center\\_crop' is given twice (team.yaml); each option needs its own "
                           "name"]
    assert not any("Added" in caption.value for caption in app.caption)


def test_audit_page_evidence_upload_feeds_the_cost_model_and_the_link(app: AppTest) -> None:
    audit_page(app)
    app.file_uploader(key="tcm_evidence_files_0").set_value([("offline.json", evidence_bytes(), "application/json")])
    app.run()
    assert not app.exception and errors(app) == []
    table = app.dataframe[0].value
    assert list(table["option"]) == ["center_crop", "team_boxes"]
    assert list(table["feeds"]) == ["Center crop", "no option of this scenario"]
    assert share_state(app).evidence is None  # not used until switched on
    next(toggle for toggle in app.toggle if toggle.label.startswith("Use the uploaded evidence")).set_value(True).run()
    shared = share_state(app).evidence
    assert shared is not None
    assert shared.metrics["center_crop"]["face_cut_images"] == CountMetric(6, 40)
    app.switch_page("decision_page.py").run()
    assert not app.exception
    assert "lines are measured, not estimated" in app.expander[0].label


def test_audit_page_bad_evidence_upload_lists_problems_by_field(app: AppTest) -> None:
    data = json.loads(evidence_bytes())
    data["metrics"]["center_crop"]["face_cut_images"]["count"] = 50
    data["kind"] = "vibes"
    audit_page(app)
    files = [("bad.json", json.dumps(data).encode(), "application/json"), ("empty.json", b"", "application/json")]
    app.file_uploader(key="tcm_evidence_files_0").set_value(files)
    app.run()
    assert not app.exception
    assert errors(app) == [
        "bad.json was not used:\n- kind: 'vibes' is not one of retention, pairs, robustness, head\\_retention\n"
        "- metrics.center\\_crop.face\\_cut\\_images: count 50 is more than of 40",
        "empty.json was not used:\n- cannot read the evidence file: not valid JSON (Expecting value: line 1 column 1 "
        "(char 0))",
    ]
    assert share_state(app).evidence is None


def test_audit_page_runs_an_uploaded_option_in_its_audits_beside_the_builtins(app: AppTest, tmp_path: Path) -> None:
    path = boxes_descriptor(tmp_path, LEFT_HALF)
    audit_page(app)
    add_option(app, ("team.yaml", path.read_bytes()), ("team.onnx", (tmp_path / "boxes.onnx").read_bytes()))
    app.number_input[0].set_value(2)
    next(button for button in app.button if button.label == "Run the audits").click().run()
    wait_for_job(app, "tcm_audit_job")
    assert not app.exception
    kept = app.dataframe[0].value
    assert list(kept["option"]) == ["ML smart crop", "Scale to fit", "Crop from (0,0)", "Center crop",
                                    "Shipped policy (2021)", "Team box model"]
    outcomes = app.dataframe[3].value.set_index("option")
    assert outcomes.loc["Team box model", "cards"] == 4  # 2 pairs in both orders, none failed
    app.toggle[0].set_value(True).run()
    shared = share_state(app).evidence
    assert shared is not None and "face_cut_images" in shared.metrics["team_boxes"]


def test_audit_page_forgets_uploaded_evidence_on_request(app: AppTest) -> None:
    audit_page(app)
    app.file_uploader(key="tcm_evidence_files_0").set_value([("offline.json", evidence_bytes(), "application/json")])
    app.run()
    next(toggle for toggle in app.toggle if toggle.label.startswith("Use the uploaded evidence")).set_value(True).run()
    assert share_state(app).evidence is not None
    app.button(key="tcm_forget_evidence").click().run()
    assert not app.exception
    assert share_state(app).evidence is None
    assert app.file_uploader(key="tcm_evidence_files_1").value in (None, [])
    assert not any(toggle.label.startswith("Use the uploaded evidence") for toggle in app.toggle)


def test_report_shows_an_uploaded_option_in_its_crop_grid_and_names_its_model(app: AppTest, tmp_path: Path) -> None:
    path = boxes_descriptor(tmp_path, LEFT_HALF)
    model = (tmp_path / "boxes.onnx").read_bytes()
    audit_page(app)
    add_option(app, ("team.yaml", path.read_bytes()), ("team.onnx", model))
    app.switch_page("share_page.py").run()
    app.selectbox(key="tcm_report_format").set_value("md").run()
    next(button for button in app.button if button.label == "Build the Markdown report").click().run()
    wait_for_job(app, "tcm_report_job")
    assert not app.exception
    report = app.session_state["tcm_report_job"].result.decode()
    crop_columns = next(line for line in report.splitlines() if line.startswith("| image |"))
    assert crop_columns.rstrip(" |").endswith("Team box model (team_boxes)")  # its label, after the built-ins
    assert "team_boxes: supplied by the team, no model card" in report
    digest = hashlib.sha256(model).hexdigest()
    assert "| descriptor | team.yaml (name team_boxes) |" in report
    assert "| model file | team.onnx |" in report
    assert f"| model sha256 | {digest} |" in report
    assert f"| team_boxes | team.onnx | {digest} |" in report  # the reproducibility table of model files
