"""The decision charts: cost by category, S-curves of total cost, the tornado, and the summary table."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts._escape import plain
from costmodels import KNOWN_CATEGORIES, Evaluation, LineKind, OptionSummary, quantiles_of_sorted

FONT_SIZE = 18
# Okabe & Ito (2008), safe for the common colour-vision deficiencies. Warm for ML, cool for the rest.
ML_COLOURS = ("#D55E00", "#CC79A7", "#E69F00")
NON_ML_COLOURS = ("#0072B2", "#009E73", "#56B4E9", "#000000", "#F0E442", "#999999")

COST_GROUPS: Mapping[str, str] = {
    "one_off": "Build (one-off)",
    "per_year": "Run (per year)",
    "per_image": "Compute",
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
    colours: dict[str, str] = {}
    counts = {"ml": 0, "non_ml": 0}
    for option in options:
        palette = ML_COLOURS if option.kind == "ml" else NON_ML_COLOURS
        colours[option.name] = palette[counts[option.kind] % len(palette)]
        counts[option.kind] += 1
    return colours


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


def _label(option: OptionSummary) -> str:
    return plain(f"{option.name} (ML)" if option.kind == "ml" else option.name)


def _layout(figure: go.Figure, *, title: str, height: int) -> go.Figure:
    figure.update_layout(
        title={"text": title, "font": {"size": FONT_SIZE + 4}},
        font={"size": FONT_SIZE},
        height=height,
        margin={"l": 10, "r": 10, "t": 70, "b": 10},
        legend={"font": {"size": FONT_SIZE - 2}},
        template="plotly_white",
    )
    return figure


def cost_by_category_figure(evaluation: Evaluation) -> go.Figure:
    """Stacked horizontal bars: each option's mean present value split by cost group."""
    groups = list(dict.fromkeys(COST_GROUPS.values()))
    figure = go.Figure()
    labels = [_label(option) for option in evaluation.options]
    for group in groups:
        values = [
            sum(v for category, v in option.by_category.items() if cost_group(category) == group)
            for option in evaluation.options
        ]
        if not any(values):
            continue
        figure.add_bar(
            name=group, y=labels, x=values, orientation="h", marker_color=_GROUP_COLOURS[group],
            marker_pattern_shape=["/" if option.kind == "ml" else "" for option in evaluation.options],
            hovertemplate="%{y}<br>" + group + ": $%{x:,.0f}<extra></extra>",
        )
    figure.update_layout(barmode="relative", yaxis={"autorange": "reversed"},
                         xaxis={"title": "mean present value (USD)", "tickprefix": "$"})
    return _layout(figure, title="Where the money goes", height=120 + 70 * len(labels))


def s_curves_figure(evaluation: Evaluation, *, points: int = 400) -> go.Figure:
    """The distribution of each option's total cost: P(total <= x), one curve per option."""
    figure = go.Figure()
    colours = option_colours(evaluation.options)
    probabilities = np.linspace(0, 1, points)
    all_positive = bool((evaluation.sorted_totals[:, 0] > 0).all())
    curves = quantiles_of_sorted(evaluation.sorted_totals, probabilities).T
    for option, quantiles in zip(evaluation.options, curves, strict=True):
        figure.add_scatter(
            x=quantiles, y=probabilities, name=_label(option), mode="lines",
            line={"color": colours[option.name], "width": 4, "dash": "dash" if option.kind == "ml" else "solid"},
            hovertemplate=plain(option.name) + "<br>$%{x:,.0f}: %{y:.0%} of simulations cost less<extra></extra>",
        )
    figure.update_layout(
        xaxis={"title": "total cost of model, present value (USD)", "type": "log" if all_positive else "linear",
               "tickprefix": "$"},
        yaxis={"title": "share of simulations at or below", "tickformat": ".0%", "range": [0, 1]},
    )
    return _layout(figure, title="How sure: total cost in every simulation", height=480)


def tornado_figure(evaluation: Evaluation, *, top: int = 10) -> go.Figure:
    """The inputs that move the margin most, each swung from its low to its high."""
    bars = list(evaluation.tornado[:top])
    base = evaluation.base_margin_usd
    figure = go.Figure()
    names = [plain(bar.input) for bar in bars]
    figure.add_bar(
        y=names, x=[bar.low_usd - base for bar in bars], base=base, orientation="h", name="input at its low",
        marker_color="#56B4E9", hovertemplate="%{y}<br>at its low: margin $%{customdata:,.0f}<extra></extra>",
        customdata=[bar.low_usd for bar in bars],
    )
    figure.add_bar(
        y=names, x=[bar.high_usd - base for bar in bars], base=base, orientation="h", name="input at its high",
        marker_color="#D55E00", hovertemplate="%{y}<br>at its high: margin $%{customdata:,.0f}<extra></extra>",
        customdata=[bar.high_usd for bar in bars],
    )
    figure.add_vline(x=base, line={"color": "#000000", "width": 2})
    figure.update_layout(barmode="overlay", yaxis={"autorange": "reversed"},
                         xaxis={"title": f"{plain(evaluation.tornado_basis)} (USD)", "tickprefix": "$"})
    return _layout(figure, title="What matters most", height=140 + 45 * max(len(bars), 1))


def summary_table(evaluation: Evaluation) -> pd.DataFrame:
    """One row per option: kind, likely, P50, P80, P90 and P(cheapest)."""
    return pd.DataFrame(
        [
            {
                "option": option.name,
                "kind": "ML" if option.kind == "ml" else "non-ML",
                "likely (USD)": option.deterministic_usd,
                "P50 (USD)": option.p50_usd,
                "P80 (USD)": option.p80_usd,
                "P90 (USD)": option.p90_usd,
                "P(cheapest)": evaluation.p_cheapest[option.name],
            }
            for option in evaluation.options
        ]
    ).set_index("option")
