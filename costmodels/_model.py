"""A scenario compiled to numeric terms, and its present value: deterministic or Monte Carlo.

Timing convention: one-off lines are paid at the start (year 0, not discounted); yearly,
per-unit and risk lines are paid at the end of each year t = 1..horizon and discounted by
(1 + rate)^-t. Volume grows by `yearly_growth` a year from year 1. A risk event happens in a
year with its probability (at most once a year), or a Poisson number of times with the line's
yearly rate (`events: poisson`), and each time costs its impact.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from costmodels._correlation import correlated_keys, correlated_uniforms
from costmodels._estimates import (
    Fixed,
    GapWeightedProbability,
    GridPositions,
    MeasuredRate,
    Numeric,
    Triple,
    grid_positions,
    likely_value,
    sample,
)
from costmodels._evidence import Evidence, is_gap_metric
from costmodels._scenario import EventModel, Line, LineKind, Option, Scenario, resolve, resolve_risk
from evidence import CountMetric, GroupGap, LatencyMetric, SurvivalGapMetric

DAYS_PER_YEAR = 365
MAX_EVENTS_PER_YEAR = 365.0  # a Poisson rate is capped at one event a day
_CHUNK_CELLS = 1 << 20  # draws x years simulated at once for a risk line: about 8 MB

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
    value: Numeric  # the amount, or the yearly probability (or rate) of a risk event
    impact: Fixed | Triple | None  # the cost of one risk event
    random_key: str  # equal keys share random numbers across options (common random numbers)
    events: EventModel = EventModel.BERNOULLI
    event_key: str = ""  # the random numbers of the events: the option's own unless a shared cause
    impact_key: str = ""  # the random numbers of the impact: shared with every option
    shared_impact: str = ""  # the incident kind whose impact the scenario sets once, if it does
    gap_key: str = ""  # the random numbers of a measured gap: the option's own (its own measurement)


@dataclass(frozen=True)
class MeasuredLine:
    """A line a measurement informed (or could not inform), and what was measured."""

    option: str
    category: str
    metric: str
    note: str
    replaced: bool = True  # False: audited, but the estimate stands (`note` says why, e.g. too few faces)


@dataclass(frozen=True)
class CostModel:
    """A scenario ready to evaluate: terms, volume and the discounting factors."""

    option_names: tuple[str, ...]
    option_is_ml: tuple[bool, ...]
    terms: tuple[Term, ...]
    units_per_day: Fixed | Triple
    horizon_years: int
    discount_rate: float
    yearly_growth: float
    measured: tuple[MeasuredLine, ...] = ()
    correlations: tuple[tuple[str, str, float], ...] = ()  # (key, key, Spearman rank) of inputs that move together

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
    def unit_factor(self) -> float:
        """Present value of 1 USD per unit at 1 unit a day, growth included."""
        growth = (1 + self.yearly_growth) ** np.arange(self.horizon_years)
        return float(DAYS_PER_YEAR * (growth * self.discount_factors).sum())

    def multiplier(self, kind: LineKind) -> float:
        """Present value of one unit of a line of this kind (per unit: at one unit a day;
        a risk: one event a year, or a probability of 1)."""
        return {LineKind.ONE_OFF: 1.0, LineKind.PER_YEAR: self.annuity_factor,
                LineKind.PER_UNIT: self.unit_factor, LineKind.RISK: self.annuity_factor}[kind]

    @cached_property
    def twin_of(self) -> tuple[int, ...]:
        """For each option, the first option with exactly the same estimates (itself if none)."""
        signatures: list[list[object]] = [[] for _ in self.option_names]
        for t in self.terms:
            signatures[t.option].append((t.category, t.kind, t.sign, t.value, t.impact, t.events))
        first: dict[tuple[object, ...], int] = {}
        return tuple(first.setdefault(tuple(signature), i) for i, signature in enumerate(signatures))


def compile_model(scenario: Scenario, evidence: Evidence | None = None, unit: str = "unit") -> CostModel:
    """Resolve every level to numbers and flatten all options' lines into terms; where a line
    is `measured_by` a metric the evidence holds for its option, the measurement informs it."""
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
                shared = ""
                if line.kind is LineKind.RISK:
                    assert not isinstance(line.estimate, Fixed | Triple)
                    shared_impact = scenario.incident_impacts.get(line.category)
                    shared = line.category if shared_impact is not None else ""
                    value, impact = resolve_risk(line.estimate, scenario.levels.risk_scale(line.category),
                                                 shared_impact.estimate if shared_impact else None)
                else:
                    value = resolve(line.estimate, scenario.levels.amount_scale(line.category, line.kind))  # type: ignore[arg-type]
                measurement = _measurement(scenario, option, line, value, evidence, unit)
                if measurement is not None:
                    measured_value, note = measurement
                    value = measured_value if measured_value is not None else value
                    measured.append(MeasuredLine(option.name, line.category, line.measured_by.metric,  # type: ignore[union-attr]
                                                 note, replaced=measured_value is not None))
                cause = f"shared_cause/{line.shared_cause}" if line.shared_cause else f"{option.name}/{key}"
                terms.append(Term(
                    index, line.category + suffix, line.kind, sign, value, impact, key,
                    events=line.events, event_key=f"{cause}/events",
                    impact_key=f"incident_impacts/{shared}" if shared else f"{key}/impact",
                    shared_impact=shared, gap_key=f"{option.name}/{key}/gap",
                ))
    return CostModel(
        option_names=tuple(option.name for option in scenario.options),
        option_is_ml=tuple(option.kind.value == "ml" for option in scenario.options),
        terms=tuple(terms),
        units_per_day=scenario.volume.units_per_day,
        horizon_years=scenario.horizon_years,
        discount_rate=scenario.discount_rate,
        yearly_growth=scenario.volume.yearly_growth,
        measured=tuple(measured),
        correlations=correlated_keys(scenario),
    )


def survival_gap_from_counts(count: int, of: int, centre: float = 0.5) -> SurvivalGapMetric:
    """One comparison from a count of decided cards, each card counted as an independent face:
    gap = count / of - centre with the binomial standard error sqrt(r (1 - r) / of). For
    version-1 evidence and worked examples; a face-clustered audit gives a better error.

    >>> survival_gap_from_counts(90, 100).comparisons[0].gap
    0.4
    """
    rate = count / of
    error = math.sqrt(rate * (1 - rate) / of)
    comparison = GroupGap(groups=("first", "second"), gap=round(rate - centre, 12), standard_error=error,
                          n_faces=(of, of), n_cards=of, enough_faces=True)
    return SurvivalGapMetric(comparisons=(comparison,))


def _measurement(
    scenario: Scenario, option: Option, line: Line, estimate: Numeric, evidence: Evidence | None, unit: str = "unit"
) -> tuple[Numeric | None, str] | None:
    """The measured value for a line and a note saying what was measured; None to keep the
    estimate silently, (None, note) to keep it and say why."""
    if evidence is None or line.measured_by is None:
        return None
    metric = evidence.metric(option.implementation, line.measured_by.metric)
    scale = line.measured_by.scale
    if metric is None:
        return None
    if isinstance(metric, LatencyMetric):  # `evidence` migrates version-1 files to these types
        usd_per_ms = scenario.cpu_hour_usd / 3_600_000 * scale
        runs = "" if scale == 1 else f" a run, x {scale:,g} runs"  # a participant-hour is 108,000 frames
        note = (f"{metric.p50:.1f} ms median{runs} per {unit} (n={metric.n}) at ${scenario.cpu_hour_usd:g} "
                "per CPU-hour")
        note += f", {'CPU' if metric.clock == 'cpu' else 'wall-clock'} time"
        note += f" on {metric.machine}" if metric.machine else ""
        return Triple(metric.p10 * usd_per_ms, metric.p50 * usd_per_ms, metric.p90 * usd_per_ms), note
    if is_gap_metric(line.measured_by.metric):
        if not isinstance(metric, SurvivalGapMetric) or not metric.comparisons:
            return None
        assert isinstance(estimate, Fixed | Triple)
        return _gap_weighted(line, estimate, metric)
    if not isinstance(metric, CountMetric) or metric.of == 0:
        return None  # nothing decided: the estimate stands
    note = f"{line.measured_by.metric}: {metric.count} of {metric.of}; probability per year = {scale:g} x the rate"
    return MeasuredRate(metric.count, metric.of, None, scale), note


def _gap_weighted(line: Line, estimate: Fixed | Triple, metric: SurvivalGapMetric) -> tuple[Numeric | None, str]:
    """The estimate weighed by the usable comparisons' posterior gaps, with its note."""
    assert line.measured_by is not None
    label = line.measured_by.metric.replace("_", " ")  # "survival gap", "head retention gap"
    usable = metric.usable()
    left_out = len(metric.comparisons) - len(usable)
    if not usable:
        return None, (f"{label}: not enough faces to measure (every comparison has a group with fewer "
                      f"than {metric.min_faces} distinct faces); the estimate stands")
    prior = line.measured_by.prior_sd ** 2
    means = tuple(c.gap * prior / (prior + c.standard_error ** 2) for c in usable)
    sds = tuple(math.sqrt(prior * c.standard_error ** 2 / (prior + c.standard_error ** 2)) for c in usable)
    value = GapWeightedProbability(
        probability=estimate, gap_means=means, gap_sds=sds, prior_sd=line.measured_by.prior_sd,
        tolerance=line.measured_by.tolerance, floor=line.measured_by.floor,
        capped=line.events is EventModel.BERNOULLI,
    )
    largest = max(usable, key=lambda c: abs(c.gap))
    note = (f"{label}: largest gap {largest.gap:+.3f} (standard error {largest.standard_error:.3f}) "
            f"of {len(usable)} comparison(s); probability = estimate x {value.expected_weight:.2f} on average "
            f"(prior sd {value.prior_sd:g}, tolerance {value.tolerance:g}, floor {value.floor:g})")
    if left_out:
        note += f"; {left_out} comparison(s) left out: not enough faces to measure"
    return value, note


