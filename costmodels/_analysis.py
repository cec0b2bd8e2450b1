"""From simulated present values to the comparison a meeting reads: who wins, how surely, why."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from costmodels._budget import check_evaluation_size
from costmodels._estimates import Fixed, value_range
from costmodels._evidence import Evidence
from costmodels._model import (
    VOLUME_TERM,
    CostModel,
    InputKey,
    MeasuredLine,
    compile_model,
    deterministic_term_values,
    deterministic_totals,
    simulate,
)
from costmodels._scenario import LineKind, Scenario

DEFAULT_DRAWS = 100_000
DEFAULT_SEED = 2020  # the year of the cropping incident; any fixed number would do


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
    """How far one input, swung from its low to its high, moves the decision margin."""

    input: str
    low_usd: float
    high_usd: float
    swing_usd: float


@dataclass(frozen=True)
class BreakEven:
    """Where an ML option would match the cheapest non-ML option (at likely values)."""

    option: str
    versus: str
    daily_volume: float | None  # images per day at which the two cost the same, if any
    volume_note: str
    yearly_benefit_usd: float  # the extra benefit a year the ML option needs to match


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
    measured: tuple[MeasuredLine, ...] = ()  # lines whose estimate a measurement replaced

    @property
    def tornado_basis(self) -> str:
        """The tornado's margin in words: "ML smart crop minus Center crop"."""
        return " minus ".join(self.tornado_pair)

    @property
    def base_margin_usd(self) -> float:
        """The margin at likely values, the centre line of the tornado."""
        first, second = (self.summary(name).deterministic_usd for name in self.tornado_pair)
        return first - second

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
            "tornado": [vars(bar) for bar in self.tornado],
            "break_even": [vars(entry) for entry in self.break_even],
            "measured": [vars(line) for line in self.measured],
        }


