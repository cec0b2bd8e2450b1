"""Face-clustered rates: hand-computed errors, and a simulation of audits whose faces recur on many cards."""

from __future__ import annotations

import math

import numpy as np
import pytest

from measurements import clustered_rate, clustered_share, t_critical


def test_clustered_rate_two_way_error_matches_hand_computation() -> None:
    # Residuals 0.25, -0.75, 0.25, 0.25 (rate 0.75). By first face: a -0.5, b 0.5 -> 0.5 x 2/1 = 1.0;
    # by second face: x 0.5, y -0.5 -> 1.0. Variance (1 + 1) / 4^2, error sqrt(2) / 4 = 0.353553
    # (above the binomial floor sqrt(0.7 x 0.3 / 4) = 0.229).
    rate = clustered_rate([True, False, True, True], ["a", "a", "b", "b"], ["x", "y", "x", "y"])
    assert (rate.wins, rate.n_cards, rate.n_faces, rate.rate, rate.standard_error) == (3, 4, (2, 2), 0.75, 0.353553)
    # t on min(2, 2) - 1 = 1 degree of freedom: 12.71 x 0.35 covers everything.
    assert (rate.ci_low, rate.ci_high) == (0.0, 1.0)


def test_clustered_rate_never_goes_below_the_binomial_floor() -> None:
    # Residuals 0.5, -0.5, -0.5, 0.5 cancel within every face: variance 0, so the binomial floor with
    # the smoothed rate (2.5 / 5) gives sqrt(0.25 / 4) = 0.25.
    rate = clustered_rate([True, False, False, True], ["a", "a", "b", "b"], ["x", "y", "x", "y"])
    assert rate.standard_error == 0.25


def test_clustered_share_with_nothing_cut_counts_images_not_faces() -> None:
    # 0 of 25 faces on 10 images: the data cannot show clustering, so the floor is 0 of 10 smoothed,
    # (0.5 / 11), error sqrt(0.04545 x 0.95455 / 10) = 0.06587, upper bound 2.2622 x 0.06587 = 0.149.
    share = clustered_share([False] * 25, [f"image{i % 10}" for i in range(25)])
    assert (share.count, share.n, share.ci_low) == (0, 25, 0.0)
    assert share.ci_high == pytest.approx(2.2622 * math.sqrt((0.5 / 11) * (10.5 / 11) / 10), abs=1e-6)


def test_clustered_rate_where_one_group_always_wins_counts_faces() -> None:
    # 5 faces a side, all 50 cards won by the first group: floor over the 5 faces, (5 + 0.5) / 6 smoothed.
    rate = clustered_rate([True] * 50, [f"a{i % 5}" for i in range(50)], [f"b{i // 10}" for i in range(50)])
    error = math.sqrt((5.5 / 6) * (0.5 / 6) / 5)
    assert rate.standard_error == pytest.approx(error, abs=1e-6)
    assert rate.ci_low == pytest.approx(1 - 2.7764 * error, abs=1e-5)


def test_clustered_rate_interval_uses_t_on_the_fewest_faces() -> None:
    # Three faces a side, rate 4/6. By first face: -1/3, 2/3, -1/3 -> 6/9 x 3/2 = 1.0; by second: 1.0.
    # Error sqrt(2) / 6 = 0.235702 (floor 0.1956); t(2) = 4.3027.
    rate = clustered_rate([True, False, True, True, False, True], list("aabbcc"), list("xyyzzx"))
    assert rate.standard_error == 0.235702
    # 4/6 +- 4.3027 x 0.235702 = 4/6 +- 1.014: three faces a side cannot say much, clipped to [0, 1].
    assert (rate.ci_low, rate.ci_high) == (0.0, 1.0)
    more_faces = clustered_rate([True, False] * 10, [f"a{i // 2}" for i in range(20)],
                                [f"b{(i + 1) // 2 % 10}" for i in range(20)])
    # Ten faces a side, each on two cards, one won and one lost: every residual sum is 0, so the
    # binomial floor sqrt(0.25 / 20) = 0.111803 holds, with t(9) = 2.2622.
    assert more_faces.standard_error == 0.111803
    assert more_faces.ci_low == pytest.approx(0.5 - 2.2622 * 0.111803, abs=1e-6)


