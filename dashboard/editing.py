"""Widget groups for editing a scenario: undo and redo, rationales to confirm, and tables whose edits are kept."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import streamlit as st

import charts
import costmodels
from dashboard import forms, state
from dashboard.markup import md

TableChange = Callable[[costmodels.Scenario, list[dict[str, Any]]], costmodels.Scenario]


def adopting(key: str, start: Sequence[Mapping[str, Any]], columns: Sequence[str],
             change: TableChange) -> dict[str, Any]:
    """A scenario table's data-editor key and callback: the table's rows (`start` with the user's edits) into the
    scenario as `change` makes it, before any page runs, so an edit followed at once by a click on another page
    is kept. Rows that do not make a valid scenario change nothing there; the page lists what is wrong."""

    def adopt() -> None:
        rows = forms.rows_with_edits(start, columns, st.session_state[key])
        with contextlib.suppress(forms.FormError):
            state.set_scenario(change(state.scenario(), rows), refresh_editors=True)

    return {"key": key, "on_change": adopt}


def undo_redo() -> None:
    """Undo and Redo buttons over this session's scenario edits."""
    left, right, _ = st.columns([1, 1, 6])
    if left.button("Undo", icon=":material/undo:", disabled=not state.can_undo(), key="undo",
                   help=f"Go back one edit (the last {state.HISTORY_LIMIT} are kept)"):
        state.undo()
        st.rerun()
    if right.button("Redo", icon=":material/redo:", disabled=not state.can_redo(), key="redo"):
        state.redo()
        st.rerun()


def stale_rationales() -> None:
    """Every rationale written for another estimate, with a button to confirm it still holds."""
    flagged = costmodels.stale_rationales(state.scenario())
    if not flagged:
        return
    box = st.expander(f"{len(flagged)} rationale{'s' if len(flagged) > 1 else ''} written for another estimate: "
                      "confirm or rewrite", expanded=len(flagged) <= 2, icon=":material/history_edu:")
    for stale in flagged:
        text, button = box.columns([5, 1])
        section = "benefit" if stale.section == "benefits" else "cost"
        text.warning(
            f"**{md(stale.option)}, {md(charts.category_label(stale.category))}** ({section}): the rationale was "
            f"written for **{md(stale.written_for)}**, the estimate is now **{md(stale.estimate)}**. Confirm it, or "
            f"rewrite it in the detailed mode.  \n:gray[{md(_shortened(stale.rationale))}]",
            icon=":material/history_edu:",
        )
        key = f"confirm-{stale.option}-{stale.section}-{stale.index}"
        if button.button("Still holds", key=key, icon=":material/check:",
                         help="The rationale also supports the new estimate"):
            state.set_scenario(forms.with_rationale_confirmed(state.scenario(), stale.option, stale.section,
                                                              stale.index), refresh_editors=True)
            st.rerun()


def _shortened(text: str, limit: int = 160) -> str:
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 3].rsplit(" ", 1)[0] + " ..."
