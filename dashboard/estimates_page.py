"""Estimates: every line of every option, as the meeting's quick table or in detail; YAML in and out."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

import charts
import costmodels
import templates
from costmodels import LineKind, MeasuredLine, OptionKind, Scenario, ScenarioError
from dashboard import deciding, editing, forms, state
from dashboard.markup import md, md_lines

_MODES = ("Meeting table", "Detailed")
_GAIN = "yearly gain"  # the meeting table's last column, beside the cost categories


def render() -> None:
    """Edit the scenario; the verdict at the top follows every change."""
    st.title("Estimates")
    verdict_slot, undo_slot = st.container(), st.container()
    mode = st.segmented_control("Mode", _MODES, default=_MODES[0], key="estimates_mode") or _MODES[0]
    state.note_editor_mode(mode)
    editing.stale_rationales()
    if mode == _MODES[0]:
        meeting_table(state.scenario())
        level_scales(state.scenario())
    else:
        detailed_form(state.editor_base())
    deciding.correlation_editor(state.scenario())
    import_export(state.scenario())
    verdict_slot.info(md(costmodels.verdict(state.evaluation())), icon=":material/gavel:")
    with undo_slot:  # drawn last, so it counts the edit this run made
        editing.undo_redo()


def meeting_table(scenario: Scenario) -> None:
    """The planning meeting's table: a level per option for development, model risk, reputation risk,
    and the yearly gain (a benefit) the option brings."""
    st.caption("Pick a level for each option; numbers typed in the detailed mode show as they are. "
               "Yearly gain: a benefit each year, as low / likely / high (1M / 2M / 4M); empty for none.")
    widths = [1.4, 1.3, 1.3, 1.3, 1.2]
    headers = st.columns(widths)
    headers[0].markdown("**Option**")
    quick = templates.template_of(scenario).quick_categories
    for column, category in zip(headers[1:], quick, strict=False):
        column.markdown(f"**{charts.category_label(category).capitalize()}**")
    headers[-1].markdown("**Yearly gain**")
    revision = state.revision()
    changes: list[Callable[[Scenario], Scenario]] = []
    for index, option in enumerate(scenario.options):
        row = st.columns(widths)
        row[0].markdown(f"{md(option.name)}  \n:gray[{forms.option_kind_label(option.kind.value)}]")
        for column, category in zip(row[1:], quick, strict=False):
            current = forms.quick_level(option, category)
            choices = list(forms.LEVEL_CHOICES) + ([current] if current not in forms.LEVEL_CHOICES else [])
            key = f"quick-{revision}-{index}-{category}"
            chosen = column.selectbox(
                f"{option.name}: {charts.category_label(category)}", choices,
                index=choices.index(current) if current else None,
                placeholder="not estimated", label_visibility="collapsed", key=key,
                on_change=_adopt_quick_edit, args=(key, option.name, category),
            )
            if chosen and chosen != current and chosen in forms.LEVEL_CHOICES:
                changes.append(partial(forms.with_quick_level, option_name=option.name, category=category,
                                       level=chosen))
        gain = forms.quick_benefit(option)
        key = f"gain-{revision}-{index}"
        typed = row[-1].text_input(f"{option.name}: yearly gain", gain, label_visibility="collapsed",
                                   placeholder="none", key=key, on_change=_adopt_quick_edit,
                                   args=(key, option.name, _GAIN), disabled=len(option.benefits) > 1,
                                   help="Several benefit lines: edit them in the detailed mode"
                                   if len(option.benefits) > 1 else None)
        if typed.strip() != gain:
            changes.append(partial(forms.with_quick_benefit, option_name=option.name, text=typed))
    _apply_all(changes)


def _adopt_quick_edit(key: str, option_name: str, category: str) -> None:
    """A meeting-table widget's on_change: its value into the scenario before any page runs, so a level picked
    or a gain typed and followed at once by a click on another page is kept (that rerun never draws this page).
    A value that does not make a valid scenario stays in its box; the page then lists what is wrong."""
    value = st.session_state[key]
    try:
        if category == _GAIN:
            new = forms.with_quick_benefit(state.scenario(), option_name, str(value))
        elif value in forms.LEVEL_CHOICES:
            new = forms.with_quick_level(state.scenario(), option_name, category, value)
        else:
            return
    except forms.FormError:
        return
    state.set_scenario(new, refresh_editors=True)


def level_scales(scenario: Scenario) -> None:
    """What the meeting's words mean in money and probability, per category; editable."""
    st.markdown("**What the words mean** (the scale each level is read on; edit a cell to change it)")
    labels = {category: charts.category_label(category).capitalize()
              for category in templates.template_of(scenario).quick_categories}
    category = st.segmented_control("Category", list(labels), format_func=lambda key: labels[key],
                                    default="development", key="levels_category",
                                    label_visibility="collapsed") or "development"
    risk = category in {"model_risk", "reputation_risk"}
    st.caption("Chance a year x cost when it happens, each low / likely / high." if risk else
               "Money, low / likely / high, spent once.")
    shared = scenario.incident_impacts.get(category)
    if shared is not None:
        st.caption(f"Here the level sets only the chance: the cost of one incident is set once for every option "
                   f"({costmodels.estimate_to_text(shared.estimate)}, the scenario's incident impacts).")
    start = forms.level_rows(scenario, category)
    rows = st.data_editor(
        pd.DataFrame(start), hide_index=True, width="stretch", num_rows="fixed",
        **editing.adopting(f"levels-{state.revision()}-{category}", start, ("level", "means"),
                           lambda scenario, rows: forms.with_level_rows(scenario, category, rows)),
        column_config={"level": st.column_config.TextColumn("Level", disabled=True),
                       "means": st.column_config.TextColumn("Means", required=True)},
    )
    edited = rows.to_dict("records")
    if edited != forms.level_rows(scenario, category):
        _apply_all([partial(forms.with_level_rows, category=category, rows=edited)])


