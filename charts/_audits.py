"""Figures for the measured evidence: survival by group with intervals, and robustness curves."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts._escape import plain
from charts._figures import FONT_SIZE, ML_COLOURS, NON_ML_COLOURS, _layout
from measurements import PairAudit, RobustnessReport


def survival_figure(audit: PairAudit) -> go.Figure:
    """Each option's survival rate per group, with its 95% Wilson interval; 0.5 is parity."""
    figure = go.Figure()
    colours = [*NON_ML_COLOURS, *ML_COLOURS]
    for index, summary in enumerate(audit.summaries):
        groups = [group for group in summary.groups if group.survival_rate is not None]
        figure.add_scatter(
            x=[plain(group.group) for group in groups], y=[group.survival_rate for group in groups],
            error_y={"type": "data", "symmetric": False,
                     "array": [group.ci_high - (group.survival_rate or 0) for group in groups],
                     "arrayminus": [(group.survival_rate or 0) - group.ci_low for group in groups]},
            mode="markers", marker={"size": 14, "color": colours[index % len(colours)]}, name=plain(summary.option),
            customdata=[group.n for group in groups],
            hovertemplate="%{x}: %{y:.0%} of %{customdata} decided cards<extra>" + plain(summary.option) + "</extra>",
        )
    figure.add_hline(y=0.5, line={"dash": "dot", "color": "#000000"}, annotation_text="parity")
    figure.update_layout(yaxis={"title": "survival rate (decided cards)", "range": [0, 1], "tickformat": ".0%"},
                         xaxis={"title": f"group ({plain(audit.column)})"}, scattermode="group")
    return _layout(figure, title="Who survives the crop", height=480)


def robustness_figure(report: RobustnessReport) -> go.Figure:
    """Crop IoU against the clean image's crop, by perturbation severity: one panel per perturbation."""
    names = list(dict.fromkeys(point.perturbation for summary in report.summaries for point in summary.curve))
    columns = min(4, max(1, len(names)))
    rows = -(-len(names) // columns) or 1
    figure = make_subplots(rows=rows, cols=columns, subplot_titles=names, shared_yaxes=True)
    colours = [*NON_ML_COLOURS, *ML_COLOURS]
    for index, summary in enumerate(report.summaries):
        for panel, name in enumerate(names):
            points = sorted((p for p in summary.curve if p.perturbation == name), key=lambda p: p.severity)
            figure.add_scatter(
                x=[0, *(p.severity for p in points)], y=[1.0, *(p.mean_iou for p in points)],
                mode="lines+markers", name=plain(summary.option), legendgroup=plain(summary.option),
                showlegend=panel == 0,
                line={"color": colours[index % len(colours)], "width": 3},
                row=panel // columns + 1, col=panel % columns + 1,
            )
    figure.update_yaxes(range=[0, 1.05])
    figure.update_annotations(font_size=FONT_SIZE)
    return _layout(figure, title="Does the crop hold when the picture degrades? (IoU with the clean crop)",
                   height=300 * rows + 120)
