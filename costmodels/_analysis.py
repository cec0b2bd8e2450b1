"""From simulated present values to the comparison a meeting reads: who wins, how surely, why."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from costmodels._budget import check_evaluation_size
from costmodels._estimates import mean_value, percentile_range
from costmodels._evidence import Evidence
from costmodels._model import CostModel, MeasuredLine, compile_model, deterministic_totals, simulate
from costmodels._scenario import LineKind, Scenario, UnitWords

if TYPE_CHECKING:  # both modules build on this one: imported where evaluate() runs, not here
    from costmodels._information import ValueOfInformation
    from costmodels._robustness import Robustness

DEFAULT_DRAWS = 100_000
DEFAULT_SEED = 2020  # the year of the cropping incident; any fixed number would do
BREAK_EVEN_BASIS = "expected values (every input at its mean)"
TORNADO_RANGE = "each input swung from its 5th to its 95th percentile, the rest at their means"


@dataclass(frozen=True)
class OptionSummary:
    """One option's total cost of model over the horizon, in present-value USD."""

    name: str
    kind: str
    deterministic_usd: float
    mean_usd: float
    p10_usd: float
    p50_usd: float
    p80_usd: float
    p90_usd: float
    by_category: Mapping[str, float]  # mean present value per category; sums to mean_usd


@dataclass(frozen=True)
class TornadoBar:
    """How far one input, swung from its 5th to its 95th percentile, moves the expected margin."""

    input: str
    low_usd: float
    high_usd: float
    swing_usd: float


@dataclass(frozen=True)
class BreakEven:
    """Where an ML option would match the cheapest non-ML option at each volume (expected values)."""

    option: str
    versus: str  # the cheapest non-ML option at the expected volume: what the benefit is measured against
    daily_volume: float | None  # the volume where it starts (or, failing that, stops) being cheapest
    volume_note: str
    yearly_benefit_usd: float  # the extra benefit a year the ML option needs to match, at the expected volume
    cheaper_volumes: tuple[float, float | None] | None = None  # (from, to; None: no end) it beats every non-ML option

    def benefit_needed(self) -> str:
        """What it would take to match, in one sentence (nothing, when it is the cheaper already)."""
        if self.yearly_benefit_usd <= 0:
            return "It needs no extra benefit to match: it is the cheaper already."
        return f"To match it would need {format_usd(self.yearly_benefit_usd)} a year of extra benefit."


@dataclass(frozen=True)
class Evaluation:
    """The whole comparison: per-option summaries and the cross-option answers."""

    options: tuple[OptionSummary, ...]
    p_cheapest: Mapping[str, float]
    p_cheaper: Mapping[str, Mapping[str, float]]  # p_cheaper[a][b] = P(a cheaper than b)
    tornado_pair: tuple[str, str]  # the margin the tornado explains: first minus second
    tornado: tuple[TornadoBar, ...]
    break_even: tuple[BreakEven, ...]
    draws: int
    seed: int
    totals: np.ndarray  # (options, draws) present values, draw by draw (paired across options)
    sorted_totals: np.ndarray  # the same, each option's row sorted: quantiles and S-curves read it
    measured: tuple[MeasuredLine, ...] = ()  # lines a measurement informed
    base_margin_usd: float = 0.0  # the expected margin the tornado is centred on
    twin_of: tuple[int, ...] = ()  # per option, the first option with identical estimates
    value_of_information: ValueOfInformation | None = None  # what learning an input before deciding is worth
    robustness: Robustness | None = None  # switch points per input and dominated options

    break_even_basis = BREAK_EVEN_BASIS
    tornado_range = TORNADO_RANGE

    @property
    def tornado_basis(self) -> str:
        """The tornado's margin in words: "ML smart crop minus Center crop"."""
        return " minus ".join(self.tornado_pair)

    def leaders(self) -> tuple[tuple[str, ...], float]:
        """The option(s) cheapest most often and their share of simulations; options with identical
        estimates count as one (their incidents may still differ draw by draw)."""
        twin_of = self.twin_of or tuple(range(len(self.options)))
        shares = {twin: sum(self.p_cheapest[o.name] for i, o in enumerate(self.options) if twin_of[i] == twin)
                  for twin in set(twin_of)}
        group = max(sorted(shares), key=lambda twin: shares[twin])
        return tuple(o.name for i, o in enumerate(self.options) if twin_of[i] == group), shares[group]

    def summary(self, name: str) -> OptionSummary:
        """The summary of the option called `name`."""
        return next(option for option in self.options if option.name == name)

    def to_data(self) -> dict[str, Any]:
        """Plain data for JSON: everything but the raw draws."""
        return {
            "draws": self.draws,
            "seed": self.seed,
            "options": [vars(option) | {"by_category": dict(option.by_category)} for option in self.options],
            "p_cheapest": dict(self.p_cheapest),
            "p_cheaper": {name: dict(row) for name, row in self.p_cheaper.items()},
            "tornado_basis": self.tornado_basis,
            "tornado_range": self.tornado_range,
            "base_margin_usd": self.base_margin_usd,
            "tornado": [vars(bar) for bar in self.tornado],
            "break_even_basis": self.break_even_basis,
            "break_even": [vars(entry) for entry in self.break_even],
            "measured": [vars(line) for line in self.measured],
            "value_of_information": self.value_of_information.to_data() if self.value_of_information else None,
            "robustness": self.robustness.to_data() if self.robustness else None,
        }


