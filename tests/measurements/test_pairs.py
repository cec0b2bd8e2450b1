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
from tests.measurements.conftest import write_set

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
    # Counterbalanced: each team sat first on half the cards, so each won half. Two faces a team:
    # every face won 2 of its 4 cards, so the face-clustered error is the binomial floor sqrt(0.25 / 8)
    # and t on 1 degree of freedom spans everything; two faces are not enough to measure.
    note = "not enough faces to measure (2 of its own, 2 against it; at least 5)"
    assert summary.groups == (
        GroupSurvival("a", 8, 4, 0.5, 0.0, 1.0, 8, 4, n_cards=8, n_faces=2, standard_error=0.176777, note=note,
                      n_faces_against=2),
        GroupSurvival("b", 8, 4, 0.5, 0.0, 1.0, 8, 4, n_cards=8, n_faces=2, standard_error=0.176777, note=note,
                      n_faces_against=2),
    )
    comparison = summary.comparisons[0]
    assert (comparison.first, comparison.second, comparison.first_wins, comparison.second_wins) == ("a", "b", 4, 4)
    assert (comparison.difference, comparison.ratio, comparison.flagged) == (0.0, 1.0, False)
    assert (comparison.n_faces, comparison.n_cards, comparison.enough_faces, comparison.note) == (
        (2, 2), 8, False, "not enough faces to measure (2 faces and 2 faces; at least 5 each)")
    assert summary.largest_gap() is None  # nothing with enough faces


@pytest.fixture
def five_a_team(tmp_path: Path) -> Path:
    return write_set(tmp_path / "five", {f"{team}{i}.png": (team, 2) for team in "ab" for i in range(5)})


def test_five_faces_a_team_are_enough_and_the_interval_is_face_clustered(five_a_team: Path) -> None:
    audit = audit_pairs(faces_of(five_a_team), ["fixed_crop"], SIDE, pairs=25, frame="1.0", sweep=False, column="team")
    summary = audit.summaries[0]
    comparison = summary.comparisons[0]
    # 25 pairs x 2 orders; each face won the 5 cards it sat first on and lost the other 5: residual
    # sums are 0, so the error is the binomial floor sqrt(0.25 / 50) = 0.070711, with t(4) = 2.7764.
    assert (comparison.n_faces, comparison.n_cards, comparison.enough_faces, comparison.note) == ((5, 5), 50, True, "")
    assert (comparison.gap, comparison.standard_error) == (0.0, 0.070711)
    assert comparison.gap_ci_low == pytest.approx(-2.7764 * 0.070711, abs=3e-6)
    assert comparison.gap_ci_high == pytest.approx(2.7764 * 0.070711, abs=3e-6)
    assert [(g.group, g.n_cards, g.n_faces, g.enough_faces) for g in summary.groups] == [
        ("a", 50, 5, True), ("b", 50, 5, True)]
    assert summary.largest_gap() == comparison


def test_min_faces_is_configurable_and_checked(five_a_team: Path) -> None:
    audit = audit_pairs(faces_of(five_a_team), ["fixed_crop"], SIDE, pairs=25, frame="1.0", sweep=False,
                        column="team", min_faces=6)
    assert (audit.min_faces, audit.summaries[0].comparisons[0].enough_faces) == (6, False)
    with pytest.raises(MeasurementError, match=r"^min_faces must be a whole number of at least 2, not 1$"):
        audit_pairs(faces_of(five_a_team), ["fixed_crop"], SIDE, min_faces=1)


def test_a_face_crop_that_finds_no_face_is_counted_as_a_fallback(two_teams: Path) -> None:
    audit = audit_pairs(faces_of(two_teams), ["face_crop_centerface"], TALL, pairs=2, frame="1.0", sweep=False,
                        column="team")
    summary = audit.summaries[0]
    # Flat squares are no faces: CenterFace falls back to the centre crop on every card, and says so.
    assert (summary.fallbacks, summary.cards, summary.fallback_reasons) == (4, 4, ("no face found: centre crop",))
    assert summary.latency_ms is not None and summary.wall_latency_ms is not None


def test_fixed_crop_never_falls_back(two_teams: Path) -> None:
    audit = audit_pairs(faces_of(two_teams), ["fixed_crop"], TALL, pairs=2, frame="1.0", sweep=False, column="team")
    assert (audit.summaries[0].fallbacks, audit.summaries[0].cards) == (0, 4)


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