def evaluate(
    scenario: Scenario, *, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED, evidence: Evidence | None = None
) -> Evaluation:
    """Deterministic and Monte Carlo total cost of model for every option, compared; lines that
    are `measured_by` a metric in `evidence` use the measurement instead of the estimate."""
    check_evaluation_size(scenario, draws)  # limits: refuse before allocating
    model = compile_model(scenario, evidence)
    simulated = simulate(model, draws=draws, seed=seed)
    deterministic = deterministic_totals(model)
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
    reference, rival = margin_pair(model, deterministic)
    return Evaluation(
        options=options,
        p_cheapest={name: float(p) for name, p in zip(names, probability_cheapest(simulated.totals), strict=True)},
        p_cheaper=probability_cheaper(names, simulated.totals),
        tornado_pair=(names[reference], names[rival]),
        tornado=tornado(model, reference, rival),
        break_even=break_even(model, deterministic),
        draws=draws,
        seed=seed,
        totals=simulated.totals,
        sorted_totals=ordered,
        measured=model.measured,
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
    """P(a costs less than b) for each ordered pair of options; a tie counts half."""
    return {
        a: {b: float((totals[i] < totals[j]).mean() + 0.5 * (totals[i] == totals[j]).mean())
            for j, b in enumerate(names) if j != i}
        for i, a in enumerate(names)
    }


def margin_pair(model: CostModel, deterministic: np.ndarray) -> tuple[int, int]:
    """The two options whose difference the tornado explains: the cheapest ML option and the
    cheapest non-ML option (the question TCM exists for); failing that, the two cheapest."""
    ml = [i for i, is_ml in enumerate(model.option_is_ml) if is_ml]
    non_ml = [i for i, is_ml in enumerate(model.option_is_ml) if not is_ml]
    if ml and non_ml:
        return min(ml, key=lambda i: deterministic[i]), min(non_ml, key=lambda i: deterministic[i])
    cheapest_first = [int(i) for i in np.argsort(deterministic, kind="stable")]
    return cheapest_first[0], cheapest_first[1]


def uncertain_inputs(model: CostModel) -> dict[InputKey, str]:
    """Every input with a range (low < high), named for a reader."""
    inputs: dict[InputKey, str] = {}
    if not isinstance(model.images_per_day, Fixed):
        inputs[VOLUME_TERM, "volume"] = "images per day"
    for index, term in enumerate(model.terms):
        owner = f"{model.option_names[term.option]}: {term.category}"
        value_name = "probability" if term.kind is LineKind.RISK else ""
        for field, estimate, what in (("value", term.value, value_name), ("impact", term.impact, "impact")):
            if estimate is not None and value_range(estimate)[0] < value_range(estimate)[1]:
                inputs[index, field] = f"{owner} {what}".rstrip()
    return inputs


def _estimate_of(model: CostModel, key: InputKey) -> Any:
    index, field = key
    if index == VOLUME_TERM:
        return model.images_per_day
    term = model.terms[index]
    return term.value if field == "value" else term.impact


def tornado(model: CostModel, reference: int, rival: int) -> tuple[TornadoBar, ...]:
    """Each uncertain input swung low to high, the rest at likely: the margin
    (reference minus rival) at each end, largest swing first."""
    bars = []
    for key, name in uncertain_inputs(model).items():
        low, high = value_range(_estimate_of(model, key))
        at_low = deterministic_totals(model, {key: low})
        at_high = deterministic_totals(model, {key: high})
        margin_low = float(at_low[reference] - at_low[rival])
        margin_high = float(at_high[reference] - at_high[rival])
        if margin_low != margin_high:
            bars.append(TornadoBar(name, margin_low, margin_high, abs(margin_high - margin_low)))
    return tuple(sorted(bars, key=lambda bar: bar.swing_usd, reverse=True))


def break_even(model: CostModel, deterministic: np.ndarray) -> tuple[BreakEven, ...]:
    """For each ML option against the cheapest non-ML option: the daily volume at which their
    likely costs match (costs are linear in volume), and the yearly benefit it would need."""
    non_ml = [i for i, is_ml in enumerate(model.option_is_ml) if not is_ml]
    if not non_ml:
        return ()
    rival = min(non_ml, key=lambda i: deterministic[i])
    fixed, per_image = _split_by_volume(model)
    entries = []
    for option, is_ml in enumerate(model.option_is_ml):
        if not is_ml:
            continue
        volume, note = _crossing_volume(fixed[option] - fixed[rival], per_image[option] - per_image[rival])
        gap = float(deterministic[option] - deterministic[rival])
        entries.append(BreakEven(
            option=model.option_names[option], versus=model.option_names[rival],
            daily_volume=volume, volume_note=note,
            yearly_benefit_usd=max(gap, 0.0) / model.annuity_factor,
        ))
    return tuple(entries)


def _split_by_volume(model: CostModel) -> tuple[np.ndarray, np.ndarray]:
    """Per option: the likely present value that does not scale with volume, and the part
    per image a day (so total = fixed + per_image x images per day)."""
    values = deterministic_term_values(model, {(VOLUME_TERM, "volume"): 1.0})
    scales = np.array([term.kind is LineKind.PER_IMAGE for term in model.terms])
    options = [term.option for term in model.terms]
    fixed = np.zeros(len(model.option_names))
    per_image = np.zeros(len(model.option_names))
    np.add.at(fixed, options, np.where(scales, 0.0, values))
    np.add.at(per_image, options, np.where(scales, values, 0.0))
    return fixed, per_image


def _crossing_volume(fixed_gap: float, per_image_gap: float) -> tuple[float | None, str]:
    """Solve fixed_gap + per_image_gap x volume = 0 for a positive volume, and say what it means.

    >>> _crossing_volume(100.0, -2.0)
    (50.0, 'the ML option is cheaper above 50 images a day')
    """
    if per_image_gap == 0:
        return None, "volume does not change the gap: both cost the same per image"
    volume = -fixed_gap / per_image_gap
    if volume <= 0:
        side = "more" if fixed_gap > 0 else "less"
        return None, f"no volume makes them equal: the ML option costs {side} at every volume"
    direction = "above" if per_image_gap < 0 else "below"
    return volume, f"the ML option is cheaper {direction} {volume:,.0f} images a day"


def verdict(evaluation: Evaluation) -> str:
    """One sentence for the meeting: who wins, how surely, and what ML costs by comparison.

    Options whose simulated costs are identical in every draw (same estimates) are named
    together, since nothing in the scenario tells them apart.
    """
    best = max(evaluation.p_cheapest.values())
    leader = next(i for i, o in enumerate(evaluation.options) if evaluation.p_cheapest[o.name] == best)
    twins = [o for i, o in enumerate(evaluation.options)
             if np.array_equal(evaluation.totals[i], evaluation.totals[leader])]
    share = sum(evaluation.p_cheapest[o.name] for o in twins)
    names = " and ".join(o.name for o in twins)
    verb = "are" if len(twins) > 1 else "is"
    tie = " (their estimates are identical)" if len(twins) > 1 else ""
    sentence = f"{names} {verb} cheapest in {share:.0%} of {evaluation.draws:,} simulations{tie}"
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
