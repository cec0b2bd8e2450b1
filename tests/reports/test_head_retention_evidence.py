"""Head-retention evidence in a report reads like the cropping audits': its own metrics, tables with named columns,
human captions, and no frame (a cropping notion)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import costmodels
import measurements
import reports
import templates
from measurements import SerialExecutor
from reports._evidence import summary_tables
from sample_images import load_manifest

NOT_ENOUGH = "not enough faces to measure (fewer than 5)"


@pytest.fixture(scope="module")
def heads_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """No replacement and chroma key on the five outlined sample photos, clean and perturbed, as an evidence file."""
    audit = measurements.measure_head_retention(load_manifest(), ["no_replacement", "chroma_key"],
                                                executor=SerialExecutor())
    record = measurements.head_retention_evidence(audit, command="tcm audit head-retention", tcm_version="test")
    return measurements.write_evidence(tmp_path_factory.mktemp("heads") / "heads.json", record)


@pytest.fixture(scope="module")
def heads_report(heads_file: Path) -> reports.Report:
    """The virtual-background default with that evidence, assembled as `tcm report --evidence` does."""
    template = templates.get_template("virtual_background")
    scenario = template.scenario()
    evaluation = costmodels.evaluate(scenario, draws=500, seed=3, units=template.units,
                                     evidence=costmodels.load_evidence([heads_file]))
    return reports.assemble_report(scenario, evaluation, command="tcm report vb.yaml --evidence heads.json",
                                   evidence=[reports.read_evidence_file(heads_file)])


def evidence_tables(report: reports.Report) -> dict[str, reports.Table]:
    return {block.caption: block for block in report.section("evidence").blocks if isinstance(block, reports.Table)}


def test_head_retention_metrics_table_shows_latency_heads_kept_and_the_gap(heads_report: reports.Report) -> None:
    metrics = evidence_tables(heads_report)["Measured metrics (head retention, heads.json)"]
    assert metrics.columns == ("mask option", "latency P10 (ms)", "P50 (ms)", "P90 (ms)", "n", "clock", "heads kept",
                               "head-retention gap")
    keep_all = dict((row[0], row) for row in metrics.rows)["no_replacement"]
    assert keep_all[-2:] == ("5 of 5", f"monk 2 vs monk 6: {NOT_ENOUGH}; monk 2 vs not perceived: {NOT_ENOUGH}; "
                                       f"monk 6 vs not perceived: {NOT_ENOUGH}")
    assert all(cell for row in metrics.rows for cell in row)  # no empty cropping columns


def test_head_retention_summaries_are_tables_with_named_columns(heads_report: reports.Report) -> None:
    tables = evidence_tables(heads_report)
    options = tables["Heads kept per mask option (heads.json): a head is kept when 90% of its face box and of the "
                     "band above it are kept"]
    assert options.columns == ("mask option", "heads kept (95% interval, clustered by image)", "mask IoU", "images",
                               "mask IoU, darken", "mask IoU, backlight", "mask IoU, noise", "errors")
    assert options.rows[0] == ("no_replacement", "5 of 5 (66% to 100%)", "0.529", "5", "0.529", "0.529", "0.529",
                               "none")
    groups = tables["Head retention by group (heads.json): faces are the unit"]
    assert groups.rows[:3] == (("no_replacement", "monk 2", "3", "3 of 3 (18% to 100%)", NOT_ENOUGH),
                               ("no_replacement", "monk 6", "1", "1 of 1 (0% to 100%)", NOT_ENOUGH),
                               ("no_replacement", "not perceived", "1", "1 of 1 (0% to 100%)", NOT_ENOUGH))
    comparisons = tables["Groups head to head (heads.json): mean head retention of the first minus the second"]
    assert comparisons.rows[0] == ("no_replacement", "monk 2 vs monk 6", "3 and 1", NOT_ENOUGH)
    least = next(table for caption, table in tables.items() if caption.startswith("The heads kept least"))
    assert least.columns == ("mask option", "image", "condition", "group", "face box kept", "head region kept")
    assert len(least.rows) == 6 and {row[0] for row in least.rows} == {"chroma_key"}  # no replacement keeps all


@pytest.mark.parametrize("report_format", ["md", "html"])
def test_head_retention_report_text_has_no_raw_json_cropping_words_or_raw_kind(
        heads_report: reports.Report, report_format: str) -> None:
    scenario = templates.get_template("virtual_background").scenario()
    text = reports.render_report(heads_report, scenario, report_format).decode()
    assert "Head retention evidence: heads.json" in text
    # Raw results once filled cells with JSON: [{"group": "monk 2", "n_faces": 3, "mean_head_retention": ...
    for words in ("Head_retention", "frame unknown", "images with a face cut", "survival gap", "mean_head_retention",
                  "face_kept_share", "sample_images/images/"):
        assert words not in text
    cells = [cell for table in evidence_tables(heads_report).values() for row in table.rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(("[", "{"))]


def test_head_retention_summary_with_enough_faces_shows_means_and_gaps_with_their_errors(tmp_path: Path) -> None:
    group: dict[str, Any] = {"group": "monk 2", "n_faces": 6, "mean_head_retention": 0.93, "standard_error": 0.02,
                             "heads_kept": {"count": 5, "n": 6, "rate": 0.83, "ci_low": 0.4, "ci_high": 1.0},
                             "enough_faces": True, "note": ""}
    results = {"summaries": [{
        "option": "person_segmentation_mediapipe", "groups": [group], "mean_iou": 0.8934, "n_images": 6,
        "heads_kept": {"count": 5, "n": 6, "ci_low": 0.4, "ci_high": 1.0}, "perturbed_mean_iou": [],
        "gaps": [{"groups": ["monk 2", "monk 8"], "gap": 0.03, "standard_error": 0.02, "n_faces": [6, 5],
                  "enough_faces": True, "note": ""}], "errors": ["x.png clean: unreadable"]}]}
    path = tmp_path / "heads.json"
    path.write_text(json.dumps({"schema_version": 3, "kind": "head_retention", "metrics": {}, "results": results}))
    options, groups, comparisons = summary_tables(reports.read_evidence_file(path), "mask option")
    assert options.caption == "Heads kept per mask option (heads.json)"  # no kept_share in this file: no rule
    assert options.rows == (("person_segmentation_mediapipe", "5 of 6 (40% to 100%)", "0.893", "6",
                             "x.png clean: unreadable"),)
    assert groups.rows == (("person_segmentation_mediapipe", "monk 2", "6", "5 of 6 (40% to 100%)", "0.930 (0.020)"),)
    assert comparisons.rows == (("person_segmentation_mediapipe", "monk 2 vs monk 8", "6 and 5", "+0.030 (SE 0.020)"),)


def test_cropping_evidence_without_a_frame_still_says_so(tmp_path: Path, evidence_file: reports.EvidenceFile) -> None:
    data = json.loads(Path(evidence_file.path).read_text())
    del data["frame"]
    path = tmp_path / "pairs.json"
    path.write_text(json.dumps(data))
    blocks = reports.build_report(costmodels.default_scenario(), costmodels.evaluate(
        costmodels.default_scenario(), draws=500, seed=3), provenance=reports.Provenance(command="x", created="x"),
        evidence=[reports.read_evidence_file(path)]).section("evidence").blocks
    assert any(isinstance(block, reports.Paragraph) and "frame unknown" in block.text for block in blocks)
