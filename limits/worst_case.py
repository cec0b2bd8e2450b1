"""Measure the largest inputs the limits allow: peak memory and time of one evaluation each.

    PYTHONPATH=$PWD python -m limits.worst_case          # every case, each in a fresh process
    PYTHONPATH=$PWD python -m limits.worst_case NAME     # one case (prints one JSON line)

Each case runs in its own process so its peak RSS (getrusage ru_maxrss) is its own.
"""

from __future__ import annotations

import contextlib
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


def _largest_scenario_data(filler: str) -> dict[str, object]:
    """Plain data with the most options, lines and text the limits allow, under SCENARIO_BYTES as YAML."""
    import costmodels

    data = costmodels.scenario_to_data(costmodels.default_scenario())
    per_line = limits.LINES_TOTAL.maximum // limits.OPTIONS.maximum
    room = limits.SCENARIO_BYTES.maximum * 9 // 10 // (limits.LINES_TOTAL.maximum + limits.OPTIONS.maximum)
    text = (filler * limits.RATIONALE_CHARS.maximum)[: min(limits.RATIONALE_CHARS.maximum, room)]
    data["options"] = [
        {"name": f"option {o}", "kind": "ml" if o % 2 else "non_ml", "description": text,
         "costs": [{"category": f"c{n}", "kind": "per_year", "rationale": text,
                    "estimate": {"low": 1e3, "likely": 2e3, "high": 5e3}} for n in range(per_line)]}
        for o in range(limits.OPTIONS.maximum)
    ]
    return data


def parse_case(name: str) -> dict[str, object]:
    """Parse the largest scenario YAML, or open the largest share link; seconds and peak RSS."""
    import costmodels

    if name == "parse the largest scenario YAML":
        text = costmodels.scenario_to_yaml(costmodels.scenario_from_data(_largest_scenario_data("abcdefghij ")))
        start = time.perf_counter()
        costmodels.scenario_from_yaml(text)
        size = len(text.encode())
    elif name == "parse 1 MB of tiny YAML nodes":
        text = "unknown: [" + "1," * (limits.SCENARIO_BYTES.maximum // 2 - 10) + "1]\n"
        start = time.perf_counter()
        with contextlib.suppress(costmodels.ScenarioError):  # refused, as it should be: the cost is reading it
            costmodels.scenario_from_yaml(text)
        size = len(text.encode())
    else:
        scenario = costmodels.scenario_from_data(_largest_scenario_data("a"))
        text = costmodels.encode_share_token(costmodels.SharedState(scenario, {"draws": 1000}))
        start = time.perf_counter()
        costmodels.decode_share_token(text)
        size = len(text)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"case": name, "input_chars": size, "seconds": round(seconds, 2), "peak_rss_mb": round(peak_mb)}


PARSE_CASES = ("parse the largest scenario YAML", "parse 1 MB of tiny YAML nodes", "open the largest share link")


def run_case(name: str) -> dict[str, object]:
    """Evaluate one case at its largest allowed draws; its seconds and this process's peak RSS."""
    import costmodels
    from costmodels._budget import simulation_cells

    if name in PARSE_CASES:
        return parse_case(name)
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
    for name in (*CASES, *PARSE_CASES):
        result = subprocess.run([sys.executable, "-m", "limits.worst_case", *name.split(" ")],
                                capture_output=True, text=True, check=False)
        print(result.stdout.strip() or result.stderr.strip().splitlines()[-1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