def _apply_all(changes: Sequence[Callable[[Scenario], Scenario]]) -> None:
    """Adopt the meeting table's changes (or list what is wrong) and start the editors afresh."""
    if not changes:
        return
    try:
        new = state.scenario()
        for change in changes:
            new = change(new)
    except forms.FormError as error:
        st.error("Not applied yet; the numbers above still use the last valid estimates.\n\n"
                 + md_lines("\n".join(error.problems)))
        return
    state.set_scenario(new, refresh_editors=True)
    st.rerun()


def detailed_form(base: Scenario) -> None:
    """Every field and line, editable; the scenario changes only when all of it is valid.

    Each field keeps its value under a key of this revision and adopts the form in its callback, so an edit
    followed at once by a click on another page is kept; the page then adopts it too, listing what is wrong."""
    revision = state.revision()
    scenario_header(base, revision)
    measured = state.evaluation().measured
    removed = None
    for index, option in enumerate(base.options):
        with st.expander(f"{md(option.name)} ({forms.option_kind_label(option.kind.value)})", expanded=index == 0):
            removed = index if option_editor(option, f"{revision}-{index}", measured) else removed
    left, right = st.columns([2, 1], vertical_alignment="bottom")
    names = [option.name for option in base.options]
    copy_of = left.selectbox("A new option starts as a copy of", names, key=f"copy-of-{revision}")
    if right.button("Add an option", icon=":material/add:"):
        state.set_scenario(forms.with_new_option(state.scenario(), copy_of or names[0]), refresh_editors=True)
        st.rerun()
    if removed is not None:
        _apply(lambda: forms.without_option(state.scenario(), removed), refresh=True)
        st.rerun()
    _apply(lambda: form_scenario(base, revision))


def form_scenario(base: Scenario, revision: int) -> Scenario:
    """The scenario the detailed form holds: `base` with every field and table as the user left them, read
    from the widgets' keys (so a callback reads it before any page draws the form). Raises FormError."""
    values = st.session_state
    header = {"question": values[f"question-{revision}"], "horizon_years": int(values[f"horizon-{revision}"]),
              "discount_rate": values[f"rate-{revision}"] / 100, "units_per_day": values[f"volume-{revision}"],
              "yearly_growth": values[f"growth-{revision}"] / 100}
    options, option_lines, option_benefits = [], [], []
    for index, option in enumerate(base.options):
        key = f"{revision}-{index}"
        options.append({"name": values[f"name-{key}"], "kind": values[f"kind-{key}"],
                        "description": values[f"description-{key}"], "implementation": option.implementation})
        option_lines.append(forms.rows_with_edits(forms.line_rows(option), forms.LINE_COLUMNS,
                                                  values.get(f"lines-{key}")))
        option_benefits.append(forms.rows_with_edits(forms.line_rows(option, "benefits"), forms.LINE_COLUMNS,
                                                     values.get(f"benefits-{key}")))
    return forms.scenario_from_form(base, header=header, options=options, option_lines=option_lines,
                                    option_benefits=option_benefits)


def _adopt_form(revision: int) -> None:
    """Every detailed field's on_change: the form into the scenario before any page runs (nothing if the form
    does not make a valid scenario yet: the page lists why)."""
    if revision != state.revision():
        return
    with contextlib.suppress(forms.FormError):
        state.set_scenario(form_scenario(state.editor_base(), revision))


def _field(key: str, start: object, revision: int) -> dict[str, Any]:
    """A detailed field's key, starting value (given once per revision, never as `value=`) and callback."""
    st.session_state.setdefault(key, start)
    return {"key": key, "on_change": _adopt_form, "args": (revision,)}


