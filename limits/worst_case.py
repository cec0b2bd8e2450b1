"""Measure the largest inputs the limits allow: peak memory and time of one evaluation each.

    PYTHONPATH=$PWD python -m limits.worst_case          # every case, each in a fresh process
    PYTHONPATH=$PWD python -m limits.worst_case NAME     # one case (prints one JSON line)

Each case runs in its own process so its peak RSS (getrusage ru_maxrss) is its own.
"""

from __future__ import annotations

import dataclasses
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable

import limits


def _scenario(options: int, lines: int, kind: str, horizon: int) -> object:
    """A scenario of `options` options x `lines` lines, each line its own category (no sharing)."""
    import costmodels

    estimate: object = ({"probability": {"low": 0.01, "likely": 0.05, "high": 0.2},
                         "impact": {"low": 1e5, "likely": 1e6, "high": 1e7}}
                        if kind == "risk" else {"low": 1e3, "likely": 2e3, "high": 5e3})
    data = costmodels.scenario_to_data(costmodels.default_scenario())
    data["horizon_years"] = horizon
    data["options"] = [
        {"name": f"option {o}", "kind": "ml" if o % 2 else "non_ml",
         "costs": [{"category": f"c{o}_{n}", "kind": kind, "estimate": estimate} for n in range(lines)]}
        for o in range(options)
    ]
    return costmodels.scenario_from_data(data)


def _largest_draws(scenario: object) -> int:
    from costmodels._budget import simulation_cells

    return min(limits.DRAWS.maximum, limits.SIMULATION_CELLS.maximum // simulation_cells(scenario, 1))  # type: ignore[arg-type]


def _default_at_max_horizon() -> object:
    import costmodels

    return dataclasses.replace(costmodels.default_scenario(), horizon_years=limits.HORIZON_YEARS.maximum)


CASES: dict[str, Callable[[], object]] = {
    "default scenario, largest draws": lambda: __import__("costmodels").default_scenario(),
    "default scenario at the longest horizon, largest draws": _default_at_max_horizon,
    "most options x lines, yearly lines": lambda: _scenario(
        limits.OPTIONS.maximum, limits.LINES_TOTAL.maximum // limits.OPTIONS.maximum, "per_year",
        limits.HORIZON_YEARS.maximum),
    "most options x lines, all risks, longest horizon": lambda: _scenario(
        limits.OPTIONS.maximum, limits.LINES_TOTAL.maximum // limits.OPTIONS.maximum, "risk",
        limits.HORIZON_YEARS.maximum),
    "fewest options, most lines each, all risks": lambda: _scenario(
        limits.LINES_TOTAL.maximum // limits.LINES_PER_OPTION.maximum, limits.LINES_PER_OPTION.maximum,
        "risk", limits.HORIZON_YEARS.maximum),
}


def run_case(name: str) -> dict[str, object]:
    """Evaluate one case at its largest allowed draws; its seconds and this process's peak RSS."""
    import costmodels
    from costmodels._budget import simulation_cells

    scenario = CASES[name]()
    draws = _largest_draws(scenario)
    start = time.perf_counter()
    costmodels.evaluate(scenario, draws=draws)  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"case": name, "draws": draws, "cells": simulation_cells(scenario, draws),  # type: ignore[arg-type]
            "seconds": round(seconds, 2), "peak_rss_mb": round(peak_mb)}


def main(argv: list[str]) -> int:
    """Run one case here, or every case in its own process."""
    if argv:
        print(json.dumps(run_case(" ".join(argv))))
        return 0
    for name in CASES:
        result = subprocess.run([sys.executable, "-m", "limits.worst_case", *name.split(" ")],
                                capture_output=True, text=True, check=False)
        print(result.stdout.strip() or result.stderr.strip().splitlines()[-1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
