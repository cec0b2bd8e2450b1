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
    ("not json", "{path}: cannot read the evidence file (Expecting value: line 1 column 1 (char 0))"),
    ("[1, 2]", "{path}: expected a JSON object with schema_version, kind and metrics"),
    ('{"schema_version": 1, "kind": "pairs"}', "{path}: missing key 'metrics'"),
])
def test_read_evidence_file_rejects_bad_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(reports.EvidenceFileError) as caught:
        reports.read_evidence_file(path)
    assert str(caught.value) == message.format(path=path)


def test_metrics_table_leaves_unmeasured_cells_empty(evidence_file: reports.EvidenceFile) -> None:
    assert metrics_table(evidence_file).rows[1] == ("center_crop", "0.4", "0.6", "0.9", "12", "", "")


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
