"""Widget groups shared by the pages: each renders one thing or returns one domain object."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

import charts
import limits
import templates
from costmodels import Evaluation, format_usd
from dashboard import state
from dashboard.markup import md
from dashboard.settings import ASPECT_PRESETS, MAX_DRAWS, MIN_DRAWS, frame_problem
from imageoptions import FrameError, parse_frame


def summary_table(evaluation: Evaluation, *, large: bool = False) -> None:
    """The likely / mean / P50 / P80 / P90 table with P(cheapest), money in readable units, and its basis."""
    table = charts.summary_table(evaluation)
    if large:  # a plain table takes the projector's large type (the data grid draws on a canvas)
        money = [column for column in table.columns if column.endswith("(USD)")]
        shown = table.copy().astype({column: object for column in money})
        for column in money:
            shown[column] = table[column].map(format_usd)
        shown["P(cheapest)"] = table["P(cheapest)"].map("{:.0%}".format)
        st.table(shown)
    else:
        usd = st.column_config.NumberColumn(format="compact")  # 6.5M: readable when projected
        st.dataframe(
            table,
            column_config={
                **{column: usd for column in table.columns if column.endswith("(USD)")},
                # A set width: sized to its bar alone, the column cut "95.3%" to "95.:" with long option names.
                "P(cheapest)": st.column_config.ProgressColumn(format="percent", min_value=0.0, max_value=1.0,
                                                               width="medium"),
            },
            width="stretch",
        )
    st.caption(charts.SUMMARY_BASIS)


def break_even(evaluation: Evaluation) -> None:
    """Where each ML option would break even with the cheapest non-ML option, at the basis the engine used."""
    for entry in evaluation.break_even:
        st.markdown(f"**Break-even at {evaluation.break_even_basis}, {md(entry.option)} vs {md(entry.versus)}:** "
                    f"{md(entry.volume_note)}. {md(entry.benefit_needed())}")


def measured_lines(evaluation: Evaluation) -> None:
    """Which lines rest on measurements rather than estimates."""
    if not evaluation.measured:
        measures = templates.template_of(state.scenario()).measured_words
        st.caption("Every line is an estimate." + (f" Run the audits (Audit page) to measure {measures}, and use "
                                                    "them here." if measures else ""))
        return
    replaced = sum(line.replaced for line in evaluation.measured)
    kept = len(evaluation.measured) - replaced
    title = f"{replaced} line{'s are' if replaced != 1 else ' is'} measured, not estimated"
    with st.expander(title + (f"; {kept} audited, the estimate kept" if kept else ""), icon=":material/science:"):
        for line in sorted(evaluation.measured, key=lambda line: not line.replaced):
            kept_note = "" if line.replaced else " (estimate kept)"
            st.markdown(f"- **{md(line.option)}**, {md(charts.category_label(line.category))}{kept_note}: "
                        f"{md(line.note)}")


_PRESENT_CSS = """<style>
section[data-testid="stSidebar"], div[data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
div[data-testid="stSidebarNav"], div[data-testid="stToolbar"] {display: none !important;}
div[data-testid="stMainBlockContainer"] {padding: 1rem 2rem !important; max-width: 100% !important;}
div[data-testid="stTable"] th, div[data-testid="stTable"] td {font-size: 1.35rem !important;}
</style>"""


def present_switch() -> bool:
    """The Present switch: on, it hides the sidebar, the page list and the editing controls."""
    present = st.toggle("Present mode", key="tcm_present", help="For a projector: large type, one chart at a time, "
                        "no sidebar or editing controls. Switch it off to edit again.")
    if present:
        st.html(_PRESENT_CSS)
    return present


def one_at_a_time(slides: list[tuple[str, Callable[[], object]]]) -> None:
    """One slide (the table, or one chart at full width), with Previous and Next to step through the others."""
    shown = st.session_state.get("tcm_present_slide", 0) % len(slides)
    back, where, forward = st.columns([1, 3, 1], vertical_alignment="center")
    if back.button("Previous", icon=":material/arrow_back:", width="stretch"):
        shown = (shown - 1) % len(slides)
    if forward.button("Next", icon=":material/arrow_forward:", width="stretch"):
        shown = (shown + 1) % len(slides)
    st.session_state["tcm_present_slide"] = shown
    where.markdown(f"<div style='text-align:center;font-size:1.3rem'>{shown + 1} of {len(slides)}: "
                   f"<b>{slides[shown][0]}</b></div>", unsafe_allow_html=True)
    slides[shown][1]()


def run_settings() -> None:
    """Sidebar controls for the Monte Carlo draws and seed.

    The session's settings are the truth: each run hands them to the widgets' fixed keys (never `value=`, which
    would give a widget a new identity whenever the value changes and lose every other edit), and an edit goes
    back into them through the widget's callback, before any page runs. A widget whose state Streamlit dropped
    (seen in the browser under load: both boxes fell back to their minimums, 1,000 draws and seed 0) so shows
    the settings again instead of replacing them.
    """
    current = state.settings()
    st.session_state["tcm_draws"], st.session_state["tcm_seed"] = current.draws, current.seed
    with st.sidebar.expander("Simulation settings"):
        st.number_input("Draws", min_value=MIN_DRAWS, max_value=MAX_DRAWS, step=10_000, key="tcm_draws",
                        on_change=_keep_run_settings)
        st.number_input("Seed", min_value=0, max_value=limits.SEED.maximum, step=1, key="tcm_seed",
                        on_change=_keep_run_settings)


def _keep_run_settings() -> None:
    """A draws or seed edit, into the session's settings."""
    state.set_settings(dataclasses.replace(state.settings(), draws=int(st.session_state["tcm_draws"]),
                                           seed=int(st.session_state["tcm_seed"])))


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


def restore(key: str, default: object) -> None:
    """Before its widget is drawn: the widget's value from its kept copy (or `default`).

    Streamlit drops the state of a widget its page did not draw, so a page switch would lose the user's choice;
    the kept copy, written only by `keeping`, is the truth and each run hands it back to the widget's key."""
    st.session_state[key] = st.session_state.get(f"{key}_kept", default)


def keeping(key: str, then: Callable[[], None] | None = None) -> Callable[[], None]:
    """A widget's on_change: copy its new value where it outlives a page switch, then call `then`.

    A callback, not a copy made after the widget is drawn: a callback runs before any page, even when the rerun
    the edit starts is another page's (the user typed, then clicked a page in the menu)."""

    def keep() -> None:
        st.session_state[f"{key}_kept"] = st.session_state[key]
        if then is not None:
            then()

    return keep


def kept_toggle(label: str, key: str, *, default: bool = False) -> bool:
    """A toggle whose setting outlives a visit to another page."""
    restore(key, default)
    return bool(st.toggle(label, key=key, on_change=keeping(key)))


def kept_text_input(label: str, key: str, *, max_chars: int, placeholder: str = "",
                    where: DeltaGenerator | None = None, on_change: Callable[[], None] | None = None) -> str:
    """A text box (in `where`, a column say) whose text outlives a visit to another page, as kept_toggle; the
    browser stops typing at `max_chars`."""
    restore(key, "")
    return str((where or st).text_input(label, key=key, placeholder=placeholder, on_change=keeping(key, on_change),
                                        max_chars=max_chars))
