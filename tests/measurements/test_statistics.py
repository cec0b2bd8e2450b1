"""Statistics against hand-computed values."""

from __future__ import annotations

import pytest

from measurements import LatencySummary, Proportion, outside_band, summarise_latency, wilson_interval, win_ratio


@pytest.mark.parametrize(
    ("count", "n", "low", "high"),
    [
        (8, 10, 0.4902, 0.9433),
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (1, 2, 0.0945, 0.9055),
        (0, 0, 0.0, 1.0),
    ],
)
def test_wilson_interval_matches_hand_computed_bounds(count: int, n: int, low: float, high: float) -> None:
    assert tuple(round(bound, 4) for bound in wilson_interval(count, n)) == (low, high)


def test_wilson_interval_refuses_count_over_n() -> None:
    with pytest.raises(ValueError, match=r"^count 11 must be a whole number within 0\.\.10$"):
        wilson_interval(11, 10)


def test_proportion_of_carries_rate_and_interval() -> None:
    share = Proportion.of(8, 10)
    assert (share.count, share.n, share.rate) == (8, 10, 0.8)
    assert (round(share.ci_low, 4), round(share.ci_high, 4)) == (0.4902, 0.9433)
    assert Proportion.of(0, 0).rate is None


def test_summarise_latency_interpolates_percentiles() -> None:
    assert summarise_latency([10.0, 0.0, 20.0]) == LatencySummary(p10=2.0, p50=10.0, p90=18.0, n=3)
    assert summarise_latency([]) is None


def test_summarise_latency_refuses_negative_times() -> None:
    with pytest.raises(ValueError, match=r"^latencies must be finite and at least 0; got \[-1\.0\]$"):
        summarise_latency([-1.0])


@pytest.mark.parametrize(
    ("first", "second", "ratio", "flagged"),
    [
        (4, 5, 0.8, False),  # the band's lower edge is inside
        (5, 4, 1.25, False),  # the upper edge too
        (3, 4, 0.75, True),
        (4, 3, 4 / 3, True),
        (5, 5, 1.0, False),
        (3, 0, None, True),  # the second group never won: unbounded
        (0, 3, 0.0, True),
        (0, 0, None, False),  # no decided pairs: no evidence, no flag
    ],
)
def test_outside_band_flags_ratios_leaving_the_band(first: int, second: int, ratio: float | None,
                                                    flagged: bool) -> None:
    assert win_ratio(first, second) == ratio
    assert outside_band(first, second) is flagged


@pytest.mark.parametrize(("count", "n"), [(0, 1), (0, 3), (0, 7), (0, 1000)])
def test_wilson_interval_lower_bound_is_exactly_zero_at_zero(count: int, n: int) -> None:
    assert wilson_interval(count, n)[0] == 0.0


@pytest.mark.parametrize("n", [1, 3, 7, 10, 1000])
def test_wilson_interval_upper_bound_is_exactly_one_at_n(n: int) -> None:
    assert wilson_interval(n, n)[1] == 1.0
