"""Between the Estimates page's widgets and the scenario: plain rows in, a validated scenario out.

No Streamlit here, so every conversion is unit-tested; the page only lays the widgets out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from costmodels import (
    KNOWN_CATEGORIES,
    Level,
    Option,
    Scenario,
    ScenarioError,
    estimate_from_text,
    estimate_to_text,
    scenario_from_data,
    scenario_to_data,
)
from costmodels._dump import estimate_to_data

LINE_COLUMNS = ("category", "kind", "estimate", "rationale")
QUICK_CATEGORIES = ("development", "model_risk", "reputation_risk")
LEVEL_CHOICES = ("near-zero", "near-zero to low", "low", "low to medium", "medium", "medium to high", "high")
_OPTION_PATH = re.compile(r"^options\[(\d+)\](?:\.(costs|benefits)\[(\d+)\])?\.?(.*)$")


class FormError(ValueError):
    """What the user typed cannot make a valid scenario; `problems` say where, in their words."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def line_rows(option: Option) -> list[dict[str, str]]:
    """An option's cost lines as editable rows (estimates in their short text form)."""
    return [
        {"category": line.category, "kind": line.kind.value, "estimate": estimate_to_text(line.estimate),
         "rationale": line.rationale}
        for line in option.costs
    ]


def quick_level(option: Option, category: str) -> str:
    """What the meeting table shows for a category: its level, its numbers as text, or ''."""
    for line in option.costs:
        if line.category == category:
            if isinstance(line.estimate, Level):
                return " ".join(line.estimate.text.lower().split())
            return estimate_to_text(line.estimate)
    return ""


def with_quick_level(scenario: Scenario, option_name: str, category: str, level: str) -> Scenario:
    """The scenario with one option's category set to a meeting level (the line added if absent)."""
    data = scenario_to_data(scenario)
    option = next(item for item in data["options"] if item["name"] == option_name)
    costs = option.setdefault("costs", [])
    line = next((item for item in costs if item["category"] == category), None)
    if line is None:
        costs.append({"category": category, "estimate": level, "rationale": f"Meeting: {level}."})
    else:
        line["estimate"] = level
    return scenario_from_data(data)


def scenario_from_form(
    base: Scenario,
    *,
    header: Mapping[str, Any],
    options: list[Mapping[str, Any]],
    option_lines: list[list[Mapping[str, Any]]],
) -> Scenario:
    """A new scenario from the Estimates form: the header fields, each option's fields and rows.

    Raises FormError with every problem, located by option name and line number.
    """
    data = scenario_to_data(base)
    problems: list[str] = []
    volume = _parsed(header["images_per_day"], "Volume (images per day)", problems, risk=False)
    data.update(question=header["question"], horizon_years=header["horizon_years"],
                discount_rate=header["discount_rate"])
    data["volume"] = {**data["volume"], "yearly_growth": header["yearly_growth"]}
    if volume is not None:
        data["volume"]["images_per_day"] = volume
    data["options"] = []
    for fields, rows in zip(options, option_lines, strict=True):
        label = str(fields.get("name") or "(unnamed option)")
        option = {key: value for key, value in fields.items() if value not in (None, "")}
        option["costs"] = [line for line in _lines(rows, label, problems, set(base.incident_impacts)) if line]
        data["options"].append(option)
    if problems:
        raise FormError(problems)
    try:
        return scenario_from_data(data)
    except ScenarioError as error:
        raise FormError(describe_problems(error, data)) from None


def _lines(rows: Iterable[Mapping[str, Any]], label: str, problems: list[str],
           shared: set[str] | None = None) -> list[dict[str, Any]]:
    lines = []
    for number, row in enumerate(rows, start=1):
        category = str(row.get("category") or "").strip()
        text = str(row.get("estimate") or "").strip()
        if not category and not text:
            continue  # a blank row the editor added
        kind = str(row.get("kind") or "") or (KNOWN_CATEGORIES[category].value if category in KNOWN_CATEGORIES else "")
        where = f"{label}, line {number} ({category or 'no category'})"
        estimate = _parsed(text, where, problems, risk=kind == "risk", shared_impact=category in (shared or ()))
        if estimate is not None:
            line = {"category": category, "kind": kind, "estimate": estimate,
                    "rationale": str(row.get("rationale") or "")}
            lines.append({key: value for key, value in line.items() if value != ""})
    return lines


def _parsed(text: str, where: str, problems: list[str], *, risk: bool, shared_impact: bool = False) -> Any:
    if not str(text).strip():
        problems.append(f"{where}: the estimate is empty")
        return None
    try:
        return estimate_to_data(estimate_from_text(str(text), risk=risk, shared_impact=shared_impact))
    except ScenarioError as error:
        problems.extend(f"{where}: {problem}" for problem in error.problems)
        return None


def describe_problems(error: ScenarioError, data: Mapping[str, Any]) -> list[str]:
    """Problems with their scenario paths turned into option names and line numbers."""
    return [f"{_describe_path(problem.path, data)}: {problem.message}" for problem in error.problems]


def _describe_path(path: str, data: Mapping[str, Any]) -> str:
    match = _OPTION_PATH.match(path)
    if not match:
        return path
    index, section, line, rest = match.groups()
    options = data.get("options") or []
    option = options[int(index)] if int(index) < len(options) else {}
    parts = [str(option.get("name") or f"option {int(index) + 1}")]
    if section:
        lines = option.get(section) or []
        item = lines[int(line)] if int(line) < len(lines) else {}
        parts.append(f"{section[:-1]} line {int(line) + 1} ({item.get('category', '?')})")
    if rest:
        parts.append(rest)
    return ", ".join(parts)


def with_new_option(scenario: Scenario) -> Scenario:
    """The scenario with a new non-ML option ("New option N") at near-zero development cost."""
    data = scenario_to_data(scenario)
    names = {option["name"] for option in data["options"]}
    name = next(f"New option {n}" for n in range(1, len(names) + 2) if f"New option {n}" not in names)
    data["options"].append({"name": name, "kind": "non_ml", "costs": [
        {"category": "development", "estimate": "near-zero", "rationale": "Meeting: near-zero."}]})
    return scenario_from_data(data)


def without_option(scenario: Scenario, index: int) -> Scenario:
    """The scenario without its option number `index`; a comparison keeps at least two."""
    if len(scenario.options) <= 2:
        raise FormError([f"{scenario.options[index].name}: not removed; a comparison needs at least two options"])
    data = scenario_to_data(scenario)
    del data["options"][index]
    return scenario_from_data(data)
