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
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import evidence
from evidence import CountMetric, LatencyMetric, Metric, SurvivalGapMetric
from reports._document import Table

MAX_TABLE_ROWS = 200  # beyond this a table is unreadable in a report; the file itself has the rest
MAX_EXAMPLE_ROWS = 6  # rows of raw results beside an audit's summary tables: examples, not the whole run
MAX_CELL_CHARS = 300  # nested data in one cell, cut beyond this; the evidence file has it whole
NOT_ENOUGH_FACES = "not enough faces to measure"


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
    frame: str  # "" when the file names none (a frame is a cropping notion)
    images: tuple[FileDigest, ...]
    models: tuple[FileDigest, ...]
    metrics: Mapping[str, Mapping[str, Metric]]
    results: Any
    machine: str = ""
    results_data: str = ""  # where the per-card results are, e.g. "run (Parquet, 2000 cards, sha256 ab12...)"


def read_evidence_file(path: str | Path) -> EvidenceFile:
    """Read one evidence file with the one evidence reader; EvidenceFileError names the file and each field."""
    try:
        record = evidence.read_evidence(path)
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except evidence.EvidenceError as error:
        raise EvidenceFileError(str(error)) from None
    return _evidence_file(record, str(path), digest)


def evidence_file_from_bytes(data: bytes, name: str) -> EvidenceFile:
    """An evidence file held in memory (an audit run or an upload in the dashboard), read by the one reader."""
    try:
        record = evidence.evidence_from_bytes(data, name)
    except evidence.EvidenceError as error:
        raise EvidenceFileError(str(error)) from None
    return _evidence_file(record, name, hashlib.sha256(data).hexdigest())


def _evidence_file(record: evidence.EvidenceRecord, path: str, digest: str) -> EvidenceFile:
    return EvidenceFile(
        path=path,
        sha256=digest,
        kind=record.kind or "unknown",
        created=record.created or "unknown",
        tcm_version=record.tcm_version or "unknown",
        command=record.command or "unknown",
        seed=record.seed,
        frame=record.frame,
        images=tuple(FileDigest(item.file, item.sha256) for item in record.images),
        models=tuple(FileDigest(item.option, item.sha256) for item in record.models),
        metrics=record.metrics,
        results=evidence.to_plain(record.results),
        machine=record.machine.describe() if record.machine is not None else "",
        results_data="" if record.results_data is None else (
            f"{record.results_data.path} ({record.results_data.format}, {record.results_data.cards} cards, "
            f"sha256 {record.results_data.sha256})"),
    )


def kind_title(kind: str) -> str:
    """An evidence kind as a caption starts: "Head retention", "Pairs".

    >>> kind_title("head_retention"), kind_title("pairs")
    ('Head retention', 'Pairs')
    """
    return kind.replace("_", " ").capitalize()


@dataclass(frozen=True)
class MetricColumns:
    """How the measured-metrics table shows one metric: its columns and the cells of one option's value."""

    metric: str
    columns: tuple[str, ...]
    numeric: tuple[bool, ...]
    cells: Callable[[Metric | None], tuple[str, ...]]


def _latency_cells(value: Metric | None) -> tuple[str, ...]:
    if not isinstance(value, LatencyMetric):
        return ("", "", "", "", "")
    clock = "CPU" if value.clock == "cpu" else "wall"
    return (format_value(value.p10), format_value(value.p50), format_value(value.p90), format_value(value.n),
            f"{clock}, {value.machine}" if value.machine else clock)


def _count_cell(value: Metric | None) -> tuple[str, ...]:
    return (f"{value.count} of {value.of}" if isinstance(value, CountMetric) else "",)


def _gap_cell(value: Metric | None) -> tuple[str, ...]:
    """Each comparison's gap with its interval (or standard error), or why it cannot be measured."""
    if not isinstance(value, SurvivalGapMetric):
        return ("",)
    texts = (comparison_text(g.gap, g.standard_error, g.ci_low, g.ci_high, g.enough_faces, g.note)
             for g in value.comparisons)
    return ("; ".join(f"{' vs '.join(g.groups)}: {text}" for g, text in zip(value.comparisons, texts, strict=True)),)


