"""The benchmarks' scenarios still build as the schema changes (`make bench` is not in CI: its cases are)."""

from __future__ import annotations

import pytest

from benchmarks.cost_engine import wide_scenario
from benchmarks.decision_analysis import close_call


def test_close_call_builds_with_its_two_correlations() -> None:
    assert len(close_call().correlations) == 2


@pytest.mark.parametrize("options", [2, 20])
def test_wide_scenarios_build(options: int) -> None:
    assert len(wide_scenario(options).options) == options
