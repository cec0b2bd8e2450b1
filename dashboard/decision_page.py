"""Decision: the verdict, how sure it is, where the money goes and what matters most."""

from __future__ import annotations

import streamlit as st

import charts
import costmodels
import templates
from dashboard import deciding, state, widgets
from dashboard.markup import md


def render() -> None:
    """The landing page a planning meeting looks at; in present mode, the table or one chart at a time."""
    scenario = state.scenario()
    evaluation = state.evaluation()
    present = widgets.present_switch()

    question, verdict = md(scenario.question), md(costmodels.verdict(evaluation))
    if present:
        st.markdown(f"### {question}\n#### {verdict}")
    else:
        st.title(question)
        st.markdown(f"#### {verdict}")
    volume = costmodels.estimate_to_text(scenario.volume.units_per_day)
    basis = (
        f"Total cost of model over {scenario.horizon_years} years, present value in {md(scenario.currency)} at a "
        f"{scenario.discount_rate:.0%} discount rate, for {md(volume)} {templates.template_of(scenario).units_a_day} "
        f"(low / likely / high); {evaluation.draws:,} simulations, seed {evaluation.seed}."
    )
    figures = {
        "Where the money goes": lambda: charts.cost_by_category_figure(evaluation, large=present),
        "How sure": lambda: charts.s_curves_figure(evaluation, large=present),
        "What matters most": lambda: charts.tornado_figure(evaluation, large=present),
    }
    if present:
        widgets.one_at_a_time([
            ("The numbers", lambda: (st.caption(basis), widgets.summary_table(evaluation, large=True),
                                     widgets.break_even(evaluation))),
            *((name, lambda make=make: st.plotly_chart(make(), width="stretch")) for name, make in figures.items()),
            ("What to find out first", lambda: (deciding.value_of_information(evaluation),
                                                deciding.robustness(evaluation))),
        ])
        return
    st.caption(basis)
    widgets.measured_lines(evaluation)
    widgets.summary_table(evaluation)
    for make in figures.values():  # one below another: side by side, a 1280 px window squeezes them
        st.plotly_chart(make(), width="stretch")
    deciding.value_of_information(evaluation)  # right under the tornado: a column beside it would squeeze it
    deciding.robustness(evaluation)
    widgets.break_even(evaluation)


render()
