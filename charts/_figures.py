"""The decision charts: cost by category, S-curves of total cost, the tornado, and the summary table.

Every figure names its basis in its title (mean, percentiles of the simulations, or likely values) and
is readable on a 1280x720 projector: full-width plot areas, tick labels of at least 14 px, words for
labels, and ML options warm, the others cool, in the same colours and line styles on every page.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts._escape import plain
from charts._style import evaluation_styles, input_label, option_styles
from costmodels import KNOWN_CATEGORIES, Evaluation, LineKind, OptionSummary, quantiles_of_sorted

FONT_SIZE = 18
TICK_FONT_SIZE = 16
PRESENT_FONT_SIZE = 24
PRESENT_TICK_FONT_SIZE = 20
PRESENT_HEIGHT = 440
PRESENT_TORNADO_BARS = 6
# The non-ML options get a panel of their own when the ML bar is this many times longer than theirs:
# on one shared axis they would be slivers.
SEPARATE_PANEL_RATIO = 5.0

COST_GROUPS: Mapping[str, str] = {
    "one_off": "Build (one-off)",
    "per_year": "Run (per year)",
    "per_unit": "Compute",
    "model_risk": "Model risk",
    "reputation_risk": "Reputation risk",
    "regulatory_risk": "Regulatory risk",
    "risk": "Other risk",
    "benefit": "Benefits",
    "other": "Other",
}
_GROUP_COLOURS = dict(zip(COST_GROUPS.values(), (
    "#0072B2", "#56B4E9", "#009E73", "#E69F00", "#D55E00", "#CC79A7", "#F0E442", "#999999", "#000000"
), strict=True))


def option_colours(options: tuple[OptionSummary, ...]) -> dict[str, str]:
    """A stable colour per option: ML options from the warm set, the others from the cool set."""
    return {name: style.colour for name, style in option_styles((o.name, o.kind == "ml") for o in options).items()}


def cost_group(category: str) -> str:
    """The chart group of a category: build, run, compute, each risk, or benefits."""
    if category.endswith(" (benefit)"):
        return COST_GROUPS["benefit"]
    if category in COST_GROUPS:
        return COST_GROUPS[category]
    kind = KNOWN_CATEGORIES.get(category)
    if kind is LineKind.RISK:
        return COST_GROUPS["risk"]
    return COST_GROUPS[kind.value] if kind is not None else COST_GROUPS["other"]


def font_sizes(*, large: bool) -> tuple[int, int]:
    """The text and tick-label sizes in px: projector-sized in present mode."""
    return (PRESENT_FONT_SIZE, PRESENT_TICK_FONT_SIZE) if large else (FONT_SIZE, TICK_FONT_SIZE)


def _layout(figure: go.Figure, *, title: str, height: int, large: bool = False, legend_rows: int = 1) -> go.Figure:
    font, tick = font_sizes(large=large)
    legend_height = (font + 12) * legend_rows
    if large:
        # A projector shows 720 px: the chart and the verdict above it must fit, so the legend goes beside
        # the plot (a present-mode chart has the whole screen's width to spare).
        layout = {"height": PRESENT_HEIGHT, "margin": {"l": 10, "r": 20, "t": 70, "b": 10},
                  "legend": {"font": {"size": font - 2}, "orientation": "v"}}
    else:
        # Legends along the bottom edge, not beside the plot: a side legend takes a third of a 1280 px window.
        layout = {"height": height + legend_height, "margin": {"l": 10, "r": 20, "t": 80, "b": 90 + legend_height},
                  "legend": {"font": {"size": font - 2}, "orientation": "h", "yref": "container",
                             "yanchor": "bottom", "y": 0, "x": 0}}
    figure.update_layout(title={"text": title, "font": {"size": font + 2}}, font={"size": font},
                         template="plotly_white", **layout)
    figure.update_xaxes(tickfont={"size": tick}, title_font={"size": tick}, automargin=True)
    figure.update_yaxes(tickfont={"size": tick}, title_font={"size": tick}, automargin=True)
    return figure


def _wrapped(text: str, width: int = 26) -> str:
    """User text wrapped onto lines for a plotly label, each line escaped (plotly reads HTML there)."""
    return "<br>".join(plain(line) for line in textwrap.wrap(text, width)) or plain(text)


def cost_by_category_figure(evaluation: Evaluation, *, large: bool = False) -> go.Figure:
    """Stacked horizontal bars of each option's mean present value by cost group; the non-ML options in a
    panel of their own (own scale) when the ML bars would dwarf them."""
    styles = evaluation_styles(evaluation)
    ml = [o for o in evaluation.options if o.kind == "ml"]
    rest = [o for o in evaluation.options if o.kind != "ml"]
    largest_ml = max((o.mean_usd for o in ml), default=0.0)
    largest_rest = max((o.mean_usd for o in rest), default=0.0)
    separate = bool(ml and rest) and largest_ml > SEPARATE_PANEL_RATIO * max(largest_rest, 1.0)
    panels = [ml, rest] if separate else [list(evaluation.options)]
    titles = ["ML options", "Non-ML options, on their own scale"] if separate else [""]
    figure = make_subplots(rows=len(panels), cols=1, subplot_titles=titles if separate else None,
                           row_heights=[len(p) for p in panels], vertical_spacing=0.22 if separate else 0.1)
    shown: set[str] = set()
    for row, panel in enumerate(panels, start=1):
        labels = [_wrapped(styles[o.name].label) for o in panel]
        for group in dict.fromkeys(COST_GROUPS.values()):
            values = [sum(v for c, v in o.by_category.items() if cost_group(c) == group) for o in panel]
            if not any(values):
                continue
            figure.add_bar(
                name=group, y=labels, x=values, orientation="h", marker_color=_GROUP_COLOURS[group],
                marker_pattern_shape=["/" if o.kind == "ml" else "" for o in panel], legendgroup=group,
                showlegend=group not in shown, hovertemplate="%{y}<br>" + group + ": $%{x:,.0f}<extra></extra>",
                row=row, col=1,
            )
            shown.add(group)
        figure.update_yaxes(autorange="reversed", row=row, col=1)
        figure.update_xaxes(tickprefix="$", row=row, col=1)
    figure.update_xaxes(title_text="mean present value (USD)", row=len(panels), col=1)
    figure.update_layout(barmode="relative")
    font, _ = font_sizes(large=large)
    figure.update_annotations(font_size=font)
    rows = len(evaluation.options)
    return _layout(figure, title="Where the money goes: mean over the simulations, by cost group",
                   height=200 + 60 * rows + (80 if separate else 0), large=large, legend_rows=2)


def identical_to(evaluation: Evaluation) -> dict[str, str]:
    """Options whose estimates equal an earlier option's: name -> that earlier option (their curves
    coincide but for sampling noise, since each option's incidents are its own)."""
    names = [option.name for option in evaluation.options]
    return {names[index]: names[twin] for index, twin in enumerate(evaluation.twin_of) if twin != index}


