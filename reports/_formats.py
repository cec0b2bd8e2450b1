"""Output formats by file extension, and writing a report in one of them."""

from __future__ import annotations

from pathlib import Path

import costmodels
from costmodels import Scenario
from reports._document import Report
from reports._html import render_html
from reports._markdown import render_markdown
from reports._pdf import render_pdf

FORMATS = {".html": "html", ".htm": "html", ".pdf": "pdf", ".md": "markdown", ".yaml": "yaml", ".yml": "yaml"}
UNKNOWN_FORMAT = "{path}: unknown report format {suffix!r}; use .html, .pdf, .md or .yaml"


class UnknownFormatError(ValueError):
    """An output file whose extension names no report format."""


def format_of(path: Path) -> str:
    """The report format a file name asks for: html, pdf, markdown or yaml.

    >>> format_of(Path("decision.MD"))
    'markdown'
    """
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise UnknownFormatError(UNKNOWN_FORMAT.format(path=path, suffix=path.suffix or "(none)"))
    return FORMATS[suffix]


def render_report(report: Report | None, scenario: Scenario, report_format: str) -> bytes:
    """The file contents for one format; yaml needs only the scenario (it is what reruns the report)."""
    if report_format == "yaml":
        return costmodels.scenario_to_yaml(scenario).encode("utf-8")
    if report is None:
        raise ValueError(f"a {report_format} report needs the built report")
    if report_format == "pdf":
        return render_pdf(report)
    text = render_html(report) if report_format == "html" else render_markdown(report)
    return text.encode("utf-8")
