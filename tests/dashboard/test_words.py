"""The Estimates and Variants pages speak in words: no machine name (`reputation_risk`, `per_year`,
`fixed_crop`, `survival_gap`) in a label, header, caption or note a person reads (issue 10)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import costmodels
from costmodels import LineChange, SharedState
from dashboard import forms

ML = "ML smart crop"
EVIDENCE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "evidence-disparity-90-of-100.json"
ICON = re.compile(r":material/[a-z_]+:")  # an icon's name is drawn, not read
MACHINE_WORD = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")  # snake_case: reputation_risk, non_ml, face_cut_images


def labelled(widgets: Any, label: str) -> Any:
    """The widget with this label."""
    return next(widget for widget in widgets if widget.label == label)


def nodes(node: Any) -> Iterator[Any]:
    """Every element under `node`, depth first."""
    yield node
    for child in getattr(node, "children", {}).values():
        yield from nodes(child)


def shown_texts(app: AppTest) -> list[str]:
    """What a reader sees: every element's label, text, help, placeholder and options, and every
    table's column headers (a grid's cells are the scenario's data, checked apart where they are words)."""
    texts: list[str] = []
    for node in nodes(app._tree):
        for name in ("label", "help", "placeholder", "body"):
            value = getattr(node.proto, name, None) if hasattr(node, "proto") else None
            if isinstance(value, str):
                texts.append(value)
        options = getattr(getattr(node, "proto", None), "options", None)
        if options is not None and not isinstance(options, str):
            texts.extend(str(option) for option in options)  # as shown; the value is the machine one
            continue
        try:
            value = node.value
        except AttributeError:  # a block, or an element with no value
            continue
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, pd.DataFrame):
            texts.extend(str(column) for column in value.columns)
    return [ICON.sub("", text.replace("\\", "")) for text in texts]  # md() escapes `_` as `\_`


def machine_words(app: AppTest) -> set[str]:
    """The snake_case words a reader of the page would see."""
    return {word for text in shown_texts(app) for word in MACHINE_WORD.findall(text)}


def test_kind_label_names_every_line_kind_in_words() -> None:
    assert [forms.kind_label(kind.value) for kind in costmodels.LineKind] == [
        "one-off", "per year", "per image", "risk event"]
    assert forms.kind_label("someday") == "someday"  # a kind the table does not know stays as it is


def test_option_kind_label_names_ml_and_non_ml() -> None:
    assert [forms.option_kind_label(kind.value) for kind in costmodels.OptionKind] == ["ML", "non-ML"]


def test_change_rows_put_categories_kinds_and_levels_in_words() -> None:
    changes = (
        LineChange(ML, "reputation_risk (cost)", "high", "low"),
        LineChange(ML, "model_risk (cost) #2, rationale", "old words", "new_words stay as typed"),
        LineChange(ML, "kind", "ml", "non_ml"),
        LineChange("", "levels: per_year, low", "1 / 2 / 3", "2 / 3 / 4"),
        LineChange("", "levels: reputation_risk, high", "", "10% / 20% / 50% x 1M / 2M / 3M"),
        LineChange("", "horizon", "5 years", "3 years"),
    )
    assert forms.change_rows(changes) == [
        {"option": ML, "what": "reputation risk (cost)", "from": "high", "to": "low"},
        {"option": ML, "what": "model risk (cost) #2, rationale", "from": "old words", "to": "new_words stay as typed"},
        {"option": ML, "what": "kind", "from": "ML", "to": "non-ML"},
        {"option": "(scenario)", "what": "levels: per year, low", "from": "1 / 2 / 3", "to": "2 / 3 / 4"},
        {"option": "(scenario)", "what": "levels: reputation risk, high", "from": "",
         "to": "10% / 20% / 50% x 1M / 2M / 3M"},
        {"option": "(scenario)", "what": "horizon", "from": "5 years", "to": "3 years"},
    ]


def test_scenario_from_form_names_a_bad_line_by_its_category_in_words() -> None:
    scenario = costmodels.default_scenario()
    rows = forms.line_rows(scenario.options[0])
    place = next(number for number, row in enumerate(rows) if row["category"] == "reputation_risk")
    rows[place]["estimate"] = "lots"
    option_lines = [rows, *(forms.line_rows(option) for option in scenario.options[1:])]
    header = {"question": scenario.question, "horizon_years": scenario.horizon_years,
              "discount_rate": scenario.discount_rate, "yearly_growth": scenario.volume.yearly_growth,
              "units_per_day": costmodels.estimate_to_text(scenario.volume.units_per_day)}
    options = [{"name": o.name, "kind": o.kind.value, "description": o.description, "implementation": o.implementation}
               for o in scenario.options]
    with pytest.raises(forms.FormError) as raised:
        forms.scenario_from_form(scenario, header=header, options=options, option_lines=option_lines)
    problems = raised.value.problems
    assert len(problems) == 1
    assert problems[0].startswith(f"{ML}, line {place + 1} (reputation risk): 'lots'")


def test_meeting_table_labels_and_notes_are_words(app: AppTest) -> None:
    app.run()
    app.switch_page("estimates_page.py").run()
    labelled(app.selectbox, f"{ML}: reputation risk").set_value("low").run()  # flags its rationale
    assert not app.exception
    assert [box.label for box in app.selectbox][:3] == [f"{ML}: development", f"{ML}: model risk",
                                                        f"{ML}: reputation risk"]
    assert any(warning.value.startswith(f"**{ML}, reputation risk** (cost)") for warning in app.warning)
    assert machine_words(app) == set()


def test_detailed_editor_labels_captions_and_measured_notes_are_words(app: AppTest) -> None:
    evidence = costmodels.load_evidence([EVIDENCE])
    edited = forms.with_quick_level(costmodels.default_scenario(), ML, "reputation_risk", "low")
    app.query_params["s"] = costmodels.encode_share_token(SharedState(edited, evidence=evidence))
    app.run()
    app.switch_page("estimates_page.py").run()
    app.segmented_control(key="estimates_mode").set_value("Detailed").run()
    assert not app.exception
    captions = [caption.value for caption in app.caption]
    assert any(caption.startswith(":material/history_edu: **reputation risk**: the rationale") for caption in captions)
    assert any("**reputation risk** is measured, so its estimate is not used: survival gap: largest gap" in caption
               for caption in captions)
    assert labelled(app.selectbox, "Kind").options == ["ML", "non-ML"]
    assert labelled(app.selectbox, "Kind").value == "ml"  # the scenario keeps its machine value
    assert machine_words(app) == set()


def test_variants_compare_table_is_in_words(app: AppTest) -> None:
    app.run()
    app.switch_page("variants_page.py").run()
    labelled(app.text_input, "Save the scenario on screen as").set_value("as estimated").run()
    labelled(app.button, "Save as a variant").click().run()
    app.switch_page("estimates_page.py").run()
    labelled(app.selectbox, f"{ML}: reputation risk").set_value("low").run()
    app.switch_page("variants_page.py").run()
    labelled(app.text_input, "Save the scenario on screen as").set_value("ML at low risk").run()
    labelled(app.button, "Save as a variant").click().run()
    labelled(app.selectbox, "To").set_value("ML at low risk").run()
    assert not app.exception
    changed = app.dataframe[0].value
    assert changed.to_dict("records") == [{"option": ML, "what": "reputation risk (cost)", "from": "high", "to": "low"}]
    cells = {str(cell) for frame in app.dataframe for cell in frame.value.to_numpy().ravel()}
    assert {word for cell in cells for word in MACHINE_WORD.findall(cell)} == set()
    assert machine_words(app) == set()
