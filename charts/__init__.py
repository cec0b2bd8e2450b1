"""Plotly figures and tables for the dashboard and the reports (no Streamlit here).

Readable when projected: large type, the Okabe-Ito colour-blind-safe palette, ML options warm and the
others cool, each option with its own line style, and every option named as the scenario names it.
"""

from charts._audits import robustness_figure, survival_figure
from charts._decision import information_table, switch_table
from charts._figures import (
    COST_GROUPS,
    FONT_SIZE,
    PRESENT_TICK_FONT_SIZE,
    SUMMARY_BASIS,
    TICK_FONT_SIZE,
    cost_by_category_figure,
    identical_to,
    option_colours,
    s_curves_figure,
    summary_table,
    tornado_figure,
)
from charts._images import HeadShares, crop_thumbnail, draw_crop_boxes, draw_person_mask
from charts._style import (
    ML_COLOURS,
    NON_ML_COLOURS,
    OptionStyle,
    category_label,
    display_names,
    evaluation_styles,
    image_option_styles,
    input_label,
    option_styles,
    scenario_styles,
)

__all__ = [
    "COST_GROUPS",
    "FONT_SIZE",
    "ML_COLOURS",
    "NON_ML_COLOURS",
    "PRESENT_TICK_FONT_SIZE",
    "SUMMARY_BASIS",
    "TICK_FONT_SIZE",
    "HeadShares",
    "OptionStyle",
    "category_label",
    "cost_by_category_figure",
    "crop_thumbnail",
    "display_names",
    "draw_crop_boxes",
    "draw_person_mask",
    "evaluation_styles",
    "identical_to",
    "image_option_styles",
    "information_table",
    "input_label",
    "option_colours",
    "option_styles",
    "robustness_figure",
    "s_curves_figure",
    "scenario_styles",
    "summary_table",
    "survival_figure",
    "switch_table",
    "tornado_figure",
]
