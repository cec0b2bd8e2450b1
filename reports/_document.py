"""The report as plain data: sections made of a few block kinds that every renderer understands."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from imageoptions.geometry import CropBox


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text (renderers escape it)."""

    text: str


@dataclass(frozen=True)
class Heading:
    """A sub-heading inside a section."""

    text: str


@dataclass(frozen=True)
class Callout:
    """A sentence the reader must not miss: the recommendation, a missing-evidence warning."""

    text: str


@dataclass(frozen=True)
class BulletList:
    """A list of short plain-text items."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table of text cells; `numeric` marks the columns to right-align."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"table {self.caption!r}: row {row!r} has {len(row)} cells, not {len(self.columns)}")
        if self.numeric and len(self.numeric) != len(self.columns):
            raise ValueError(f"table {self.caption!r}: numeric has {len(self.numeric)} flags, not {len(self.columns)}")


@dataclass(frozen=True)
class Chart:
    """A plotly figure, and the table that stands in for it where charts cannot go (Markdown)."""

    figure: Any = field(compare=False)  # plotly.graph_objects.Figure; plotly ships no type hints
    table: Table


@dataclass(frozen=True)
class CropCell:
    """One option's output on one image: a JPEG thumbnail, or the error that stopped it."""

    image: str
    option: str
    thumbnail_jpeg: bytes | None
    box: CropBox | None
    latency_ms: float | None
    fallback: str | None
    error: str | None


@dataclass(frozen=True)
class CropGrid:
    """Every option's crop of every image, with the originals as the first column."""

    frame: str
    options: tuple[str, ...]
    images: tuple[str, ...]
    originals: tuple[bytes, ...]  # JPEG thumbnails, one per image
    image_sha256: tuple[str, ...]
    cells: tuple[CropCell, ...]
    labels: tuple[str, ...] = ()  # what the report calls each option; its image option name if empty

    def __post_init__(self) -> None:
        if not self.labels:
            object.__setattr__(self, "labels", self.options)
        if len(self.labels) != len(self.options):
            raise ValueError(f"{len(self.labels)} labels for {len(self.options)} options")

    def cell(self, image: str, option: str) -> CropCell:
        """The cell for one image and one option."""
        return next(cell for cell in self.cells if (cell.image, cell.option) == (image, option))


@dataclass(frozen=True)
class Preformatted:
    """Text shown exactly as it is, in a monospace font: a command, a YAML file."""

    caption: str
    text: str


Block = Heading | Paragraph | Callout | BulletList | Table | Chart | CropGrid | Preformatted


@dataclass(frozen=True)
class Section:
    """One titled part of the report; `key` is a stable anchor for links and tests."""

    key: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Report:
    """The whole decision record, ready for any renderer."""

    title: str
    subtitle: str
    sections: tuple[Section, ...]

    def section(self, key: str) -> Section:
        """The section with this key."""
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)