# ---- deterministic ------------------------------------------------------------------------

def deterministic_term_values(model: CostModel, overrides: Mapping[InputKey, float] | None = None) -> np.ndarray:
    """Each term's present value with every input at its likely value (risk at its expected
    yearly loss, probability x impact), except the inputs named in `overrides`."""
    overrides = overrides or {}

    def value_of(term_index: int, field: str, estimate: Numeric) -> float:
        return overrides.get((term_index, field), likely_value(estimate))

    per_day = overrides.get((VOLUME_TERM, "volume"), likely_value(model.units_per_day))
    values = np.empty(len(model.terms))
    for index, term in enumerate(model.terms):
        amount = value_of(index, "value", term.value) * model.multiplier(term.kind)
        if term.kind is LineKind.PER_UNIT:
            amount *= per_day
        elif term.kind is LineKind.RISK:
            assert term.impact is not None
            amount *= value_of(index, "impact", term.impact)
        values[index] = term.sign * amount
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
    # Per draw, the expected totals given every estimate's draw: incidents' years averaged out, since
    # no study before deciding can tell in which years they will happen (value of information uses it).
    expected_totals: np.ndarray
    input_bins: Mapping[str, np.ndarray]  # per random key: each draw's bin of equally likely values (uint8)


class RandomNumbers:
    """Random numbers keyed by name: the same key gives the same numbers, whatever else is drawn.

    Keying by name (not by draw order) means adding a line or an option leaves every other
    line's random numbers unchanged, and options that share a key share its numbers. Only the
    last few keys' uniforms are kept (terms are simulated grouped by key), so memory does not
    grow with lines.
    """

    _KEPT = 4

    def __init__(self, seed: int, draws: int, correlations: tuple[tuple[str, str, float], ...] = (),
                 *, bins: int = 0) -> None:
        self.seed = seed
        self.draws = draws
        self._recent: dict[str, np.ndarray] = {}
        self.bin_count = bins
        self.bins: dict[str, np.ndarray] = {}  # per key drawn: its draws' bins, kept (1 byte a draw) when bins > 0
        self._positions: dict[str, GridPositions] = {}
        # Correlated keys keep their numbers: their own uniforms, reordered once (Iman-Conover).
        self._correlated = correlated_uniforms(correlations, self._own_uniforms, self.stream("correlations"))

    def stream(self, key: str) -> np.random.Generator:
        """A fresh generator for `key`: successive calls continue one reproducible sequence."""
        return np.random.default_rng([self.seed, zlib.crc32(key.encode())])

    def uniforms(self, key: str) -> np.ndarray:
        """Uniforms in [0, 1) for `key`, one per draw (read-only: they may be shared)."""
        if key in self._correlated:
            uniforms = self._correlated[key]
        elif key in self._recent:
            uniforms = self._recent[key]
        else:
            if len(self._recent) >= self._KEPT:
                del self._recent[next(iter(self._recent))]
            uniforms = self._recent[key] = self._own_uniforms(key)
        if self.bin_count and key not in self.bins:
            self.bins[key] = np.minimum(uniforms * self.bin_count, self.bin_count - 1).astype(np.uint8)
        return uniforms

    def positions(self, key: str, estimate: Numeric) -> GridPositions | None:
        """Where `key`'s uniforms fall on the quantile grid, when `estimate` is drawn from that grid; the
        last two keys' are kept (a risk line's probability and impact), since the lines sharing a key
        are simulated one after another."""
        if not isinstance(estimate, Triple) or estimate.low == estimate.high:
            return None
        if key not in self._positions:
            if len(self._positions) >= 2:
                del self._positions[next(iter(self._positions))]
            self._positions[key] = grid_positions(self.uniforms(key))
        return self._positions[key]

    def _own_uniforms(self, key: str) -> np.ndarray:
        uniforms = self.stream(key).random(self.draws)
        uniforms.flags.writeable = False
        return uniforms

    def normals(self, key: str, rows: int) -> np.ndarray:
        """Standard normals for `key`, shape (rows, draws)."""
        return self.stream(key).standard_normal((self.draws, rows)).T


