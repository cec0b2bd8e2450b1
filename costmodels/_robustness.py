"""How robust the verdict is: where each input would have to be to change the choice, and which
options are costlier at every percentile.

Switch points use the tornado's basis: expected values, one input moved at a time, the rest at
their means. Every option's expected cost is then linear in the input (totals are sums of terms,
each a product of independent inputs), so the range where the choice holds is found exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from costmodels._analysis import BREAK_EVEN_BASIS, TermMoments, expected_totals, quantiles_of_sorted, term_moments
from costmodels._estimates import GapWeightedProbability, Numeric, sample
from costmodels._model import CostModel
from costmodels._scenario import LineKind, UnitWords

PERCENTILES = np.arange(1, 100) / 100
DOMINANCE_BASIS = "costlier at every percentile from the 1st to the 99th of the simulated totals"
SWITCH_BASIS = (f"{BREAK_EVEN_BASIS}, one input moved at a time for one option, as in the tornado; the choice is "
                "the least expected cost")
_GRID = (np.arange(4096) + 0.5) / 4096
# A per-unit line's unit is the template's word.
_UNITS = {LineKind.ONE_OFF: "USD", LineKind.PER_YEAR: "USD a year", LineKind.RISK: "a year"}


@dataclass(frozen=True)
class SwitchPoint:
    """The values of one input between which the choice holds, and what it switches to beyond them.

    `holds_from` / `holds_to` are None where the choice holds however far the input goes that way;
    a switch point outside the input's range (`low`..`high`) is one the estimate says cannot happen.
    """

    input: str
    unit: str
    mean: float
    low: float  # the smallest and largest values the estimate allows (its 0.01st / 99.99th percentiles)
    high: float
    holds_from: float | None
    holds_to: float | None
    below_choice: str | None  # the option chosen below holds_from
    above_choice: str | None  # the option chosen above holds_to
    chance_of_switch: float  # the estimate's probability of falling beyond a switch point

    @property
    def within_range(self) -> bool:
        """Whether the estimate's own range reaches a switch point."""
        return self.chance_of_switch > 0

    def in_units(self, value: float) -> str:
        """A value of this input with its unit: `$6.67k a year`, `0.0124 a year`."""
        return number_text(value, self.unit)

    def span(self) -> str:
        """The range where the choice holds, in words: `0.0124 a year to 0.31 a year`, `at most $6.7k a year`."""
        low = "" if self.holds_from is None else number_text(self.holds_from, self.unit)
        high = "" if self.holds_to is None else number_text(self.holds_to, self.unit)
        if low and high:
            return f"{low} to {high}"
        return f"at least {low}" if low else f"at most {high}"

    def switches_to(self) -> str:
        """What the choice becomes beyond the range: `Scale to fit below; ML smart crop above`."""
        sides = [f"{self.below_choice} below" if self.below_choice else "",
                 f"{self.above_choice} above" if self.above_choice else ""]
        return "; ".join(side for side in sides if side)


@dataclass(frozen=True)
class Dominance:
    """An option costlier than another at every percentile (first-order stochastic dominance)."""

    option: str
    dominated_by: tuple[str, ...]


@dataclass(frozen=True)
class Robustness:
    """The choice on expected values, each input's switch points and the dominated options."""

    choice: str
    switch_points: tuple[SwitchPoint, ...]  # every input with a switch point, likeliest switch first
    steady_inputs: int  # uncertain inputs whose whole range leaves the choice unchanged
    dominated: tuple[Dominance, ...]

    switch_basis = SWITCH_BASIS
    dominance_basis = DOMINANCE_BASIS

    def sentence(self, name: Callable[[str], str] = str) -> str:
        """The verdict's robustness in one sentence; `name` turns an input's name into the reader's words."""
        reachable = [point for point in self.switch_points if point.within_range]
        verb = "stay" if " and " in self.choice else "stays"  # tied options are named together
        if not reachable:
            text = f"On expected cost, no single estimate anywhere in its range changes the choice of {self.choice}"
        else:
            first = reachable[0]
            text = (f"On expected cost, {self.choice} {verb} the choice while {name(first.input)} is {first.span()} "
                    f"(a {1 - first.chance_of_switch:.0%} chance); {len(reachable) - 1} other input(s) "
                    f"can change it, {self.steady_inputs} cannot")
        if self.dominated:
            text += "; " + "; ".join(f"{d.option} is costlier than {' and '.join(d.dominated_by)} at every "
                                     "percentile" for d in self.dominated)
        return text + "."

    def to_data(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "choice": self.choice,
            "switch_basis": self.switch_basis,
            "switch_points": [vars(point) | {"within_range": point.within_range} for point in self.switch_points],
            "steady_inputs": self.steady_inputs,
            "dominance_basis": self.dominance_basis,
            "dominated": [{"option": d.option, "dominated_by": list(d.dominated_by)} for d in self.dominated],
        }


def number_text(value: float, unit: str) -> str:
    """A value with its unit, readable at any size: `$1.2M`, `$6.1e-07 per image`, `0.031 a year`.

    >>> number_text(1_234_567, "USD"), number_text(6.1e-7, "USD per image"), number_text(0.0312, "a year")
    ('$1.23M', '$6.1e-07 per image', '0.0312 a year')
    """
    if unit.startswith("USD"):
        rest = unit[3:]
        if abs(value) >= 1000:
            for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
                if abs(value) >= size:
                    return f"${value / size:.3g}{suffix}{rest}"
        return f"${value:.3g}{rest}"
    return f"{value:,.0f} {unit}" if abs(value) >= 1000 else f"{value:.3g} {unit}"


_NEUTRAL_UNITS = UnitWords()


