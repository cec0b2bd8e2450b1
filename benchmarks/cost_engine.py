"""Cost engine: Monte Carlo of the default scenario, the PERT sampler against a plain search, the
tornado against one model evaluation per input, and memory as lines are added; the wide cases are the
largest the limits allow (limits.OPTIONS, LINES_PER_OPTION, LINES_TOTAL)."""

from __future__ import annotations

import tracemalloc
from typing import Any

import numpy as np

import costmodels
import limits
from benchmarks.timing import median_seconds
from costmodels._analysis import expected_totals, margin_pair, term_moments, tornado
from costmodels._estimates import percentile_range, sample
from costmodels._model import VOLUME_TERM, compile_model, deterministic_totals

_LINES: tuple[tuple[str, Any], ...] = (
    ("development", {"low": 1e4, "likely": 5e4, "high": 2e5}),
    ("integration", {"low": 1e3, "likely": 5e3, "high": 2e4}),
    ("maintenance", {"low": 1e3, "likely": 3e3, "high": 1e4}),
    ("monitoring", {"low": 0, "likely": 1e3, "high": 5e3}),
    ("compliance_review", {"low": 0, "likely": 2e3, "high": 5e3}),
    ("compute", {"low": 0, "likely": 1e-8, "high": 5e-8}),
    ("model_risk", "low"),
    ("reputation_risk", {"probability": {"low": 0.01, "likely": 0.02, "high": 0.05},
                         "impact": {"low": 1e5, "likely": 5e5, "high": 2e6}}),
)


def wide_scenario(options: int, lines: int = 8) -> costmodels.Scenario:
    """`options` options of `lines` lines each (the first ML), estimates differing per option."""
    rows = []
    for i in range(options):
        costs: list[dict[str, Any]] = []
        for j in range(lines):
            category, estimate = _LINES[j % len(_LINES)]
            if j >= len(_LINES):
                category, estimate = f"extra {j}", {"low": 1, "likely": 2 + j % 5, "high": 9}
                costs.append({"category": category, "kind": "per_year", "estimate": estimate})
                continue
            if isinstance(estimate, dict) and "low" in estimate:
                estimate = {key: value * (1 + i / options) for key, value in estimate.items()}
            costs.append({"category": category, "estimate": estimate})
        rows.append({"name": f"option {i}", "kind": "ml" if i == 0 else "non_ml", "costs": costs})
    return costmodels.scenario_from_data({
        "schema_version": 2, "question": "benchmark", "horizon_years": 5, "discount_rate": 0.08,
        "volume": {"units_per_day": {"low": 1e6, "likely": 3e7, "high": 2.5e8}}, "options": rows})


def tornado_one_evaluation_per_input(scenario: costmodels.Scenario) -> int:
    """The old way: every uncertain input moved to each end, the whole model evaluated again."""
    model = compile_model(scenario)
    reference, rival = 0, 1
    inputs: list[tuple[tuple[int, str], Any]] = [((VOLUME_TERM, "volume"), model.units_per_day)]
    for index, term in enumerate(model.terms):
        inputs.append(((index, "value"), term.value))
        if term.impact is not None:
            inputs.append(((index, "impact"), term.impact))
    bars = 0
    for key, estimate in inputs:
        low, high = percentile_range(estimate)
        at_low, at_high = deterministic_totals(model, {key: low}), deterministic_totals(model, {key: high})
        bars += (at_low[reference] - at_low[rival]) != (at_high[reference] - at_high[rival])
    return bars


def peak_bytes(scenario: costmodels.Scenario, draws: int) -> int:
    """Peak memory numpy and Python allocate during one evaluation."""
    tracemalloc.start()
    costmodels.evaluate(scenario, draws=draws)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def run() -> list[str]:
    """Time evaluate() at two sizes, the sampler, the tornado and a wide scenario; memory per line."""
    scenario = costmodels.default_scenario()
    full = median_seconds(lambda: costmodels.evaluate(scenario, draws=100_000))
    tenth = median_seconds(lambda: costmodels.evaluate(scenario, draws=10_000))

    triple = costmodels.Triple(250e3, 650e3, 1.6e6)
    uniforms = np.random.default_rng(0).random(100_000)
    x = np.linspace(0, 1, 8193)
    density = x * (1 - x) ** 2.5
    cdf = np.cumsum(density) / density.sum()
    lookup = median_seconds(lambda: sample(triple, uniforms), repeats=21)
    search = median_seconds(lambda: np.interp(uniforms, cdf, x), repeats=21)

    most_options = limits.OPTIONS.maximum
    widest = wide_scenario(most_options)
    model = compile_model(widest)
    moments = term_moments(model)
    reference, rival = margin_pair(model, expected_totals(model, moments))
    vectorised = median_seconds(lambda: tornado(model, moments, reference, rival), repeats=5)
    per_input = median_seconds(lambda: tornado_one_evaluation_per_input(widest), repeats=1, warmup=0)
    most_lines = limits.LINES_TOTAL.maximum // most_options
    wide = wide_scenario(most_options, most_lines)
    wide_seconds = median_seconds(lambda: costmodels.evaluate(wide, draws=1000), repeats=1)

    # Options of the most lines each, as many as the total allows; then a tenth of the lines.
    per_option = limits.LINES_PER_OPTION.maximum
    options = limits.LINES_TOTAL.maximum // per_option
    few = peak_bytes(wide_scenario(options, per_option // 10), 100_000)
    many = peak_bytes(wide_scenario(options, per_option), 100_000)
    return [
        f"evaluate(default scenario, 100,000 draws): {full * 1e3:.0f} ms (median of 7)",
        f"evaluate(default scenario, 10,000 draws):  {tenth * 1e3:.0f} ms; 100k/10k = {full / tenth:.1f}x "
        "(10x would be purely per-draw work)",
        f"PERT draws, 100,000: table lookup {lookup * 1e3:.2f} ms vs np.interp search {search * 1e3:.2f} ms "
        f"= {search / lookup:.1f}x faster",
        f"tornado, {most_options} options (the options limit) x 8 lines: from per-term means "
        f"{vectorised * 1e3:.2f} ms vs one model evaluation "
        f"per input {per_input * 1e3:.0f} ms = {per_input / vectorised:.0f}x faster",
        f"evaluate({most_options} options x {most_lines} lines (the options and total-lines limits), 1,000 draws): "
        f"{wide_seconds * 1e3:.0f} ms",
        f"peak memory at 100,000 draws: {options * per_option // 10} lines {few / 1e6:.0f} MB, "
        f"{options * per_option} lines (the total-lines limit) {many / 1e6:.0f} MB "
        f"= {many / few:.2f}x for 10x the lines",
    ]
