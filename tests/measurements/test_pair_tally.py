"""Pair tallies: counted shard by shard and merged, they give exactly the summary of counting every card at once."""

from __future__ import annotations

import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from measurements._pairs import BASELINE, CardOutcome, CardResult, FaceRef, PairTally, summarise_pairs

OPTIONS = ("fixed_crop", "face_crop")
VARIANTS = ("gap_small", "shifted")
GROUPS = ("monk_1-3", "monk_4-6", "monk_7-10")


def synthetic_cards(seed: int, count: int) -> list[CardResult]:
    """Random cards of random faces (some missing an option or a variant, some falling back)."""
    rng = random.Random(seed)
    faces = [FaceRef(f"face{index}.jpg", index % 2, (0, 0, 1, 1), GROUPS[index % 3]) for index in range(12)]
    cards = []
    for pair in range(count):
        first, second = rng.sample(faces, 2)
        outcomes = tuple(
            CardOutcome(option, variant, rng.choice((0.0, 0.4, 1.0)), rng.choice((0.0, 0.7, 1.0)),
                        rng.random() < 0.6, rng.random() < 0.5, round(rng.uniform(1, 50), 3), rng.uniform(1, 90),
                        rng.choice((None, None, None, "no face found", "model failed")))
            for option in OPTIONS for variant in (BASELINE, *VARIANTS) if rng.random() < 0.9)
        cards.append(CardResult(pair // 2, bool(pair % 2), first, second, outcomes))
    return cards


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), count=st.integers(0, 80), cuts=st.lists(st.integers(0, 80), max_size=6),
       shuffle=st.randoms(use_true_random=False))
def test_pair_tally_merged_from_any_split_equals_the_whole(
    seed: int, count: int, cuts: list[int], shuffle: random.Random
) -> None:
    cards = synthetic_cards(seed, count)
    bounds = sorted({0, count, *(min(cut, count) for cut in cuts)})
    chunks = [list(range(start, end)) for start, end in itertools.pairwise(bounds)]
    shuffle.shuffle(chunks)  # shards finish in any order
    for option in OPTIONS:
        merged = PairTally(option, VARIANTS)
        for chunk in chunks:
            shard = PairTally(option, VARIANTS)
            for number in chunk:
                shard.add(number, cards[number])
            merged.merge(shard)
        assert merged.summary(count, 3) == summarise_pairs(option, cards, VARIANTS, 3)


def test_pair_tally_counts_a_hand_made_card() -> None:
    a, b = FaceRef("a.jpg", 0, (0, 0, 1, 1), "light"), FaceRef("b.jpg", 0, (0, 0, 1, 1), "dark")
    cards = [CardResult(0, False, a, b, (CardOutcome("crop", BASELINE, 1.0, 0.2, True, False, 5.0),
                                         CardOutcome("crop", "shifted", 1.0, 1.0, True, True, 6.0))),
             CardResult(0, True, b, a, (CardOutcome("crop", BASELINE, 0.9, 1.0, False, True, 7.0, fallback="none"),)),
             CardResult(1, False, a, b, ())]
    summary = summarise_pairs("crop", cards, ("shifted",), 2)
    assert (summary.outcomes.first, summary.outcomes.second, summary.cards, summary.errors) == (1, 1, 2, 1)
    assert [(g.group, g.wins, g.n, g.shown, g.kept) for g in summary.groups] == [
        ("dark", 0, 2, 2, 0), ("light", 2, 2, 2, 2)]
    (comparison,) = summary.comparisons
    assert (comparison.first, comparison.first_wins, comparison.second_wins, comparison.n_faces) == (
        "dark", 0, 2, (1, 1))
    assert (summary.sweep.cards, summary.sweep.flips, summary.fallbacks, summary.fallback_reasons) == (
        1, 1, 1, ("none",))
    assert summary.latency_ms is not None and summary.latency_ms.p50 == 6.0
