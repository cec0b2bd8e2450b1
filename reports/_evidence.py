"""Evidence files as a report reads them: provenance, per-option metrics and full results as tables.

The cost engine reads only `metrics` (`costmodels.load_evidence`); a report shows everything, so
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

import limits
from reports._document import Table

UNREADABLE = "{path}: cannot read the evidence file ({reason})"
NOT_AN_OBJECT = "{path}: expected a JSON object with schema_version, kind and metrics"
MISSING_KEY = "{path}: missing key {key!r}"
KNOWN_KINDS = ("retention", "pairs", "robustness")
MAX_TABLE_ROWS = 200  # beyond this a table is unreadable in a report; the file itself has the rest


class EvidenceFileError(ValueError):
    """An evidence file that cannot be read or lacks the keys every report needs."""


@dataclass(frozen=True)
class FileDigest:
    """A file a measurement ran on (an image, or a model for an option) and its sha256."""

    name: str
    sha256: str


@dataclass(frozen=True)
class EvidenceFile:
    """One evidence file: what ran, on what, and what it found (results kept as plain data)."""

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
    metrics: Mapping[str, Mapping[str, Any]]
    results: Any


def read_evidence_file(path: str | Path) -> EvidenceFile:
    """Read one evidence file; EvidenceFileError names the file and what is wrong."""
    try:
        raw = limits.read_file(path, limits.EVIDENCE_BYTES)
        data = json.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:  # LimitError is a ValueError
        raise EvidenceFileError(UNREADABLE.format(path=path, reason=error)) from None
    if not isinstance(data, dict):
        raise EvidenceFileError(NOT_AN_OBJECT.format(path=path))
    for key in ("schema_version", "kind", "metrics"):
        if key not in data:
            raise EvidenceFileError(MISSING_KEY.format(path=path, key=key))
    return EvidenceFile(
        path=str(path),
        sha256=hashlib.sha256(raw).hexdigest(),
        kind=str(data["kind"]),
        created=str(data.get("created", "unknown")),
        tcm_version=str(data.get("tcm_version", "unknown")),
        command=str(data.get("command", "unknown")),
        seed=data.get("seed") if isinstance(data.get("seed"), int) else None,
        frame=str(data.get("frame", "unknown")),
        images=_digests(data.get("images"), "file"),
        models=_digests(data.get("models"), "option"),
        metrics=data["metrics"] if isinstance(data["metrics"], dict) else {},
        results=data.get("results"),
    )


def _digests(value: object, name_key: str) -> tuple[FileDigest, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(
        FileDigest(str(item.get(name_key, "?")), str(item.get("sha256", "unknown")))
        for item in value if isinstance(item, dict)
    )


def metrics_table(evidence: EvidenceFile) -> Table:
    """Per image option: latency percentiles, images with a face cut, and the survival gap."""
    rows = tuple(
        (option, *_latency_cells(values.get("latency_ms")), _rate_cell(values.get("face_cut_images")),
         _rate_cell(values.get("survival_gap")))
        for option, values in evidence.metrics.items() if isinstance(values, Mapping)
    )
    return Table(
        caption=f"Measured metrics ({evidence.kind}, {Path(evidence.path).name})",
        columns=("image option", "latency P10 (ms)", "P50 (ms)", "P90 (ms)", "n", "images with a face cut",
                 "survival gap"),
        rows=rows,
        numeric=(False, True, True, True, True, True, True),
    )


def _latency_cells(value: object) -> tuple[str, str, str, str]:
    if not isinstance(value, Mapping):
        return ("", "", "", "")
    return (format_value(value.get("p10")), format_value(value.get("p50")), format_value(value.get("p90")),
            format_value(value.get("n")))


def _rate_cell(value: object) -> str:
    if not isinstance(value, Mapping) or "count" not in value or "of" not in value:
        return ""
    text = f"{value['count']} of {value['of']}"
    if value.get("centre") is not None:
        text += f" (from parity {format_value(value['centre'])})"
    return text


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
