from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import costmodels
from tcm.cli import main


def run_tcm(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the real `tcm` entry point in a child process, as a user would."""
    return subprocess.run([sys.executable, "-m", "tcm.cli", *args], capture_output=True, text=True, check=False)


def test_scenario_default_prints_yaml_that_every_command_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scenario", "--default"]) == 0
    text = capsys.readouterr().out
    assert costmodels.scenario_from_yaml(text) == costmodels.default_scenario()
    path = tmp_path / "default.yaml"
    path.write_text(text)
    assert main(["evaluate", str(path), "--draws", "500"]) == 0


def test_evaluate_json_has_the_documented_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--default", "--draws", "2000", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert {"options", "p_cheapest", "tornado", "break_even"} <= result.keys()
    assert [o["name"] for o in result["options"]] == [o.name for o in costmodels.default_scenario().options]
    assert {"name", "kind", "deterministic_usd", "mean_usd", "p10_usd", "p50_usd", "p80_usd", "p90_usd",
            "by_category"} <= result["options"][0].keys()
    assert sum(result["p_cheapest"].values()) == pytest.approx(1.0)
    swings = [bar["swing_usd"] for bar in result["tornado"]]
    assert swings == sorted(swings, reverse=True)
    assert set(result["tornado"][0]) == {"input", "low_usd", "high_usd", "swing_usd"}


def test_evaluate_json_is_byte_identical_for_the_same_seed() -> None:
    first = run_tcm("evaluate", "--default", "--draws", "3000", "--seed", "4", "--json")
    second = run_tcm("evaluate", "--default", "--draws", "3000", "--seed", "4", "--json")
    assert first.returncode == 0
    assert first.stdout == second.stdout


def test_evaluate_table_states_the_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--default", "--draws", "2000"]) == 0
    out = capsys.readouterr().out
    # 98%, not 100%: each option's incidents are its own, so when both crops have one, scale to fit wins.
    assert "Crop from (0,0) and Center crop are cheapest in 98% of 2,000 simulations" in out
    assert "What matters most (ML smart crop minus Crop from (0,0)" in out


def test_evaluate_bad_scenario_exits_2_with_every_error_and_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = costmodels.scenario_to_yaml(costmodels.default_scenario())
    text = text.replace("horizon_years: 5", "horizon_years: -1").replace("discount_rate: 0.08", "discount_rate: x")
    bad.write_text(text)
    result = run_tcm("evaluate", str(bad))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{bad}: horizon_years: -1 years is below the minimum of 1 years "
            "(a planning horizon; memory grows with years x draws)",
        f"{bad}: discount_rate: 'x' is text; expected a yearly rate in [0, 1]",
    ]


def test_evaluate_missing_file_exits_2_without_traceback(tmp_path: Path) -> None:
    result = run_tcm("evaluate", str(tmp_path / "missing.yaml"))
    assert result.returncode == 2
    assert "cannot read the file" in result.stderr
    assert "Traceback" not in result.stderr


def test_evaluate_with_evidence_marks_measured_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    evidence = tmp_path / "run.json"
    evidence.write_text(json.dumps({"schema_version": 1, "metrics": {
        "face_crop_centerface": {"latency_ms": {"p10": 30, "p50": 40, "p90": 60, "n": 8},
                                 "face_cut_images": {"count": 2, "of": 8}}}}))
    assert main(["evaluate", "--default", "--draws", "2000", "--evidence", str(evidence)]) == 0
    out = capsys.readouterr().out
    assert "Measured lines (evidence replaced the estimate):" in out
    assert "ML smart crop: compute: 40.0 ms median per image (n=8) at $0.0316 per CPU-hour" in out
    assert "ML smart crop: model_risk: face_cut_images: 2 of 8; probability per year = 1 x the rate" in out


def test_evaluate_scenario_reads_its_own_evidence_relative_to_itself(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "audits").mkdir()
    (tmp_path / "audits" / "run.json").write_text(json.dumps({"schema_version": 1, "metrics": {
        "center_crop": {"face_cut_images": {"count": 5, "of": 8}}}}))
    text = costmodels.scenario_to_yaml(costmodels.default_scenario()).replace(
        "cpu_hour_usd: 0.0316\n", "cpu_hour_usd: 0.0316\nevidence:\n- audits/run.json\n")
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(text)
    assert main(["evaluate", str(scenario), "--draws", "1000", "--json"]) == 0
    measured = json.loads(capsys.readouterr().out)["measured"]
    assert [(m["option"], m["category"]) for m in measured] == [("Center crop", "model_risk")]


def test_evaluate_with_a_broken_evidence_file_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    result = run_tcm("evaluate", "--default", "--evidence", str(broken))
    assert result.returncode == 2
    assert result.stderr.startswith(f"{broken}: cannot read the evidence file")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [["evaluate", "--default"], ["report", "--default", "--out", "r.md"]])
def test_more_evidence_files_than_the_limit_are_refused_before_any_is_read(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    named = [word for n in range(21) for word in ("--evidence", str(tmp_path / f"missing-{n}.json"))]
    assert main([*command, *named]) == 2
    err = capsys.readouterr().err
    assert "--evidence: 21 files is above the limit of 20 files" in err  # not "missing-0.json: cannot read"
    assert "Traceback" not in err


def test_scenario_list_templates_lists_the_three(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenario", "--list-templates"]) == 0
    names = [line.split()[0] for line in capsys.readouterr().out.splitlines() if not line.startswith(" ")]
    assert names == ["image_cropping", "virtual_background", "blank"]


def test_scenario_template_prints_its_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenario", "--template", "virtual_background"]) == 0
    text = capsys.readouterr().out
    assert costmodels.scenario_from_yaml(text).template == "virtual_background"


def test_scenario_unknown_template_exits_2_naming_the_known_ones() -> None:
    result = run_tcm("scenario", "--template", "spam")
    assert result.returncode == 2
    assert result.stderr == ("tcm scenario: 'spam' is not a template; choose image_cropping, "
                             "virtual_background or blank\n")


def test_evaluate_misspelt_template_exits_2_naming_file_field_value_and_known_names(tmp_path: Path) -> None:
    typo = tmp_path / "typo.yaml"
    printed = run_tcm("scenario", "--template", "virtual_background").stdout
    typo.write_text(printed.replace("template: virtual_background", "template: virtual_backgrond"))
    result = run_tcm("evaluate", str(typo))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (f"{typo}: template: 'virtual_backgrond' is not a template; "
                             "choose image_cropping, virtual_background or blank\n")


def test_scenario_template_piped_into_evaluate_stdin_evaluates() -> None:
    printed = run_tcm("scenario", "--template", "virtual_background")
    result = subprocess.run([sys.executable, "-m", "tcm.cli", "evaluate", "-", "--draws", "2000"],
                            input=printed.stdout, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "How should a video-call product replace backgrounds?" in result.stdout
    assert "participant-hours a day" in result.stdout


def test_evaluate_stdin_is_read_no_further_than_the_limit() -> None:
    result = subprocess.run([sys.executable, "-m", "tcm.cli", "evaluate", "-"], input=b"#" * 1_000_001,
                            capture_output=True, check=False)
    assert result.returncode == 2
    assert result.stderr.decode().startswith("tcm: <stdin>: larger than the limit of 1,000,000 bytes")


def test_evaluate_stdin_that_is_not_utf8_exits_2() -> None:
    result = subprocess.run([sys.executable, "-m", "tcm.cli", "evaluate", "-"], input=b"\xff\xfe",
                            capture_output=True, check=False)
    assert result.returncode == 2
    assert result.stderr.decode() == "<stdin>: not UTF-8 text; expected scenario YAML\n"
