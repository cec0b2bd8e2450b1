"""The Markdown report: sections, tables in place of charts, and a note where thumbnails would be."""

from __future__ import annotations

import pytest

import reports
from costmodels import Evaluation


@pytest.fixture(scope="module")
def markdown(full_report: reports.Report) -> str:
    return reports.render_markdown(full_report)


def test_render_markdown_has_every_section_heading(markdown: str) -> None:
    headings = [line[3:] for line in markdown.splitlines() if line.startswith("## ")]
    assert headings == list(reports.SECTION_TITLES.values())


def test_render_markdown_has_the_summary_table(markdown: str, evaluation: Evaluation) -> None:
    assert "| option | kind | likely | P10 | P50 | P80 | P90 | mean | P(cheapest) |" in markdown
    assert "|---|---|---:|---:|---:|---:|---:|---:|---:|" in markdown
    first = evaluation.options[0]
    assert (f"| {first.name} | ML | ${first.deterministic_usd:,.0f} | ${first.p10_usd:,.0f} | ${first.p50_usd:,.0f} "
            f"| ${first.p80_usd:,.0f} | ${first.p90_usd:,.0f} | ${first.mean_usd:,.0f} | "
            f"{evaluation.p_cheapest[first.name]:.1%} |") in markdown


def test_render_markdown_replaces_charts_with_tables(markdown: str, evaluation: Evaluation) -> None:
    assert "**Total cost at or below which each share of simulations falls (the S\\-curves)**" not in markdown
    assert "**Total cost at or below which each share of simulations falls (the S-curves)**" in markdown
    assert "| input | margin at low | margin at high | swing |" in markdown
    assert "| reputation risk impact (every option) |" in markdown  # categories in words
    assert "<div" not in markdown and "plotly" not in markdown


def test_render_markdown_lists_crop_boxes_not_images(markdown: str, crop_grid: reports.CropGrid) -> None:
    assert "Thumbnails are left out here" in markdown
    assert "| image | scale_to_fit | Center crop (center_crop) |" in markdown
    assert f"| wide.png | {', '.join(map(str, crop_grid.cell('wide.png', 'scale_to_fit').box or ()))} |" in markdown
    assert "data:image" not in markdown


def test_render_markdown_escapes_table_pipes() -> None:
    table = reports.Table("a|b", ("x",), (("1 | 2",),))
    assert reports._markdown.render_table(table) == "**a\\|b**\n\n| x |\n|---|\n| 1 \\| 2 |"


def test_render_markdown_keeps_the_command_verbatim(markdown: str) -> None:
    assert "```\ntcm report --default --draws 2000 --seed 11 --out decision.html\n```" in markdown
