"""Figures for the measured evidence: survival by group with intervals, and robustness by perturbation.

Both take the options' styles (charts.image_option_styles), so an option has the scenario's name and its
Decision-page colour here too.
"""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go

from charts._escape import plain
from charts._figures import _layout
from charts._style import OptionStyle, option_styles
from measurements import PairAudit, RobustnessReport


def _styles_for(names: list[str], styles: Mapping[str, OptionStyle] | None) -> dict[str, OptionStyle]:
    fallback = option_styles((name, False) for name in names)
    return {name: (styles or {}).get(name, fallback[name]) for name in names}


def survival_figure(audit: PairAudit, styles: Mapping[str, OptionStyle] | None = None, *,
                    large: bool = False) -> go.Figure:
    """Each option's survival rate per group, with its face-clustered 95% interval; 0.5 is parity.

    A group without enough faces is not drawn (a point would read as a measurement): the axis still
    lists it, and the axis title says that such groups are not enough faces to measure."""
    figure = go.Figure()
    drawn = _styles_for([summary.option for summary in audit.summaries], styles)
    for summary in audit.summaries:
        style = drawn[summary.option]
        groups = [group for group in summary.groups if group.enough_faces and group.survival_rate is not None]
        figure.add_scatter(
            x=[plain(group.group) for group in groups], y=[group.survival_rate for group in groups],
            error_y={"type": "data", "symmetric": False,
                     "array": [group.ci_high - (group.survival_rate or 0) for group in groups],
                     "arrayminus": [(group.survival_rate or 0) - group.ci_low for group in groups]},
            mode="markers", marker={"size": 14, "color": style.colour, "symbol": style.marker},
            name=plain(style.label),
            customdata=[[group.n_cards, group.n_faces] for group in groups],
            hovertemplate=("%{x}: %{y:.0%} of %{customdata[0]} decided cards, %{customdata[1]} faces<extra>"
                           + plain(style.name) + "</extra>"),
        )
    figure.add_hline(y=0.5, line={"dash": "dot", "color": "#000000"}, annotation_text="parity")
    every_group = list(dict.fromkeys(plain(group.group) for summary in audit.summaries for group in summary.groups))
    axis_title = f"group ({plain(audit.column.replace('_', ' '))})"
    if any(not group.enough_faces for summary in audit.summaries for group in summary.groups):
        axis_title += (f"<br>only groups with enough faces are drawn (at least {audit.min_faces} of their own "
                       f"and {audit.min_faces} met); the table names the rest")
    figure.update_layout(yaxis={"title": "survival rate (decided cards)", "range": [0, 1], "tickformat": ".0%"},
                         xaxis={"title": axis_title, "categoryorder": "array", "categoryarray": every_group,
                                "range": [-0.5, len(every_group) - 0.5]},
                         scattermode="group", showlegend=True)
    return _layout(figure, title="Who survives the crop: share of decided cards, with 95% intervals", height=420,
                   large=large, legend_rows=-(-len(audit.summaries) // 2))


def robustness_figure(report: RobustnessReport, styles: Mapping[str, OptionStyle] | None = None, *,
                      large: bool = False) -> go.Figure:
    """Mean crop IoU against the clean image's crop at each perturbation and level: one full-width panel,
    perturbations along the axis, every option a marker of its own."""
    drawn = _styles_for([summary.option for summary in report.summaries], styles)
    figure = go.Figure()
    for summary in report.summaries:
        style = drawn[summary.option]
        # The clean image (severity 0) is 1 by definition: only the perturbed levels are drawn.
        points = sorted((p for p in summary.curve if p.severity > 0),
                        key=lambda p: (_order(report, p.perturbation), p.severity))
        figure.add_scatter(
            x=[[p.perturbation for p in points], [_level(p.level) for p in points]],
            y=[p.mean_iou for p in points], mode="markers", name=plain(style.label),
            marker={"size": 14, "color": style.colour, "symbol": style.marker, "line": {"width": 1, "color": "#333"}},
            customdata=[p.images for p in points],
            hovertemplate="%{x}: IoU %{y:.2f} over %{customdata} images<extra>" + plain(style.name) + "</extra>",
        )
    figure.update_layout(scattermode="group", showlegend=True,
                         xaxis={"title": "perturbation and its level (see the table of levels below)"},
                         yaxis={"title": "mean IoU with the clean crop (1 = unchanged)", "range": [0, 1.05]})
    return _layout(figure, title="Does the crop hold when the picture degrades? (mean over the sample images)",
                   height=460, large=large, legend_rows=-(-len(report.summaries) // 2))


def _order(report: RobustnessReport, name: str) -> int:
    names = [p.name for p in report.perturbations]
    return names.index(name) if name in names else len(names)


def _level(level: float | None) -> str:
    return "clean" if level is None else f"{level:g}"
