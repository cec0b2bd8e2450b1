"""The Report page's link to the reports library: which formats, and the bytes, built only on click."""

from __future__ import annotations

import shlex
from collections.abc import Callable

import reports
from costmodels import Evaluation, Scenario
from dashboard.settings import Settings
from imageoptions import parse_frame
from sample_images import images_dir, load_manifest

FORMAT_LABELS = {"html": "HTML", "pdf": "PDF", "md": "Markdown", "yaml": "scenario YAML"}
MIME_TYPES = {"html": "text/html", "pdf": "application/pdf", "md": "text/markdown", "yaml": "application/x-yaml"}
NO_PDF = (f"PDF needs Debian's chromium at {reports.DEFAULT_CHROMIUM} (`apt-get install chromium`); "
          "the HTML report prints to PDF from any browser.")


def file_name(report_format: str) -> str:
    """The download's name; the YAML is the scenario file the report's own command reads."""
    return "tcm-scenario.yaml" if report_format == "yaml" else f"tcm-report.{report_format}"


def pdf_available() -> bool:
    """Whether this machine can print a PDF report."""
    return reports.DEFAULT_CHROMIUM.is_file()


def available_formats() -> list[str]:
    """The report formats this machine can make."""
    return [name for name in FORMAT_LABELS if name != "pdf" or pdf_available()]


def report_builder(scenario: Scenario, evaluation: Evaluation, settings: Settings, report_format: str, *,
                   with_crops: bool, decision: str | None) -> Callable[[], bytes]:
    """A function that builds the report's bytes: Streamlit calls it only when the button is clicked."""

    def build() -> bytes:
        if report_format == "yaml":
            return reports.render_report(None, scenario, "yaml")
        manifest = load_manifest()
        images = [manifest.path_of(entry) for entry in manifest.images] if with_crops else []
        report = reports.assemble_report(
            scenario, evaluation, command=regenerating_command(settings, report_format, with_crops, decision),
            images=images, frame=parse_frame(settings.aspect), decision=decision,
        )
        return reports.render_report(report, scenario, report_format)

    return build


def regenerating_command(settings: Settings, report_format: str, with_crops: bool, decision: str | None) -> str:
    """The `tcm report` line that rebuilds the report from the scenario YAML exported with it."""
    words = ["tcm", "report", "tcm-scenario.yaml"]
    if with_crops:
        words += ["--images", str(images_dir()), "--aspect", settings.aspect]
    words += ["--draws", str(settings.draws), "--seed", str(settings.seed)]
    if decision:
        words += ["--decision", decision]
    return shlex.join([*words, "--out", f"tcm-report.{report_format}"])