def robustness(model: CostModel, sorted_totals: np.ndarray, units: UnitWords = _NEUTRAL_UNITS) -> Robustness:
    """Switch points of every uncertain input and the dominated options of a simulated model."""
    moments = term_moments(model)
    expected = expected_totals(model, moments)
    choice = int(np.argmin(expected))
    # Options with the same estimates as the choice are chosen with it (as the verdict names them together).
    group = [i for i, twin in enumerate(model.twin_of) if twin == model.twin_of[choice]]
    rivals = [i for i in range(len(model.option_names)) if i not in group]
    points = []
    steady = 0
    for label, unit, estimate, mean, slopes in _input_slopes(model, moments, units):
        if len(set(slopes[group])) > 1:  # it moves some of the tied options only: the others stay chosen
            steady += 1
            continue
        point = switch_point(label, unit, estimate, mean, expected, slopes, choice, rivals, model.option_names)
        if point is None:
            steady += 1
        else:
            points.append(point)
    points.sort(key=lambda point: point.chance_of_switch, reverse=True)
    steady += sum(not point.within_range for point in points)
    return Robustness(" and ".join(model.option_names[i] for i in group), tuple(points), steady,
                      dominated_options(model.option_names, sorted_totals))


def switch_point(
    label: str, unit: str, estimate: Numeric, mean: float, expected: np.ndarray, slopes: np.ndarray,
    choice: int, rivals: list[int], names: tuple[str, ...],
) -> SwitchPoint | None:
    """Where option `choice` stops costing less than every rival in expectation as one input moves
    (each option's cost: expected + slope x (x - mean)); None when it never does."""
    lower, upper = -np.inf, np.inf
    below = above = None
    for other in rivals:
        gap, rise = expected[choice] - expected[other], slopes[choice] - slopes[other]
        if rise == 0:
            continue
        crossing = mean - gap / rise  # choice minus other is zero here
        if rise > 0 and crossing < upper:
            upper, above = crossing, names[other]
        elif rise < 0 and crossing > lower:
            lower, below = crossing, names[other]
    if lower == -np.inf and upper == np.inf:
        return None
    values = np.sort(_quantiles(estimate))
    beyond = np.searchsorted(values, lower, side="left") + len(values) - np.searchsorted(values, upper, side="right")
    return SwitchPoint(
        input=label, unit=unit, mean=mean, low=float(values[0]), high=float(values[-1]),
        holds_from=None if lower == -np.inf else float(lower), holds_to=None if upper == np.inf else float(upper),
        below_choice=below, above_choice=above, chance_of_switch=float(beyond / len(values)),
    )


def _quantiles(estimate: Numeric) -> np.ndarray:
    """The estimate on a fine grid of quantiles (a gap-weighted probability: a fixed sample)."""
    if isinstance(estimate, GapWeightedProbability):
        normals = np.random.default_rng(0).standard_normal((len(estimate.gap_means), len(_GRID)))
        return estimate.values(_GRID, normals)
    return sample(estimate, _GRID)


def _input_slopes(model: CostModel, moments: TermMoments,
                  units: UnitWords) -> Iterator[tuple[str, str, Numeric, float, np.ndarray]]:
    """Each uncertain input as the tornado names it: label, unit, estimate, mean, and how much each
    option's expected cost rises per unit of it."""
    count = len(model.option_names)
    volume = np.where(moments.per_unit, moments.volume, 1.0)
    shared: dict[str, np.ndarray] = {}
    shared_estimate: dict[str, tuple[Numeric, float]] = {}
    for index, term in enumerate(model.terms):
        name = f"{model.option_names[term.option]}: {term.category}"
        if moments.value_low[index] < moments.value_high[index]:
            slopes = np.zeros(count)
            slopes[term.option] = moments.unit_usd[index] * moments.impact[index] * volume[index]
            what = " probability" if term.kind is LineKind.RISK else ""
            unit = _UNITS.get(term.kind, f"USD per {units.singular}")
            yield f"{name}{what}", unit, term.value, float(moments.value[index]), slopes
        if term.impact is None or not moments.impact_low[index] < moments.impact_high[index]:
            continue
        per_impact = moments.unit_usd[index] * moments.value[index]
        if term.shared_impact:
            shared.setdefault(term.shared_impact, np.zeros(count))[term.option] += per_impact
            shared_estimate[term.shared_impact] = term.impact, float(moments.impact[index])
            continue
        slopes = np.zeros(count)
        slopes[term.option] = per_impact
        yield f"{name} impact", "USD", term.impact, float(moments.impact[index]), slopes
    for category, slopes in shared.items():
        estimate, mean = shared_estimate[category]
        yield f"{category} impact (every option)", "USD", estimate, mean, slopes
    if moments.volume_low < moments.volume_high:
        options = np.array([term.option for term in model.terms], dtype=np.intp)
        per_volume = np.where(moments.per_unit, moments.unit_usd * moments.value * moments.impact, 0.0)
        yield (f"{units.plural} per day", f"{units.plural} a day", model.units_per_day, moments.volume,
               np.bincount(options, weights=per_volume, minlength=count).astype(float))


def dominated_options(names: tuple[str, ...], sorted_totals: np.ndarray) -> tuple[Dominance, ...]:
    """Each option costlier than another at every percentile from the 1st to the 99th.

    >>> dominated_options(("a", "b"), np.array([[1.0, 2.0, 3.0], [2.0, 3.0, 4.0]]))
    (Dominance(option='b', dominated_by=('a',)),)
    """
    levels = quantiles_of_sorted(sorted_totals, PERCENTILES)  # (percentiles, options)
    result = []
    for option, name in enumerate(names):
        by = tuple(names[other] for other in range(len(names))
                   if other != option and bool((levels[:, option] > levels[:, other]).all()))
        if by:
            result.append(Dominance(name, by))
    return tuple(result)
