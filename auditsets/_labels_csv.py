"""Reads a labels CSV (one row per face: `file`, optional box, grouping columns) into face rows."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import limits
from auditsets._problems import (
    BAD_BOX,
    BAD_COLUMN,
    BAD_TONE,
    NO_FILE,
    NO_FILE_COLUMN,
    NO_HEADER,
    NOT_CSV,
    NOT_UTF8,
    NOT_WHOLE,
    PART_BOX,
    PART_ROW_BOX,
    REPEATED_COLUMN,
    RESERVED_COLUMN,
    ROW_CELLS,
    AuditSetError,
    SetProblem,
)
from sample_images import BoxSource, Face

BOX_COLUMNS = ("left", "top", "right", "bottom")
SKIN_TONE = "monk_skin_tone"
Box = tuple[int, int, int, int]
_COLUMN = re.compile(r"[a-z][a-z0-9_]*")
_RESERVED = ("box", "attributes", "box_source")
_WHOLE = re.compile(r"[+-]?\d+(\.0*)?")


@dataclass(frozen=True)
class FaceRow:
    """One face: its file, its box (None until drawn or proposed), how the box was made, and its labels.

    `labels` maps each grouping column to the text in its cell ("" when not labelled); `row` is the
    labels CSV row it came from (None for a face the detector proposed on an image without rows).
    """

    file: str
    box: Box | None
    source: BoxSource
    labels: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    row: int | None = None


@dataclass(frozen=True)
class LabelTable:
    """A labels CSV read: its grouping columns, its face rows, and each row's problem."""

    source: str
    columns: tuple[str, ...]
    rows: tuple[FaceRow, ...]
    problems: tuple[SetProblem, ...]


def column_name(header: str) -> str:
    """A header as a grouping column: trimmed, lower case, spaces and hyphens as '_'.

    >>> column_name(" Perceived skin-tone ")
    'perceived_skin_tone'
    """
    return re.sub(r"[\s-]+", "_", header.strip()).lower()


def read_labels(data: bytes, source: str = "labels.csv") -> LabelTable:
    """The rows of a labels CSV; raises AuditSetError or LimitError when the file cannot be read at all."""
    limits.check(limits.LABELS_CSV_BYTES, len(data), source)
    try:
        text = data.decode("utf-8-sig")  # a spreadsheet's "CSV UTF-8" starts with a byte-order mark
    except UnicodeDecodeError:
        raise AuditSetError(NOT_UTF8.format(source=source)) from None
    reader = csv.reader(io.StringIO(text))
    try:
        records = [(number, cells) for number, cells in enumerate(reader, start=1)
                   if any(cell.strip() for cell in cells)]
    except csv.Error as error:  # e.g. a cell longer than the csv module reads
        raise AuditSetError(NOT_CSV.format(source=source, problem=f"row {reader.line_num}: {error}")) from None
    if not records:
        raise AuditSetError(NO_HEADER.format(source=source))
    limits.check(limits.LABEL_COLUMNS, len(records[0][1]), source)  # each row's problems name its cells
    header = read_header(records[0][1], source)
    limits.check(limits.LABEL_ROWS, len(records) - 1, source)
    columns = tuple(name for name in header if name != "file" and name not in BOX_COLUMNS)
    rows, problems = [], []
    for number, cells in records[1:]:
        row, row_problems = read_row(number, cells, header, columns)
        problems += [SetProblem(row.file if row else source, problem, number) for problem in row_problems]
        if row is not None and not row_problems:
            rows.append(row)
    return LabelTable(source, columns, tuple(rows), tuple(problems))


def read_header(cells: Sequence[str], source: str) -> tuple[str, ...]:
    """The header's column names, after checking there is a `file` column and all or none of the box."""
    names = tuple(column_name(cell) for cell in cells)
    if "file" not in names:
        raise AuditSetError(NO_FILE_COLUMN.format(source=source, header=", ".join(repr(c) for c in cells)))
    present = [name for name in BOX_COLUMNS if name in names]
    if present and len(present) != len(BOX_COLUMNS):
        missing = [name for name in BOX_COLUMNS if name not in names]
        raise AuditSetError(PART_BOX.format(source=source, present=", ".join(present), missing=", ".join(missing)))
    seen: set[str] = set()
    for cell, name in zip(cells, names, strict=True):
        if name in seen:
            raise AuditSetError(REPEATED_COLUMN.format(source=source, name=name))
        seen.add(name)
        if name in _RESERVED:
            raise AuditSetError(RESERVED_COLUMN.format(source=source, name=name))
        if not _COLUMN.fullmatch(name):
            raise AuditSetError(BAD_COLUMN.format(source=source, name=limits.brief(cell)[1:-1]))
    return names


def read_row(number: int, cells: Sequence[str], header: Sequence[str],
             columns: Sequence[str]) -> tuple[FaceRow | None, list[str]]:
    """One row as a face (None without a file name) and every problem in it."""
    if len(cells) > len(header):
        return None, [ROW_CELLS.format(cells=len(cells), columns=len(header))]
    values = {name: cell.strip() for name, cell in zip(header, cells, strict=False)}
    file = values.get("file", "")
    problems = [] if file else [NO_FILE]
    box, box_problems = read_box(values)
    problems += box_problems
    if values.get(SKIN_TONE):
        problems += tone_problems(values[SKIN_TONE])
    labels = MappingProxyType({name: values.get(name, "") for name in columns})
    if not file:
        return None, problems
    return FaceRow(file=file, box=box, source="hand", labels=labels, row=number), problems


def read_box(values: Mapping[str, str]) -> tuple[Box | None, list[str]]:
    """The row's box, None when its four cells are empty, and what is wrong with it."""
    cells = [values.get(name, "") for name in BOX_COLUMNS]
    if not any(cells):
        return None, []
    if not all(cells):
        return None, [PART_ROW_BOX]
    bad = [NOT_WHOLE.format(column=name, value=limits.brief(cell)[1:-1])
           for name, cell in zip(BOX_COLUMNS, cells, strict=True) if not _WHOLE.fullmatch(cell)]
    if bad:
        return None, bad
    box = tuple(int(float(cell)) for cell in cells)
    try:
        Face(box=box, monk_skin_tone=None)  # type: ignore[arg-type]
    except ValueError as error:
        return None, [BAD_BOX.format(problem=error)]
    return (box[0], box[1], box[2], box[3]), []


def tone_problems(text: str) -> list[str]:
    """What is wrong with a perceived Monk Skin Tone cell (empty means not perceivable)."""
    try:
        Face(box=(0, 0, 1, 1), monk_skin_tone=int(float(text)) if _WHOLE.fullmatch(text) else text)  # type: ignore[arg-type]
    except ValueError as error:
        return [BAD_TONE.format(problem=error)]
    return []