def evaluate(
    scenario: Scenario, *, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED, evidence: Evidence | None = None,
    units: UnitWords = UnitWords(),  # noqa: B008 (frozen: one shared default is safe)
) -> Evaluation:
    """Deterministic and Monte Carlo total cost of model for every option, compared; lines that
    are `measured_by` a metric in `evidence` use the measurement instead of the estimate. `units`
    names the volume's unit in sentences ("above 50 images a day"); templates give it."""
    # Both build on this module, so they are imported when an evaluation runs, not when this loads.
    from costmodels._information import bin_count, value_of_information
    from costmodels._robustness import robustness

    check_evaluation_size(scenario, draws)  # limits: refuse before allocating
    model = compile_model(scenario, evidence, units.singular)
    simulated = simulate(model, draws=draws, seed=seed, bins=bin_count(draws))
    deterministic = deterministic_totals(model)
    moments = term_moments(model)
    expected = expected_totals(model, moments)
    ordered = np.sort(simulated.totals, axis=1)
    percentiles = quantiles_of_sorted(ordered, np.array([0.1, 0.5, 0.8, 0.9]))
    options = tuple(
        OptionSummary(
            name=option.name, kind=option.kind.value, deterministic_usd=float(deterministic[i]),
            mean_usd=float(simulated.totals[i].mean()),
            p10_usd=float(percentiles[0, i]), p50_usd=float(percentiles[1, i]),
            p80_usd=float(percentiles[2, i]), p90_usd=float(percentiles[3, i]),
            by_category=simulated.category_means[i],
        )
        for i, option in enumerate(scenario.options)
    )
    names = model.option_names
    reference, rival = margin_pair(model, expected)
    return Evaluation(
        options=options,
        p_cheapest={name: float(p) for name, p in zip(names, probability_cheapest(simulated.totals), strict=True)},
        p_cheaper=probability_cheaper(names, simulated.totals),
        tornado_pair=(names[reference], names[rival]),
        tornado=tornado(model, moments, reference, rival, units.plural),
        break_even=break_even(model, moments, units.plural),
        draws=draws,
        seed=seed,
        totals=simulated.totals,
        sorted_totals=ordered,
        measured=model.measured,
        base_margin_usd=float(expected[reference] - expected[rival]),
        twin_of=model.twin_of,
        value_of_information=value_of_information(model, simulated, seed, units.plural),
        robustness=robustness(model, ordered, units),
    )


def quantiles_of_sorted(ordered: np.ndarray, probabilities: np.ndarray) -> np.ndarray:
    """Quantiles (numpy's default linear rule) of each row of an already sorted array,
    shape (len(probabilities), rows): a lookup, not another sort.

    >>> quantiles_of_sorted(np.array([[1.0, 2.0, 3.0, 4.0, 5.0]]), np.array([0.5, 0.9])).tolist()
    [[3.0], [4.6]]
    """
    positions = probabilities * (ordered.shape[1] - 1)
    below = np.floor(positions).astype(np.intp)
    above = np.minimum(below + 1, ordered.shape[1] - 1)
    fraction = positions - below
    return np.asarray((ordered[:, below] * (1 - fraction) + ordered[:, above] * fraction).T)


