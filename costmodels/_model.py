"""A scenario compiled to numeric terms, and its present value: deterministic or Monte Carlo.

Timing convention: one-off lines are paid at the start (year 0, not discounted); yearly,
per-image and risk lines are paid at the end of each year t = 1..horizon and discounted by
(1 + rate)^-t. Volume grows by `yearly_growth` a year from year 1. A risk event happens in a
year with its probability (at most once a year) and then costs its impact.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from costmodels._estimates import Fixed, MeasuredRate, Numeric, Triple, likely_value, sample
from costmodels._evidence import Evidence
from costmodels._scenario import Line, LineKind, Option, Scenario, resolve, resolve_risk
from evidence import CountMetric, LatencyMetric, SurvivalGapMetric

DAYS_PER_YEAR = 365
PARITY = 0.5

InputKey = tuple[int, str]
"""An uncertain input: (term index, "value" | "impact"), or (VOLUME_TERM, "volume")."""
VOLUME_TERM = -1


@dataclass(frozen=True)
class Term:
    """One line of one option, with numbers instead of words."""

    option: int
    category: str  # benefit categories carry a " (benefit)" suffix
    kind: LineKind
    sign: float  # +1 for a cost, -1 for a benefit
    value: Numeric  # the amount, or the yearly probability of a risk event
    impact: Fixed | Triple | None  # the cost of one risk event
    random_key: str  # equal keys share random numbers across options (common random numbers)


@dataclass(frozen=True)
class MeasuredLine:
    """A line whose estimate a measurement replaced, and what was measured."""

    option: str
    category: str
    metric: str
    note: str


@dataclass(frozen=True)
class CostModel:
    """A scenario ready to evaluate: terms, volume and the discounting factors."""

    option_names: tuple[str, ...]
    option_is_ml: tuple[bool, ...]
    terms: tuple[Term, ...]
    images_per_day: Fixed | Triple
    horizon_years: int
    discount_rate: float
    yearly_growth: float
    measured: tuple[MeasuredLine, ...] = ()

    @cached_property
    def discount_factors(self) -> np.ndarray:
        """(1 + rate)^-t for t = 1..horizon."""
        years = np.arange(1, self.horizon_years + 1)
        return np.asarray((1 + self.discount_rate) ** -years, dtype=float)

    @cached_property
    def annuity_factor(self) -> float:
        """Present value of 1 USD paid at the end of each year of the horizon."""
        return float(self.discount_factors.sum())

    @cached_property
    def image_factor(self) -> float:
        """Present value of 1 USD per image at 1 image a day, growth included."""
        growth = (1 + self.yearly_growth) ** np.arange(self.horizon_years)
        return float(DAYS_PER_YEAR * (growth * self.discount_factors).sum())


def compile_model(scenario: Scenario, evidence: Evidence | None = None) -> CostModel:
    """Resolve every level to numbers and flatten all options' lines into terms; where a line
    is `measured_by` a metric the evidence holds for its option, the measurement replaces the guess."""
    terms: list[Term] = []
    measured: list[MeasuredLine] = []
    for index, option in enumerate(scenario.options):
        for sign, suffix, lines in ((1.0, "", option.costs), (-1.0, " (benefit)", option.benefits)):
            seen: dict[str, int] = {}
            for line in lines:
                ordinal = seen[line.category] = seen.get(line.category, -1) + 1
                key = f"{line.category}{suffix}#{ordinal}"
                value: Numeric
                impact: Fixed | Triple | None = None
                if line.kind is LineKind.RISK:
                    assert not isinstance(line.estimate, Fixed | Triple)
                    value, impact = resolve_risk(line.estimate, scenario.levels.risk_scale(line.category))
                else:
                    value = resolve(line.estimate, scenario.levels.amount_scale(line.category, line.kind))  # type: ignore[arg-type]
                measurement = _measurement(scenario, option, line, evidence)
                if measurement is not None:
                    value, note = measurement
                    measured.append(MeasuredLine(option.name, line.category, line.measured_by.metric, note))  # type: ignore[union-attr]
                terms.append(Term(index, line.category + suffix, line.kind, sign, value, impact, key))
    return CostModel(
        option_names=tuple(option.name for option in scenario.options),
        option_is_ml=tuple(option.kind.value == "ml" for option in scenario.options),
        terms=tuple(terms),
        images_per_day=scenario.volume.images_per_day,
        horizon_years=scenario.horizon_years,
        discount_rate=scenario.discount_rate,
        yearly_growth=scenario.volume.yearly_growth,
        measured=tuple(measured),
    )


def _measurement(
    scenario: Scenario, option: Option, line: Line, evidence: Evidence | None
) -> tuple[Numeric, str] | None:
    """The measured value for a line, and a note saying what was measured; None to keep the estimate."""
    if evidence is None or line.measured_by is None:
        return None
    metric = evidence.metric(option.image_option, line.measured_by.metric)
    scale = line.measured_by.scale
    if isinstance(metric, LatencyMetric):
        usd_per_ms = scenario.cpu_hour_usd / 3_600_000 * scale
        note = (f"{metric.p50:.1f} ms median per image (n={metric.n}) at ${scenario.cpu_hour_usd:g} per CPU-hour")
        return Triple(metric.p10 * usd_per_ms, metric.p50 * usd_per_ms, metric.p90 * usd_per_ms), note
    if isinstance(metric, SurvivalGapMetric):  # interim bridge until the engine models the gap itself
        usable = max(metric.usable(), key=lambda gap: abs(gap.gap), default=None)
        if usable is None:  # no comparison with enough faces: the estimate stands
            return None
        share = PARITY + abs(usable.gap)
        of = max(1, round(share * (1 - share) / max(usable.standard_error, 1e-6) ** 2))  # effective cards
        metric = CountMetric(min(of, round(share * of)), of)
        what = f"gap from {PARITY:g} of the rate ({' vs '.join(usable.groups)})"
    else:
        what = "the rate"
    if metric is None or metric.of == 0:  # nothing measured, or nothing decided: the estimate stands
        return None
    note = f"{line.measured_by.metric}: {metric.count} of {metric.of}; probability per year = {scale:g} x {what}"
    return MeasuredRate(metric.count, metric.of, PARITY if what != "the rate" else None, scale), note


# ---- deterministic ------------------------------------------------------------------------

def deterministic_term_values(model: CostModel, overrides: Mapping[InputKey, float] | None = None) -> np.ndarray:
    """Each term's present value with every input at its likely value (risk at its expected
    yearly loss, probability x impact), except the inputs named in `overrides`."""
    overrides = overrides or {}

    def value_of(term_index: int, field: str, estimate: Numeric) -> float:
        return overrides.get((term_index, field), likely_value(estimate))

    per_day = overrides.get((VOLUME_TERM, "volume"), likely_value(model.images_per_day))
    values = np.empty(len(model.terms))
    for index, term in enumerate(model.terms):
        amount = value_of(index, "value", term.value)
        if term.kind is LineKind.ONE_OFF:
            present = amount
        elif term.kind is LineKind.PER_YEAR:
            present = amount * model.annuity_factor
        elif term.kind is LineKind.PER_IMAGE:
            present = amount * per_day * model.image_factor
        else:
            assert term.impact is not None
            present = amount * value_of(index, "impact", term.impact) * model.annuity_factor
        values[index] = term.sign * present
    return values


def deterministic_totals(model: CostModel, overrides: Mapping[InputKey, float] | None = None) -> np.ndarray:
    """Each option's deterministic present value (USD)."""
    totals = np.zeros(len(model.option_names))
    np.add.at(totals, [term.option for term in model.terms], deterministic_term_values(model, overrides))
    return totals


