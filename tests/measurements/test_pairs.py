"""The pairwise survival audit on synthetic cards with known answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from measurements import (
    FaceRef,
    GroupSurvival,
    MeasurementError,
    SideBySideLayout,
    TallCardLayout,
    audit_pairs,
    group_faces,
    sample_pairs,
)
from sample_images import load_manifest

SIDE = SideBySideLayout(height_px=None, face_share=None)
TALL = TallCardLayout(width_px=40, face_height_px=40, gap_px=40, face_share=None)


def faces_of(manifest: Path, column: str = "team") -> tuple[FaceRef, ...]:
    return group_faces(load_manifest(manifest), column)


def test_fixed_crop_keeps_the_left_face_so_position_decides_everything(two_teams: Path) -> None:
    audit = audit_pairs(faces_of(two_teams), ["fixed_crop"], SIDE, pairs=4, frame="1.0", sweep=False, column="team")
    summary = audit.summaries[0]
    assert len(audit.cards) == 8  # 4 pairs x both orders
    outcomes = summary.outcomes
    assert (outcomes.first, outcomes.second, outcomes.tie, outcomes.none) == (8, 0, 0, 0)
    assert (summary.position_bias.first_wins, summary.position_bias.decided, summary.position_bias.rate) == (8, 8, 1.0)
    # Counterbalanced: each team sat first on half the cards, so each won half.
    assert summary.groups == (
        GroupSurvival("a", 8, 4, 0.5, pytest.approx(0.2152, abs=1e-4), pytest.approx(0.7848, abs=1e-4), 8, 4),
        GroupSurvival("b", 8, 4, 0.5, pytest.approx(0.2152, abs=1e-4), pytest.approx(0.7848, abs=1e-4), 8, 4),
    )
    comparison = summary.comparisons[0]
    assert (comparison.first, comparison.second, comparison.first_wins, comparison.second_wins) == ("a", "b", 4, 4)
    assert (comparison.difference, comparison.ratio, comparison.flagged) == (0.0, 1.0, False)


def test_fixed_crop_keeps_the_top_face_of_a_tall_card(two_teams: Path) -> None:
    audit = audit_pairs(faces_of(two_teams), ["fixed_crop"], TALL, pairs=2, frame="1.0", sweep=False, column="team")
    assert [card.outcome("fixed_crop").outcome for card in audit.cards] == ["first"] * 4  # type: ignore[union-attr]


def test_center_crop_of_a_tall_card_keeps_neither_face(two_teams: Path) -> None:
    audit = audit_pairs(faces_of(two_teams), ["center_crop"], TALL, pairs=2, frame="1.0", sweep=False, column="team")
    summary = audit.summaries[0]
    assert (summary.outcomes.none, summary.position_bias.decided) == (4, 0)
    assert [(g.group, g.n, g.survival_rate, g.ci_low, g.ci_high) for g in summary.groups] == [
        ("a", 0, None, 0.0, 1.0), ("b", 0, None, 0.0, 1.0),
    ]
    assert summary.largest_gap() is None


def test_scale_to_fit_keeps_both_faces_a_tie(two_teams: Path) -> None:
    audit = audit_pairs(faces_of(two_teams), ["scale_to_fit"], TALL, pairs=1, frame="1.0", sweep=False, column="team")
    assert audit.summaries[0].outcomes.tie == 2


def test_sweep_reports_no_flips_when_the_winner_is_stable(two_teams: Path) -> None:
    audit = audit_pairs(faces_of(two_teams), ["fixed_crop"], SIDE, pairs=1, frame="1.0", column="team")
    sweep = audit.summaries[0].sweep
    assert (sweep.cards, sweep.flips, sweep.flip_rate) == (14, 0, 0.0)  # 2 cards x 7 variants
    assert [variant.variant for variant in sweep.variants][:2] == ["height x0.5", "height x2"]


def test_sample_pairs_is_deterministic_and_crosses_groups(two_teams: Path) -> None:
    faces = faces_of(two_teams)
    first, again = sample_pairs(faces, 3, seed=7), sample_pairs(faces, 3, seed=7)
    assert first == again
    assert len(first) == 3 and all(pair.a.group != pair.b.group for pair in first)
    assert len(sample_pairs(faces, 100, seed=0)) == 4  # every cross-team pair, once


def test_group_faces_buckets_monk_skin_tone(two_teams: Path) -> None:
    assert [face.group for face in faces_of(two_teams, "monk_skin_tone")] == [
        "monk_1-3", "monk_1-3", "monk_7-10", "monk_7-10",
    ]


@pytest.mark.parametrize(
    ("column", "groups", "message"),
    [
        ("hair", (), "column 'hair' is not in the manifest; its columns: monk_skin_tone, team"),
        ("team", ("c",), "group 'c' is not in column 'team'; its groups: a, b"),
        ("team", ("a",), "column 'team' has faces in 1 group(s) (a); a pairwise audit needs two or more"),
    ],
)
def test_group_faces_refuses_bad_columns_and_groups(two_teams: Path, column: str, groups: tuple[str, ...],
                                                    message: str) -> None:
    with pytest.raises(MeasurementError) as raised:
        group_faces(load_manifest(two_teams), column, groups=groups)
    assert str(raised.value) == message