def probability_cheapest(totals: np.ndarray) -> np.ndarray:
    """Share of draws in which each option costs least; ties are shared, so the shares sum to 1.

    >>> probability_cheapest(np.array([[1.0, 5.0, 2.0], [2.0, 1.0, 2.0]])).tolist()
    [0.5, 0.5]
    """
    is_min = totals == totals.min(axis=0)
    return np.asarray((is_min / is_min.sum(axis=0)).mean(axis=1))


def probability_cheaper(names: tuple[str, ...], totals: np.ndarray) -> dict[str, dict[str, float]]:
    """P(a costs less than b) for each ordered pair of options; a tie counts half (one row of
    pairs at a time: work and memory grow with options x draws per row)."""
    table = {}
    for i, a in enumerate(names):
        shares = ((totals[i] < totals).mean(axis=1) + 0.5 * (totals[i] == totals).mean(axis=1)).tolist()
        table[a] = {b: shares[j] for j, b in enumerate(names) if j != i}
    return table


def margin_pair(model: CostModel, expected: np.ndarray) -> tuple[int, int]:
    """The two options whose difference the tornado explains: the cheapest ML option and the
    cheapest non-ML option (the question TCM exists for); failing that, the two cheapest."""
    ml = [i for i, is_ml in enumerate(model.option_is_ml) if is_ml]
    non_ml = [i for i, is_ml in enumerate(model.option_is_ml) if not is_ml]
    if ml and non_ml:
        return min(ml, key=lambda i: expected[i]), min(non_ml, key=lambda i: expected[i])
    cheapest_first = [int(i) for i in np.argsort(expected, kind="stable")]
    return cheapest_first[0], cheapest_first[1]


@dataclass(frozen=True)
class TermMoments:
    """Per term, as arrays: the expected value and the P5 / P95 of its amount (or probability)
    and of its impact, and its present value per unit (with signs); `expected_usd` is each
    term's expected present value."""

    value: np.ndarray
    value_low: np.ndarray
    value_high: np.ndarray
    impact: np.ndarray  # 1 for lines without an impact
    impact_low: np.ndarray
    impact_high: np.ndarray
    unit_usd: np.ndarray  # sign x present value of one unit (per unit of volume: at one unit a day)
    per_unit: np.ndarray  # bool
    volume: float
    volume_low: float
    volume_high: float

    @property
    def expected_usd(self) -> np.ndarray:
        """Each term's expected present value: the product of its independent inputs' means."""
        return np.asarray(self.unit_usd * self.value * self.impact * np.where(self.per_unit, self.volume, 1.0))


def term_moments(model: CostModel) -> TermMoments:
    """Means and P5 / P95 of every term's inputs (one pass over the terms, no simulation)."""
    count = len(model.terms)
    value, value_low, value_high = np.empty(count), np.empty(count), np.empty(count)
    impact, impact_low, impact_high = np.ones(count), np.ones(count), np.ones(count)
    for index, term in enumerate(model.terms):
        value[index] = mean_value(term.value)
        value_low[index], value_high[index] = percentile_range(term.value)
        if term.impact is not None:
            impact[index] = mean_value(term.impact)
            impact_low[index], impact_high[index] = percentile_range(term.impact)
    volume_low, volume_high = percentile_range(model.units_per_day)
    return TermMoments(
        value=value, value_low=value_low, value_high=value_high,
        impact=impact, impact_low=impact_low, impact_high=impact_high,
        unit_usd=np.array([term.sign * model.multiplier(term.kind) for term in model.terms]),
        per_unit=np.array([term.kind is LineKind.PER_UNIT for term in model.terms], dtype=bool),
        volume=mean_value(model.units_per_day), volume_low=volume_low, volume_high=volume_high,
    )


def expected_totals(model: CostModel, moments: TermMoments) -> np.ndarray:
    """Each option's expected present value (USD), exactly, from the inputs' means."""
    options = np.array([term.option for term in model.terms], dtype=np.intp)
    return np.bincount(options, weights=moments.expected_usd, minlength=len(model.option_names))


