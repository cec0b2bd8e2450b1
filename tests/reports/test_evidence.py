"""Evidence files as a report reads them: provenance, metrics, and results laid out as tables."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import reports
from reports._evidence import format_value, metrics_table, results_tables


def test_read_evidence_file_keeps_provenance(evidence_file: reports.EvidenceFile) -> None:
    assert (evidence_file.kind, evidence_file.seed, evidence_file.frame) == ("pairs", 7, "0.56")
    assert evidence_file.command == "tcm audit pairs --seed 7 --evidence pairs.json"
    assert evidence_file.images == (reports.FileDigest("square.png", "a" * 64),)
    assert evidence_file.models == (reports.FileDigest("face_crop_centerface", "b" * 64),)
    assert evidence_file.sha256 == hashlib.sha256(Path(evidence_file.path).read_bytes()).hexdigest()


@pytest.mark.parametrize(("content", "message"), [
    ("not json", "{path}: cannot read the evidence file: not valid JSON (Expecting value: line 1 column 1 (char 0))"),
    ("[1, 2]", "{path}: [1, 2] is not a JSON object"),
    ('{"schema_version": 1, "kind": "pairs"}', "{path}: missing key 'metrics'"),
    ('{"schema_version": 2, "metrics": {"x": {"latency_ms": {"p10": 1, "p50": 2, "p90": 3, "n": "x"}}}}',
     "{path}: metrics.x.latency_ms.n: 'x' is not a whole number >= 1"),
])
def test_read_evidence_file_rejects_bad_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(reports.EvidenceFileError) as caught:
        reports.read_evidence_file(path)
    assert str(caught.value) == message.format(path=path)


def test_metrics_table_leaves_unmeasured_cells_empty(evidence_file: reports.EvidenceFile) -> None:
    # A version-1 file: its latency was wall-clock time.
    assert metrics_table(evidence_file).rows[1] == ("center_crop", "0.4", "0.6", "0.9", "12", "wall", "", "")


def test_metrics_table_says_when_a_version_1_gap_has_not_enough_faces(evidence_file: reports.EvidenceFile) -> None:
    assert metrics_table(evidence_file).rows[0][6:] == (
        "2 of 12", "favoured group vs other group: version-1 evidence counted cards, not faces: not enough faces to "
                   "measure")


def test_metrics_table_shows_gaps_clock_machine_and_fallbacks(tmp_path: Path) -> None:
    path = tmp_path / "v2.json"
    path.write_text(json.dumps({"schema_version": 2, "kind": "pairs", "metrics": {"face_crop_blazeface": {
        "latency_ms": {"p10": 10.0, "p50": 12.5, "p90": 20.0, "n": 40, "clock": "cpu", "machine": "AMD EPYC, 2 cores"},
        "fallbacks": {"count": 39, "of": 40},
        "survival_gap": {"comparisons": [
            {"groups": ["a", "b"], "gap": 0.125, "standard_error": 0.05, "n_faces": [8, 7], "n_cards": 30,
             "enough_faces": True, "ci_low": -0.02, "ci_high": 0.27},
            {"groups": ["a", "c"], "gap": 0.5, "standard_error": 0.5, "n_faces": [4, 1], "n_cards": 8,
             "enough_faces": False, "note": "not enough faces to measure (4 faces and 1 face; at least 5 each)"}]},
    }}}))
    assert metrics_table(reports.read_evidence_file(path)).rows == ((
        "face_crop_blazeface", "10", "12.5", "20", "40", "CPU, AMD EPYC, 2 cores",
        "a vs b: +0.125 (-0.020 to +0.270); a vs c: not enough faces to measure (4 faces and 1 face; at least 5 each)",
        "39 of 40"),)


def test_results_tables_lay_out_nested_data() -> None:
    tables = results_tables({"flip_rate": 0.25, "by_size": {"small": [{"n": 3, "rate": 1.0}]}, "flags": ["low n"]},
                            "Robustness")
    assert [(t.caption, t.columns, t.rows) for t in tables] == [
        ("Robustness", ("measure", "value"), (("flip_rate", "0.25"),)),
        ("Robustness: by_size: small", ("n", "rate"), (("3", "1"),)),
        ("Robustness: flags", ("value",), (("low n",),)),
    ]
    assert tables[1].numeric == (True, True)


def test_results_tables_cap_long_lists() -> None:
    (table,) = results_tables([{"i": i} for i in range(250)], "Pairs")
    assert len(table.rows) == 200
    assert table.caption == "Pairs (first 200 of 250 rows; the evidence file has all)"


@pytest.mark.parametrize(("value", "text"), [
    (0.123456, "0.123"), (12345.6, "12,346"), (True, "yes"), (None, ""), ({"a": 1}, json.dumps({"a": 1})),
])
def test_format_value_is_short(value: object, text: str) -> None:
    assert format_value(value) == text
