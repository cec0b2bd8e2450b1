"""A report speaks its scenario's template: its limitations, units, model cards and evidence only."""

from __future__ import annotations

import costmodels
import reports
import templates
from reports._build import NO_MEASUREMENTS, OTHER_EVIDENCE


def report_for(name: str, evidence: tuple[reports.EvidenceFile, ...] = ()) -> reports.Report:
    template = templates.get_template(name)
    scenario = template.scenario()
    evaluation = costmodels.evaluate(scenario, draws=500, seed=3, units=template.units)
    return reports.build_report(scenario, evaluation, provenance=reports.Provenance(command="tcm report", created="x"),
                                evidence=evidence, model_cards=reports.template_model_cards(scenario))


def section(report: reports.Report, key: str) -> reports.Section:
    return next(section for section in report.sections if section.key == key)


def test_virtual_background_report_lists_its_own_limitations_only() -> None:
    limitations = section(report_for("virtual_background"), "limitations").blocks
    assert limitations == (reports.BulletList(templates.get_template("virtual_background").limitations),)
    assert not any("Saliency" in item for item in limitations[0].items)  # type: ignore[attr-defined]


def test_virtual_background_report_speaks_participant_hours() -> None:
    report = report_for("virtual_background")
    question = section(report, "question").blocks[1]
    assert "participant-hours a day (low / likely / high)" in question.text  # type: ignore[attr-defined]
    options = section(report, "options").blocks[0]
    assert options.columns[2] == "mask option"  # type: ignore[attr-defined]
    estimates = section(report, "assumptions").blocks[1]
    assert "per participant-hour" in {row[2] for row in estimates.rows}  # type: ignore[attr-defined]
    assert "images a day" not in reports.render_markdown(report)


def test_virtual_background_report_without_evidence_names_its_audit() -> None:
    blocks = section(report_for("virtual_background"), "evidence").blocks
    assert blocks == (reports.Callout(NO_MEASUREMENTS.format(
        audits="; `tcm audit head-retention` measures this template's options")),)


def test_virtual_background_report_leaves_cropping_evidence_out(evidence_file: reports.EvidenceFile) -> None:
    blocks = section(report_for("virtual_background", (evidence_file,)), "evidence").blocks
    assert blocks[0] == reports.Paragraph(OTHER_EVIDENCE.format(file="pairs.json", kind="pairs",
                                                                template="virtual_background"))


def test_cropping_report_keeps_its_evidence_and_face_detector_cards(evidence_file: reports.EvidenceFile) -> None:
    report = report_for("image_cropping", (evidence_file,))
    assert not any(isinstance(block, reports.Paragraph) and "another template" in block.text
                   for block in section(report, "evidence").blocks)
    headings = [block.text for block in section(report, "model_cards").blocks if isinstance(block, reports.Heading)]
    assert len(headings) == 3


def test_blank_report_has_no_model_cards_and_neutral_units() -> None:
    report = report_for("blank")
    assert section(report, "model_cards").blocks == (reports.Paragraph("No model cards were included."),)
    assert "units a day" in reports.render_markdown(report)
