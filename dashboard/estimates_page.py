"""Estimates: every line of every option, as the meeting's quick table or in detail; YAML in and out."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

import costmodels
from costmodels import LineKind, MeasuredLine, OptionKind, Scenario, ScenarioError
from dashboard import forms, state
from dashboard.markup import md, md_lines

_MODES = ("Meeting table", "Detailed")


def render() -> None:
    """Edit the scenario; the verdict at the top follows every change."""
    st.title("Estimates")
    verdict_slot = st.container()
    mode = st.segmented_control("Mode", _MODES, default=_MODES[0], key="estimates_mode") or _MODES[0]
    if mode == _MODES[0]:
        meeting_table(state.scenario())
    else:
        detailed_form(state.editor_base())
    import_export(state.scenario())
    verdict_slot.info(md(costmodels.verdict(state.evaluation())), icon=":material/gavel:")


def meeting_table(scenario: Scenario) -> None:
    """The planning meeting's table: a level per option for development, model risk, reputation risk."""
    st.caption("Pick a level for each option; numbers typed in the detailed mode show as they are.")
    headers = st.columns([2, 1, 1, 1])
    headers[0].markdown("**Option**")
    for column, category in zip(headers[1:], forms.QUICK_CATEGORIES, strict=True):
        column.markdown(f"**{category.replace('_', ' ').capitalize()}**")
    changes = []
    for index, option in enumerate(scenario.options):
        row = st.columns([2, 1, 1, 1])
        row[0].markdown(f"{md(option.name)}  \n:gray[{'ML' if option.kind is OptionKind.ML else 'non-ML'}]")
        for column, category in zip(row[1:], forms.QUICK_CATEGORIES, strict=True):
            current = forms.quick_level(option, category)
            choices = list(forms.LEVEL_CHOICES) + ([current] if current not in forms.LEVEL_CHOICES else [])
            chosen = column.selectbox(
                f"{option.name}: {category}", choices, index=choices.index(current) if current else None,
                placeholder="not estimated", label_visibility="collapsed",
                key=f"quick-{state.revision()}-{index}-{category}",
            )
            if chosen and chosen != current and chosen in forms.LEVEL_CHOICES:
                changes.append((option.name, category, chosen))
    for option_name, category, level in changes:
        state.set_scenario(forms.with_quick_level(state.scenario(), option_name, category, level))
    if changes:
        state.renew_editors()
        st.rerun()


def detailed_form(base: Scenario) -> None:
    """Every field and line, editable; the scenario changes only when all of it is valid."""
    revision = state.revision()
    header = scenario_header(base, revision)
    measured = state.evaluation().measured
    options, option_lines, removed = [], [], None
    for index, option in enumerate(base.options):
        kind = "ML" if option.kind is OptionKind.ML else "non-ML"
        with st.expander(f"{md(option.name)} ({kind})", expanded=index == 0):
            fields, rows, remove = option_editor(option, f"{revision}-{index}", measured)
            options.append(fields)
            option_lines.append(rows)
            removed = index if remove else removed
    if st.button("Add an option", icon=":material/add:"):
        state.set_scenario(forms.with_new_option(state.scenario()), refresh_editors=True)
        st.rerun()
    if removed is not None:
        _apply(lambda: forms.without_option(state.scenario(), removed), refresh=True)
        st.rerun()
    _apply(lambda: forms.scenario_from_form(base, header=header, options=options, option_lines=option_lines))


def scenario_header(base: Scenario, revision: int) -> dict[str, Any]:
    """The decision's question, horizon, discount rate and volume."""
    question = st.text_input("Question", base.question, key=f"question-{revision}")
    left, middle, right, last = st.columns(4)
    horizon = left.number_input("Horizon (years)", 1, 50, base.horizon_years, key=f"horizon-{revision}")
    rate = middle.number_input("Discount rate (%)", 0.0, 100.0, base.discount_rate * 100, step=1.0,
                               key=f"rate-{revision}")
    volume = right.text_input("Images per day (low / likely / high)",
                              costmodels.estimate_to_text(base.volume.images_per_day), key=f"volume-{revision}")
    growth = last.number_input("Yearly growth (%)", -100.0, 1000.0, base.volume.yearly_growth * 100, step=1.0,
                               key=f"growth-{revision}")
    return {"question": question, "horizon_years": int(horizon), "discount_rate": rate / 100,
            "images_per_day": volume, "yearly_growth": growth / 100}


