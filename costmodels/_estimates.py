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


Estimate = Fixed | Triple | Level


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


def likely_value(estimate: Fixed | Triple) -> float:
    """The value a deterministic run uses: the number itself, or the triple's likely value."""
    return estimate.value if isinstance(estimate, Fixed) else estimate.likely


def mean_value(estimate: Fixed | Triple) -> float:
    """The expected value of an estimate's distribution."""
    return estimate.value if isinstance(estimate, Fixed) else estimate.mean


def value_range(estimate: Fixed | Triple) -> tuple[float, float]:
    """The low and high a sensitivity analysis swings between."""
    return (estimate.value, estimate.value) if isinstance(estimate, Fixed) else (estimate.low, estimate.high)


def sample(estimate: Fixed | Triple, uniforms: np.ndarray) -> np.ndarray:
    """Turn uniforms in [0, 1) into draws of the estimate (inverse-CDF, so equal uniforms
    give equal quantiles: that is what makes common random numbers work across options)."""
    if isinstance(estimate, Fixed) or estimate.low == estimate.high:
        return np.full(uniforms.shape, likely_value(estimate), dtype=float)
    return estimate.low + (estimate.high - estimate.low) * _pert_unit_quantiles(estimate, uniforms)


def _pert_unit_quantiles(estimate: Triple, uniforms: np.ndarray) -> np.ndarray:
    """Quantiles of the PERT's underlying Beta(alpha, beta) on [0, 1], read off a table.

    The table is evenly spaced in probability, so a draw costs an index and one linear
    interpolation, not a search or a special-function call.
    """
    span = estimate.high - estimate.low
    table = _beta_quantile_table(1 + 4 * (estimate.likely - estimate.low) / span,
                                 1 + 4 * (estimate.high - estimate.likely) / span)
    position = uniforms * (len(table) - 1)
    index = np.minimum(position.astype(np.intp), len(table) - 2)
    return np.asarray(table[index] + (position - index) * (table[index + 1] - table[index]))


@functools.lru_cache(maxsize=1024)
def _beta_quantile_table(alpha: float, beta: float) -> np.ndarray:
    """Beta(alpha, beta) quantiles at evenly spaced probabilities 0 .. 1.

    With alpha, beta in [1, 5] (always so for PERT) the density is bounded and smooth, so a
    CDF tabulated by the trapezoid rule and inverted by interpolation is accurate to well
    below Monte Carlo noise.
    """
    x = np.linspace(0.0, 1.0, _PERT_GRID_POINTS)
    density = x ** (alpha - 1) * (1 - x) ** (beta - 1)
    cdf = np.concatenate(([0.0], np.cumsum((density[1:] + density[:-1]) / 2)))
    cdf /= cdf[-1]
    table = np.interp(np.linspace(0.0, 1.0, _PERT_GRID_POINTS), cdf, x)
    table.flags.writeable = False  # shared by every caller through the cache
    return table
