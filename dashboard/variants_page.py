"""Variants: named versions of the scenario ("as estimated", "with the audit"), and two side by side."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import costmodels
import limits
from costmodels import LineChange, OptionChange
from dashboard import editing, forms, state
from dashboard.markup import md

ON_SCREEN = "(the scenario on screen)"


def render() -> None:
    """Save, open and compare named variants of the scenario."""
    st.title("Variants")
    variants = state.variants()
    if variants:
        compare(variants)
        st.divider()
    else:
        st.info("No variants yet. Save the scenario as it is (\"as estimated\"), change it on the Estimates page, "
                "save again (\"with the audit\"), then compare the two here.", icon=":material/compare_arrows:")
    st.subheader("Saved variants")
    editing.undo_redo()
    save_variant()
    variant_list(variants)


def save_variant() -> None:
    """Keep the scenario on screen under a name."""
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    name = left.text_input("Save the scenario on screen as", key="variant_name", max_chars=limits.NAME_CHARS.maximum,
                           placeholder="as estimated, with the audit, ML at low risk ...")
    if right.button("Save as a variant", icon=":material/bookmark_add:", disabled=not name.strip()):
        if not state.save_variant(name.strip()):
            st.error(f"Not saved: {limits.VARIANTS.message(len(state.variants()) + 1)}. Delete one first.")
            return
        st.rerun()


def variant_list(variants: dict[str, costmodels.Scenario]) -> None:
    """Each variant, with buttons to put it on screen or forget it."""
    for index, (name, scenario) in enumerate(variants.items()):
        label, open_button, delete_button = st.columns([4, 1, 1], vertical_alignment="center")
        here = " :green-badge[on screen]" if scenario == state.scenario() else ""
        verdict = md(costmodels.verdict(state.evaluation_of(scenario)))
        label.markdown(f"**{md(name)}**{here}  \n:gray[{verdict}]")
        if open_button.button("Open", key=f"open-variant-{index}", icon=":material/open_in_browser:"):
            state.open_variant(name)
            st.rerun()
        if delete_button.button("Delete", key=f"delete-variant-{index}", icon=":material/delete:"):
            state.delete_variant(name)
            st.rerun()


def compare(variants: dict[str, costmodels.Scenario]) -> None:
    """Two versions side by side: what changed, and how each option's P50, mean and P(cheapest) moved."""
    st.subheader("Compare two variants")
    choices = [*variants, ON_SCREEN]
    left, right = st.columns(2)
    first = left.selectbox("From", choices, index=0, key="compare_from") or choices[0]
    second = right.selectbox("To", choices, index=min(1, len(choices) - 1), key="compare_to") or choices[-1]
    before = variants.get(first, state.scenario())
    after = variants.get(second, state.scenario())
    before_result, after_result = state.evaluation_of(before), state.evaluation_of(after)
    left.info(md(costmodels.verdict(before_result)), icon=":material/gavel:")
    right.info(md(costmodels.verdict(after_result)), icon=":material/gavel:")
    st.markdown(f"**What changed** from *{md(first)}* to *{md(second)}*")
    changes = costmodels.scenario_changes(before, after)
    if changes:
        st.dataframe(_changes_table(changes), hide_index=True, width="stretch")
    else:
        st.caption("Nothing: the two are the same scenario.")
    st.markdown("**How the results moved** (present value over the horizon; change = to minus from)")
    usd = st.column_config.NumberColumn(format="compact")
    share = st.column_config.NumberColumn(format="percent")
    st.dataframe(
        _results_table(costmodels.result_changes(before_result, after_result)), hide_index=True, width="stretch",
        column_config={"P50, from": usd, "P50, to": usd, "P50 change": usd, "mean change": usd,
                       "P(cheapest), from": share, "P(cheapest), to": share,
                       "P(cheapest) change": share},
    )


def _changes_table(changes: tuple[LineChange, ...]) -> pd.DataFrame:
    return pd.DataFrame(forms.change_rows(changes), columns=["option", "what", "from", "to"])


def _results_table(changes: tuple[OptionChange, ...]) -> pd.DataFrame:
    return pd.DataFrame([{
        "option": change.option,
        "P50, from": change.p50_before_usd, "P50, to": change.p50_after_usd, "P50 change": _tidy(change.p50_change_usd),
        "mean change": _tidy(change.mean_change_usd),
        "P(cheapest), from": change.p_cheapest_before, "P(cheapest), to": change.p_cheapest_after,
        "P(cheapest) change": _tidy(change.p_cheapest_change, digits=4),  # below 0.01 points is noise
    } for change in changes])


def _tidy(change: float, digits: int = 9) -> float:
    """A change rounded to what the table can show, so no change shows as 0, never -0."""
    return round(change, digits) + 0.0


render()
