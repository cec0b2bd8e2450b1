"""Decision reports: the record of a TCM decision that another team can audit and rerun.

`build_report` turns a scenario, its evaluation and any measured evidence into a `Report` (plain
data: sections of paragraphs, tables, charts and a crop grid); `render_html`, `render_markdown`
and `render_pdf` write it out; the scenario YAML comes from `costmodels.scenario_to_yaml`.
No Streamlit here.
"""

from __future__ import annotations

from reports._assemble import (
    SAMPLE_SET,
    assemble_report,
    report_image_options,
    report_labels,
    sample_labels,
    scenario_image_options,
    template_model_cards,
)
from reports._build import LIMITATIONS, SECTION_TITLES, build_report, money, percent
from reports._crops import build_crop_grid, image_files
from reports._document import (
    Block,
    BulletList,
    Callout,
    Chart,
    CropCell,
    CropGrid,
    Heading,
    Paragraph,
    Preformatted,
    Report,
    Section,
    Table,
)
from reports._evidence import (
    NOT_ENOUGH_FACES,
    EvidenceFile,
    EvidenceFileError,
    FileDigest,
    count_text,
    evidence_file_from_bytes,
    fallback_text,
    gap_text,
    read_evidence_file,
    survival_text,
)
from reports._formats import FORMATS, UnknownFormatError, format_of, render_report
from reports._html import render_html
from reports._markdown import render_markdown
from reports._pdf import DEFAULT_CHROMIUM, PdfUnavailableError, render_pdf
from reports._provenance import Provenance, collect_provenance, git_commit
from reports._uploaded import NO_MODEL_CARD

__all__ = [
    "DEFAULT_CHROMIUM",
    "FORMATS",
    "LIMITATIONS",
    "NOT_ENOUGH_FACES",
    "NO_MODEL_CARD",
    "SAMPLE_SET",
    "SECTION_TITLES",
    "Block",
    "BulletList",
    "Callout",
    "Chart",
    "CropCell",
    "CropGrid",
    "EvidenceFile",
    "EvidenceFileError",
    "FileDigest",
    "Heading",
    "Paragraph",
    "PdfUnavailableError",
    "Preformatted",
    "Provenance",
    "Report",
    "Section",
    "Table",
    "UnknownFormatError",
    "assemble_report",
    "build_crop_grid",
    "build_report",
    "collect_provenance",
    "count_text",
    "evidence_file_from_bytes",
    "fallback_text",
    "format_of",
    "gap_text",
    "git_commit",
    "image_files",
    "money",
    "percent",
    "read_evidence_file",
    "render_html",
    "render_markdown",
    "render_pdf",
    "render_report",
    "report_image_options",
    "report_labels",
    "sample_labels",
    "scenario_image_options",
    "survival_text",
    "template_model_cards",
]