METRIC_COLUMNS = (
    MetricColumns("latency_ms", ("latency P10 (ms)", "P50 (ms)", "P90 (ms)", "n", "clock"),
                  (True, True, True, True, False), _latency_cells),
    MetricColumns("face_cut_images", ("images with a face cut",), (True,), _count_cell),
    MetricColumns("survival_gap", ("survival gap",), (False,), _gap_cell),
    MetricColumns("heads_kept", ("heads kept",), (True,), _count_cell),
    MetricColumns("head_retention_gap", ("head-retention gap",), (False,), _gap_cell),
    MetricColumns("fallbacks", ("fallbacks",), (True,), _count_cell),
)
"""The metrics a report's measured-metrics table shows, in column order: those a cost line can be measured by, and
fallbacks (the others, such as mask IoU, are in the audits' summary tables). A table has the columns of the metrics
its file holds, so each kind of evidence shows its own."""


def metrics_table(record: EvidenceFile, option_word: str = "image option") -> Table:
    """Per option (`option_word`: "image option", "mask option"), the columns of every `METRIC_COLUMNS` metric
    the file holds: latency percentiles and clock, then counts and gaps (or "not enough faces to measure")."""
    held = {name for values in record.metrics.values() for name in values}
    shown = [spec for spec in METRIC_COLUMNS if spec.metric in held]
    rows = tuple((option, *(cell for spec in shown for cell in spec.cells(values.get(spec.metric))))
                 for option, values in record.metrics.items())
    return Table(
        caption=f"Measured metrics ({kind_title(record.kind).lower()}, {Path(record.path).name})",
        columns=(option_word, *(column for spec in shown for column in spec.columns)),
        rows=rows,
        numeric=(False, *(flag for spec in shown for flag in spec.numeric)),
    )


def comparison_text(gap: float | None, standard_error: float | None, low: float | None, high: float | None,
                    enough_faces: bool, note: str) -> str:
    """A gap with its 95% interval, or its standard error where the file has no interval, or why it is not measured.

    >>> comparison_text(0.03, 0.02, None, None, True, ""), comparison_text(0.03, 0.5, None, None, False, "")
    ('+0.030 (SE 0.020)', 'not enough faces to measure')
    """
    if enough_faces and gap is not None and standard_error is not None and (low is None or high is None):
        return f"{gap:+.3f} (SE {standard_error:.3f})"
    return gap_text(gap, low, high, enough_faces, note)


def fallback_text(fallbacks: int, runs: int, reasons: Sequence[str], unit: str) -> str:
    """How often an option fell back, and to what; the Audit page and the report both say it this way.

    >>> fallback_text(39, 40, ["no face found: centre crop"], "cards"), fallback_text(0, 12, [], "images")
    ('fell back to the centre crop on 39 of 40 cards', '0 of 12 images')
    >>> fallback_text(3, 12, [], "clean runs")
    'fell back on 3 of 12 clean runs'
    """
    if not fallbacks:
        return f"0 of {runs} {unit}"
    targets = sorted({target for reason in reasons if (target := reason.rpartition(": ")[2].strip())})
    to = f" to {' or '.join(f'the {target}' for target in targets)}" if targets else ""
    return f"fell back{to} on {fallbacks} of {runs} {unit}"


def survival_text(rate: float | None, low: float | None, high: float | None, enough_faces: bool, note: str) -> str:
    """A group's survival rate with its face-clustered 95% interval, or why it is not measured (never a number).

    >>> survival_text(0.52, 0.1, 0.9, True, ""), survival_text(0.13, 0.0, 1.0, False, "")
    ('52% (10% to 90%)', 'not enough faces to measure')
    """
    if not enough_faces or rate is None or low is None or high is None:
        return note or NOT_ENOUGH_FACES
    return f"{rate:.0%} ({low:.0%} to {high:.0%})"


def gap_text(gap: float | None, low: float | None, high: float | None, enough_faces: bool, note: str) -> str:
    """A comparison's gap from parity with its face-clustered 95% interval, or why it is not measured.

    >>> gap_text(0.125, -0.02, 0.27, True, ""), gap_text(0.5, -0.5, 0.5, False, "no decided cards")
    ('+0.125 (-0.020 to +0.270)', 'no decided cards')
    """
    if not enough_faces or gap is None or low is None or high is None:
        return note or NOT_ENOUGH_FACES
    return f"{gap:+.3f} ({low:+.3f} to {high:+.3f})"


