"""Small statistics on counts and times: Wilson intervals, percentiles, parity ratios."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

Z_95 = 1.959963984540054
"""The two-sided 95% normal quantile."""

PARITY = 0.5
RATIO_BAND = (0.8, 1.25)
"""The screening band for a ratio between groups (the four-fifths rule, both ways)."""

BAD_COUNT = "count {count} must be a whole number within 0..{n}"
BAD_TIMES = "latencies must be finite and at least 0; got {value!r}"


def wilson_interval(count: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval for `count` successes in `n` trials; (0, 1) when n is 0.

    It stays inside [0, 1] and keeps a sensible width at 0/n and n/n, unlike the Wald interval.

    >>> tuple(round(bound, 4) for bound in wilson_interval(8, 10))
    (0.4902, 0.9433)
    """
    if not 0 <= count <= n:
        raise ValueError(BAD_COUNT.format(count=count, n=n))
    if n == 0:
        return 0.0, 1.0
    share = count / n
    z_squared = z * z
    denominator = 1 + z_squared / n
    centre = (share + z_squared / (2 * n)) / denominator
    half_width = z * math.sqrt(share * (1 - share) / n + z_squared / (4 * n * n)) / denominator
    return max(0.0, centre - half_width), min(1.0, centre + half_width)


@dataclass(frozen=True)
class Proportion:
    """`count` out of `n`, its share (None when n is 0) and its 95% Wilson interval."""

    count: int
    n: int
    rate: float | None
    ci_low: float
    ci_high: float

    def __post_init__(self) -> None:
        if not 0 <= self.count <= self.n:
            raise ValueError(BAD_COUNT.format(count=self.count, n=self.n))

    @classmethod
    def of(cls, count: int, n: int) -> Proportion:
        """The proportion with its share and interval computed."""
        low, high = wilson_interval(count, n)
        return cls(count=count, n=n, rate=count / n if n else None, ci_low=low, ci_high=high)


@dataclass(frozen=True)
class LatencySummary:
    """Per-image time in ms: the 10th, 50th and 90th percentiles over `n` runs."""

    p10: float
    p50: float
    p90: float
    n: int

    def __post_init__(self) -> None:
        if self.n < 1 or not self.p10 <= self.p50 <= self.p90:
            raise ValueError(f"latency summary needs n >= 1 and p10 <= p50 <= p90, not {self}")


def summarise_latency(latencies_ms: Sequence[float]) -> LatencySummary | None:
    """Percentiles (linear interpolation) of per-image latencies; None when there are none.

    >>> summarise_latency([1.0, 2.0, 3.0, 4.0, 5.0])
    LatencySummary(p10=1.4, p50=3.0, p90=4.6, n=5)
    """
    if not latencies_ms:
        return None
    values = np.asarray(latencies_ms, dtype=np.float64)
    if not np.all(np.isfinite(values)) or np.any(values < 0):
        raise ValueError(BAD_TIMES.format(value=list(latencies_ms)))
    p10, p50, p90 = (round(float(np.percentile(values, q)), 6) for q in (10, 50, 90))
    return LatencySummary(p10=p10, p50=p50, p90=p90, n=len(latencies_ms))


def win_ratio(first_wins: int, second_wins: int) -> float | None:
    """How many times more often the first group won: None when the second never won (unbounded).

    >>> win_ratio(5, 4), win_ratio(0, 3), win_ratio(2, 0)
    (1.25, 0.0, None)
    """
    if second_wins == 0:
        return None
    return first_wins / second_wins


def outside_band(first_wins: int, second_wins: int, band: tuple[float, float] = RATIO_BAND) -> bool:
    """True when the win ratio leaves `band` (edges inside): a screening flag, not a verdict.

    No decided pairs is no evidence, so no flag; one side winning every decided pair is outside.

    >>> outside_band(4, 5), outside_band(3, 4), outside_band(1, 0), outside_band(0, 0)
    (False, True, True, False)
    """
    if first_wins + second_wins == 0:
        return False
    ratio = win_ratio(first_wins, second_wins)
    return ratio is None or not band[0] <= ratio <= band[1]
