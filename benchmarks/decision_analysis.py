"""Value of information, switch points and dominance at 100,000 draws: their share of an evaluation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import costmodels
from benchmarks.timing import median_seconds
from costmodels._information import bin_count, value_of_information
from costmodels._model import compile_model, simulate
from costmodels._robustness import robustness

DRAWS = 100_000
PARITY = Path(__file__).resolve().parents[1] / "docs" / "examples" / "evidence-parity-2-of-4.json"


def close_call() -> costmodels.Scenario:
    """The default scenario with the ML option cheap enough to compete: every option can be cheapest."""
    data: dict[str, Any] = costmodels.scenario_to_data(costmodels.default_scenario())
    ml = data["options"][0]
    ml["costs"] = [line for line in ml["costs"] if line["category"] not in {"regulatory_risk", "reputation_risk"}]
    for line in ml["costs"]:
        if line["category"] in {"development", "maintenance", "integration"}:
            line["estimate"] = "near-zero"
    data["correlations"] = [{"between": ["ML smart crop.development", "ML smart crop.maintenance"], "rank": 0.6},
                            {"between": ["volume.units_per_day", "ML smart crop.compute"], "rank": 0.5}]
    return costmodels.scenario_from_data(data)


def timings(name: str, scenario: costmodels.Scenario, evidence: costmodels.Evidence | None = None) -> list[str]:
    """The whole evaluation, and the new analyses alone, for one scenario."""
    model = compile_model(scenario, evidence)
    simulated = simulate(model, draws=DRAWS, seed=costmodels.DEFAULT_SEED, bins=bin_count(DRAWS))
    ordered = simulated.totals.copy()
    ordered.sort(axis=1)
    whole = median_seconds(lambda: costmodels.evaluate(scenario, draws=DRAWS, evidence=evidence))
    information = median_seconds(lambda: value_of_information(model, simulated, costmodels.DEFAULT_SEED))
    robust = median_seconds(lambda: robustness(model, ordered))
    result = value_of_information(model, simulated, costmodels.DEFAULT_SEED)
    return [f"{name}: evaluate (all of it) {whole * 1e3:.0f} ms; of which value of information "
            f"{information * 1e3:.0f} ms ({len(result.evppi)} inputs), switch points and dominance "
            f"{robust * 1e3:.0f} ms (medians of 7)"]


def run() -> list[str]:
    """Three cases: nothing to learn (default), one input to learn (a measured gap), every option in play."""
    evidence = costmodels.load_evidence([PARITY])
    return [
        *timings("default scenario, 100,000 draws", costmodels.default_scenario()),
        *timings("default + parity evidence (2 of 4)", costmodels.default_scenario(), evidence),
        *timings("close call with 2 correlations", close_call()),
    ]