def test_clustered_rate_with_one_face_a_side_cannot_be_measured() -> None:
    rate = clustered_rate([True] * 34, ["only"] * 34, [f"f{i % 8}" for i in range(34)])
    assert (rate.rate, rate.n_faces, rate.standard_error, rate.ci_low, rate.ci_high) == (1.0, (1, 8), 0.5, 0.0, 1.0)
    empty = clustered_rate([], [], [])
    assert (empty.rate, empty.n_cards, empty.ci_low, empty.ci_high) == (None, 0, 0.0, 1.0)


def test_clustered_share_clusters_faces_by_image() -> None:
    # 13 faces on one image all cut, 1 face on each of 3 others kept: 13 of 16 faces, but 4 images.
    share = clustered_share([True] * 13 + [False] * 3, ["city"] * 13 + ["a", "b", "c"])
    assert (share.count, share.n, share.rate) == (13, 16, 13 / 16)
    # Residuals per image: 13 x 3/16 = 2.4375 and three x -13/16; sum of squares 7.921875 x 4/3 = 10.5625;
    # error sqrt(10.5625) / 16 = 0.203125; t(3) = 3.1824.
    assert share.ci_low == pytest.approx(13 / 16 - 3.1824 * 0.203125)
    assert share.ci_high == 1.0


@pytest.mark.parametrize(("df", "value"), [(1, 12.7062), (9, 2.2622), (30, 2.0423), (40, 2.0211), (120, 1.9799)])
def test_t_critical_matches_the_table(df: int, value: float) -> None:
    assert t_critical(df) == pytest.approx(value, abs=2e-4)


def simulated_coverage(runs: int, faces: int, pairs: int, disparity: float, spread: float, seed: int) -> float:
    """Share of runs whose 95% interval covers the true survival rate of group A against group B.

    Each face has its own random effect (logit scale, sd `spread`) and appears on many cards;
    a card pits a face of A against one of B in both orders; A wins with logistic(disparity + u_a - u_b).
    """
    rng = np.random.default_rng(seed)
    truth = float(np.mean(1 / (1 + np.exp(-(disparity + rng.normal(0, spread, 400_000)
                                             - rng.normal(0, spread, 400_000))))))
    covered = 0
    every_pair = [(a, b) for a in range(faces) for b in range(faces)]
    for _ in range(runs):
        effect_a, effect_b = rng.normal(0, spread, faces), rng.normal(0, spread, faces)
        chosen = rng.choice(len(every_pair), size=pairs, replace=False)
        first = np.repeat([every_pair[k][0] for k in chosen], 2)  # both orders of each pair
        second = np.repeat([every_pair[k][1] for k in chosen], 2)
        wins = rng.random(first.size) < 1 / (1 + np.exp(-(disparity + effect_a[first] - effect_b[second])))
        rate = clustered_rate(list(wins), list(first), list(second))
        covered += rate.ci_low <= truth <= rate.ci_high
    return covered / runs


@pytest.mark.parametrize(
    ("faces", "pairs", "disparity", "spread"),
    [
        (8, 48, 0.5, 1.0),  # each face on about 12 cards; true rate 0.59
        (5, 25, 0.0, 1.0),  # the default minimum of faces, at parity
        (8, 64, 1.5, 1.0),  # a clear disparity: true rate 0.77
    ],
)
def test_clustered_rate_intervals_cover_a_known_disparity_with_recurring_faces(
    faces: int, pairs: int, disparity: float, spread: float
) -> None:
    coverage = simulated_coverage(runs=600, faces=faces, pairs=pairs, disparity=disparity, spread=spread, seed=9)
    assert 0.93 <= coverage <= 0.99


def test_card_counted_wilson_intervals_undercover_the_same_audits() -> None:
    # The old method on the same kind of audit, for contrast: treating cards as independent misses the truth often.
    from measurements import wilson_interval

    rng = np.random.default_rng(3)
    truth = float(np.mean(1 / (1 + np.exp(-(0.5 + rng.normal(0, 1.5, 400_000) - rng.normal(0, 1.5, 400_000))))))
    covered = 0
    for _ in range(300):
        effect_a, effect_b = rng.normal(0, 1.5, 6), rng.normal(0, 1.5, 6)
        first, second = np.repeat(np.arange(6), 12), np.tile(np.repeat(np.arange(6), 2), 6)
        wins = rng.random(first.size) < 1 / (1 + np.exp(-(0.5 + effect_a[first] - effect_b[second])))
        low, high = wilson_interval(int(wins.sum()), int(wins.size))
        covered += low <= truth <= high
    assert covered / 300 < 0.85
