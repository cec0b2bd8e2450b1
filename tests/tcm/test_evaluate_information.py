"""`tcm evaluate` reports the value of information, the switch points and the dominated options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tcm.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
PARITY = str(EXAMPLES / "evidence-parity-2-of-4.json")


def test_evaluate_json_carries_value_of_information_largest_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--default", "--draws", "20000", "--evidence", PARITY, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    information = result["value_of_information"]
    assert information["evpi_usd"] > 100_000
    worth = [entry["evppi_usd"] for entry in information["evppi"]]
    assert worth == sorted(worth, reverse=True)
    assert information["evppi"][0]["input"] == "Crop from (0,0): reputation_risk survival gap (measured)"
    assert all(set(entry) == {"input", "evppi_usd", "standard_error_usd"} for entry in information["evppi"])
    robust = result["robustness"]
    assert robust["choice"] == "Crop from (0,0)"
    assert robust["dominated"][0] == {"option": "ML smart crop", "dominated_by": [
        "Scale to fit", "Crop from (0,0)", "Center crop", "Shipped policy (2021)"]}
    assert any(point["within_range"] for point in robust["switch_points"])


def test_evaluate_text_says_what_to_find_out_and_how_robust(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--default", "--draws", "20000", "--evidence", PARITY]) == 0
    out = capsys.readouterr().out
    assert "Before deciding, it is worth up to $" in out
    assert "  all inputs at once (EVPI)" in out
    assert "On expected cost, Crop from (0,0) stays the choice while" in out
    assert "Switch points (expected values" in out


def test_evaluate_default_says_no_input_can_change_the_choice(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--default", "--draws", "10000"]) == 0
    assert ("Learning more before deciding cannot change the choice of Crop from (0,0) and Center crop"
            in capsys.readouterr().out)
