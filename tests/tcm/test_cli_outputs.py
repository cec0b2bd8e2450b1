"""Output paths of `tcm` commands: checked before the work, never an input, written whole or not at all;
--seed and --draws checked against the limits table."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

import costmodels
import limits
import measurements
import sample_images
from evidence import EvidenceRecord
from tcm import audit_commands
from tcm.cli import main

SEED_WHY = limits.SEED.why


@pytest.mark.parametrize("command", [
    ["audit", "retention", "--option", "fixed_crop"],
    ["audit", "pairs", "--option", "fixed_crop", "--pairs", "2"],
    ["audit", "robustness", "--option", "fixed_crop"],
    ["audit", "head-retention"],
])
def test_audit_evidence_that_is_a_folder_is_refused_before_the_audit(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*command, "--evidence", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # refused at once: no audit ran
    assert captured.err == f"tcm {' '.join(command[:2])}: --evidence {tmp_path}: is a folder; expected a file name\n"


def test_audit_evidence_under_a_file_is_refused_before_the_audit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    target = tmp_path / "notes.txt" / "e.json"
    assert main(["audit", "retention", "--option", "fixed_crop", "--evidence", str(target)]) == 2
    assert capsys.readouterr().err == (f"tcm audit retention: --evidence {target}: {tmp_path / 'notes.txt'} is a file, "
                                       "not a folder\n")
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_audit_evidence_where_nothing_can_be_written_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "head-retention", "--evidence", "/proc/tcm-evidence.json"]) == 2
    assert capsys.readouterr().err.startswith(
        "tcm audit head-retention: --evidence /proc/tcm-evidence.json: cannot write in /proc (")


def test_audit_pairs_results_folder_that_is_a_file_is_refused(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "run").write_text("mine", encoding="utf-8")
    assert main(["audit", "pairs", "--option", "fixed_crop", "--pairs", "2", "--results", str(tmp_path / "run")]) == 2
    assert capsys.readouterr().err == (f"tcm audit pairs: results folder {tmp_path / 'run'}: is a file; expected a "
                                       "folder\n")


def test_audit_evidence_that_cannot_be_written_at_the_end_keeps_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The folder appeared after the check (another process): the summary is printed, the failure said plainly.
    args = argparse.Namespace(evidence=tmp_path, json=False, audit_command="retention")
    record = EvidenceRecord(metrics={})
    assert audit_commands.finish(args, {}, "the summary", [], record) == 1
    captured = capsys.readouterr()
    assert captured.out == "the summary\n"
    assert captured.err == (f"tcm audit retention: --evidence {tmp_path}: cannot write the evidence file (Is a "
                            "directory); the results above are not saved\n")


def test_report_out_that_is_the_scenario_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = tmp_path / "scenario.yaml"
    text = costmodels.scenario_to_yaml(costmodels.default_scenario())
    scenario.write_text(text, encoding="utf-8")
    assert main(["report", str(scenario), "--draws", "1000", "--out", str(tmp_path / "." / "scenario.yaml")]) == 2
    assert capsys.readouterr().err == (f"tcm report: --out {tmp_path / '.' / 'scenario.yaml'}: is also an input of "
                                       "this command (the scenario); write the output to another file\n")
    assert scenario.read_text(encoding="utf-8") == text


def test_report_out_that_is_a_folder_is_refused_before_evaluating(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "report.md"
    folder.mkdir()
    assert main(["report", "--default", "--draws", "1000", "--out", str(folder)]) == 2
    assert capsys.readouterr().err == f"tcm report: --out {folder}: is a folder; expected a file name\n"


def test_report_is_written_whole_with_no_temporary_file_left(tmp_path: Path) -> None:
    assert main(["report", "--default", "--draws", "1000", "--out", str(tmp_path / "r.md")]) == 0
    assert [path.name for path in tmp_path.iterdir()] == ["r.md"]


def test_manifest_from_csv_refuses_to_overwrite_its_labels(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    labels = tmp_path / "labels.csv"
    labels.write_text("file,left,top,right,bottom\n", encoding="utf-8")
    (tmp_path / "images").mkdir()
    assert main(["manifest", "from-csv", str(labels), "--images", str(tmp_path / "images"), "--out", str(labels)]) == 2
    assert capsys.readouterr().err == (f"tcm manifest from-csv: --out {labels}: is also an input of this command "
                                       "(LABELS.csv); write the output to another file\n")
    assert labels.read_text(encoding="utf-8") == "file,left,top,right,bottom\n"


def test_cards_out_that_is_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "cards").write_text("mine", encoding="utf-8")
    assert main(["cards", "--n", "2", "--out", str(tmp_path / "cards")]) == 2
    assert capsys.readouterr().err == f"tcm cards: --out {tmp_path / 'cards'}: is a file; expected a folder\n"


def test_interrupted_cards_leave_no_card_list_under_its_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("measurements._cards.BATCH_CARDS", 2)
    faces = measurements.group_faces(sample_images.load_manifest(), "monk_skin_tone")

    def interrupt(done: int, total: int) -> None:
        if done >= 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        measurements.generate_cards(faces, 6, tmp_path, progress=interrupt)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cards"]  # no cards.parquet, no temporary file


def test_replacing_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = limits.write_file(tmp_path / "e.json", b"old")
    with pytest.raises(RuntimeError), limits.replacing(target) as partial:
        partial.write_bytes(b"half")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert [path.name for path in tmp_path.iterdir()] == ["e.json"]


@pytest.mark.parametrize(("argv", "message"), [
    (["evaluate", "--default", "--seed", "-1"], f"argument --seed: -1 is below the minimum of 0 ({SEED_WHY})"),
    (["report", "--default", "--seed", "-1", "--out", "x.md"],
     f"argument --seed: -1 is below the minimum of 0 ({SEED_WHY})"),
    (["audit", "pairs", "--seed", "99999999999999999999"],
     f"argument --seed: 9.99e+19 is above the limit of 4,294,967,295 ({SEED_WHY})"),
    (["audit", "robustness", "--seed", "x"], "argument --seed: 'x' is not a whole number"),
    (["cards", "--n", "2", "--out", "c", "--seed", "-5"],
     f"argument --seed: -5 is below the minimum of 0 ({SEED_WHY})"),
    (["evaluate", "--default", "--draws", "0"],
     f"argument --draws: 0 draws is below the minimum of 1 draws ({limits.DRAWS.why})"),
])
def test_seed_and_draws_are_checked_against_the_limits_table(
    argv: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.endswith(f": error: {message}\n")
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []
