"""Plotly figures and tables for the dashboard and the reports (no Streamlit here).

Readable when projected: large type, the Okabe-Ito colour-blind-safe palette, and ML options
drawn differently from the others (warm colours, dashed lines, hatched bars).
"""

from charts._audits import robustness_figure, survival_figure
from charts._figures import (
    COST_GROUPS,
    ML_COLOURS,
    NON_ML_COLOURS,
    cost_by_category_figure,
    option_colours,
    s_curves_figure,
    summary_table,
    tornado_figure,
)
from charts._images import crop_thumbnail, draw_crop_boxes

__all__ = [
    "COST_GROUPS",
    "ML_COLOURS",
    "NON_ML_COLOURS",
    "cost_by_category_figure",
    "crop_thumbnail",
    "draw_crop_boxes",
    "option_colours",
    "robustness_figure",
    "s_curves_figure",
    "summary_table",
    "survival_figure",
    "tornado_figure",
]