def scenario_header(base: Scenario, revision: int) -> None:
    """The decision's question, horizon, discount rate and volume."""
    st.text_input("Question", **_field(f"question-{revision}", base.question, revision))
    left, middle, right, last = st.columns(4)
    left.number_input("Horizon (years)", 1, 50, **_field(f"horizon-{revision}", base.horizon_years, revision))
    middle.number_input("Discount rate (%)", 0.0, 100.0, step=1.0,
                        **_field(f"rate-{revision}", base.discount_rate * 100, revision))
    units = templates.template_of(base).units.plural
    right.text_input(f"{units.capitalize()} per day (low / likely / high)",
                     **_field(f"volume-{revision}", costmodels.estimate_to_text(base.volume.units_per_day), revision))
    last.number_input("Yearly growth (%)", -100.0, 1000.0, step=1.0,
                      **_field(f"growth-{revision}", base.volume.yearly_growth * 100, revision))


def option_editor(option: costmodels.Option, key: str, measured: Sequence[MeasuredLine]) -> bool:
    """One option's fields, cost lines and benefit lines; whether the user asked to remove the option."""
    revision = state.revision()
    left, right = st.columns([3, 1])
    left.text_input("Name", **_field(f"name-{key}", option.name, revision))
    right.selectbox("Kind", [kind.value for kind in OptionKind], format_func=forms.option_kind_label,
                    **_field(f"kind-{key}", option.kind.value, revision))
    st.text_input("Description", **_field(f"description-{key}", option.description, revision))
    st.caption("Estimates: a number (650k), low / likely / high (250k / 650k / 1.6M), a level (medium to high); "
               "a risk is probability x impact (5% / 15% / 40% x 500k / 5M / 100M) or a level.")
    per_unit = templates.template_of(state.scenario()).per_unit
    _lines_editor(forms.line_rows(option), f"lines-{key}", [k.value for k in LineKind], per_unit, revision)
    stale = {(line.category, index) for index, line in enumerate(option.costs) if costmodels.rationale_is_stale(line)}
    for category, _ in sorted(stale):
        st.caption(f":material/history_edu: **{md(charts.category_label(category))}**: the rationale was written "
                   "for another estimate (see the note at the top of the page)")
    for line in measured:
        if line.option == option.name:
            st.caption(f":material/science: **{md(charts.category_label(line.category))}** is measured, so its "
                       f"estimate is not used: {md(line.note)}")
    st.markdown("**Benefits** (a gain each year, or once): yearly gain, low / likely / high, rationale")
    _lines_editor(forms.line_rows(option, "benefits"), f"benefits-{key}",
                  [k.value for k in LineKind if k is not LineKind.RISK], per_unit, revision)
    return st.button("Remove this option", key=f"remove-{key}", icon=":material/delete:")


def _lines_editor(rows: list[dict[str, str]], key: str, kinds: list[str], per_unit: str, revision: int) -> None:
    st.data_editor(
        pd.DataFrame(rows, columns=list(forms.LINE_COLUMNS)),
        num_rows="dynamic", width="stretch", hide_index=True, key=key, on_change=_adopt_form, args=(revision,),
        column_config={
            "category": st.column_config.TextColumn("Category", required=True),
            "kind": st.column_config.SelectboxColumn(
                "Kind", options=kinds, format_func=lambda kind: forms.kind_label(str(kind), per_unit)),
            "estimate": st.column_config.TextColumn("Estimate", required=True),
            "rationale": st.column_config.TextColumn("Rationale (cite the source)", width="large"),
        },
    )


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
            left.error("The file was not imported; the current scenario is unchanged.\n\n" + md_lines(str(error)))
        else:
            state.set_scenario(imported, refresh_editors=True)
            st.rerun()
    right.download_button("Export scenario (YAML)", costmodels.scenario_to_yaml(scenario),
                          file_name="tcm-scenario.yaml", mime="application/x-yaml", icon=":material/download:")
    if right.button("Reset to the default scenario", icon=":material/restart_alt:",
                    help="The default of this decision's template; Undo brings your edits back"):
        state.set_scenario(templates.template_of(scenario).scenario(), refresh_editors=True)
        st.rerun()


def _apply(build: Callable[[], Scenario], *, refresh: bool = False) -> None:
    """Adopt the scenario `build` makes, or list what is wrong and keep the last valid one."""
    try:
        new = build()
    except forms.FormError as error:
        st.error("Not applied yet; the numbers above still use the last valid estimates.\n\n"
                 + md_lines("\n".join(error.problems)))
        return
    state.set_scenario(new, refresh_editors=refresh)


render()