# ---- Monte Carlo --------------------------------------------------------------------------

@dataclass(frozen=True)
class Draws:
    """Monte Carlo present values: totals per option and the mean per option and category."""

    totals: np.ndarray  # shape (options, draws)
    category_means: tuple[dict[str, float], ...]  # per option: category -> mean present value


class RandomNumbers:
    """Uniforms keyed by name: the same key gives the same numbers, whatever else is drawn.

    Keying by name (not by draw order) means adding a line or an option leaves every other
    line's random numbers unchanged, and options that share a category share its numbers.
    """

    def __init__(self, seed: int, draws: int) -> None:
        self.seed = seed
        self.draws = draws
        self._cache: dict[tuple[str, int], np.ndarray] = {}


    def uniforms(self, key: str, years: int = 0) -> np.ndarray:
        """Uniforms in [0, 1) for `key`: one per draw, or (with `years`) years x draws."""
        if (key, years) not in self._cache:
            generator = np.random.default_rng([self.seed, zlib.crc32(key.encode())])
            self._cache[key, years] = generator.random((years, self.draws) if years else self.draws)
        return self._cache[key, years]


def simulate(model: CostModel, *, draws: int, seed: int) -> Draws:
    """Monte Carlo present values with common random numbers across options."""
    random = RandomNumbers(seed, draws)
    per_day = sample(model.images_per_day, random.uniforms("volume"))
    totals = np.zeros((len(model.option_names), draws))
    category_means: tuple[dict[str, float], ...] = tuple({} for _ in model.option_names)
    for term in model.terms:
        present = term.sign * _simulate_term(model, term, random, per_day)
        totals[term.option] += present
        means = category_means[term.option]
        means[term.category] = means.get(term.category, 0.0) + float(present.mean())
    return Draws(totals=totals, category_means=category_means)


def _simulate_term(model: CostModel, term: Term, random: RandomNumbers, per_day: np.ndarray) -> np.ndarray:
    amount = sample(term.value, random.uniforms(term.random_key))
    if term.kind is LineKind.ONE_OFF:
        return amount
    if term.kind is LineKind.PER_YEAR:
        return np.asarray(amount * model.annuity_factor)
    if term.kind is LineKind.PER_IMAGE:
        return np.asarray(amount * per_day * model.image_factor)
    assert term.impact is not None
    impact = sample(term.impact, random.uniforms(term.random_key + "/impact"))
    happens = random.uniforms(term.random_key + "/years", model.horizon_years) < amount
    return np.asarray(impact * (model.discount_factors @ happens))
