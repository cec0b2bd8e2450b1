"""How much one evaluation holds in memory at once, checked against the limits before it starts."""

from __future__ import annotations

import limits
from costmodels._correlation import correlated_keys
from costmodels._errors import Problem, ScenarioError
from costmodels._scenario import LineKind, Scenario


def simulation_cells(scenario: Scenario, draws: int) -> int:
    """Numbers one evaluation keeps at once: draws x (3 per option for totals, their sorted copy and
    their expectation given the estimates, 1 per random input, 3 more per correlated one (its kept draws,
    and its scores while they are paired), and for each risk input `horizon_years` more for the
    year-by-year events).

    Random inputs are shared by lines of the same category across options (common random numbers),
    so they are counted once per category and position, as the engine draws them. Only a few inputs'
    numbers are held at once, so each input's cell also covers the bin (one byte a draw) it keeps for
    the value of information.
    """
    plain: set[str] = set()
    risks: set[str] = set()
    for option in scenario.options:
        for suffix, lines in (("", option.costs), (" (benefit)", option.benefits)):
            seen: dict[str, int] = {}
            for line in lines:
                ordinal = seen[line.category] = seen.get(line.category, -1) + 1
                key = f"{line.category}{suffix}#{ordinal}"
                (risks if line.kind is LineKind.RISK else plain).add(key)
    correlated = {key for pair in correlated_keys(scenario) for key in pair[:2]}
    per_draw = (1 + 3 * len(scenario.options) + len(plain) + 3 * len(correlated)
                + len(risks) * (2 + scenario.horizon_years))
    return draws * per_draw


def check_evaluation_size(scenario: Scenario, draws: object) -> None:
    """Raise a ScenarioError naming `draws` when they are outside the limits for this scenario."""
    if isinstance(draws, bool) or not isinstance(draws, int):
        raise ScenarioError([Problem("draws", f"{str(draws)[:40]!r}; expected a whole number")])
    if not limits.DRAWS.allows(draws):
        raise ScenarioError([Problem("draws", limits.DRAWS.message(draws))])
    cells = simulation_cells(scenario, draws)
    if not limits.SIMULATION_CELLS.allows(cells):
        largest = draws * limits.SIMULATION_CELLS.maximum // cells
        raise ScenarioError([Problem("draws", f"{draws:,} draws of this scenario hold "
                                     f"{limits.SIMULATION_CELLS.message(cells)}; use at most {largest:,} draws, "
                                     "a shorter horizon or fewer risk lines")])