def option_editor(
    option: costmodels.Option, key: str, measured: Sequence[MeasuredLine]
) -> tuple[dict[str, Any], list[dict[str, Any]], bool]:
    """One option's fields and lines; returns them and whether the user asked to remove it."""
    left, right = st.columns([3, 1])
    name = left.text_input("Name", option.name, key=f"name-{key}")
    kinds = [kind.value for kind in OptionKind]
    kind = right.selectbox("Kind", kinds, index=kinds.index(option.kind.value), key=f"kind-{key}")
    description = st.text_input("Description", option.description, key=f"description-{key}")
    st.caption("Estimates: a number (650k), low / likely / high (250k / 650k / 1.6M), a level (medium to high); "
               "a risk is probability x impact (5% / 15% / 40% x 500k / 5M / 100M) or a level.")
    rows = st.data_editor(
        pd.DataFrame(forms.line_rows(option), columns=list(forms.LINE_COLUMNS)),
        num_rows="dynamic", width="stretch", hide_index=True, key=f"lines-{key}",
        column_config={
            "category": st.column_config.TextColumn("Category", required=True),
            "kind": st.column_config.SelectboxColumn("Kind", options=[k.value for k in LineKind]),
            "estimate": st.column_config.TextColumn("Estimate", required=True),
            "rationale": st.column_config.TextColumn("Rationale (cite the source)", width="large"),
        },
    )
    for line in measured:
        if line.option == option.name:
            st.caption(f":material/science: **{md(line.category)}** is measured, so its estimate is not used: "
                       f"{md(line.note)}")
    remove = st.button("Remove this option", key=f"remove-{key}", icon=":material/delete:")
    fields = {"name": name, "kind": kind, "description": description, "image_option": option.image_option}
    return fields, rows.to_dict("records"), remove


def import_export(scenario: Scenario) -> None:
    """Scenario YAML in (validated, every problem listed) and out."""
    st.divider()
    left, right = st.columns(2)
    upload = left.file_uploader("Import a scenario (YAML)", type=["yaml", "yml"], key=f"import-{state.revision()}")
    if upload is not None:
        try:
            imported = costmodels.scenario_from_yaml(upload.getvalue().decode("utf-8"), source=upload.name)
        except UnicodeDecodeError:
            left.error(f"{md(upload.name)}: not a text file; expected scenario YAML")
        except ScenarioError as error:
            left.error("The file was not imported; the current scenario is unchanged.\n\n" + _bullets(str(error)))
        else:
            # Evidence files are read only beside a scenario on disk, never named by an upload.
            state.set_scenario(dataclasses.replace(imported, evidence=()), refresh_editors=True)
            st.rerun()
    right.download_button("Export scenario (YAML)", costmodels.scenario_to_yaml(scenario),
                          file_name="tcm-scenario.yaml", mime="application/x-yaml", icon=":material/download:")
    if right.button("Reset to the default scenario", icon=":material/restart_alt:"):
        state.set_scenario(costmodels.default_scenario(), refresh_editors=True)
        st.rerun()


def _apply(build: Callable[[], Scenario], *, refresh: bool = False) -> None:
    """Adopt the scenario `build` makes, or list what is wrong and keep the last valid one."""
    try:
        new = build()
    except forms.FormError as error:
        st.error("Not applied yet; the numbers above still use the last valid estimates.\n\n"
                 + _bullets("\n".join(error.problems)))
        return
    state.set_scenario(new, refresh_editors=refresh)


def _bullets(text: str) -> str:
    return md_lines(text)


render()
