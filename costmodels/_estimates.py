"""Estimates: a number, a low/likely/high triple (PERT), or a qualitative level from a meeting's scale."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from costmodels._errors import Problem, ScenarioError

LEVELS = ("near-zero", "low", "medium", "high")
"""The planning meeting's scale, lowest first. "A to B" spans two of them."""

_PERT_GRID_POINTS = 8193  # table resolution: quantile errors far below Monte Carlo noise


@dataclass(frozen=True)
class Fixed:
    """A number known well enough to carry no uncertainty."""

    value: float


@dataclass(frozen=True)
class Triple:
    """A low / likely / high estimate, drawn from a PERT distribution."""

    low: float
    likely: float
    high: float

    def __post_init__(self) -> None:
        problems = [
            Problem(name, f"{value!r} is not a finite number")
            for name, value in (("low", self.low), ("likely", self.likely), ("high", self.high))
            if not math.isfinite(value)
        ]
        if not problems and self.low > self.likely:
            problems.append(
                Problem("low", f"{self.low:g} is above likely ({self.likely:g}); "
                        "expected low <= likely <= high")
            )
        if not problems and self.likely > self.high:
            problems.append(
                Problem("high", f"{self.high:g} is below likely ({self.likely:g}); "
                        "expected low <= likely <= high")
            )
        if problems:
            raise ScenarioError(problems)

    @property
    def mean(self) -> float:
        """The PERT mean, (low + 4 likely + high) / 6.

        >>> Triple(0, 3, 12).mean
        4.0
        """
        return (self.low + 4 * self.likely + self.high) / 6


@dataclass(frozen=True)
class Level:
    """A qualitative level ("medium") or range ("low to medium"), resolved through a scale."""

    text: str

    def __post_init__(self) -> None:
        parse_level(self.text)  # raises a ScenarioError naming the accepted levels

    @property
    def bounds(self) -> tuple[str, str]:
        """The lowest and highest level named: "low to medium" -> ("low", "medium")."""
        return parse_level(self.text)


@dataclass(frozen=True)
class MeasuredRate:
    """A probability from a measured rate: scale x r, or scale x |r - centre| (a gap from
    parity), with r ~ Beta(count + 1, of - count + 1), the posterior under a uniform prior."""

    count: int
    of: int
    centre: float | None = None
    scale: float = 1.0

    def values(self, uniforms: np.ndarray) -> np.ndarray:
        """Draws of the probability (capped at 1) for the given uniforms."""
        rate = beta_quantiles(self.count + 1, self.of - self.count + 1, uniforms)
        value = rate if self.centre is None else np.abs(rate - self.centre)
        return np.minimum(self.scale * value, 1.0)


_GAP_GRID_POINTS = 4097  # quadrature points for the largest gap's distribution
_PRODUCT_GRID = (np.arange(256) + 0.5) / 256  # quantile midpoints for percentiles of a product


