"""Label provenance in every report: who labelled, how, the rules, faces per group, labels are perceptions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import costmodels
import reports
import templates
from costmodels import Evaluation, Scenario
from sample_images import PERCEPTION, LabelProvenance
from tcm.cli import main
from tests.reports.conftest import evidence_data

LABELS = LabelProvenance(set_name="our set", labelled_by="Ana and Ben", method="typed in labels.csv",
                         rules="tone as perceived in the photo", column="perceived_tone",
                         faces_per_group=(("darker", 6), ("lighter", 9)), hand_boxes=13, proposed_boxes=0,
                         confirmed_boxes=2)


def label_tables(report: reports.Report) -> list[reports.Table]:
    return [block for block in report.section("labels").blocks if isinstance(block, reports.Table)]


def test_report_labels_section_states_who_how_rules_and_faces_per_group(
        scenario: Scenario, evaluation: Evaluation, provenance: reports.Provenance) -> None:
    report = reports.build_report(scenario, evaluation, provenance=provenance, labels=[LABELS])
    blocks = report.section("labels").blocks
    assert blocks[0] == reports.Callout(PERCEPTION)
    who, groups = label_tables(report)
    assert dict(who.rows) == {
        "labelled by": "Ana and Ben",
        "how": "13 boxes drawn by hand, 2 proposed by the detector and confirmed by hand, 0 proposed and not "
               "confirmed (left out of audits). typed in labels.csv",
        "labelling rules": "tone as perceived in the photo",
        "grouped by": "perceived_tone",
    }
    assert groups.rows == (("darker", "6"), ("lighter", "9"))


def test_report_reads_labels_from_pairs_evidence(tmp_path: Path, scenario: Scenario, evaluation: Evaluation,
                                                 provenance: reports.Provenance) -> None:
    data = evidence_data()
    data["results"]["labels"] = {**LABELS.__dict__, "faces_per_group": [["darker", 6], ["lighter", 9]]}
    path = tmp_path / "pairs.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    report = reports.build_report(scenario, evaluation, provenance=provenance,
                                  evidence=[reports.read_evidence_file(path)])
    assert label_tables(report)[1].rows == (("darker", "6"), ("lighter", "9"))


def test_report_labels_name_the_known_set_else_the_sample_set_only_when_no_evidence_names_one(
        scenario: Scenario) -> None:
    data = evidence_data()
    data["results"]["labels"] = {**LABELS.__dict__, "faces_per_group": [["darker", 6], ["lighter", 9]]}
    with_labels = reports.evidence_file_from_bytes(json.dumps(data).encode(), "pairs.json")
    assert reports.report_labels(scenario, [], LABELS) == (LABELS,)
    assert reports.report_labels(scenario, [with_labels]) == ()  # the evidence names its own set: none beside it
    assert reports.report_labels(scenario, []) == (reports.sample_labels(),)


def test_report_without_labels_says_so(bare_report: reports.Report) -> None:
    blocks = bare_report.section("labels").blocks
    assert blocks[0] == reports.Callout(PERCEPTION)
    assert isinstance(blocks[-1], reports.Paragraph) and blocks[-1].text.startswith("No audit in this report")


def test_assembled_report_without_audit_evidence_states_the_sample_sets_labels(
        scenario: Scenario, evaluation: Evaluation) -> None:
    report = reports.assemble_report(scenario, evaluation, command="tcm report --default")
    who, groups = label_tables(report)
    assert dict(who.rows)["labelled by"] == "One annotator, single pass, not cross-checked by a second annotator."
    assert groups.rows == (("monk_1-3", "8"), ("monk_4-6", "8"), ("monk_7-10", "1"), ("unknown", "1"))


@pytest.mark.parametrize("report_format", ["html", "md"])
def test_every_renderer_writes_the_labels_section(report_format: str, scenario: Scenario, evaluation: Evaluation,
                                                  provenance: reports.Provenance) -> None:
    report = reports.build_report(scenario, evaluation, provenance=provenance, labels=[LABELS])
    text = reports.render_report(report, scenario, report_format).decode("utf-8")
    assert "Who labelled the faces" in text
    assert "Ana and Ben" in text and "tone as perceived in the photo" in text
    assert "The labels are perceptions, not identities" in text


def pairs_with_labels() -> reports.EvidenceFile:
    data = evidence_data()
    data["results"]["labels"] = {**LABELS.__dict__, "faces_per_group": [["darker", 6], ["lighter", 9]]}
    return reports.evidence_file_from_bytes(json.dumps(data).encode(), "pairs.json")


@pytest.mark.parametrize("report_format", ["html", "md"])
def test_blank_report_from_the_command_line_names_no_labelled_faces(tmp_path: Path, report_format: str) -> None:
    # A spam filter's report once said who labelled the sample set's faces, with PIL's crop box convention.
    scenario = tmp_path / "blank.yaml"
    scenario.write_text(templates.get_template("blank").scenario_yaml())
    out = tmp_path / f"blank.{report_format}"
    assert main(["report", str(scenario), "--draws", "500", "--out", str(out)]) == 0
    text = out.read_text()
    for words in ("Who labelled the faces", "Labels of the sample set", "Image.crop", "monk_1-3", PERCEPTION):
        assert words not in text
    assert "Should the spam filter use hand-written rules or a learned model?" in text


def test_blank_report_leaves_out_labels_known_or_carried_by_evidence_of_another_template() -> None:
    template = templates.get_template("blank")
    scenario = template.scenario()
    evaluation = costmodels.evaluate(scenario, draws=500, seed=3, units=template.units)
    assert reports.report_labels(scenario, [pairs_with_labels()], LABELS) == ()
    report = reports.build_report(scenario, evaluation, provenance=reports.Provenance(command="tcm report",
                                                                                      created="x"),
                                  evidence=[pairs_with_labels()], labels=reports.report_labels(scenario, []))
    assert "labels" not in [section.key for section in report.sections]
    assert "Ana and Ben" not in reports.render_markdown(report)


def test_virtual_background_report_names_the_outlined_photos_its_audit_uses() -> None:
    template = templates.get_template("virtual_background")
    scenario = template.scenario()
    (labels,) = reports.report_labels(scenario, [])
    assert labels.set_name == "the sample set's outlined photos"
    # The five photos with a person outline: 3 faces at Monk 2, 1 at Monk 6, 1 not perceived (greyscale).
    assert labels.faces_per_group == (("monk_1-3", 3), ("monk_4-6", 1), ("unknown", 1))
    assert (labels.hand_boxes, labels.confirmed_boxes, labels.proposed_boxes) == (5, 0, 0)
    evaluation = costmodels.evaluate(scenario, draws=500, seed=3, units=template.units)
    report = reports.assemble_report(scenario, evaluation, command="tcm report vb.yaml")
    assert reports.Heading("Labels of the sample set's outlined photos") in report.section("labels").blocks
    assert "Labels of the sample set\n" not in reports.render_markdown(report)
