"""The report as one self-contained HTML file: styles, plotly.js and images inlined; opens offline."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from functools import cache
from html import escape

import plotly.io
import plotly.offline

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

# Screen and print in one sheet: the PDF is this page printed, so print rules keep charts and
# table rows whole and let long hashes and rationales wrap instead of running off the page.
STYLE = """
:root { --ink: #1a1a1a; --muted: #555; --rule: #d0d0d0; --accent: #0072B2; --warn: #D55E00; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--ink);
       max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 22px; margin: 32px 0 10px; padding-top: 8px; border-top: 2px solid var(--accent); }
h3 { font-size: 17px; margin: 22px 0 8px; }
.subtitle { font-size: 18px; color: var(--muted); margin: 0 0 16px; }
nav ol { columns: 2; margin: 8px 0 0; padding-left: 20px; }
nav a { color: var(--accent); text-decoration: none; }
.callout { border-left: 5px solid var(--warn); background: #fff4ec; padding: 10px 14px; margin: 12px 0;
           font-size: 17px; font-weight: 600; }
table { border-collapse: collapse; margin: 8px 0 18px; width: 100%; font-size: 13px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; font-size: 14px; }
th, td { border-bottom: 1px solid var(--rule); padding: 4px 6px; text-align: left; vertical-align: top;
         overflow-wrap: break-word; }
th { background: #f2f2f2; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; }
table.short { break-inside: avoid; }
.chart { break-inside: avoid; margin: 8px 0 20px; }
pre { background: #f6f6f6; padding: 10px; font-size: 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
.caption { font-weight: 600; margin: 8px 0 4px; }
table.crops { table-layout: fixed; }
table.crops td { text-align: center; font-size: 11px; padding: 3px; }
table.crops th { text-align: center; font-size: 12px; }
table.crops th small { display: block; font-weight: normal; color: var(--muted); }
table.crops img { max-width: 100%; max-height: 140px; height: auto; display: block; margin: 0 auto 2px;
                  outline: 1px solid var(--rule); }
.fallback { color: var(--warn); }
.error { color: #b00; }
code { background: #f2f2f2; padding: 0 3px; }
@page { size: A4; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  h2 { break-after: avoid; }
  h3, caption, .caption { break-after: avoid; }
  table { font-size: 8.5pt; }
  table.crops td { font-size: 7pt; }
  pre { font-size: 7.5pt; }
  .modebar-container { display: none !important; }
}
"""

SHORT_TABLE_ROWS = 12  # a table this short prints on one page, not split from its header

CHART_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


@cache
def plotly_js() -> str:
    """The plotly.js bundle that ships with the plotly package (about 4.8 MB), for inlining."""
    script: str = plotly.offline.get_plotlyjs()
    return script


def render_html(report: Report) -> str:
    """The report as a single HTML document with everything inlined."""
    counter = iter(range(1, 1_000))
    body = "\n".join(render_section(section, counter) for section in report.sections)
    toc = "".join(f'<li><a href="#{section.key}">{escape(section.title)}</a></li>' for section in report.sections)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{escape(report.title)}: {escape(report.subtitle)}</title>\n"
        f"<style>{STYLE}</style>\n<script>{plotly_js()}</script>\n</head>\n<body>\n"
        f"<header><h1>{escape(report.title)}</h1><p class=\"subtitle\">{escape(report.subtitle)}</p></header>\n"
        f"<nav><strong>Contents</strong><ol>{toc}</ol></nav>\n{body}\n</body>\n</html>\n"
    )


def render_section(section: Section, counter: Iterator[int]) -> str:
    """One section: its heading and blocks."""
    blocks = "\n".join(render_block(block, counter) for block in section.blocks)
    return f'<section id="{section.key}">\n<h2>{escape(section.title)}</h2>\n{blocks}\n</section>'


def render_block(block: Block, counter: Iterator[int]) -> str:
    """One block as HTML."""
    match block:
        case Heading(text):
            return f"<h3>{escape(text)}</h3>"
        case Paragraph(text):
            return f"<p>{inline(text)}</p>"
        case Callout(text):
            return f'<p class="callout">{inline(text)}</p>'
        case BulletList(items):
            return "<ul>" + "".join(f"<li>{inline(item)}</li>" for item in items) + "</ul>"
        case Table():
            return render_table(block)
        case Chart(figure, _):
            number = next(counter)
            return render_chart(figure, f"chart-{number}")
        case CropGrid():
            return render_crop_grid(block)
        case Preformatted(caption, text):
            return f'<p class="caption">{escape(caption)}</p><pre>{escape(text)}</pre>'
    raise TypeError(f"unknown block {block!r}")


def inline(text: str) -> str:
    """Escaped text with `backticks` as code."""
    parts = escape(text).split("`")
    return "".join(f"<code>{part}</code>" if index % 2 else part for index, part in enumerate(parts))


def render_table(table: Table) -> str:
    """A table with a caption; numeric columns right-aligned."""
    numeric = table.numeric or (False,) * len(table.columns)
    head = "".join(
        f"<th{_num(flag)}>{escape(column)}</th>" for column, flag in zip(table.columns, numeric, strict=True)
    )
    rows = "".join(
        "<tr>" + "".join(f"<td{_num(flag)}>{escape(cell)}</td>" for cell, flag in zip(row, numeric, strict=True))
        + "</tr>"
        for row in table.rows
    )
    short = ' class="short"' if len(table.rows) <= SHORT_TABLE_ROWS else ""
    return (f"<table{short}><caption>{escape(table.caption)}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")


def _num(flag: bool) -> str:
    return ' class="num"' if flag else ""


def render_chart(figure: object, div_id: str) -> str:
    """A plotly figure as a div and its script (plotly.js is in the page head, once)."""
    html: str = plotly.io.to_html(
        figure, full_html=False, include_plotlyjs=False, include_mathjax=False, config=CHART_CONFIG,
        div_id=div_id, default_width="100%", default_height=f"{figure.layout.height or 450}px",  # type: ignore[attr-defined]
    )
    return f'<div class="chart">{html}</div>'


def data_uri(jpeg: bytes) -> str:
    """A JPEG as a data: URI, so the file needs nothing beside it."""
    return "data:image/jpeg;base64," + base64.b64encode(jpeg).decode("ascii")


def render_crop_grid(grid: CropGrid) -> str:
    """A table: one row per image, the original then each option's crop."""
    head = "<th>original</th>" + "".join(
        f"<th>{escape(label)}<small>{escape(option)}</small></th>" if label != option else f"<th>{escape(option)}</th>"
        for option, label in zip(grid.options, grid.labels, strict=True)
    )
    rows = []
    for index, image in enumerate(grid.images):
        original = grid.originals[index]
        first = (f'<img src="{data_uri(original)}" alt="{escape(image)}">' if original else "") + escape(image)
        cells = "".join(f"<td>{render_crop_cell(grid.cell(image, option))}</td>" for option in grid.options)
        rows.append(f"<tr><td>{first}</td>{cells}</tr>")
    return (f'<table class="crops"><caption>Crops at frame {escape(grid.frame)} (height / width)</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def render_crop_cell(cell: CropCell) -> str:
    """A crop thumbnail with its fallback, or the error in its place."""
    if cell.error is not None or cell.thumbnail_jpeg is None:
        return f'<span class="error">{escape(cell.error or "no output")}</span>'
    alt = f"{cell.option} on {cell.image}, box {cell.box}"
    note = f'<span class="fallback">fallback: {escape(cell.fallback)}</span>' if cell.fallback else ""
    return f'<img src="{data_uri(cell.thumbnail_jpeg)}" alt="{escape(alt)}">{note}'
