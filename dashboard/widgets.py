"""Widget groups shared by the pages: each renders one thing or returns one domain object."""

from __future__ import annotations

import streamlit as st

import charts
from costmodels import Evaluation, format_usd
from dashboard.settings import MAX_DRAWS, MIN_DRAWS, Settings


def summary_table(evaluation: Evaluation) -> None:
    """The P50 / P80 / P90 table with P(cheapest), money in readable units."""
    usd = st.column_config.NumberColumn(format="compact")  # 6.5M: readable when projected
    st.dataframe(
        charts.summary_table(evaluation),
        column_config={
            "likely (USD)": usd, "P50 (USD)": usd, "P80 (USD)": usd, "P90 (USD)": usd,
            "P(cheapest)": st.column_config.ProgressColumn(format="percent", min_value=0.0, max_value=1.0),
        },
        width="stretch",
    )


def break_even(evaluation: Evaluation) -> None:
    """Where each ML option would break even with the cheapest non-ML option."""
    for entry in evaluation.break_even:
        st.markdown(
            f"**Break-even, {entry.option} vs {entry.versus}:** {entry.volume_note}. To match it would need "
            f"**{format_usd(entry.yearly_benefit_usd)} a year** of extra benefit."
        )


def run_settings(current: Settings) -> Settings:
    """Sidebar controls for the Monte Carlo draws and seed."""
    with st.sidebar.expander("Simulation settings"):
        draws = st.number_input("Draws", min_value=MIN_DRAWS, max_value=MAX_DRAWS, value=current.draws, step=10_000)
        seed = st.number_input("Seed", min_value=0, max_value=2**32 - 1, value=current.seed, step=1)
    return Settings(draws=int(draws), seed=int(seed), aspect=current.aspect)
