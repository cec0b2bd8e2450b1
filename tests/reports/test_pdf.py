"""The PDF report: printed by Debian's chromium, it opens, has pages and shows its charts."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import reports

needs_chromium = pytest.mark.skipif(
    not reports.DEFAULT_CHROMIUM.is_file()
    or not all(shutil.which(tool) for tool in ("pdfinfo", "pdftoppm", "pdftotext")),
    reason="needs Debian's chromium and poppler-utils",
)


@needs_chromium
def test_render_pdf_pages_render_with_charts(full_report: reports.Report, tmp_path: Path) -> None:
    pdf = reports.render_pdf(full_report)
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))  # type: ignore[union-attr]
    assert pages >= 2
    assert "A4" in info
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(path), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == pages
    # Chart titles exist only as the SVG text plotly.js draws: in the PDF's text, they prove the
    # charts were drawn, not left as empty divs.
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for title in ("How sure: total cost in every simulation", "Where the money goes", "What matters most"):
        assert title in text
    # And they are drawn in colour: the ML option's vermillion (#D55E00) fills the tornado's and the
    # cost chart's bars (the callout border alone is under 100 pixels at this resolution).
    vermillion = [_count_near(Image.open(image), (0xD5, 0x5E, 0x00)) for image in images]
    assert max(vermillion) > 1000


def _count_near(image: Image.Image, colour: tuple[int, int, int], tolerance: int = 40) -> int:
    pixels = np.asarray(image.convert("RGB")).astype(int)
    return int((np.abs(pixels - np.array(colour)).max(axis=2) <= tolerance).sum())


def test_render_pdf_without_chromium_says_what_to_install(bare_report: reports.Report, tmp_path: Path) -> None:
    missing = tmp_path / "no-chromium"
    with pytest.raises(reports.PdfUnavailableError) as caught:
        reports.render_pdf(bare_report, chromium=missing)
    assert str(caught.value) == (
        f"cannot make a PDF: {missing} does not exist. Install Debian's chromium (`apt-get install chromium`) "
        "and Playwright (`pip install playwright`), or write the report as .html and print it to PDF from any "
        "browser."
    )
