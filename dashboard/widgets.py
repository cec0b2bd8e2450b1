"""Widget groups shared by the pages: each renders one thing or returns one domain object."""

from __future__ import annotations

import dataclasses

import streamlit as st

import charts
from costmodels import Evaluation, format_usd
from dashboard import state
from dashboard.markup import md
from dashboard.settings import ASPECT_PRESETS, MAX_DRAWS, MIN_DRAWS, Settings, frame_problem
from imageoptions import FrameError, parse_frame


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
            f"**Break-even, {md(entry.option)} vs {md(entry.versus)}** (on {evaluation.break_even_basis}): "
            f"{md(entry.volume_note)}. To match it "
            f"would need **{md(format_usd(entry.yearly_benefit_usd))} a year** of extra benefit."
        )


def measured_lines(evaluation: Evaluation) -> None:
    """Which lines rest on measurements rather than estimates."""
    if not evaluation.measured:
        st.caption("Every line is an estimate. Run the audits (Audit page) to measure latency, faces cut and "
                   "the survival gap, and use them here.")
        return
    with st.expander(f"{len(evaluation.measured)} lines are measured, not estimated", icon=":material/science:"):
        for line in evaluation.measured:
            st.markdown(f"- **{md(line.option)}**, {md(line.category.replace('_', ' '))}: {md(line.note)}")


def run_settings(current: Settings) -> Settings:
    """Sidebar controls for the Monte Carlo draws and seed.

    Each keeps its value under a fixed key (never `value=`, which would give the widget a new
    identity whenever the value changes and lose every other edit).
    """
    for key, value in (("tcm_draws", current.draws), ("tcm_seed", current.seed)):
        st.session_state.setdefault(key, value)
    with st.sidebar.expander("Simulation settings"):
        draws = st.number_input("Draws", min_value=MIN_DRAWS, max_value=MAX_DRAWS, step=10_000, key="tcm_draws")
        seed = st.number_input("Seed", min_value=0, max_value=2**32 - 1, step=1, key="tcm_seed")
    return Settings(draws=int(draws), seed=int(seed), aspect=current.aspect)


def frame_picker() -> str:
    """The target frame (height / width, or WxH pixels); kept in the settings, so in the share link."""
    current = state.settings().aspect
    labels = {"0.56": "16:9 (0.56)", "1.0": "1:1", "1.14": "7:8 (1.14)", "2.0": "1:2 (2.0)",
              "original": "original", "custom": "exact WxH"}
    choice = st.segmented_control("Frame", list(labels), format_func=labels.get, key="frame_choice",
                                  default=current if current in ASPECT_PRESETS else "custom") or current
    if choice == "custom":
        typed = st.text_input("Exact size (WxH pixels)", current if current not in ASPECT_PRESETS else "1200x675")
        try:
            parse_frame(typed)
            too_large = frame_problem(typed.strip().lower())
        except FrameError as error:
            too_large = str(error)
        if too_large:
            st.error(md(f"Frame {typed[:40]!r}: {too_large}; keeping {current}"))
            return current
        choice = typed
    if choice != current:
        state.set_settings(dataclasses.replace(state.settings(), aspect=choice))
    return choice