def count_text(count: int, n: int, low: float | None, high: float | None) -> str:
    """A count of n with its 95% interval.

    >>> count_text(2, 10, 0.057, 0.51), count_text(0, 0, 0.0, 1.0)
    ('2 of 10 (6% to 51%)', '0 of 0')
    """
    if not n or low is None or high is None:
        return f"{count} of {n}"
    return f"{count} of {n} ({low:.0%} to {high:.0%})"


def summary_tables(record: EvidenceFile, option_word: str = "image option") -> tuple[Table, ...]:
    """Each option's summary from an audit's results, as the Audit page shows it: distinct faces beside
    decided cards, "not enough faces to measure" in place of a rate or gap, and fallbacks per option.
    Results of another shape (a hand-made or version-1 file) give no table."""
    summaries = _records(record.results.get("summaries") if isinstance(record.results, Mapping) else None)
    name = Path(record.path).name
    if not summaries:
        return ()
    if record.kind == "pairs":
        return (_pairs_options_table(summaries, name), _pairs_groups_table(summaries, name),
                _pairs_comparisons_table(summaries, name))
    if record.kind == "retention":
        return (_kept_table(summaries, name),)
    if record.kind == "robustness":
        return (_robustness_table(summaries, name),)
    if record.kind == "head_retention":
        runs = _records(record.results.get("runs"))
        kept = _number(record.results.get("kept_share"))
        return (_heads_options_table(summaries, name, option_word, kept),
                _heads_groups_table(summaries, name, option_word),
                _heads_comparisons_table(summaries, name, option_word),
                *((_heads_examples_table(runs, name, option_word),) if runs else ()))
    return ()


LAID_OUT = {"head_retention": ("summaries", "runs", "images")}
"""Per evidence kind, the results its summary tables lay out (the images are in the report's sha256 table);
any other kind lays out its summaries only."""


def raw_results(record: EvidenceFile) -> Any:
    """The results a report still shows as raw data once `summary_tables` laid out theirs."""
    if not isinstance(record.results, Mapping):
        return record.results
    laid_out = LAID_OUT.get(record.kind, ("summaries",))
    return {key: value for key, value in record.results.items() if key not in laid_out}


def _pairs_options_table(summaries: Sequence[Mapping[str, Any]], name: str) -> Table:
    rows = []
    for s in summaries:
        outcomes, bias, sweep = (_mapping(s.get(key)) for key in ("outcomes", "position_bias", "sweep"))
        cards, first, second = _count(s.get("cards")), _count(outcomes.get("first")), _count(outcomes.get("second"))
        rows.append((str(s.get("option", "")), str(cards), str(first + second), str(_count(outcomes.get("tie"))),
                     str(_count(outcomes.get("none"))),
                     fallback_text(_count(s.get("fallbacks")), cards, _texts(s.get("fallback_reasons")), "cards"),
                     _share_text(bias, "first_wins", "decided"), _percent(_number(sweep.get("flip_rate")))))
    return Table(f"Pairwise survival per option ({name}): fallbacks are counted apart, never as \"none\"",
                 ("image option", "cards", "decided", "ties", "none (neither kept)", "fallbacks",
                  "first position wins (95% interval)", "sweep flip rate"),
                 tuple(rows), (False, True, True, True, True, False, False, True))


def _pairs_groups_table(summaries: Sequence[Mapping[str, Any]], name: str) -> Table:
    rows = tuple(
        (str(s.get("option", "")), str(g.get("group", "")), str(_count(g.get("n_cards", g.get("n")))),
         str(_count(g.get("n_faces"))), str(_count(g.get("n_faces_against"))),
         survival_text(_number(g.get("survival_rate")), _number(g.get("ci_low")), _number(g.get("ci_high")),
                       g.get("enough_faces") is True, str(g.get("note") or "")))
        for s in summaries for g in _records(s.get("groups"))
    )
    return Table(f"Survival by group ({name}): faces are the unit, intervals face-clustered",
                 ("image option", "group", "decided cards", "faces", "faces met", "survival rate (95% interval)"),
                 rows[:MAX_TABLE_ROWS], (False, False, True, True, True, False))


