"""Decision: the verdict, how sure it is, where the money goes and what matters most."""

from __future__ import annotations

import streamlit as st

import charts
import costmodels
from dashboard import state, widgets
from dashboard.markup import md


def render() -> None:
    """The landing page a planning meeting looks at."""
    scenario = state.scenario()
    evaluation = state.evaluation()

    st.title(md(scenario.question))
    st.markdown(f"#### {md(costmodels.verdict(evaluation))}")
    st.caption(
        f"Total cost of model over {scenario.horizon_years} years, present value in {md(scenario.currency)} at a "
        f"{scenario.discount_rate:.0%} discount rate; {evaluation.draws:,} simulations, seed {evaluation.seed}."
    )
    widgets.measured_lines(evaluation)
    widgets.summary_table(evaluation)
    st.plotly_chart(charts.cost_by_category_figure(evaluation), width="stretch")
    left, right = st.columns(2)
    left.plotly_chart(charts.s_curves_figure(evaluation), width="stretch")
    right.plotly_chart(charts.tornado_figure(evaluation), width="stretch")
    widgets.break_even(evaluation)


render()
