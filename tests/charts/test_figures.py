"""The decision and audit figures: their basis, their sizes, their names and their colours."""

from __future__ import annotations

import dataclasses

import pytest

import charts
import costmodels
from measurements import CurvePoint, Perturbation, RobustnessReport, RobustnessSummary


@pytest.fixture(scope="module")
def evaluation() -> costmodels.Evaluation:
    return costmodels.evaluate(costmodels.default_scenario(), draws=2_000, seed=1)


def test_summary_table_shows_the_mean_beside_the_percentiles(evaluation: costmodels.Evaluation) -> None:
    table = charts.summary_table(evaluation)
    assert list(table.columns) == ["kind", "likely (USD)", "mean (USD)", "P50 (USD)", "P80 (USD)", "P90 (USD)",
                                   "P(cheapest)"]
    assert table.loc["ML smart crop", "mean (USD)"] == evaluation.summary("ML smart crop").mean_usd


def test_cost_by_category_figure_puts_the_non_ml_options_on_their_own_panel(
        evaluation: costmodels.Evaluation) -> None:
    figure = charts.cost_by_category_figure(evaluation)
    panels = {trace.yaxis for trace in figure.data}
    assert panels == {"y", "y2"}
    assert {label for trace in figure.data if trace.yaxis == "y" for label in trace.y} == {"ML smart crop (ML)"}
    assert "mean" in figure.layout.title.text
    assert figure.layout.xaxis.tickfont.size == figure.layout.xaxis2.tickfont.size == 16


def test_cost_by_category_figure_keeps_one_panel_without_an_ml_option(evaluation: costmodels.Evaluation) -> None:
    scenario = costmodels.default_scenario()
    plain = dataclasses.replace(scenario, options=tuple(o for o in scenario.options if o.kind.value != "ml"))
    figure = charts.cost_by_category_figure(costmodels.evaluate(plain, draws=1_000, seed=1))
    assert {trace.yaxis for trace in figure.data} == {"y"}


def test_s_curves_figure_gives_each_option_its_own_dash_and_names_a_tie(evaluation: costmodels.Evaluation) -> None:
    figure = charts.s_curves_figure(evaluation)
    names = [trace.name for trace in figure.data]
    assert "Center crop (same estimates as Crop from (0,0))" in names
    assert len({trace.line.dash for trace in figure.data}) == len(figure.data)
    assert charts.identical_to(evaluation) == {"Center crop": "Crop from (0,0)"}


def test_s_curves_figure_labels_one_decade_a_tick_so_no_label_is_drawn_small(
        evaluation: costmodels.Evaluation) -> None:
    # plotly draws in-between log labels at 3/4 size (12 px from 16): one label a decade avoids them.
    figure = charts.s_curves_figure(evaluation)
    assert (figure.layout.xaxis.type, figure.layout.xaxis.dtick, figure.layout.xaxis.tickfont.size) == ("log", 1, 16)


def test_tornado_figure_labels_inputs_in_words_and_states_its_range(evaluation: costmodels.Evaluation) -> None:
    figure = charts.tornado_figure(evaluation)
    labels = [label for trace in figure.data for label in trace.y]
    assert labels and not any("_" in label for label in labels)
    assert "5th to its 95th percentile, the rest at their means" in figure.layout.title.text
    assert "ML smart crop:<br>reputation risk probability" in labels


def test_figures_in_present_mode_use_projector_type(evaluation: costmodels.Evaluation) -> None:
    for make in (charts.cost_by_category_figure, charts.s_curves_figure, charts.tornado_figure):
        figure = make(evaluation, large=True)
        assert figure.layout.xaxis.tickfont.size == charts.PRESENT_TICK_FONT_SIZE == 20
        assert figure.layout.height == 440
    assert len(charts.tornado_figure(evaluation, large=True).data[0].y) == 6


def _point(severity: int, level: float | None, iou: float) -> CurvePoint:
    return CurvePoint(option="face_crop_centerface", perturbation="blur", severity=severity, level=level, images=2,
                      mean_iou=iou, mean_kept_change=None, faces=0, faces_cut=0, mean_score_change=None,
                      mean_landmark_drift=None)


def test_robustness_figure_draws_the_perturbed_levels_in_the_options_scenario_style() -> None:
    report = RobustnessReport(
        frame="0.56", seed=0, perturbations=(Perturbation("blur", (4.0,), "px"),), images=(),
        summaries=(RobustnessSummary("face_crop_centerface", (_point(0, None, 1.0), _point(1, 4.0, 0.8)), 0, 2),),
    )
    styles = charts.option_styles([("ML smart crop", True)])
    figure = charts.robustness_figure(report, {"face_crop_centerface": styles["ML smart crop"]})
    (trace,) = figure.data
    assert (trace.name, trace.marker.color, list(trace.y)) == ("ML smart crop (ML)", "#E69F00", [0.8])
    assert [list(axis) for axis in trace.x] == [["blur"], ["4"]]
