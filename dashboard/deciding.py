"""Widget groups for what to learn before deciding, how robust the choice is, and correlated estimates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

import charts
import costmodels
from costmodels import Evaluation, Scenario, ScenarioError
from dashboard import editing, forms, state
from dashboard.markup import md, md_lines

_MONEY = st.column_config.NumberColumn(format="compact")
_CORRELATION_COLUMNS = ("first input", "second input", "rank", "rationale")


def value_of_information(evaluation: Evaluation) -> None:
    """The ranked value of information: the meeting's sentence, then the table."""
    information = evaluation.value_of_information
    if information is None:
        return
    st.markdown("**What to find out before deciding**")
    st.markdown(md(information.sentence(charts.input_label)))
    table = charts.information_table(evaluation)
    if not table.empty:
        st.dataframe(table, column_config={column: _MONEY for column in table.columns}, width="stretch",
                     key="voi_table")
    st.caption(md(f"Value of information: {information.basis}."))


def robustness(evaluation: Evaluation) -> None:
    """How far each input may move before the choice changes, and the options costlier at every percentile."""
    robust = evaluation.robustness
    if robust is None:
        return
    st.markdown("**How robust the choice is**")
    st.markdown(md(robust.sentence(charts.input_label)))
    table = charts.switch_table(evaluation)
    if not table.empty:
        st.dataframe(table, column_config={"chance it is beyond": st.column_config.ProgressColumn(
            format="percent", min_value=0.0, max_value=1.0)}, width="stretch", key="switch_table")
    st.caption(md(f"Switch points: {robust.switch_basis}. Dominated: {robust.dominance_basis}."))


def correlation_rows(scenario: Scenario) -> list[dict[str, Any]]:
    """The scenario's correlations as editor rows."""
    return [{"first input": c.between[0], "second input": c.between[1], "rank": c.rank, "rationale": c.rationale}
            for c in scenario.correlations]


def with_correlations(scenario: Scenario, rows: Iterable[Mapping[str, Any]]) -> Scenario:
    """The scenario with these correlations (rows left blank are dropped); FormError names every problem."""
    data = costmodels.scenario_to_data(scenario)
    kept = [row for row in rows if any(forms.cell_text(row.get(column)) for column in _CORRELATION_COLUMNS[:3])]
    data["correlations"] = [
        {"between": [forms.cell_text(row.get("first input")), forms.cell_text(row.get("second input"))],
         "rank": row.get("rank"), **({"rationale": text} if (text := forms.cell_text(row.get("rationale"))) else {})}
        for row in kept
    ]
    if not data["correlations"]:
        del data["correlations"]
    try:
        return costmodels.scenario_from_data(data)
    except ScenarioError as error:
        raise forms.FormError([str(problem) for problem in error.problems]) from None


def correlation_editor(scenario: Scenario) -> None:
    """Inputs that move together: each pair with its rank correlation, editable; applied when all are valid."""
    count = len(scenario.correlations)
    with st.expander(f"Inputs that move together ({count} correlation{'s' if count != 1 else ''})",
                     icon=":material/join_inner:", expanded=bool(count)):
        st.caption("Each row: two inputs and their rank correlation, from -1 (opposite) to 1 (together). "
                   "Options draw a category from the same random numbers, so a pair holds for every option's "
                   "lines of those two categories. Each input keeps its own distribution.")
        paths = list(costmodels.correlation_paths(scenario))
        start = correlation_rows(scenario)
        edited = st.data_editor(
            pd.DataFrame(start, columns=list(_CORRELATION_COLUMNS)), num_rows="dynamic", width="stretch",
            hide_index=True, **editing.adopting(f"correlations-{state.revision()}", start, _CORRELATION_COLUMNS,
                                                with_correlations),
            column_config={
                "first input": st.column_config.SelectboxColumn(options=paths, required=True),
                "second input": st.column_config.SelectboxColumn(options=paths, required=True),
                "rank": st.column_config.NumberColumn(min_value=-1.0, max_value=1.0, step=0.05, required=True),
                "rationale": st.column_config.TextColumn(),
            },
        )
        rows: list[dict[str, Any]] = edited.to_dict("records")
        if rows == correlation_rows(scenario):
            return
        try:
            new = with_correlations(scenario, rows)
        except forms.FormError as error:
            st.error("Not applied yet; the numbers use the last valid correlations.\n\n"
                     + md_lines("\n".join(error.problems)))
            return
        if new != scenario:
            state.set_scenario(new, refresh_editors=True)
            st.rerun()
