"""The report as Markdown for a wiki or a pull request: charts become their tables, images are left out."""

from __future__ import annotations

import re

from reports._document import (
    Block,
    BulletList,
    Callout,
    Chart,
    CropGrid,
    Heading,
    Paragraph,
    Preformatted,
    Report,
    Table,
)

_FENCE_RUN = re.compile(r"`{3,}|~{3,}")
_BLOCK_START = re.compile(r"^([ \t]*)(#|[-+=](?=[-+=]*(?:[ \t]|$))|(?<![0-9])[0-9]+[.)](?=[ \t]|$))", re.MULTILINE)
CROPS_LEFT_OUT = ("Thumbnails are left out here (about {size:,} bytes of images would not fit a wiki page or a "
                  "pull request); the HTML and PDF reports show them. Crop boxes are [left, top, right, bottom] "
                  "in original pixels.")


def render_markdown(report: Report) -> str:
    """The report as GitHub-flavoured Markdown."""
    toc = [f"{index}. [{escape_text(section.title)}](#{anchor(section.title)})" for index, section in
           enumerate(report.sections, start=1)]
    parts = [f"# {escape_line(report.title)}", f"_{escape_line(report.subtitle)}_", "\n".join(toc)]
    for section in report.sections:
        parts.append(f"## {escape_line(section.title)}")
        parts += [render_block(block) for block in section.blocks]
    return "\n\n".join(parts) + "\n"


def anchor(title: str) -> str:
    """GitHub's heading anchor: lower case, spaces to hyphens, punctuation dropped.

    >>> anchor("Appendix: the scenario file")
    'appendix-the-scenario-file'
    """
    kept = "".join(char for char in title.lower() if char.isalnum() or char in " -_")
    return kept.replace(" ", "-")


def escape_text(text: str) -> str:
    r"""Text with the characters Markdown would read as formatting escaped; single backticks stay code,
    and underscores stay as they are (GitHub ignores them inside words, as in cost categories).

    Runs of three or more backticks or tildes (a code fence) and `&` (an HTML entity) are escaped
    too, and a line that would open a block (`#`, `=`, `-`, `+`, `1.`) is escaped at its start, so
    user text can neither open nor close a block.

    >>> print(escape_text("```\n<script>\n# big\n1. item"))
    \`\`\`
    \<script\>
    \# big
    1\. item
    """
    for char in ("\\", "*", "[", "]", "<", ">", "|", "&"):
        text = text.replace(char, "\\" + char)
    text = _FENCE_RUN.sub(lambda run: "".join("\\" + char for char in run.group()), text)
    return _BLOCK_START.sub(_escape_block_start, text)


def _escape_block_start(start: re.Match[str]) -> str:
    indent, mark = start.group(1), start.group(2)
    return indent + (mark[:-1] + "\\" + mark[-1] if mark[0].isdigit() else "\\" + mark)


def escape_line(text: str) -> str:
    """One line of escaped text (a heading or a title): line breaks become spaces."""
    return escape_text(" ".join(text.split()))


def fence(text: str) -> str:
    r"""`text` in a code fence longer than any run of backticks inside it, so nothing inside closes it.

    >>> print(fence("a ``` b"))
    ````
    a ``` b
    ````
    """
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    marks = "`" * max(3, longest + 1)
    return f"{marks}\n{text}\n{marks}"


def render_block(block: Block) -> str:
    """One block as Markdown."""
    match block:
        case Heading(text):
            return f"### {escape_text(text)}"
        case Paragraph(text):
            return escape_text(text)
        case Callout(text):
            return f"> **{escape_text(text)}**"
        case BulletList(items):
            return "\n".join(f"- {escape_text(item)}" for item in items)
        case Table():
            return render_table(block)
        case Chart(_, table):
            return render_table(table)
        case CropGrid():
            return render_crop_grid(block)
        case Preformatted(caption, text):
            return f"{escape_text(caption)}\n\n{fence(text.rstrip())}"
    raise TypeError(f"unknown block {block!r}")


def cell(text: str) -> str:
    """A table cell: pipes escaped and line breaks flattened, so the row stays one line."""
    return escape_text(" ".join(text.split())) or " "


def render_table(table: Table) -> str:
    """A pipe table under a bold caption; numeric columns right-aligned."""
    numeric = table.numeric or (False,) * len(table.columns)
    header = "| " + " | ".join(cell(column) for column in table.columns) + " |"
    rule = "|" + "|".join("---:" if flag else "---" for flag in numeric) + "|"
    rows = ["| " + " | ".join(cell(value) for value in row) + " |" for row in table.rows]
    return "\n".join([f"**{escape_text(table.caption)}**", "", header, rule, *rows])


def render_crop_grid(grid: CropGrid) -> str:
    """The crop grid as a table of boxes and fallbacks, with a note on the missing thumbnails."""
    size = sum(len(original) for original in grid.originals) + sum(
        len(item.thumbnail_jpeg or b"") for item in grid.cells)
    rows = []
    for image in grid.images:
        cells = []
        for option in grid.options:
            item = grid.cell(image, option)
            text = f"error: {item.error}" if item.error else ", ".join(map(str, item.box or ()))
            cells.append(text + (f" (fallback: {item.fallback})" if item.fallback else ""))
        rows.append((image, *cells))
    columns = tuple(label if label == option else f"{label} ({option})"
                    for option, label in zip(grid.options, grid.labels, strict=True))
    table = Table(f"Crops at frame {grid.frame}", ("image", *columns), tuple(rows))
    return escape_text(CROPS_LEFT_OUT.format(size=size)) + "\n\n" + render_table(table)
