"""The Audit page shows faces beside cards, "not enough faces to measure" in place of a number, and fallbacks."""

from __future__ import annotations

import dataclasses

from streamlit.testing.v1 import AppTest

import charts
import costmodels
import measurements
from dashboard import audits
from measurements import (
    GroupComparison,
    GroupSurvival,
    OutcomeCounts,
    PairAudit,
    PairOptionSummary,
    PositionBias,
    Proportion,
    RetentionReport,
    RetentionRule,
    RetentionSummary,
    SweepSummary,
)
from tests.dashboard.conftest import wait_for_job

NAMES = {"face_crop_blazeface": "BlazeFace crop"}
FEW_FACES = "not enough faces to measure (1 of its own, 8 against it; at least 5)"


def hand_made_audit() -> PairAudit:
    """One option on 40 cards, 39 of them fallbacks; one group measured, one with a single face."""
    groups = (
        GroupSurvival("monk_1-3", n=30, wins=18, survival_rate=0.6, ci_low=0.4, ci_high=0.78, shown=40, kept=25,
                      n_cards=30, n_faces=8, standard_error=0.09, enough_faces=True, n_faces_against=6),
        GroupSurvival("monk_7-10", n=15, wins=2, survival_rate=2 / 15, ci_low=0.0, ci_high=1.0, shown=20, kept=3,
                      n_cards=15, n_faces=1, standard_error=0.3, enough_faces=False, note=FEW_FACES,
                      n_faces_against=8),
    )
    comparisons = (
        GroupComparison("monk_1-3", "monk_4-6", first_wins=18, second_wins=12, ties=3, nones=1, decided=30,
                        first_rate=0.625, ci_low=0.48, ci_high=0.77, difference=0.125, ratio=1.5, flagged=True,
                        n_cards=30, n_faces=(8, 7), gap=0.125, standard_error=0.07, gap_ci_low=-0.02,
                        gap_ci_high=0.27, enough_faces=True),
        GroupComparison("monk_1-3", "monk_7-10", first_wins=6, second_wins=2, ties=0, nones=0, decided=8,
                        first_rate=0.75, ci_low=0.0, ci_high=1.0, difference=0.25, ratio=3.0, flagged=False,
                        n_cards=8, n_faces=(4, 1), gap=0.25, standard_error=0.2, gap_ci_low=-0.5, gap_ci_high=0.5,
                        enough_faces=False, note="not enough faces to measure (4 faces and 1 face; at least 5 each)"),
    )
    summary = PairOptionSummary(
        option="face_crop_blazeface", outcomes=OutcomeCounts(first=16, second=14, tie=3, none=7), groups=groups,
        comparisons=comparisons, position_bias=PositionBias(16, 30, 16 / 30, 0.36, 0.70),
        sweep=SweepSummary(cards=160, flips=16, flip_rate=0.1, variants=()), latency_ms=None, errors=0, cards=40,
        fallbacks=39, fallback_reasons=("no face found: centre crop",),
    )
    return PairAudit(protocol="tall-card", layout=measurements.default_layout("tall-card"), frame="0.56",
                     column="monk_skin_tone", seed=0, rule=RetentionRule(), pairs=(), cards=(), summaries=(summary,))


def test_group_table_shows_faces_beside_cards_and_never_a_rate_without_enough_faces() -> None:
    table = audits.group_table(hand_made_audit(), NAMES)
    assert table.to_dict("records") == [
        {"option": "BlazeFace crop", "group": "monk_1-3", "decided cards": 30, "faces": 8, "faces met": 6,
         "survival rate (95% interval)": "60% (40% to 78%)"},
        {"option": "BlazeFace crop", "group": "monk_7-10", "decided cards": 15, "faces": 1, "faces met": 8,
         "survival rate (95% interval)": FEW_FACES},
    ]


def test_comparison_table_shows_the_gap_with_its_interval_or_why_not() -> None:
    table = audits.comparison_table(hand_made_audit(), NAMES)
    assert table.to_dict("records") == [
        {"option": "BlazeFace crop", "groups": "monk_1-3 vs monk_4-6", "decided cards": 30, "faces": "8 and 7",
         "gap from parity (95% interval)": "+0.125 (-0.020 to +0.270)", "flag (ratio outside 0.8-1.25)": "flag"},
        {"option": "BlazeFace crop", "groups": "monk_1-3 vs monk_7-10", "decided cards": 8, "faces": "4 and 1",
         "gap from parity (95% interval)": "not enough faces to measure (4 faces and 1 face; at least 5 each)",
         "flag (ratio outside 0.8-1.25)": ""},
    ]


