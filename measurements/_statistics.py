"""Small statistics on counts and times: Wilson intervals, face-clustered rates, percentiles, parity ratios."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
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
    >>> wilson_interval(0, 3)[0], wilson_interval(10, 10)[1]
    (0.0, 1.0)
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
    # At 0 of n and n of n the bound equals the estimate; floating point would leave 5.6e-17 or 0.9999999999999999.
    low = 0.0 if count == 0 else max(0.0, centre - half_width)
    high = 1.0 if count == n else min(1.0, centre + half_width)
    return low, high


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


T_975 = (12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281, 2.2010, 2.1788, 2.1604,
         2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860, 2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555,
         2.0518, 2.0484, 2.0452, 2.0423)
"""Student's t 97.5% quantiles for 1..30 degrees of freedom."""


def t_critical(degrees_of_freedom: int) -> float:
    """The two-sided 95% critical value of Student's t (a table to 30 df, then the Cornish-Fisher series).

    >>> t_critical(4), round(t_critical(60), 3)
    (2.7764, 2.0)
    """
    if degrees_of_freedom < 1:
        raise ValueError(f"degrees of freedom must be at least 1, not {degrees_of_freedom}")
    if degrees_of_freedom <= len(T_975):
        return T_975[degrees_of_freedom - 1]
    z, df = Z_95, degrees_of_freedom
    return (z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
            + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3))


@dataclass(frozen=True)
class ClusteredRate:
    """A rate over cards whose faces recur: faces, not cards, are the independent unit.

    `standard_error` is two-way cluster-robust: clustered by the first face plus clustered by the
    second face (Cameron, Gelbach and Miller 2011, without subtracting the pair term, which makes
    it slightly conservative: in simulation the full formula covered 92-94%, this one 94-97%),
    never below the binomial error of independent cards. The 95% interval is rate +- t x error
    with t on min(faces) - 1 degrees of freedom, clipped to [0, 1]. With fewer than two faces
    on a side nothing can be said: the error is 0.5 (the largest a share can have) and the
    interval (0, 1).
    """

    wins: int
    n_cards: int
    n_faces: tuple[int, int]
    rate: float | None
    standard_error: float
    ci_low: float
    ci_high: float


UNMEASURABLE_ERROR = 0.5
"""The standard error reported when faces are too few to estimate one: a share's largest possible."""


def binomial_floor(count: int, n: int, clusters: int) -> float:
    """The least standard error a clustered share may claim: the binomial error of independent items.

    The share is smoothed, (count + 0.5) / (n + 1), so the floor stays above 0. When every item is
    alike (0 of n, or n of n) the data cannot show how strongly the clusters differ, so the floor
    counts clusters instead of items: 0 faces cut of 25 on 10 images is 0 of 10, not 0 of 25.

    >>> round(binomial_floor(2, 4, 2), 6), round(binomial_floor(0, 25, 10), 6)
    (0.25, 0.06587)
    """
    units = clusters if count in (0, n) else n
    smoothed = (count / n * units + 0.5) / (units + 1)
    return math.sqrt(smoothed * (1 - smoothed) / units)


def _cluster_square_sum(residuals: np.ndarray, clusters: Sequence[Hashable]) -> float:
    """Sum over clusters of the squared residual totals, with the small-sample factor G / (G - 1)."""
    index = {cluster: i for i, cluster in enumerate(dict.fromkeys(clusters))}
    totals = np.bincount([index[cluster] for cluster in clusters], weights=residuals, minlength=len(index))
    count = len(index)
    return float(count / (count - 1) * np.sum(totals * totals)) if count > 1 else 0.0