def s_curves_figure(evaluation: Evaluation, *, points: int = 400, large: bool = False) -> go.Figure:
    """The distribution of each option's total cost: P(total <= x), one curve per option, each in its
    own colour and dash; an option with the same estimates as another says so in the legend."""
    figure = go.Figure()
    styles = evaluation_styles(evaluation)
    ties = identical_to(evaluation)
    probabilities = np.linspace(0, 1, points)
    all_positive = bool((evaluation.sorted_totals[:, 0] > 0).all())
    curves = quantiles_of_sorted(evaluation.sorted_totals, probabilities).T
    marked = np.arange(0, points, points // 8)
    for option, quantiles in zip(evaluation.options, curves, strict=True):
        style = styles[option.name]
        tie = ties.get(option.name)
        figure.add_scatter(
            x=quantiles, y=probabilities, name=plain(style.label + (f" (same estimates as {tie})" if tie else "")),
            mode="lines+markers", marker={"symbol": style.marker, "size": 11, "maxdisplayed": len(marked)},
            line={"color": style.colour, "width": 3 if tie else 5, "dash": style.dash},
            hovertemplate=plain(option.name) + "<br>$%{x:,.0f}: %{y:.0%} of simulations cost less<extra></extra>",
        )
    figure.update_layout(
        xaxis={"title": "total cost of model, present value (USD" + (", log scale)" if all_positive else ")"),
               "type": "log" if all_positive else "linear", "tickprefix": "$",
               # One label a decade: plotly draws in-between log labels at 3/4 size, too small to project.
               "dtick": 1 if all_positive else None},
        yaxis={"title": "share of simulations at or below", "tickformat": ".0%", "range": [0, 1]},
    )
    return _layout(figure, title="How sure: total cost in every simulation (read percentiles off the curve)",
                   height=460, large=large, legend_rows=-(-len(evaluation.options) // 2))


def tornado_figure(evaluation: Evaluation, *, top: int = 10, large: bool = False) -> go.Figure:
    """The inputs that move the margin most, each swung over its range (`evaluation.tornado_range`)."""
    bars = list(evaluation.tornado[: min(top, PRESENT_TORNADO_BARS) if large else top])
    base = evaluation.base_margin_usd
    figure = go.Figure()
    names = [":<br>".join(_wrapped(part, 30) for part in input_label(bar.input).split(": ", 1)) for bar in bars]
    figure.add_bar(
        y=names, x=[bar.low_usd - base for bar in bars], base=base, orientation="h", name="input at its low",
        marker_color="#56B4E9", hovertemplate="%{y}<br>at its low: margin $%{customdata:,.0f}<extra></extra>",
        customdata=[bar.low_usd for bar in bars],
    )
    figure.add_bar(
        y=names, x=[bar.high_usd - base for bar in bars], base=base, orientation="h", name="input at its high",
        marker_color="#E69F00", hovertemplate="%{y}<br>at its high: margin $%{customdata:,.0f}<extra></extra>",
        customdata=[bar.high_usd for bar in bars],
    )
    figure.add_vline(x=base, line={"color": "#000000", "width": 2})
    figure.update_layout(barmode="overlay", yaxis={"autorange": "reversed"},
                         xaxis={"title": f"{plain(evaluation.tornado_basis)}, expected margin (USD)",
                                "tickprefix": "$"})
    return _layout(figure, title=f"What matters most: {evaluation.tornado_range}",
                   height=120 + 60 * max(len(bars), 1), large=large)


def summary_table(evaluation: Evaluation) -> pd.DataFrame:
    """One row per option: kind, likely, mean, P50, P80, P90 and P(cheapest)."""
    return pd.DataFrame(
        [
            {
                "option": option.name,
                "kind": "ML" if option.kind == "ml" else "non-ML",
                "likely (USD)": option.deterministic_usd,
                "mean (USD)": option.mean_usd,
                "P50 (USD)": option.p50_usd,
                "P80 (USD)": option.p80_usd,
                "P90 (USD)": option.p90_usd,
                "P(cheapest)": evaluation.p_cheapest[option.name],
            }
            for option in evaluation.options
        ]
    ).set_index("option")


SUMMARY_BASIS = ("likely: every estimate at its likely value. mean: the average over the simulations (what the "
                 "charts show). P50 / P80 / P90: the cost that half, 80% or 90% of the simulations stay under. "
                 "P(cheapest): the share of simulations in which the option costs least.")