def test_option_table_counts_fallbacks_apart_from_none() -> None:
    (row,) = audits.option_table(hand_made_audit(), NAMES).to_dict("records")
    assert row == {"option": "BlazeFace crop", "cards": 40, "decided": 30, "ties": 3, "none (neither kept)": 7,
                   "fallbacks": "fell back to the centre crop on 39 of 40 cards",
                   "first position wins (95% interval)": "16 of 30 (36% to 70%)", "sweep flip rate": "10%"}


def test_kept_table_names_each_options_fallbacks() -> None:
    def summary(option: str, fallbacks: int, reasons: tuple[str, ...]) -> RetentionSummary:
        return RetentionSummary(option, images_cut=Proportion(2, 10, 0.2, 0.057, 0.51),
                                faces_cut=Proportion(2, 25, 0.08, 0.0, 0.23), latency_ms=None, errors=0,
                                face_images=10, runs=12, fallbacks=fallbacks, fallback_reasons=reasons)

    kept = RetentionReport(frame="0.56", rule=RetentionRule(), images=(), summaries=(
        summary("face_crop_blazeface", 2, ("no face found: centre crop",)), summary("center_crop", 0, ())))
    assert audits.kept_table(kept, NAMES)["fallbacks"].tolist() == [
        "fell back to the centre crop on 2 of 12 images", "0 of 12 images"]
    assert audits.kept_table(kept, NAMES).iloc[0, :3].tolist() == [
        "BlazeFace crop", "2 of 10 (6% to 51%)", "2 of 25 (0% to 23%)"]


def test_survival_figure_draws_only_groups_with_enough_faces() -> None:
    figure = charts.survival_figure(hand_made_audit())
    (trace,) = figure.data
    assert list(trace.x) == ["monk_1-3"]
    assert list(trace.y) == [0.6]
    assert list(figure.layout.xaxis.categoryarray) == ["monk_1-3", "monk_7-10"]
    assert figure.layout.xaxis.title.text.endswith(
        "only groups with enough faces are drawn (at least 5 of their own and 5 met); the table names the rest")


def blazeface_scenario_token() -> str:
    """The default scenario plus a BlazeFace option, audited with seed 0 like `tcm audit pairs`."""
    scenario = costmodels.default_scenario()
    blazeface = dataclasses.replace(scenario.options[0], name="BlazeFace crop", implementation="face_crop_blazeface")
    shared = costmodels.SharedState(dataclasses.replace(scenario, options=(*scenario.options, blazeface)),
                                    {"seed": 0})
    return costmodels.encode_share_token(shared)


def test_audit_page_shows_faces_the_not_enough_note_and_fallbacks(app: AppTest) -> None:
    # Hand-checked against `tcm audit pairs --pairs 20 --seed 0 --json` and `tcm audit retention --json`
    # on the sample set (tall card, frame 0.56).
    app.query_params["s"] = blazeface_scenario_token()
    app.run()
    app.switch_page("audit_page.py").run()
    app.number_input[0].set_value(20)
    app.button[0].click().run()
    assert not app.exception
    wait_for_job(app, "tcm_audit_job")
    kept, groups, comparisons, options = (frame.value for frame in app.dataframe)
    assert not app.exception
    rows = {(row["option"], row["group"]): row for row in groups.to_dict("records")}
    assert rows["ML smart crop", "monk_7-10"] == {
        "option": "ML smart crop", "group": "monk_7-10", "decided cards": 15, "faces": 1, "faces met": 8,
        "survival rate (95% interval)": "not enough faces to measure (1 of its own, 8 against it; at least 5)"}
    assert rows["BlazeFace crop", "monk_7-10"]["survival rate (95% interval)"] == (
        "not enough faces to measure (1 of its own, 7 against it; at least 5)")
    assert rows["ML smart crop", "monk_1-3"]["survival rate (95% interval)"] == "52% (0% to 100%)"
    assert rows["BlazeFace crop", "monk_4-6"]["survival rate (95% interval)"] == "94% (70% to 100%)"
    gaps = {(row["option"], row["groups"]): row for row in comparisons.to_dict("records")}
    assert gaps["ML smart crop", "monk_1-3 vs monk_4-6"]["faces"] == "3 and 3"
    assert gaps["ML smart crop", "monk_1-3 vs monk_4-6"]["gap from parity (95% interval)"] == (
        "not enough faces to measure (3 faces and 3 faces; at least 5 each)")
    fallbacks = dict(zip(options["option"], options["fallbacks"], strict=True))
    assert fallbacks["ML smart crop"] == fallbacks["BlazeFace crop"] == "0 of 40 cards"
    kept_fallbacks = dict(zip(kept["option"], kept["fallbacks"], strict=True))
    assert kept_fallbacks["ML smart crop"] == kept_fallbacks["BlazeFace crop"] == (
        "fell back to the centre crop on 2 of 12 images")
    assert kept_fallbacks["Center crop"] == "0 of 12 images"
