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


Estimate = Fixed | Triple | Level
Numeric = Fixed | Triple | MeasuredRate
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
    return float(estimate.values(_QUANTILE_GRID).mean())


def value_range(estimate: Numeric) -> tuple[float, float]:
    """The low and high a sensitivity analysis swings between (a measured rate: its 5th
    and 95th percentiles)."""
    if isinstance(estimate, Fixed):
        return estimate.value, estimate.value
    if isinstance(estimate, Triple):
        return estimate.low, estimate.high
    low, high = np.percentile(estimate.values(_QUANTILE_GRID), [5, 95])
    return float(low), float(high)


def sample(estimate: Numeric, uniforms: np.ndarray) -> np.ndarray:
    """Turn uniforms in [0, 1) into draws of the estimate (inverse-CDF, so equal uniforms
    give equal quantiles: that is what makes common random numbers work across options)."""
    if isinstance(estimate, MeasuredRate):
        return estimate.values(uniforms)
    if isinstance(estimate, Fixed) or estimate.low == estimate.high:
        return np.full(uniforms.shape, likely_value(estimate), dtype=float)
    return estimate.low + (estimate.high - estimate.low) * _pert_unit_quantiles(estimate, uniforms)


def _pert_unit_quantiles(estimate: Triple, uniforms: np.ndarray) -> np.ndarray:
    """Quantiles of the PERT's underlying Beta(alpha, beta) on [0, 1].

    Read off a table evenly spaced in probability: a draw costs an index and one linear
    interpolation, not a search or a special-function call.
    """
    span = estimate.high - estimate.low
    return beta_quantiles(1 + 4 * (estimate.likely - estimate.low) / span,
                          1 + 4 * (estimate.high - estimate.likely) / span, uniforms)


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


def beta_quantiles(alpha: float, beta: float, uniforms: np.ndarray) -> np.ndarray:
    """Quantiles of Beta(alpha, beta) (alpha, beta >= 1) at the given uniforms."""
    table = _beta_quantile_table(float(alpha), float(beta))
    position = uniforms * (len(table) - 1)
    index = np.minimum(position.astype(np.intp), len(table) - 2)
    return np.asarray(table[index] + (position - index) * (table[index + 1] - table[index]))
