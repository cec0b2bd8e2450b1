"""`tcm audit head-retention`: text, --json, evidence, and clear errors for bad arguments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from measurements import read_evidence
from tests.tcm.test_audit_commands import run_cli

FAST = ["--option", "no_replacement", "--no-robustness", "--workers", "1"]


def test_head_retention_text_says_not_enough_faces(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["head-retention", *FAST]) == 0
    out = capsys.readouterr().out
    assert "no_replacement: heads kept 5/5 (66%-100%); mask IoU 0.529 over 5 images" in out
    assert "  monk 6         1 face, mean head retention 1.000: not enough faces to measure (fewer than 5)" in out


def test_head_retention_json_and_evidence_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "heads.json"
    assert run_cli(["head-retention", *FAST, "--json", "--evidence-out", str(target)]) == 0
    data = json.loads(capsys.readouterr().out)
    (summary,) = data["options"]
    assert (summary["option"], summary["mean_iou"], data["min_faces"]) == ("no_replacement", 0.5292, 5)
    record = read_evidence(target)
    assert record.kind == "head_retention"
    # The sample manifest is the default, so the command needs no path; the file holds no local path at all.
    assert record.command == "tcm audit head-retention --option no_replacement --min-faces 5 --no-robustness"
    assert str(Path.cwd()) not in target.read_text(encoding="utf-8")
    assert '"/' not in target.read_text(encoding="utf-8")


def test_head_retention_refuses_an_unknown_mask_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["head-retention", "--option", "blur"]) == 2
    assert capsys.readouterr().err == (
        "tcm audit head-retention: unknown mask option 'blur'; known mask options: person_segmentation_mediapipe, "
        "chroma_key, background_subtraction, no_replacement\n"
    )


def test_head_retention_names_a_manifest_without_outlines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text("schema_version: 1\nimages:\n  - {file: a.png, licence: x, width: 4, height: 4, "
                        "annotation: x, faces: [], origin: mine}\n", encoding="utf-8")
    assert run_cli(["head-retention", "--manifest", str(manifest)]) == 2
    assert capsys.readouterr().err == (
        f"tcm audit head-retention: {manifest}: no image has a person outline (person_outlines); nothing to measure\n"
    )