def simulate(model: CostModel, *, draws: int, seed: int, bins: int = 0) -> Draws:
    """Monte Carlo present values with common random numbers across options; memory per line
    is a few arrays of one value per draw, whatever the horizon. With `bins` (at most 255), each
    random input's draws are also sorted into that many equally likely bins."""
    random = RandomNumbers(seed, draws, model.correlations, bins=bins)
    per_day = sample(model.units_per_day, random.uniforms("volume"))
    totals = np.zeros((len(model.option_names), draws))
    expected = np.zeros((len(model.option_names), draws))
    category_means: tuple[dict[str, float], ...] = tuple({} for _ in model.option_names)
    for term in model.terms:  # categories in the order the lines come
        category_means[term.option][term.category] = 0.0
    for term in sorted(model.terms, key=lambda term: term.random_key):  # terms sharing numbers together
        present, given_inputs = _simulate_term(model, term, random, per_day)
        totals[term.option] += term.sign * present
        expected[term.option] += term.sign * given_inputs
        means = category_means[term.option]
        means[term.category] += term.sign * float(present.mean())
    return Draws(totals=totals, category_means=category_means, expected_totals=expected, input_bins=random.bins)


def draw_value(term: Term, random: RandomNumbers) -> np.ndarray:
    """Draws of a term's amount, or of its yearly probability (rate) of an event."""
    uniforms = random.uniforms(term.random_key)
    if isinstance(term.value, GapWeightedProbability):
        return term.value.values(uniforms, random.normals(term.gap_key, len(term.value.gap_means)))
    return sample(term.value, uniforms, random.positions(term.random_key, term.value))


