"""The README's worked example (evidence into cost) reproduces from the files in docs/examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tcm.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def mean_of_fixed_crop(capsys: pytest.CaptureFixture[str], *evidence: str) -> float:
    arguments = ["evaluate", "--default", "--json"]
    for name in evidence:
        arguments += ["--evidence", str(EXAMPLES / name)]
    assert main(arguments) == 0
    result = json.loads(capsys.readouterr().out)
    return float(next(o["mean_usd"] for o in result["options"] if o["name"] == "Crop from (0,0)"))


@pytest.mark.parametrize(
    ("evidence", "readme_mean_usd"),
    [
        ((), 1.04e6),
        (("evidence-parity-2-of-4.json",), 955e3),
        (("evidence-parity-500-of-1000.json",), 256e3),
        (("evidence-disparity-90-of-100.json",), 4.78e6),
    ],
)
def test_evaluate_worked_example_reproduces_the_readme_table(
    capsys: pytest.CaptureFixture[str], evidence: tuple[str, ...], readme_mean_usd: float
) -> None:
    # The README prints three significant figures.
    assert mean_of_fixed_crop(capsys, *evidence) == pytest.approx(readme_mean_usd, rel=5e-3)


def test_evaluate_worked_example_parity_never_raises_and_disparity_raises(capsys: pytest.CaptureFixture[str]) -> None:
    without = mean_of_fixed_crop(capsys)
    assert mean_of_fixed_crop(capsys, "evidence-parity-2-of-4.json") <= without
    assert mean_of_fixed_crop(capsys, "evidence-parity-500-of-1000.json") < without
    assert mean_of_fixed_crop(capsys, "evidence-disparity-90-of-100.json") > 4 * without
