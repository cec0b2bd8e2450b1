"""Value of information: what knowing an input before deciding would save, from the draws already made.

The decision picks the option with the least expected cost. With perfect information about every
estimate it would pick the cheapest option draw by draw; the expected value of perfect information
(EVPI) is the expected cost saved: min_j E[C_j] - E[min_j C_j]. Knowing one input x only (EVPPI),
it would pick the cheapest option given x: min_j E[C_j] - E_x[min_j E[C_j | x]].

E[C_j | x] is a regression of each option's cost on the input (the non-parametric approach of
Strong and Oakley, 2013), here the simplest smoother there is: the mean cost in each of equally
likely bins of x. Bin means never overstate what is learnt (0 <= EVPPI <= EVPI holds exactly);
the noise in them makes a small upward bias. The error stated is the batch-means standard error:
the estimate's spread over 10 interleaved batches of the draws, divided by sqrt(10).

Costs are the draws' expected totals given the estimates: whether an incident falls in one year
or another is chance that no study before deciding can learn, so it is not an input.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from costmodels._analysis import format_usd
from costmodels._correlation import VOLUME_KEY
from costmodels._estimates import Fixed, GapWeightedProbability, MeasuredRate, Numeric, Triple
from costmodels._model import CostModel, Draws, RandomNumbers
from costmodels._scenario import LineKind

BATCHES = 10
DRAWS_PER_BIN = 1000
MAX_BINS = 100
MIN_DRAWS = 5 * DRAWS_PER_BIN  # below 5 bins the regression is too coarse to say anything
VOI_BASIS = (f"expected cost saved by knowing an input before choosing, from the same draws: each option's cost "
             f"averaged within equally likely bins of the input (up to {MAX_BINS} bins of at least "
             f"{DRAWS_PER_BIN:,} draws); error: standard error over {BATCHES} batches of the draws")
NOT_ENOUGH_DRAWS = (f"Not enough simulations to measure the value of information: it needs at least "
                    f"{MIN_DRAWS:,} draws.")


@dataclass(frozen=True)
class InputWorth:
    """What knowing one input before deciding is worth (EVPPI), with its standard error."""

    input: str
    evppi_usd: float
    standard_error_usd: float


@dataclass(frozen=True)
class ValueOfInformation:
    """What learning more before deciding is worth: all inputs at once (EVPI) and each alone (EVPPI)."""

    choice: str  # the option with the least expected cost: what the decision is without more information
    evpi_usd: float
    evpi_standard_error_usd: float
    evppi: tuple[InputWorth, ...]  # largest first
    enough_draws: bool = True

    basis = VOI_BASIS

    def sentence(self, name: Callable[[str], str] = str) -> str:
        """The meeting's sentence: "Before deciding, it is worth up to $X to know <input>; nothing else ...";
        `name` turns an input's name into the reader's words."""
        if not self.enough_draws:
            return NOT_ENOUGH_DRAWS
        if not self.evppi or self.evpi_usd <= 0:
            return (f"Learning more before deciding cannot change the choice of {self.choice}: perfect information "
                    "about every estimate is worth nothing.")
        first = self.evppi[0]
        text = (f"Before deciding, it is worth up to {format_usd(first.evppi_usd)} "
                 f"(±{format_usd(first.standard_error_usd)}) to know {name(first.input)}")
        if len(self.evppi) > 1:
            second = self.evppi[1]
            text += (f"; nothing else is worth more than {format_usd(second.evppi_usd)} "
                     f"(±{format_usd(second.standard_error_usd)})")
        return (text + f" (knowing every estimate: {format_usd(self.evpi_usd)}; without more information the "
                f"choice is {self.choice}).")

    def to_data(self) -> dict[str, Any]:
        """Plain data for JSON, the list largest first."""
        return {
            "choice": self.choice,
            "evpi_usd": self.evpi_usd,
            "evpi_standard_error_usd": self.evpi_standard_error_usd,
            "evppi": [vars(worth) for worth in self.evppi],
            "enough_draws": self.enough_draws,
            "basis": self.basis,
        }


def bin_count(draws: int) -> int:
    """How many equally likely bins an input's draws are split into: at least 1,000 draws in each.

    >>> bin_count(100_000), bin_count(20_000), bin_count(1_000)
    (100, 20, 1)
    """
    return max(1, min(MAX_BINS, draws // DRAWS_PER_BIN))


def value_of_information(model: CostModel, simulated: Draws, seed: int, units: str = "units") -> ValueOfInformation:
    """EVPI and every uncertain input's EVPPI for a model simulated with `seed` and `bin_count` bins
    (the volume named in `units`, as the tornado names it)."""
    costs = simulated.expected_totals
    draws = costs.shape[1]
    best = int(np.argmin(costs.mean(axis=1)))
    choice = " and ".join(name for i, name in enumerate(model.option_names) if model.twin_of[i] == model.twin_of[best])
    if draws < MIN_DRAWS:
        return ValueOfInformation(choice, 0.0, 0.0, (), enough_draws=False)
    batch = np.arange(draws) % BATCHES
    costs = costs[contenders(costs)]
    evpi, evpi_error = perfect_information(costs, batch)
    bins = bin_count(draws)
    random = RandomNumbers(seed, draws)  # for the measured gaps' normals, which no correlation reorders
    worths = []
    for label, driver in uncertain_inputs(model, random, units):
        if len(costs) < 2:  # one option is cheapest in every draw: no input can change the choice
            worths.append(InputWorth(label, 0.0, 0.0))
            continue
        index = simulated.input_bins[driver] if isinstance(driver, str) else bin_by_rank(driver, bins)
        value, error = partial_information(costs, index, bins, batch)
        worths.append(InputWorth(label, _cents(value), _cents(error)))
    worths.sort(key=lambda worth: worth.evppi_usd, reverse=True)
    return ValueOfInformation(choice, _cents(evpi), _cents(evpi_error), tuple(worths))


def contenders(costs: np.ndarray) -> np.ndarray:
    """The options that can be cheapest: an option costing at least as much as another in every draw
    never has the least mean in any bin either, so it changes no value of information (of identical
    options, the first is kept).

    >>> contenders(np.array([[1.0, 2.0], [1.0, 2.0], [3.0, 1.0], [4.0, 3.0]])).tolist()
    [0, 2]
    """
    keep = []
    for option in range(len(costs)):
        beaten = any(
            bool((costs[other] <= costs[option]).all())
            and (other < option or bool((costs[other] < costs[option]).any()))
            for other in range(len(costs)) if other != option
        )
        if not beaten:
            keep.append(option)
    return np.array(keep, dtype=np.intp)


def _cents(amount: float) -> float:
    """Money to the cent: sums of millions leave rounding dust (1e-10) where the answer is zero."""
    return round(amount, 2) + 0.0  # + 0.0 turns -0.0 into 0.0


def perfect_information(costs: np.ndarray, batch: np.ndarray) -> tuple[float, float]:
    """EVPI = min_j mean(C_j) - mean(min_j C_j) for costs (options, draws), and its batch standard error.

    >>> perfect_information(np.array([[0.0, 2.0], [1.0, 1.0]]), np.array([0, 1]))[0]
    0.5
    """
    value = float(costs.mean(axis=1).min() - costs.min(axis=0).mean())
    counts = np.bincount(batch)
    per_batch = np.stack([np.bincount(batch, weights=row) for row in costs]) / counts
    cheapest = np.bincount(batch, weights=costs.min(axis=0)) / counts
    return value, _standard_error(per_batch.min(axis=0) - cheapest)


def partial_information(costs: np.ndarray, bins: np.ndarray, count: int, batch: np.ndarray) -> tuple[float, float]:
    """EVPPI of the input whose bin (0 .. count - 1) each draw fell in: min_j mean(C_j) minus the
    mean over bins of min_j (C_j's mean in the bin), with its batch standard error.

    Each bin's mean is a bincount: work grows with options x draws, whatever the number of bins.

    >>> costs = np.array([[0.0, 0.0, 0.0, 0.0], [-1.0, -1.0, 1.0, 1.0]])
    >>> partial_information(costs, np.array([0, 0, 1, 1]), 2, np.array([0, 1, 0, 1]))[0]
    0.5
    """
    batches = int(batch.max()) + 1
    cell = bins.astype(np.intp) * batches + batch
    counts = np.bincount(cell, minlength=count * batches).reshape(count, batches).astype(float)
    sums = np.stack([np.bincount(cell, weights=row, minlength=count * batches) for row in costs])
    sums = sums.reshape(len(costs), count, batches)
    value = _partial(sums.sum(axis=2, keepdims=True), counts.sum(axis=1, keepdims=True))[0]
    return max(float(value), 0.0), _standard_error(_partial(sums, counts))


def _partial(sums: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """EVPPI per batch from per-bin sums (options, bins, batches) and counts (bins, batches); empty
    bins weigh nothing."""
    weights = counts / counts.sum(axis=0)
    means = np.divide(sums, counts, out=np.zeros_like(sums), where=counts > 0)
    overall = (means * weights).sum(axis=1)  # (options, batches)
    return np.asarray(overall.min(axis=0) - (means.min(axis=0) * weights).sum(axis=0))


def _standard_error(per_batch: np.ndarray) -> float:
    return float(per_batch.std(ddof=1) / np.sqrt(len(per_batch))) if len(per_batch) > 1 else 0.0


def bin_by_rank(values: np.ndarray, count: int) -> np.ndarray:
    """Equally full bins of any input by the rank of its draws (ties split by position).

    >>> bin_by_rank(np.array([5.0, 1.0, 3.0, 2.0]), 2).tolist()
    [1, 0, 1, 0]
    """
    ranks = np.empty(len(values), dtype=np.intp)
    ranks[np.argsort(values, kind="stable")] = np.arange(len(values))
    return np.asarray(ranks * count // len(values))


def uncertain_inputs(model: CostModel, random: RandomNumbers,
                     units: str = "units") -> list[tuple[str, str | np.ndarray]]:
    """Each uncertain input: its label, and the random key its draws are monotone in (or, for a measured
    gap, the draws of its weight).

    An input is a stream of random numbers: options draw a category's line from the same numbers, so
    knowing one option's draw is knowing the others' too, and they count as one input.
    """
    groups: dict[str, list[tuple[str, str]]] = {}  # key -> (option, what) of the uncertain terms using it
    gaps: list[tuple[str, np.ndarray]] = []
    named: dict[str, str] = {}  # keys named once for every option: the scenario's incident impacts
    measured = {(line.option, line.category): line.metric for line in model.measured if line.replaced}
    for term in model.terms:
        option = model.option_names[term.option]
        what = term.category + (" probability" if term.kind is LineKind.RISK else "")
        if (option, term.category) in measured:
            what += " (measured)"
        estimate = term.value.probability if isinstance(term.value, GapWeightedProbability) else term.value
        if _uncertain(estimate):
            groups.setdefault(term.random_key, []).append((option, what))
        if isinstance(term.value, GapWeightedProbability) and max(term.value.gap_sds) > 0:
            weights = term.value.weights(random.normals(term.gap_key, len(term.value.gap_means)))
            metric = measured[option, term.category].replace('_', ' ')
            gaps.append((f"{option}: {term.category} {metric} (measured)", weights))
        if term.impact is not None and _uncertain(term.impact):
            groups.setdefault(term.impact_key, []).append((option, f"{term.category} impact"))
            if term.shared_impact:  # as the tornado names it
                named[term.impact_key] = f"{term.shared_impact} impact (every option)"
    inputs: list[tuple[str, str | np.ndarray]] = [
        (named.get(key) or _group_label(users, len(model.option_names)), key) for key, users in groups.items()]
    if _uncertain(model.units_per_day):
        inputs.append((f"{units} per day", VOLUME_KEY))
    return inputs + list(gaps)


def _group_label(users: list[tuple[str, str]], options: int) -> str:
    """`ML smart crop: development` for one option's input, `development (every option)` for a shared one."""
    names = list(dict.fromkeys(option for option, _ in users))
    what = users[0][1]
    if len(names) == 1:
        return f"{names[0]}: {what}"
    return f"{what} ({'every option' if len(names) == options else ', '.join(names)})"


def _uncertain(estimate: Numeric) -> bool:
    if isinstance(estimate, Fixed):
        return False
    if isinstance(estimate, Triple):
        return estimate.low < estimate.high
    return isinstance(estimate, MeasuredRate | GapWeightedProbability)