@dataclass(frozen=True)
class GapWeightedProbability:
    """A risk's probability per year (or yearly rate) weighed by a measured disparity.

    The meeting's estimate `probability` is read as the probability averaged over a skeptical
    prior on the true group gaps, g_k ~ N(0, prior_sd^2). The measurement gives each usable
    comparison a normal posterior N(gap_means[k], gap_sds[k]^2), and the probability becomes

        probability x w,   w = floor + (1 - floor) x excess / E_prior[excess],
        excess = max(max_k |g_k| - tolerance, 0),

    capped at 1 when it is a probability (`capped`), not when it is a Poisson rate. Under the
    prior E[w] = 1, so the estimate stands until a measurement says otherwise; the largest of
    the K gaps is used in both the posterior and the prior, so picking the largest is priced.
    """

    probability: Fixed | Triple
    gap_means: tuple[float, ...]
    gap_sds: tuple[float, ...]
    prior_sd: float
    tolerance: float
    floor: float
    capped: bool = True

    @property
    def prior_excess(self) -> float:
        """E_prior[excess]: the mean of max_k |g_k| beyond the tolerance under the prior."""
        count = len(self.gap_means)
        return float(_largest_gap_table((0.0,) * count, (self.prior_sd,) * count, self.tolerance)[2][-1])

    @property
    def weight_per_excess(self) -> float:
        """(1 - floor) / E_prior[excess]: how much w rises per unit of gap beyond the tolerance."""
        return (1 - self.floor) / self.prior_excess

    @property
    def expected_weight(self) -> float:
        """E_posterior[w]: at most 1 at parity, floor for a precise parity, above 1 for a disparity."""
        return self.floor + self.weight_per_excess * float(self._table[2][-1])

    @property
    def _table(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return _largest_gap_table(self.gap_means, self.gap_sds, self.tolerance)

    def weights(self, normals: np.ndarray) -> np.ndarray:
        """w for posterior draws of the gaps, given standard normals of shape (K, draws)."""
        means = np.asarray(self.gap_means)[:, None]
        sds = np.asarray(self.gap_sds)[:, None]
        largest = np.abs(means + sds * normals).max(axis=0)
        return np.asarray(self.floor + self.weight_per_excess * np.maximum(largest - self.tolerance, 0.0))

    def values(self, uniforms: np.ndarray, normals: np.ndarray) -> np.ndarray:
        """Draws of the weighed probability: uniforms for the estimate, normals (K, draws) for the gaps."""
        value = sample(self.probability, uniforms) * self.weights(normals)
        return np.asarray(np.minimum(value, 1.0)) if self.capped else np.asarray(value)

    def mean(self) -> float:
        """E[probability x w] (capped at 1 when a probability), by quadrature: no sampling noise."""
        plain = mean_value(self.probability) * self.expected_weight
        if not self.capped:
            return plain
        chances = sample(self.probability, _QUANTILE_GRID)
        lost_to_cap = chances * (self.expected_weight - self._mean_weight_below(chances))
        return max(plain - float(lost_to_cap.mean()), 0.0)

    def likely(self) -> float:
        """The value at the estimate's likely probability, averaged over the gap posterior."""
        chance = np.array([likely_value(self.probability)])
        if not self.capped:
            return float(chance[0] * self.expected_weight)
        return float(chance[0] * self._mean_weight_below(chance)[0])

    def percentiles(self, levels: tuple[float, float] = (5.0, 95.0)) -> tuple[float, float]:
        """Percentiles of the weighed probability, from a fixed grid of quantiles of both factors."""
        chances = sample(self.probability, _PRODUCT_GRID)
        heights, cdf, _ = self._table
        largest = np.interp(_PRODUCT_GRID, cdf, heights, left=0.0)
        weights = self.floor + self.weight_per_excess * np.maximum(largest - self.tolerance, 0.0)
        products = np.outer(chances, weights).ravel()
        if self.capped:
            products = np.minimum(products, 1.0)
        low, high = np.percentile(products, levels)
        return float(low), float(high)

    def _mean_weight_below(self, chances: np.ndarray) -> np.ndarray:
        """E[min(w, 1/p)] for each probability p (1/p = infinity when p = 0)."""
        heights, _, integral = self._table
        with np.errstate(divide="ignore"):
            ceiling = np.where(chances > 0, 1.0 / np.maximum(chances, 1e-300), np.inf)
        reach = self.tolerance + (np.minimum(ceiling, 1e300) - self.floor) / self.weight_per_excess
        partial = np.interp(reach, heights, integral)
        return np.where(ceiling <= self.floor, ceiling, self.floor + self.weight_per_excess * partial)


_normal_cdf_scalar = np.frompyfunc(lambda x: 0.5 * math.erfc(-x / math.sqrt(2.0)), 1, 1)


def normal_cdf(x: np.ndarray) -> np.ndarray:
    """The standard normal CDF, exact to double precision (math.erfc element by element)."""
    return np.asarray(_normal_cdf_scalar(np.asarray(x, dtype=float)), dtype=float)


@functools.lru_cache(maxsize=256)
def _largest_gap_table(
    means: tuple[float, ...], sds: tuple[float, ...], tolerance: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """M = max_k |g_k| for independent g_k ~ N(means[k], sds[k]^2), on a grid of heights m >= 0:
    its CDF F(m) = prod_k P(|g_k| <= m), and the integral of 1 - F from the tolerance up to m,
    which is E[min(max(M - tolerance, 0), m - tolerance)]; its last value is E[excess]."""
    upper = max([tolerance + 1e-6] + [abs(m) + 12 * max(s, 0.0) + 1e-6 for m, s in zip(means, sds, strict=True)])
    heights = np.linspace(0.0, upper, _GAP_GRID_POINTS)
    if 0 < tolerance < upper:
        heights = np.union1d(heights, [tolerance])
    cdf = np.ones_like(heights)
    for mean, sd in zip(means, sds, strict=True):
        spread = max(sd, 1e-12)  # a point mass at the mean when the error is zero
        cdf *= normal_cdf((heights - mean) / spread) - normal_cdf((-heights - mean) / spread)
    cdf = np.maximum.accumulate(np.clip(cdf, 0.0, 1.0))
    survival = 1.0 - cdf
    integral = np.concatenate(([0.0], np.cumsum((survival[1:] + survival[:-1]) / 2 * np.diff(heights))))
    integral = np.maximum(integral - np.interp(tolerance, heights, integral), 0.0)  # from the tolerance up
    for array in (heights, cdf, integral):
        array.flags.writeable = False
    return heights, cdf, integral


Estimate = Fixed | Triple | Level
Numeric = Fixed | Triple | MeasuredRate | GapWeightedProbability
"""An estimate with a numeric meaning: what the engine samples."""


def parse_level(text: str) -> tuple[str, str]:
    """Split a level text into its lowest and highest level.

    >>> parse_level("Medium to high")
    ('medium', 'high')
    >>> parse_level("near-zero")
    ('near-zero', 'near-zero')
    """
    words = " ".join(text.lower().split())
    first, _, last = words.partition(" to ")
    last = last or first
    expected = f"expected one of {', '.join(LEVELS)}, or a range such as 'low to medium'"
    unknown = [part for part in (first, last) if part not in LEVELS]
    if unknown:
        raise ScenarioError([Problem("", f"{text!r} is not a level; {expected}")])
    if LEVELS.index(first) > LEVELS.index(last):
        raise ScenarioError([Problem("", f"{text!r} runs downwards; name the lower level first")])
    return first, last


def resolve_level(level: Level, scale: Mapping[str, Triple]) -> Triple:
    """The triple a level stands for on a scale; a range takes the low of its first level,
    the high of its last, and the mean of their likely values.

    >>> scale = {"low": Triple(1, 2, 3), "medium": Triple(3, 6, 9)}
    >>> resolve_level(Level("low to medium"), scale)
    Triple(low=1, likely=4.0, high=9)
    """
    first, last = level.bounds
    if first == last:
        return scale[first]
    return Triple(scale[first].low, (scale[first].likely + scale[last].likely) / 2, scale[last].high)


_QUANTILE_GRID = (np.arange(4096) + 0.5) / 4096  # midpoints: their mean is the distribution mean


def likely_value(estimate: Numeric) -> float:
    """The value a deterministic run uses: the number, the triple's likely value, or a
    measured rate's posterior mean."""
    if isinstance(estimate, Fixed):
        return estimate.value
    if isinstance(estimate, Triple):
        return estimate.likely
    if isinstance(estimate, GapWeightedProbability):
        return estimate.likely()
    return float(estimate.values(_QUANTILE_GRID).mean())


def mean_value(estimate: Numeric) -> float:
    """The expected value: the number, the PERT mean, or a measured quantity's mean.

    >>> mean_value(Triple(0, 3, 12))
    4.0
    """
    if isinstance(estimate, Fixed):
        return estimate.value
    if isinstance(estimate, Triple):
        return estimate.mean
    if isinstance(estimate, GapWeightedProbability):
        return estimate.mean()
    return float(estimate.values(_QUANTILE_GRID).mean())


def percentile_range(estimate: Numeric) -> tuple[float, float]:
    """The 5th and 95th percentiles: the range every tornado bar swings over.

    >>> [round(x, 4) for x in percentile_range(Triple(0, 0, 1))]  # Beta(1, 5): 1 - (1 - q)^(1/5)
    [0.0102, 0.4507]
    """
    if isinstance(estimate, Fixed) or (isinstance(estimate, Triple) and estimate.low == estimate.high):
        value = likely_value(estimate)
        return value, value
    if isinstance(estimate, Triple):
        low, high = sample(estimate, np.array([0.05, 0.95]))
        return float(low), float(high)
    if isinstance(estimate, GapWeightedProbability):
        return estimate.percentiles()
    low, high = np.percentile(estimate.values(_QUANTILE_GRID), [5, 95])
    return float(low), float(high)


@dataclass(frozen=True)
class GridPositions:
    """Where uniforms fall on the grid every quantile table shares: the same for every line drawn from
    them, so computed once per random key (common random numbers draw several lines from one key)."""

    index: np.ndarray
    fraction: np.ndarray


def grid_positions(uniforms: np.ndarray) -> GridPositions:
    """The table index below each uniform and how far past it the uniform lies."""
    position = uniforms * (_PERT_GRID_POINTS - 1)
    index = position.astype(np.intp)
    np.minimum(index, _PERT_GRID_POINTS - 2, out=index)
    position -= index
    return GridPositions(index, position)


def sample(estimate: Numeric, uniforms: np.ndarray, positions: GridPositions | None = None) -> np.ndarray:
    """Turn uniforms in [0, 1) into draws of the estimate (inverse-CDF, so equal uniforms
    give equal quantiles: that is what makes common random numbers work across options).
    A gap-weighted probability also needs normals for its gaps: see `GapWeightedProbability.values`.
    `positions`, the uniforms' `grid_positions` when already known, saves finding them again."""
    if isinstance(estimate, MeasuredRate):
        return estimate.values(uniforms)
    if isinstance(estimate, GapWeightedProbability):
        raise TypeError("a gap-weighted probability is drawn with GapWeightedProbability.values")
    if isinstance(estimate, Fixed) or estimate.low == estimate.high:
        return np.full(uniforms.shape, likely_value(estimate), dtype=float)
    return estimate.low + (estimate.high - estimate.low) * _pert_unit_quantiles(estimate, uniforms, positions)


def _pert_unit_quantiles(estimate: Triple, uniforms: np.ndarray, positions: GridPositions | None = None) -> np.ndarray:
    """Quantiles of the PERT's underlying Beta(alpha, beta) on [0, 1].

    Read off a table evenly spaced in probability: a draw costs an index and one linear
    interpolation, not a search or a special-function call.
    """
    span = estimate.high - estimate.low
    return beta_quantiles(1 + 4 * (estimate.likely - estimate.low) / span,
                          1 + 4 * (estimate.high - estimate.likely) / span, uniforms, positions)


@functools.lru_cache(maxsize=1024)
def _beta_quantile_table(alpha: float, beta: float) -> np.ndarray:
    """Beta(alpha, beta) quantiles at evenly spaced probabilities 0 .. 1 (alpha, beta >= 1).

    The CDF is tabulated by the trapezoid rule over the span that holds the mass (all of
    [0, 1] for a PERT, a narrow window for a Beta posterior from thousands of trials),
    in log space so large exponents do not underflow, and inverted by interpolation.
    """
    mean = alpha / (alpha + beta)
    spread = 12 * math.sqrt(alpha * beta / ((alpha + beta) ** 2 * (alpha + beta + 1)))
    x = np.linspace(max(0.0, mean - spread), min(1.0, mean + spread), _PERT_GRID_POINTS)
    with np.errstate(divide="ignore"):
        log_density = (alpha - 1) * np.log(x) if alpha != 1 else np.zeros_like(x)
        log_density = log_density + ((beta - 1) * np.log1p(-x) if beta != 1 else 0.0)
    density = np.exp(log_density - log_density.max())
    cdf = np.concatenate(([0.0], np.cumsum((density[1:] + density[:-1]) / 2)))
    cdf /= cdf[-1]
    table = np.interp(np.linspace(0.0, 1.0, _PERT_GRID_POINTS), cdf, x)
    table.flags.writeable = False  # shared by every caller through the cache
    return table


@functools.lru_cache(maxsize=1024)
def _beta_quantile_steps(alpha: float, beta: float) -> np.ndarray:
    """The differences between neighbouring entries of the quantile table (interpolation slopes)."""
    steps = np.diff(_beta_quantile_table(alpha, beta))
    steps.flags.writeable = False
    return steps


def beta_quantiles(
    alpha: float, beta: float, uniforms: np.ndarray, positions: GridPositions | None = None
) -> np.ndarray:
    """Quantiles of Beta(alpha, beta) (alpha, beta >= 1) at the given uniforms (or their grid positions)."""
    table = _beta_quantile_table(float(alpha), float(beta))
    steps = _beta_quantile_steps(float(alpha), float(beta))
    where = positions if positions is not None else grid_positions(uniforms)
    # In place where it can be: this runs once per line and draw, the engine's hottest loop.
    result = steps[where.index]
    result *= where.fraction
    result += table[where.index]
    return np.asarray(result)
