"""`tcm` with hostile input: exit 2, the library's message on stderr, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import costmodels
import limits
from tcm.cli import main


def write_scenario(folder: Path, **changes: object) -> Path:
    data = costmodels.scenario_to_data(costmodels.default_scenario()) | changes
    path = folder / "scenario.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_evaluate_too_many_draws_exits_2_with_the_limit(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:  # refused by the argument parser, before the scenario is read
        main(["evaluate", "--default", "--draws", "1000000000"])
    assert exited.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.endswith(f"tcm evaluate: error: argument --draws: 1,000,000,000 draws is above the limit of "
                                 f"1,000,000 draws ({limits.DRAWS.why})\n")


def test_evaluate_alias_bomb_exits_2_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", encoding="utf-8")
    assert main(["evaluate", str(path)]) == 2
    assert capsys.readouterr().err == f"{path}: line 1: anchors and aliases (&, *) are not allowed in a scenario\n"


def test_evaluate_evidence_outside_the_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_scenario(tmp_path, evidence=["/dev/zero"])
    assert main(["evaluate", str(path)]) == 2
    assert capsys.readouterr().err == (f"{path}: evidence[0]: '/dev/zero' is not a relative file name; "
                                       "expected a path inside the scenario's folder\n")


def test_evaluate_evidence_link_out_of_the_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    path = write_scenario(tmp_path, evidence=["zero.json"])
    assert main(["evaluate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "'zero.json' resolves to /dev/zero, outside the scenario's folder" in err
    assert "Traceback" not in err


def test_evaluate_horizon_too_long_for_the_draws_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_scenario(tmp_path, horizon_years=50)
    assert main(["evaluate", str(path), "--draws", "1000000"]) == 2
    assert capsys.readouterr().err.startswith("tcm: draws: 1,000,000 draws of this scenario hold 180,000,000 numbers")


def test_crop_dev_zero_is_refused_before_reading(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["crop", "/dev/zero", "--option", "fixed_crop"]) == 1  # read, it grew to 16 GB
    assert ("ERROR /dev/zero: cannot read the file (not a regular file but a character device; expected a file)"
            in capsys.readouterr().out)


@pytest.mark.parametrize("command", [
    ["audit", "retention", "--option", "fixed_crop", "--engine", "serial", "--manifest", "{manifest}"],
    ["cards", "--n", "2", "--out", "{folder}/cards", "--manifest", "{manifest}"],
])
def test_manifest_nested_or_a_device_exits_2_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       command: list[str]) -> None:
    nested = tmp_path / "nested.yaml"
    nested.write_text("images: " + "[" * 5_000 + "]" * 5_000, encoding="utf-8")
    prefix = f"tcm {command[0]}{' ' + command[1] if command[0] == 'audit' else ''}: "
    for manifest, message in ((nested, "nested.yaml: line 1: nesting is too deep: 21 levels is above the limit of "
                                       f"20 levels ({limits.NESTING_DEPTH.why})"),
                              ("/dev/zero", "/dev/zero: cannot read the manifest (not a regular file but a "
                                            "character device; expected a file)")):
        args = [part.format(manifest=manifest, folder=tmp_path) for part in command]
        assert main(args) == 2
        assert capsys.readouterr().err == f"{prefix}{message}\n"


def test_crop_descriptor_nested_exits_2_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nested.yaml"
    path.write_text("input: " + "[" * 5_000 + "]" * 5_000, encoding="utf-8")
    assert main(["crop", str(path), "--option", "fixed_crop", "--descriptor", str(path)]) == 2
    assert capsys.readouterr().err == (f"tcm crop: {path}: line 1: nesting is too deep: 21 levels is above the "
                                       f"limit of 20 levels ({limits.NESTING_DEPTH.why})\n")