def clustered_rate(
    wins: Sequence[bool], first_faces: Sequence[Hashable], second_faces: Sequence[Hashable],
) -> ClusteredRate:
    """The share of cards won, with a face-clustered standard error and 95% interval (see ClusteredRate).

    Card k was won (`wins[k]`) by the side whose face is `first_faces[k]`, against `second_faces[k]`.

    >>> clustered_rate([True, False, True, True], ["a", "a", "b", "b"], ["x", "y", "x", "y"]).rate
    0.75
    """
    firsts: dict[Hashable, FaceCounts] = {}
    seconds: dict[Hashable, FaceCounts] = {}
    for won, first, second in zip(wins, first_faces, second_faces, strict=True):
        count_card(firsts, first, won)
        count_card(seconds, second, won)
    return clustered_rate_of_counts(firsts, seconds)


FaceCounts = tuple[int, int]
"""One face's cards: (won, shown)."""


def count_card(counts: dict[Hashable, FaceCounts], face: Hashable, won: bool) -> None:
    """Add one card to a face's (won, shown) counts."""
    wins, cards = counts.get(face, (0, 0))
    counts[face] = (wins + bool(won), cards + 1)


def clustered_rate_of_counts(
    first_faces: Mapping[Hashable, FaceCounts], second_faces: Mapping[Hashable, FaceCounts],
) -> ClusteredRate:
    """`clustered_rate` from each face's (won, shown) card counts on either side: all it depends on.

    A cluster's residual total is its wins minus the rate times its cards, so counts that are merged
    shard by shard give exactly the numbers of counting every card at once (faces summed in one order).

    >>> clustered_rate_of_counts({"a": (1, 2), "b": (2, 2)}, {"x": (2, 2), "y": (1, 2)}).rate
    0.75
    """
    n = sum(cards for _, cards in first_faces.values())
    faces = (len(first_faces), len(second_faces))
    if n == 0:
        return ClusteredRate(0, 0, faces, None, UNMEASURABLE_ERROR, 0.0, 1.0)
    won = sum(wins for wins, _ in first_faces.values())
    rate = won / n
    if min(faces) < 2:
        return ClusteredRate(won, n, faces, rate, UNMEASURABLE_ERROR, 0.0, 1.0)
    variance = _count_square_sum(first_faces, rate) + _count_square_sum(second_faces, rate)
    error = max(math.sqrt(variance) / n, binomial_floor(won, n, min(faces)))
    half = t_critical(min(faces) - 1) * error
    return ClusteredRate(won, n, faces, rate, round(error, 6), max(0.0, rate - half), min(1.0, rate + half))


def _count_square_sum(counts: Mapping[Hashable, FaceCounts], rate: float) -> float:
    """Sum over faces of (wins - rate x cards) squared, with the small-sample factor G / (G - 1)."""
    ordered = sorted(counts.items(), key=lambda item: repr(item[0]))  # one order, however the counts were merged
    totals = np.array([wins - rate * cards for _, (wins, cards) in ordered], dtype=np.float64)
    count = len(ordered)
    return float(count / (count - 1) * np.sum(totals * totals)) if count > 1 else 0.0


def clustered_share(flags: Sequence[bool], clusters: Sequence[Hashable]) -> Proportion:
    """A share of items that come in clusters (faces in images): one-way cluster-robust 95% interval.

    The error is clustered by `clusters` (never below the binomial error of independent items)
    and the interval is share +- t x error on (clusters - 1) degrees of freedom, clipped to
    [0, 1]; with one cluster, (0, 1).

    >>> clustered_share([True, True, False, False], ["a", "a", "b", "b"]).ci_low
    0.0
    """
    n = len(flags)
    count = int(sum(flags))
    groups = len(set(clusters))
    if n == 0 or groups < 2:
        return Proportion(count, n, count / n if n else None, 0.0, 1.0)
    share = count / n
    variance = _cluster_square_sum(np.asarray(flags, dtype=np.float64) - share, clusters)
    error = max(math.sqrt(variance) / n, binomial_floor(count, n, groups))
    half = t_critical(groups - 1) * error
    return Proportion(count, n, share, max(0.0, share - half), min(1.0, share + half))
