"""The Report page's link to the reports library: which formats, and the bytes, built in the background on click."""

from __future__ import annotations

import dataclasses
import shlex
from collections.abc import Callable

import charts
import reports
import templates
from costmodels import Evaluation, Scenario
from dashboard.settings import Settings
from imageoptions import OptionSpec, parse_frame
from sample_images import LabelProvenance, images_dir, load_manifest

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


def build_report_bytes(scenario: Scenario, evaluation: Evaluation, settings: Settings, report_format: str, *,
                       with_crops: bool, decision: str | None, progress: Callable[[int, int], None],
                       face_labels: LabelProvenance | None = None, options: tuple[OptionSpec, ...] = (),
                       evidence_files: tuple[tuple[str, bytes], ...] = ()) -> bytes:
    """The report's bytes, reporting progress as steps done of total: each sample image of the crop grid,
    then the rendering; `face_labels` is whose labels the measurements in use rest on (None: the sample set's),
    `options` the session's uploaded options (in the crop grid and the model cards beside the built-ins),
    `evidence_files` the evidence behind the measured lines in use (the report's measured evidence).
    Runs in a background thread: no Streamlit here."""
    if report_format == "yaml":
        progress(1, 1)
        return reports.render_report(None, scenario, "yaml")
    manifest = load_manifest()
    with_crops = with_crops and templates.template_of(scenario).measures_crops
    images = [manifest.path_of(entry) for entry in manifest.images] if with_crops else []
    total = len(images) + 1
    image_options = reports.report_image_options(scenario, options)
    labels = charts.display_names(scenario, image_options)  # a team's option by its descriptor's label
    grids = []
    for done, path in enumerate(images, start=1):
        grids.append(reports.build_crop_grid([path], image_options, parse_frame(settings.aspect), labels=labels))
        progress(done, total)
    evidence = [reports.evidence_file_from_bytes(data, name) for name, data in evidence_files]
    report = reports.build_report(
        scenario, evaluation,
        provenance=reports.collect_provenance(regenerating_command(settings, report_format, with_crops, decision)),
        evidence=evidence, crop_grid=merged_grid(grids) if grids else None, decision=decision,
        labels=reports.report_labels(scenario, evidence, face_labels),
        model_cards=reports.template_model_cards(scenario), options=options,
    )
    data = reports.render_report(report, scenario, report_format)
    progress(total, total)
    return data


def merged_grid(grids: list[reports.CropGrid]) -> reports.CropGrid:
    """One crop grid from grids of one image each (same options and frame)."""
    first = grids[0]
    return dataclasses.replace(
        first,
        images=tuple(name for grid in grids for name in grid.images),
        originals=tuple(data for grid in grids for data in grid.originals),
        image_sha256=tuple(digest for grid in grids for digest in grid.image_sha256),
        cells=tuple(cell for grid in grids for cell in grid.cells),
    )


def regenerating_command(settings: Settings, report_format: str, with_crops: bool, decision: str | None) -> str:
    """The `tcm report` line that rebuilds the report from the scenario YAML exported with it."""
    words = ["tcm", "report", "tcm-scenario.yaml"]
    if with_crops:
        words += ["--images", str(images_dir()), "--aspect", settings.aspect]
    words += ["--draws", str(settings.draws), "--seed", str(settings.seed)]
    if decision:
        words += ["--decision", decision]
    return shlex.join([*words, "--out", f"tcm-report.{report_format}"])