def _pairs_comparisons_table(summaries: Sequence[Mapping[str, Any]], name: str) -> Table:
    rows = tuple(
        (str(s.get("option", "")), f"{c.get('first', '')} vs {c.get('second', '')}",
         str(_count(c.get("n_cards", c.get("decided")))), _faces_pair(c.get("n_faces")),
         gap_text(_number(c.get("gap")), _number(c.get("gap_ci_low")), _number(c.get("gap_ci_high")),
                  c.get("enough_faces") is True, str(c.get("note") or "")),
         "flag" if c.get("flagged") is True else "")
        for s in summaries for c in _records(s.get("comparisons"))
    )
    return Table(f"Groups head to head ({name}): gap from parity (0.5) with its face-clustered 95% interval",
                 ("image option", "groups", "decided cards", "faces", "gap (95% interval)",
                  "flag (ratio outside 0.8-1.25)"),
                 rows[:MAX_TABLE_ROWS], (False, False, True, True, False, False))


def _kept_table(summaries: Sequence[Mapping[str, Any]], name: str) -> Table:
    rows = tuple(
        (str(s.get("option", "")), _share_text(_mapping(s.get("images_cut")), "count", "n"),
         _share_text(_mapping(s.get("faces_cut")), "count", "n"),
         fallback_text(_count(s.get("fallbacks")), _count(s.get("runs")), _texts(s.get("fallback_reasons")), "images"))
        for s in summaries
    )
    return Table(f"Faces kept per option ({name})",
                 ("image option", "images with a face cut (95% interval)",
                  "faces cut (95% interval, clustered by image)", "fallbacks"),
                 rows, (False, False, False, False))


def _robustness_table(summaries: Sequence[Mapping[str, Any]], name: str) -> Table:
    rows = tuple(
        (str(s.get("option", "")), f"{_count(s.get('unreliable'))} of {_count(s.get('outputs'))}",
         fallback_text(_count(s.get("fallbacks")), _count(s.get("outputs")), (), "clean runs"))
        for s in summaries
    )
    return Table(f"Robustness per option ({name})", ("image option", "unreliable clean outputs", "fallbacks"),
                 rows, (False, False, False))


def _heads_options_table(summaries: Sequence[Mapping[str, Any]], name: str, option_word: str,
                         kept_share: float | None) -> Table:
    conditions = list(dict.fromkeys(str(pair[0]) for s in summaries for pair in _pairs(s.get("perturbed_mean_iou"))))
    rows = []
    for s in summaries:
        perturbed = {str(pair[0]): _number(pair[1]) for pair in _pairs(s.get("perturbed_mean_iou"))}
        rows.append((str(s.get("option", "")), _share_text(_mapping(s.get("heads_kept")), "count", "n"),
                     _decimal(_number(s.get("mean_iou"))), str(_count(s.get("n_images"))),
                     *(_decimal(perturbed.get(condition)) for condition in conditions),
                     _cell("; ".join(_texts(s.get("errors")))) or "none"))
    rule = ("" if kept_share is None else
            f": a head is kept when {kept_share:.0%} of its face box and of the band above it are kept")
    return Table(f"Heads kept per {option_word} ({name}){rule}",
                 (option_word, "heads kept (95% interval, clustered by image)", "mask IoU", "images",
                  *(f"mask IoU, {condition}" for condition in conditions), "errors"),
                 tuple(rows), (False, False, True, True, *(True for _ in conditions), False))


def _heads_groups_table(summaries: Sequence[Mapping[str, Any]], name: str, option_word: str) -> Table:
    rows = tuple(
        (str(s.get("option", "")), str(g.get("group", "")), str(_count(g.get("n_faces"))),
         _share_text(_mapping(g.get("heads_kept")), "count", "n"),
         _retention_text(_number(g.get("mean_head_retention")), _number(g.get("standard_error")),
                         g.get("enough_faces") is True, str(g.get("note") or "")))
        for s in summaries for g in _records(s.get("groups"))
    )
    return Table(f"Head retention by group ({name}): faces are the unit",
                 (option_word, "group", "faces", "heads kept (95% interval)", "mean head retention (standard error)"),
                 rows[:MAX_TABLE_ROWS], (False, False, True, False, False))


def _heads_comparisons_table(summaries: Sequence[Mapping[str, Any]], name: str, option_word: str) -> Table:
    rows = tuple(
        (str(s.get("option", "")), " vs ".join(str(group) for group in _texts(c.get("groups"))),
         _faces_pair(c.get("n_faces")),
         comparison_text(_number(c.get("gap")), _number(c.get("standard_error")), None, None,
                         c.get("enough_faces") is True, str(c.get("note") or "")))
        for s in summaries for c in _records(s.get("gaps"))
    )
    return Table(f"Groups head to head ({name}): mean head retention of the first minus the second",
                 (option_word, "groups", "faces", "gap (standard error)"), rows[:MAX_TABLE_ROWS],
                 (False, False, True, False))