def _simulate_term(
    model: CostModel, term: Term, random: RandomNumbers, per_day: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The term's present value per draw, and its expectation given the draws of its estimates."""
    amount = draw_value(term, random)
    if term.kind is LineKind.ONE_OFF:
        return amount, amount
    if term.kind is LineKind.PER_YEAR:
        present = np.asarray(amount * model.annuity_factor)
        return present, present
    if term.kind is LineKind.PER_UNIT:
        present = np.asarray(amount * per_day * model.unit_factor)
        return present, present
    assert term.impact is not None
    impact = sample(term.impact, random.uniforms(term.impact_key), random.positions(term.impact_key, term.impact))
    rate = np.minimum(amount, MAX_EVENTS_PER_YEAR) if term.events is EventModel.POISSON else amount
    return np.asarray(impact * discounted_events(model, term, amount, random)), impact * rate * model.annuity_factor


def discounted_events(model: CostModel, term: Term, chances: np.ndarray, random: RandomNumbers) -> np.ndarray:
    """Per draw, the present value of one USD paid each time the term's event happens.

    Years are simulated in chunks of draws (uniforms shaped draws x years, drawn in order), so
    the result does not depend on the chunk size and memory stays bounded for long horizons.
    """
    stream = random.stream(term.event_key)
    years = model.horizon_years
    chunk = max(1, _CHUNK_CELLS // years)
    present = np.empty(len(chances))
    factors = model.discount_factors
    for start in range(0, len(chances), chunk):
        stop = min(start + chunk, len(chances))
        uniforms = stream.random((stop - start, years), dtype=np.float32)  # 2^-24 is resolution enough
        rates = chances[start:stop, None]
        if term.events is EventModel.POISSON:
            present[start:stop] = poisson_quantiles(np.minimum(rates, MAX_EVENTS_PER_YEAR), uniforms) @ factors
        else:  # year by year: a boolean matrix product would take numpy's slow, non-BLAS path
            total = np.zeros(stop - start)
            for year, factor in enumerate(factors):
                total += np.where(uniforms[:, year] < rates[:, 0], factor, 0.0)
            present[start:stop] = total
    return present


def poisson_quantiles(rates: np.ndarray, uniforms: np.ndarray) -> np.ndarray:
    """Poisson(rate) counts by inverse CDF (the smallest k with P(N <= k) >= u), so equal uniforms
    give equal quantiles, as for every other draw; `rates` broadcasts against `uniforms`.

    >>> poisson_quantiles(np.array([1.0]), np.array([0.3, 0.5, 0.95])).tolist()
    [0.0, 1.0, 3.0]
    """
    shape = np.broadcast(rates, uniforms).shape
    rate = np.broadcast_to(rates, shape).ravel()
    target = np.broadcast_to(uniforms, shape).ravel()
    counts = np.zeros(rate.shape)
    probability = np.exp(-rate)
    cumulative = probability.copy()
    active = np.flatnonzero(target > cumulative)
    probability, cumulative, rate_left, target_left = (
        probability[active], cumulative[active], rate[active], target[active])
    k = 0
    while active.size:
        k += 1
        counts[active] = k
        probability = probability * rate_left / k
        cumulative = cumulative + probability
        keep = (target_left > cumulative) & (probability > 0)
        active, probability, cumulative, rate_left, target_left = (
            active[keep], probability[keep], cumulative[keep], rate_left[keep], target_left[keep])
    return counts.reshape(shape)