def tornado(
    model: CostModel, moments: TermMoments, reference: int, rival: int, units: str = "units"
) -> tuple[TornadoBar, ...]:
    """Each uncertain input swung from its 5th to its 95th percentile, the rest at their means:
    the margin (reference minus rival) at each end, largest swing first.

    Totals are sums of terms and each term a product of independent inputs, so an input's swing
    is its terms' change alone: computed for all inputs at once, not by re-running the model.
    """
    options = np.array([term.option for term in model.terms], dtype=np.intp)
    side = np.where(options == reference, 1.0, 0.0) - np.where(options == rival, 1.0, 0.0)
    volume = np.where(moments.per_unit, moments.volume, 1.0)
    base = float((side * moments.expected_usd).sum())
    per_value = side * moments.unit_usd * moments.impact * volume  # margin per unit of each term's value
    per_impact = side * moments.unit_usd * moments.value  # margin per unit of each term's impact
    changes: list[tuple[str, float, float]] = []
    for index in np.flatnonzero((per_value != 0) & (moments.value_low < moments.value_high)):
        term = model.terms[index]
        what = " probability" if term.kind is LineKind.RISK else ""
        changes.append((f"{model.option_names[term.option]}: {term.category}{what}",
                        per_value[index] * (moments.value_low[index] - moments.value[index]),
                        per_value[index] * (moments.value_high[index] - moments.value[index])))
    shared: dict[str, list[int]] = {}
    for index in np.flatnonzero((per_impact != 0) & (moments.impact_low < moments.impact_high)):
        term = model.terms[index]
        if term.shared_impact:
            shared.setdefault(term.shared_impact, []).append(int(index))
            continue
        changes.append((f"{model.option_names[term.option]}: {term.category} impact",
                        per_impact[index] * (moments.impact_low[index] - moments.impact[index]),
                        per_impact[index] * (moments.impact_high[index] - moments.impact[index])))
    for category, indices in shared.items():
        weight = float(per_impact[indices].sum())
        first = indices[0]
        changes.append((f"{category} impact (every option)",
                        weight * (moments.impact_low[first] - moments.impact[first]),
                        weight * (moments.impact_high[first] - moments.impact[first])))
    per_volume = float((side * moments.unit_usd * moments.value * moments.impact * moments.per_unit).sum())
    if per_volume != 0 and moments.volume_low < moments.volume_high:
        changes.append((f"{units} per day", per_volume * (moments.volume_low - moments.volume),
                        per_volume * (moments.volume_high - moments.volume)))
    bars = [TornadoBar(name, float(base + low), float(base + high), float(abs(high - low)))
            for name, low, high in changes if low != high]
    return tuple(sorted(bars, key=lambda bar: bar.swing_usd, reverse=True))


def break_even(model: CostModel, moments: TermMoments, units: str = "units") -> tuple[BreakEven, ...]:
    """For each ML option against the cheapest non-ML option at each volume (the lower envelope
    of the non-ML options' expected costs, each linear in volume): the daily volumes at which
    it is cheaper than all of them, and the yearly benefit it would need at the expected volume."""
    non_ml = [i for i, is_ml in enumerate(model.option_is_ml) if not is_ml]
    if not non_ml:
        return ()
    fixed, per_unit = split_by_volume(model, moments)
    at_volume = fixed + per_unit * moments.volume
    rival = min(non_ml, key=lambda i: at_volume[i])
    names = [model.option_names[i] for i in non_ml]
    entries = []
    for option, is_ml in enumerate(model.option_is_ml):
        if not is_ml:
            continue
        cheaper, note = cheaper_volumes(fixed[option] - fixed[non_ml], per_unit[option] - per_unit[non_ml],
                                        names, units)
        low = cheaper[0] if cheaper is not None and cheaper[0] > 0 else None
        high = cheaper[1] if cheaper is not None else None
        gap = float(at_volume[option] - at_volume[rival])
        entries.append(BreakEven(
            option=model.option_names[option], versus=model.option_names[rival],
            daily_volume=low if low is not None else high, volume_note=note,
            yearly_benefit_usd=max(gap, 0.0) / model.annuity_factor, cheaper_volumes=cheaper,
        ))
    return tuple(entries)