def _heads_examples_table(runs: Sequence[Mapping[str, Any]], name: str, option_word: str) -> Table:
    faces = [(run, face) for run in runs for face in _records(run.get("faces"))]
    faces.sort(key=lambda item: min(_number(item[1].get("face_kept_share")) or 0.0,
                                    _number(item[1].get("head_kept_share")) or 0.0))
    rows = tuple(
        (str(run.get("option", "")), str(run.get("image", "")), str(run.get("perturbation") or "clean"),
         str(face.get("group", "")), _percent(_number(face.get("face_kept_share"))),
         _percent(_number(face.get("head_kept_share"))))
        for run, face in faces[:MAX_EXAMPLE_ROWS]
    )
    return Table(f"The heads kept least ({name}; {min(len(faces), MAX_EXAMPLE_ROWS)} of {len(faces)} faces, "
                 "the evidence file has all)",
                 (option_word, "image", "condition", "group", "face box kept", "head region kept"), rows,
                 (False, False, False, False, True, True))


def _retention_text(mean: float | None, standard_error: float | None, enough_faces: bool, note: str) -> str:
    if not enough_faces or mean is None or standard_error is None:
        return note or NOT_ENOUGH_FACES
    return f"{mean:.3f} ({standard_error:.3f})"


def _pairs(value: object) -> list[Sequence[Any]]:
    """[name, value] pairs, as tuples of two are written."""
    return [item for item in value if isinstance(item, Sequence) and not isinstance(item, str) and len(item) == 2
            ] if isinstance(value, Sequence) and not isinstance(value, str) else []


def _decimal(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def _share_text(proportion: Mapping[str, Any], count: str, n: str) -> str:
    return count_text(_count(proportion.get(count)), _count(proportion.get(n)), _number(proportion.get("ci_low")),
                      _number(proportion.get("ci_high")))


def _records(value: object) -> list[Mapping[str, Any]]:
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [item for item in value if isinstance(item, Mapping)]
    return []


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _texts(value: object) -> tuple[str, ...]:
    if isinstance(value, Sequence) and not isinstance(value, str):
        return tuple(item for item in value if isinstance(item, str))
    return ()


def _count(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _number(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.0%}"


def _faces_pair(value: object) -> str:
    counts = [_count(item) for item in value] if isinstance(value, Sequence) and not isinstance(value, str) else []
    return " and ".join(str(count) for count in counts)


def results_tables(results: Any, caption: str, max_rows: int = MAX_TABLE_ROWS) -> tuple[Table, ...]:
    """Plain result data as tables: scalars as key/value rows, lists of records as tables (at most `max_rows`)."""
    if isinstance(results, Mapping):
        scalars = tuple((str(key), format_value(value)) for key, value in results.items() if _is_scalar(value))
        tables: tuple[Table, ...] = (Table(caption, ("measure", "value"), scalars, (False, True)),) if scalars else ()
        for key, value in results.items():
            if not _is_scalar(value):
                tables += results_tables(value, f"{caption}: {key}", max_rows)
        return tables
    if isinstance(results, Sequence) and not isinstance(results, str):
        if results and all(isinstance(item, Mapping) for item in results):
            return (_records_table(results, caption, max_rows),)
        return (Table(caption, ("value",), tuple((_cell(item),) for item in results[:max_rows])),)
    return (Table(caption, ("value",), ((_cell(results),),)),)


def _records_table(records: Sequence[Mapping[str, Any]], caption: str, max_rows: int = MAX_TABLE_ROWS) -> Table:
    columns = tuple(dict.fromkeys(str(key) for record in records for key in record))
    rows = tuple(tuple(_cell(record.get(column)) for column in columns) for record in records[:max_rows])
    numeric = tuple(all(_is_number(record.get(column)) for record in records if column in record) for column in columns)
    if len(records) > max_rows:
        caption += f" (first {max_rows} of {len(records)} rows; the evidence file has all)"
    return Table(caption, columns, rows, numeric)


def _cell(value: object) -> str:
    text = format_value(value)
    return text if len(text) <= MAX_CELL_CHARS else text[:MAX_CELL_CHARS - 1] + "…"


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
