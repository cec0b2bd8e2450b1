"""`tcm share`: the dashboard link for a scenario, made with the dashboard's own encoder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import costmodels
import limits
from dashboard import settings
from tcm import share_commands
from tcm.cli import main
from tests.costmodels.test_share import long_rationale_scenario


def test_share_prints_a_link_that_decodes_to_the_scenario_and_settings(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(costmodels.scenario_to_yaml(costmodels.default_scenario()), encoding="utf-8")
    assert main(["share", str(path), "--draws", "5000", "--seed", "7", "--base-url", "https://tcm.example/app/"]) == 0
    link = capsys.readouterr().out.strip()
    base, token = link.split("?s=")
    assert base == "https://tcm.example/app/"
    shared = costmodels.decode_share_token(token)
    assert shared.scenario == costmodels.default_scenario()
    assert dict(shared.settings) == {"draws": 5000, "seed": 7, "aspect": "0.56"}
    assert shared.evidence is None


def test_share_with_defaults_gives_the_dashboards_own_default_link(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["share", "--default"]) == 0
    token = capsys.readouterr().out.strip().removeprefix("http://localhost:8501/?s=")
    expected = costmodels.SharedState(costmodels.default_scenario(), settings.Settings().to_mapping())
    assert token == costmodels.encode_share_token(expected)


def test_share_limits_are_the_dashboards() -> None:
    assert (share_commands.MIN_DRAWS, share_commands.MAX_DRAWS) == (settings.MIN_DRAWS, settings.MAX_DRAWS)
    assert settings.Settings().aspect == share_commands.DEFAULT_ASPECT


@pytest.mark.parametrize(("argument", "message"), [
    (["--draws", "5"], "argument --draws: 5 is not from 1,000 to 1,000,000"),
    (["--seed", "-1"], f"argument --seed: -1 is below the minimum of 0 ({limits.SEED.why})"),
    (["--draws", "many"], "argument --draws: 'many' is not a whole number"),
])
def test_share_rejects_settings_the_dashboard_would_not_open(
        argument: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["share", "--default", *argument])
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err


def test_share_of_a_bad_scenario_exits_2_naming_the_problem(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("schema_version: 1\nquestion: q\n", encoding="utf-8")
    assert main(["share", str(path)]) == 2
    assert "options" in capsys.readouterr().err


def test_share_of_a_scenario_too_long_for_a_link_says_so_and_prints_no_link(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "long.yaml"
    path.write_text(costmodels.scenario_to_yaml(long_rationale_scenario()), encoding="utf-8")
    assert main(["share", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert re.fullmatch(
        r"tcm share: the share link would be too long: [0-9,]+ characters is above the limit of 64,000 characters "
        r"\(browsers and servers cut longer URLs\)\. Long rationales and descriptions \(or many variants and "
        rf"measurements\) make it long; share the scenario as a YAML file instead \(here: {re.escape(str(path))}\)\n",
        captured.err)
