"""Evidence files as a report reads them: provenance, per-option metrics and full results as tables.

Files are read by `evidence.read_evidence`, the one reader every package uses. The cost engine
keeps only `metrics` (`costmodels.load_evidence`); a report shows everything, so
an auditor sees what was measured, on which files, by which command. Results are plain data whose
shape differs per kind (retention, pairs, robustness), so they are laid out generically: scalars as
a key/value table, lists of records as tables, nested mappings as their own tables.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import evidence
from evidence import CountMetric, LatencyMetric, Metric, SurvivalGapMetric
from reports._document import Table

MAX_TABLE_ROWS = 200  # beyond this a table is unreadable in a report; the file itself has the rest


class EvidenceFileError(ValueError):
    """An evidence file that cannot be read or breaks the evidence schema; the message names the field."""


@dataclass(frozen=True)
class FileDigest:
    """A file a measurement ran on (an image, or a model for an option) and its sha256."""

    name: str
    sha256: str


@dataclass(frozen=True)
class EvidenceFile:
    """One evidence file: what ran, on what, on which machine, and what it found (results as plain data)."""

    path: str
    sha256: str
    kind: str
    created: str
    tcm_version: str
    command: str
    seed: int | None
    frame: str
    images: tuple[FileDigest, ...]
    models: tuple[FileDigest, ...]
    metrics: Mapping[str, Mapping[str, Metric]]
    results: Any
    machine: str = ""


def read_evidence_file(path: str | Path) -> EvidenceFile:
    """Read one evidence file with the one evidence reader; EvidenceFileError names the file and each field."""
    try:
        record = evidence.read_evidence(path)
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except evidence.EvidenceError as error:
        raise EvidenceFileError(str(error)) from None
    return EvidenceFile(
        path=str(path),
        sha256=digest,
        kind=record.kind or "unknown",
        created=record.created or "unknown",
        tcm_version=record.tcm_version or "unknown",
        command=record.command or "unknown",
        seed=record.seed,
        frame=record.frame or "unknown",
        images=tuple(FileDigest(item.file, item.sha256) for item in record.images),
        models=tuple(FileDigest(item.option, item.sha256) for item in record.models),
        metrics=record.metrics,
        results=evidence.to_plain(record.results),
        machine=record.machine.describe() if record.machine is not None else "",
    )


def metrics_table(record: EvidenceFile) -> Table:
    """Per image option: latency percentiles and clock, images with a face cut, the survival gap, fallbacks."""
    rows = tuple(
        (option, *_latency_cells(values.get("latency_ms")), _count_cell(values.get("face_cut_images")),
         _gap_cell(values.get("survival_gap")), _count_cell(values.get("fallbacks")))
        for option, values in record.metrics.items()
    )
    return Table(
        caption=f"Measured metrics ({record.kind}, {Path(record.path).name})",
        columns=("image option", "latency P10 (ms)", "P50 (ms)", "P90 (ms)", "n", "clock", "images with a face cut",
                 "survival gap", "fallbacks"),
        rows=rows,
        numeric=(False, True, True, True, True, False, True, False, True),
    )


def _latency_cells(value: Metric | None) -> tuple[str, str, str, str, str]:
    if not isinstance(value, LatencyMetric):
        return ("", "", "", "", "")
    clock = "CPU" if value.clock == "cpu" else "wall"
    return (format_value(value.p10), format_value(value.p50), format_value(value.p90), format_value(value.n),
            f"{clock}, {value.machine}" if value.machine else clock)


def _count_cell(value: Metric | None) -> str:
    return f"{value.count} of {value.of}" if isinstance(value, CountMetric) else ""


def _gap_cell(value: Metric | None) -> str:
    """Each comparison's gap from parity with its interval, or why it cannot be measured."""
    if not isinstance(value, SurvivalGapMetric):
        return ""
    cells = []
    for gap in value.comparisons:
        name = " vs ".join(gap.groups)
        if not gap.enough_faces:
            cells.append(f"{name}: {gap.note or 'not enough faces to measure'}")
        elif gap.ci_low is not None and gap.ci_high is not None:
            cells.append(f"{name}: {gap.gap:+.3f} ({gap.ci_low:+.3f} to {gap.ci_high:+.3f})")
        else:
            cells.append(f"{name}: {gap.gap:+.3f} (SE {gap.standard_error:.3f})")
    return "; ".join(cells)


def results_tables(results: Any, caption: str) -> tuple[Table, ...]:
    """Plain result data as tables: scalars as key/value rows, lists of records as tables."""
    if isinstance(results, Mapping):
        scalars = tuple((str(key), format_value(value)) for key, value in results.items() if _is_scalar(value))
        tables: tuple[Table, ...] = (Table(caption, ("measure", "value"), scalars, (False, True)),) if scalars else ()
        for key, value in results.items():
            if not _is_scalar(value):
                tables += results_tables(value, f"{caption}: {key}")
        return tables
    if isinstance(results, Sequence) and not isinstance(results, str):
        if results and all(isinstance(item, Mapping) for item in results):
            return (_records_table(results, caption),)
        return (Table(caption, ("value",), tuple((format_value(item),) for item in results[:MAX_TABLE_ROWS])),)
    return (Table(caption, ("value",), ((format_value(results),),)),)


def _records_table(records: Sequence[Mapping[str, Any]], caption: str) -> Table:
    columns = tuple(dict.fromkeys(str(key) for record in records for key in record))
    rows = tuple(tuple(format_value(record.get(column)) for column in columns) for record in records[:MAX_TABLE_ROWS])
    numeric = tuple(all(_is_number(record.get(column)) for record in records if column in record) for column in columns)
    if len(records) > MAX_TABLE_ROWS:
        caption += f" (first {MAX_TABLE_ROWS} of {len(records)} rows; the evidence file has all)"
    return Table(caption, columns, rows, numeric)


def _is_scalar(value: object) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def format_value(value: object) -> str:
    """A result value as short text: rates to 3 significant digits, nested data as compact JSON.

    >>> format_value(0.123456), format_value(12), format_value(None), format_value([1, 2])
    ('0.123', '12', '', '[1, 2]')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int | str):
        return str(value)
    return json.dumps(value, separators=(", ", ": "))
