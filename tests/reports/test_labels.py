"""Label provenance in every report: who labelled, how, the rules, faces per group, labels are perceptions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import reports
from costmodels import Evaluation, Scenario
from sample_images import PERCEPTION, LabelProvenance
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
        tmp_path: Path) -> None:
    data = evidence_data()
    data["results"]["labels"] = {**LABELS.__dict__, "faces_per_group": [["darker", 6], ["lighter", 9]]}
    with_labels = reports.evidence_file_from_bytes(json.dumps(data).encode(), "pairs.json")
    assert reports.report_labels([], LABELS) == (LABELS,)
    assert reports.report_labels([with_labels]) == ()  # the evidence names its own set: no sample set beside it
    assert reports.report_labels([]) == (reports.sample_labels(),)


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