def split_by_volume(model: CostModel, moments: TermMoments) -> tuple[np.ndarray, np.ndarray]:
    """Per option: the expected present value that does not scale with volume, and the part
    per unit a day (so expected total = fixed + per_unit x expected units per day)."""
    options = np.array([term.option for term in model.terms], dtype=np.intp)
    unit = moments.unit_usd * moments.value * moments.impact
    count = len(model.option_names)
    fixed = np.bincount(options, weights=np.where(moments.per_unit, 0.0, unit), minlength=count)
    per_unit = np.bincount(options, weights=np.where(moments.per_unit, unit, 0.0), minlength=count)
    return fixed, per_unit


def cheaper_volumes(
    fixed_gaps: np.ndarray, per_unit_gaps: np.ndarray, rivals: list[str], units: str = "units"
) -> tuple[tuple[float, float | None] | None, str]:
    """The daily volumes x > 0 at which fixed_gap + per_unit_gap x x < 0 against every rival
    (the ML option minus each non-ML option), as (from, to or None for no end), and a sentence.

    The ML option's cost minus the lower envelope of the rivals' costs is the maximum of these
    lines, a convex function of volume: where it is negative is one interval, or nothing.

    >>> cheaper_volumes(np.array([100.0]), np.array([-2.0]), ["B"], "images")
    ((50.0, None), 'the ML option is cheaper above 50 images a day')
    """
    low, high = 0.0, math.inf
    low_by, high_by = "", ""
    for fixed_gap, per_unit_gap, name in zip(fixed_gaps, per_unit_gaps, rivals, strict=True):
        if per_unit_gap == 0:
            if fixed_gap >= 0:
                low, high = math.inf, 0.0  # never cheaper than this rival
            continue
        crossing = float(-fixed_gap / per_unit_gap)
        if per_unit_gap < 0 and crossing > low:
            low, low_by = crossing, name
        elif per_unit_gap > 0 and crossing < high:
            high, high_by = crossing, name
    single = len(rivals) == 1
    against = "" if single else " than every non-ML option"
    if low >= high:
        if single:
            return None, f"no volume makes the ML option cheaper: it never costs less than {rivals[0]}"
        return None, "no volume makes the ML option cheapest: at every volume a non-ML option costs no more"
    if low == 0 and high == math.inf:
        return (0.0, None), f"the ML option costs less{against} at every volume"
    where = {(True, False): f"above {low:,.0f}", (False, True): f"below {high:,.0f}",
             (True, True): f"between {low:,.0f} and {high:,.0f}"}[(low > 0, high < math.inf)]
    who = [f"it overtakes {low_by} at {low:,.0f}"] if low > 0 else []
    who += [f"{high_by} overtakes it at {high:,.0f}"] if high < math.inf else []
    extra = f" ({'; '.join(who)})" if against else ""
    return (low, high if high < math.inf else None), f"the ML option is cheaper{against} {where} {units} a day{extra}"


def verdict(evaluation: Evaluation) -> str:
    """One sentence for the meeting: who wins, how surely, and what ML costs by comparison.

    Options with identical estimates are named together, since nothing in the scenario tells
    them apart (their incidents may still fall in different years, splitting P(cheapest)).
    """
    leaders, share = evaluation.leaders()
    twins = [evaluation.summary(name) for name in leaders]
    verb = "are" if len(twins) > 1 else "is"
    tie = " (their estimates are identical)" if len(twins) > 1 else ""
    sentence = f"{' and '.join(leaders)} {verb} cheapest in {share:.0%} of {evaluation.draws:,} simulations{tie}"
    winner = twins[0]
    ml_options = [o for o in evaluation.options if o.kind == "ml" and o not in twins]
    if ml_options and winner.kind != "ml":
        ml = min(ml_options, key=lambda option: option.p50_usd)
        sentence += f"; {ml.name} costs {format_usd(ml.p50_usd - winner.p50_usd)} more at P50"
    return sentence + "."


def format_usd(amount: float) -> str:
    """Money for a sentence: $1.2M, $35k, $900.

    >>> format_usd(1_234_567), format_usd(35_200), format_usd(900)
    ('$1.2M', '$35k', '$900')
    """
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(amount) >= size:
            digits = 1 if abs(amount) < 10 * size and suffix != "k" else 0
            return f"${amount / size:.{digits}f}{suffix}"
    return f"${amount:,.0f}"
