"""A bring-your-own ONNX option in a report: a column of the crop grid, and its model named beside the cards."""

from __future__ import annotations

import hashlib
from pathlib import Path

import reports
from costmodels import Evaluation, Scenario
from imageoptions import OptionSpec, descriptor_spec, parse_frame
from tests.imageoptions.test_byo_onnx import boxes_descriptor
from tests.reports.conftest import write_images

LEFT_HALF = [[0.0, 0.0, 0.5, 1.0, 0.9]]


def team_spec(folder: Path) -> OptionSpec:
    """The team's box model (always the left half) as `tcm audit --descriptor` reads it."""
    return descriptor_spec(boxes_descriptor(folder, LEFT_HALF))


def table(blocks: tuple[reports.Block, ...], caption: str) -> reports.Table:
    return next(block for block in blocks if isinstance(block, reports.Table) and block.caption == caption)


def test_build_report_names_an_uploaded_model_with_its_descriptor_file_and_sha256(
    tmp_path: Path, scenario: Scenario, evaluation: Evaluation, provenance: reports.Provenance,
) -> None:
    spec = team_spec(tmp_path)
    digest = hashlib.sha256((tmp_path / "boxes.onnx").read_bytes()).hexdigest()
    report = reports.build_report(scenario, evaluation, provenance=provenance,
                                  options=(OptionSpec("center_crop"), spec))
    cards = report.section("model_cards").blocks
    assert reports.Heading("team_boxes: supplied by the team, no model card") in cards
    assert table(cards, "team_boxes: provenance and use").rows == (
        ("used by", "no option of this scenario (measured in the audits)"),
        ("descriptor", f"{spec.descriptor_file} (name team_boxes)"),
        ("model file", "boxes.onnx"),
        ("model sha256", digest),
        ("model card", reports.NO_MODEL_CARD),
    )
    models = table(report.section("reproducibility").blocks, "Model files (sha256)")
    assert models.rows[-1] == ("team_boxes", "boxes.onnx", digest)
    markdown = reports.render_report(report, scenario, "md").decode()
    assert "team_boxes: supplied by the team, no model card" in markdown


def test_build_report_without_uploaded_options_names_no_team_model(
    scenario: Scenario, evaluation: Evaluation, provenance: reports.Provenance,
) -> None:
    report = reports.build_report(scenario, evaluation, provenance=provenance, options=(OptionSpec("center_crop"),))
    headings = [block.text for block in report.section("model_cards").blocks if isinstance(block, reports.Heading)]
    assert headings == []
    assert table(report.section("reproducibility").blocks, "Model files (sha256)").rows == ()


def test_report_image_options_put_an_uploaded_option_after_the_scenarios_in_the_crop_grid(
    tmp_path: Path, scenario: Scenario,
) -> None:
    options = reports.report_image_options(scenario, (OptionSpec("center_crop"), team_spec(tmp_path / "model")))
    builtins = reports.scenario_image_options(scenario)
    assert [option.name for option in options] == [*(option.name for option in builtins), "team_boxes"]
    grid = reports.build_crop_grid(write_images(tmp_path), options, parse_frame("1.0"))
    assert grid.cell("wide.png", "team_boxes").error is None
    assert grid.cell("wide.png", "team_boxes").box == (0, 0, 90, 90)  # the left half of 160x90, framed square
