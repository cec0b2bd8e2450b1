"""Formats by extension, and the YAML report that reimports byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

import costmodels
import reports
from costmodels import Scenario


@pytest.mark.parametrize(("name", "expected"), [
    ("decision.html", "html"), ("decision.HTM", "html"), ("decision.pdf", "pdf"), ("decision.md", "markdown"),
    ("decision.yaml", "yaml"), ("decision.yml", "yaml"),
])
def test_format_of_reads_the_extension(name: str, expected: str) -> None:
    assert reports.format_of(Path(name)) == expected


@pytest.mark.parametrize(("name", "message"), [
    ("decision.docx", "decision.docx: unknown report format '.docx'; use .html, .pdf, .md or .yaml"),
    ("decision", "decision: unknown report format '(none)'; use .html, .pdf, .md or .yaml"),
])
def test_format_of_rejects_unknown_extensions(name: str, message: str) -> None:
    with pytest.raises(reports.UnknownFormatError) as caught:
        reports.format_of(Path(name))
    assert str(caught.value) == message


def test_render_report_yaml_round_trips_byte_for_byte(scenario: Scenario) -> None:
    written = reports.render_report(None, scenario, "yaml")
    reimported = costmodels.scenario_from_yaml(written.decode("utf-8"))
    assert reimported == scenario
    assert costmodels.scenario_to_yaml(reimported).encode("utf-8") == written


def test_render_report_markdown_is_utf8_of_the_renderer(bare_report: reports.Report, scenario: Scenario) -> None:
    assert reports.render_report(bare_report, scenario, "markdown") == reports.render_markdown(bare_report).encode()
