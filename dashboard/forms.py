"""Between the Estimates page's widgets and the scenario: plain rows in, a validated scenario out.

No Streamlit here, so every conversion is unit-tested; the page only lays the widgets out.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from charts import category_label
from costmodels import (
    KNOWN_CATEGORIES,
    Fixed,
    Level,
    Line,
    LineChange,
    LineKind,
    Option,
    OptionKind,
    RiskEstimate,
    Scenario,
    ScenarioError,
    Triple,
    estimate_from_text,
    estimate_to_text,
    level_meanings,
    scenario_from_data,
    scenario_to_data,
)
from costmodels._dump import estimate_to_data
from costmodels._estimates import Estimate
from templates import template_of

LINE_COLUMNS = ("category", "kind", "estimate", "rationale")
QUICK_CATEGORIES = ("development", "model_risk", "reputation_risk")
LEVEL_CHOICES = ("near-zero", "near-zero to low", "low", "low to medium", "medium", "medium to high", "high")
BENEFIT_CATEGORY = "yearly_gain"  # the meeting table's benefit line: a gain every year
_OPTION_PATH = re.compile(r"^options\[(\d+)\](?:\.(costs|benefits)\[(\d+)\])?\.?(.*)$")
KIND_WORDS = MappingProxyType({LineKind.ONE_OFF.value: "one-off", LineKind.PER_YEAR.value: "per year",
                               LineKind.PER_UNIT.value: "per image", LineKind.RISK.value: "risk event"})
OPTION_KIND_WORDS = MappingProxyType({OptionKind.ML.value: "ML", OptionKind.NON_ML.value: "non-ML"})
_LEVELS_ITEM = "levels: "


def kind_label(kind: str, per_unit: str = KIND_WORDS[LineKind.PER_UNIT.value]) -> str:
    """A line kind in words: "per_year" -> "per year", "per_unit" -> `per_unit` (the template's
    "per participant-hour"); a kind this table does not know, as it is."""
    return per_unit if kind == LineKind.PER_UNIT.value else KIND_WORDS.get(kind, kind)


def option_kind_label(kind: str) -> str:
    """An option kind in words: "non_ml" -> "non-ML"."""
    return OPTION_KIND_WORDS.get(kind, kind)


def kinds_in_words(per_unit: str, *, benefit: bool = False) -> str:
    """The kinds a line may pick, in a template's words: "one-off, per year, per image, risk event"."""
    return ", ".join(kind_label(kind.value, per_unit) for kind in LineKind if not (benefit and kind is LineKind.RISK))


class FormError(ValueError):
    """What the user typed cannot make a valid scenario; `problems` say where, in their words."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def cell_text(value: object) -> str:
    """What a grid cell holds as text: an empty cell (None, NaN, <NA>) is '', never 'nan'."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if type(value).__name__ in {"NAType", "NaTType"}:
        return ""
    return str(value).strip()


def rows_with_edits(rows: Sequence[Mapping[str, Any]], columns: Sequence[str],
                    edits: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """A data editor's rows as the user left them: its starting `rows` with the edits Streamlit keeps under the
    editor's key, applied as Streamlit applies them (cells by row position, then deleted rows, then added
    rows). A callback can so read an editor's rows before any page draws it again.

    >>> rows_with_edits([{"a": "1"}, {"a": "2"}], ["a"],
    ...                 {"edited_rows": {"1": {"a": "3"}}, "deleted_rows": [0], "added_rows": [{}]})
    [{'a': '3'}, {'a': None}]
    """
    table = [{column: row.get(column) for column in columns} for row in rows]
    if not edits:
        return table
    for position, changes in (edits.get("edited_rows") or {}).items():
        if 0 <= int(position) < len(table):
            table[int(position)].update({key: value for key, value in changes.items() if key in columns})
    deleted = {int(position) for position in edits.get("deleted_rows") or ()}
    table = [row for position, row in enumerate(table) if position not in deleted]
    return table + [{column: added.get(column) for column in columns} for added in edits.get("added_rows") or ()]


def line_rows(option: Option, section: str = "costs") -> list[dict[str, str]]:
    """An option's cost (or benefit) lines as editable rows (estimates in their short text form)."""
    lines: tuple[Line, ...] = getattr(option, section)
    return [
        {"category": line.category, "kind": line.kind.value, "estimate": estimate_to_text(line.estimate),
         "rationale": line.rationale}
        for line in lines
    ]


def quick_level(option: Option, category: str) -> str:
    """What the meeting table shows for a category: its level, its numbers as text, or ''."""
    for line in option.costs:
        if line.category == category:
            if isinstance(line.estimate, Level):
                return " ".join(line.estimate.text.lower().split())
            return estimate_to_text(line.estimate)
    return ""


def quick_benefit(option: Option) -> str:
    """What the meeting table shows as an option's yearly gain: its benefit line's estimate, or ''."""
    return estimate_to_text(option.benefits[0].estimate) if option.benefits else ""


def with_quick_level(scenario: Scenario, option_name: str, category: str, level: str) -> Scenario:
    """The scenario with one option's category set to a meeting level (the line added if absent).

    A rationale written for the old estimate is marked as written for it (`rationale_for`), so the
    editor and the report flag it until someone confirms or rewrites it.
    """
    data = scenario_to_data(scenario)
    index = next(i for i, item in enumerate(data["options"]) if item["name"] == option_name)
    costs = data["options"][index].setdefault("costs", [])
    place = next((i for i, item in enumerate(costs) if item["category"] == category), None)
    if place is None:
        costs.append({"category": category, "estimate": level, "rationale": f"Meeting: {level}."})
    else:
        old = scenario.options[index].costs[place]
        costs[place]["estimate"] = level
        if old.rationale == f"Meeting: {estimate_to_text(old.estimate)}.":  # the table's own words: keep them true
            costs[place]["rationale"] = f"Meeting: {level}."
        else:
            _mark_rationale(costs[place], old, Level(level))
    return scenario_from_data(data)


def with_quick_benefit(scenario: Scenario, option_name: str, text: str) -> Scenario:
    """The scenario with an option's yearly gain set from text (`1M / 2M / 4M`); '' removes it."""
    data = scenario_to_data(scenario)
    index = next(i for i, item in enumerate(data["options"]) if item["name"] == option_name)
    option = data["options"][index]
    benefits = option.setdefault("benefits", [])
    if not text.strip():
        if benefits:
            del benefits[0]
        return scenario_from_data(data)
    problems: list[str] = []
    estimate = _read(text, f"{option_name}, yearly gain", problems, risk=False)
    if estimate is None:
        raise FormError(problems)
    if benefits:
        old = scenario.options[index].benefits[0]
        benefits[0]["estimate"] = estimate_to_data(estimate)
        if old.rationale == _gain_rationale(estimate_to_text(old.estimate)):  # the table's own words
            benefits[0]["rationale"] = _gain_rationale(estimate_to_text(estimate))
        else:
            _mark_rationale(benefits[0], old, estimate)
    else:
        benefits.append({"category": BENEFIT_CATEGORY, "kind": "per_year", "estimate": estimate_to_data(estimate),
                         "rationale": _gain_rationale(estimate_to_text(estimate))})
    return scenario_from_data(data)


def _gain_rationale(text: str) -> str:
    return f"Meeting: a yearly gain of {text}."


def with_rationale_confirmed(scenario: Scenario, option_name: str, section: str, index: int) -> Scenario:
    """The scenario with one line's rationale confirmed for its current estimate (no longer flagged)."""
    data = scenario_to_data(scenario)
    option = next(item for item in data["options"] if item["name"] == option_name)
    option[section][index].pop("rationale_for", None)
    return scenario_from_data(data)


def _mark_rationale(line: dict[str, Any], old: Line, new: Estimate | RiskEstimate) -> None:
    """Keep what a line's rationale was written for, once its estimate moves away from it."""
    written_for = old.rationale_for or estimate_to_text(old.estimate)
    if old.rationale.strip() and _words(written_for) != _words(estimate_to_text(new)):
        line["rationale_for"] = written_for
    else:
        line.pop("rationale_for", None)


def _words(text: str) -> str:
    return " ".join(text.lower().split())


def scenario_from_form(
    base: Scenario,
    *,
    header: Mapping[str, Any],
    options: Sequence[Mapping[str, Any]],
    option_lines: Sequence[Sequence[Mapping[str, Any]]],
    option_benefits: Sequence[Sequence[Mapping[str, Any]]] | None = None,
) -> Scenario:
    """A new scenario from the Estimates form: the header fields, each option's fields and rows.

    Lines the form does not show (benefits, when `option_benefits` is None) and fields it does not
    edit (`measured_by`, `levels`) are kept from `base`. Raises FormError with every problem,
    located by option name and line number.
    """
    data = scenario_to_data(base)
    problems: list[str] = []
    volume = _parsed(header["units_per_day"], f"Volume ({template_of(base).units.plural} per day)", problems,
                     risk=False)
    data.update(question=header["question"], horizon_years=header["horizon_years"],
                discount_rate=header["discount_rate"])
    data["volume"] = {**data["volume"], "yearly_growth": header["yearly_growth"]}
    if volume is not None:
        data["volume"]["units_per_day"] = volume
    old_options = data["options"]
    data["options"] = []
    for number, (fields, rows) in enumerate(zip(options, option_lines, strict=True)):
        label = cell_text(fields.get("name")) or "(unnamed option)"
        old = old_options[number] if number < len(old_options) else {}
        base_option = base.options[number] if number < len(base.options) else None
        option = {key: value for key, value in old.items() if key not in {"costs", "benefits"}}
        option.update({key: value for key, value in fields.items() if value not in (None, "")})
        per_unit = template_of(base).per_unit
        option["costs"] = _lines(rows, label, problems, base_option.costs if base_option else (),
                                 old.get("costs", []), shared=set(base.incident_impacts), per_unit=per_unit)
        if option_benefits is None:
            option["benefits"] = old.get("benefits", [])
        else:
            option["benefits"] = _lines(option_benefits[number], f"{label}, benefit", problems,
                                        base_option.benefits if base_option else (), old.get("benefits", []),
                                        benefit=True, per_unit=per_unit)
        data["options"].append(option)
    if problems:
        raise FormError(problems)
    _follow_options(data, {before.name: str(after.get("name")) for before, after in zip(base.options, data["options"],
                                                                                         strict=False)
                           if after.get("name") and after.get("name") != before.name})
    try:
        return scenario_from_data(data)
    except ScenarioError as error:
        raise FormError(describe_problems(error, data)) from None


def _lines(
    rows: Iterable[Mapping[str, Any]],
    label: str,
    problems: list[str],
    base_lines: tuple[Line, ...],
    base_data: list[dict[str, Any]],
    *,
    benefit: bool = False,
    shared: set[str] | None = None,
    per_unit: str = KIND_WORDS[LineKind.PER_UNIT.value],
) -> list[dict[str, Any]]:
    """Rows to plain lines; a row keeps its base line's other fields (measured_by) and, when only
    its estimate changed, what its rationale was written for."""
    lines = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        category, text = cell_text(row.get("category")), cell_text(row.get("estimate"))
        if not category and not text:
            continue  # a blank row the editor added
        where = f"{label}, line {number} ({category_label(category) if category else 'no category'})"
        kind = cell_text(row.get("kind")) or (KNOWN_CATEGORIES[category].value if category in KNOWN_CATEGORIES else "")
        if not category:
            problems.append(f"{where}: the category is empty; name what the money is for")
            continue
        if not kind:
            problems.append(f"{where}: pick a Kind ({kinds_in_words(per_unit, benefit=benefit)}); "
                            f"'{category}' is not a built-in category, so its kind cannot be inferred")
            continue
        estimate = _read(text, where, problems, risk=kind == "risk", shared_impact=category in (shared or ()))
        if estimate is None:
            continue
        ordinal = seen[category] = seen.get(category, -1) + 1
        old = _matching(base_lines, category, ordinal)
        line: dict[str, Any] = {}
        if old is not None:
            line.update(base_data[base_lines.index(old)])
        line.update(category=category, kind=kind, estimate=estimate_to_data(estimate),
                    rationale=cell_text(row.get("rationale")))
        line.pop("rationale_for", None)
        if old is not None and _words(line["rationale"]) == _words(old.rationale):
            _mark_rationale(line, old, estimate)
        lines.append({key: value for key, value in line.items() if value != ""})
    return lines


def _matching(lines: tuple[Line, ...], category: str, ordinal: int) -> Line | None:
    """The `ordinal`-th line of `category` in `lines`, if there is one."""
    same = [line for line in lines if line.category == category]
    return same[ordinal] if ordinal < len(same) else None


def _parsed(text: str, where: str, problems: list[str], *, risk: bool) -> Any:
    estimate = _read(text, where, problems, risk=risk)
    return None if estimate is None else estimate_to_data(estimate)


def _read(text: str, where: str, problems: list[str], *, risk: bool,
          shared_impact: bool = False) -> Estimate | RiskEstimate | None:
    if not str(text).strip():
        problems.append(f"{where}: the estimate is empty")
        return None
    try:
        return estimate_from_text(str(text), risk=risk, shared_impact=shared_impact)
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
        parts.append(f"{section[:-1]} line {int(line) + 1} ({category_label(str(item.get('category', '?')))})")
    if rest:
        parts.append(rest)
    return ", ".join(parts)


def with_new_option(scenario: Scenario, copy_of: str) -> Scenario:
    """The scenario with a new option that starts as a copy of the option called `copy_of`.

    A copy has every category estimated, so it never wins by counting missing lines as $0.
    """
    data = scenario_to_data(scenario)
    names = {option["name"] for option in data["options"]}
    name, number = f"{copy_of} (copy)", 1
    while name in names:
        number += 1
        name = f"{copy_of} (copy {number})"
    source = next(option for option in data["options"] if option["name"] == copy_of)
    data["options"].append({**source, "name": name})
    return scenario_from_data(data)


def without_option(scenario: Scenario, index: int) -> Scenario:
    """The scenario without its option number `index`; a comparison keeps at least two."""
    if len(scenario.options) <= 2:
        raise FormError([f"{scenario.options[index].name}: not removed; a comparison needs at least two options"])
    data = scenario_to_data(scenario)
    del data["options"][index]
    _follow_options(data, {scenario.options[index].name: None})
    return scenario_from_data(data)


def _follow_options(data: dict[str, Any], renamed: Mapping[str, str | None]) -> None:
    """Keep the correlations in step with renamed options (old name -> new) and drop those naming a
    removed one (old name -> None): a correlation names its inputs by option."""
    def follow(path: str) -> str | None:
        for old, new in sorted(renamed.items(), key=lambda item: -len(item[0])):  # "v1.2" before "v1"
            if path.startswith(f"{old}."):
                return None if new is None else new + path[len(old):]
        return path

    kept = []
    for correlation in data.get("correlations", []):
        between = [follow(path) for path in correlation["between"]]
        if None not in between:
            kept.append({**correlation, "between": between})
    if kept:
        data["correlations"] = kept
    else:
        data.pop("correlations", None)


def level_scale_key(scenario: Scenario, category: str) -> tuple[str, bool]:
    """The key of the scale a category's levels are read on, and whether it is a risk scale."""
    kind = KNOWN_CATEGORIES.get(category, LineKind.ONE_OFF)
    if kind is LineKind.RISK:
        return (category if category in scenario.levels.risks else LineKind.RISK.value), True
    return (category if category in scenario.levels.amounts else kind.value), False


def level_rows(scenario: Scenario, category: str) -> list[dict[str, str]]:
    """What each level means for a category, as editable rows of text."""
    return [{"level": level, "means": text} for level, text in level_meanings(scenario, category).items()]


def with_level_rows(scenario: Scenario, category: str, rows: Iterable[Mapping[str, Any]]) -> Scenario:
    """The scenario with a category's own level scale set from edited rows (the other categories keep theirs)."""
    kind = KNOWN_CATEGORIES.get(category, LineKind.ONE_OFF)
    risk = kind is LineKind.RISK
    problems: list[str] = []
    scale: dict[str, Any] = {}
    for row in rows:
        level, text = cell_text(row.get("level")), cell_text(row.get("means")).replace(" a year x ", " x ")
        where = f"What '{level}' means for {category_label(category)}"
        try:
            parsed = estimate_from_text(text, risk=risk)
        except ScenarioError as error:
            problems.extend(f"{where}: {problem}" for problem in error.problems)
            continue
        if risk:
            if not isinstance(parsed, RiskEstimate) or parsed.impact is None:
                problems.append(f"{where}: {text!r} is not a chance a year x a cost (3% / 8% / 20% x 200k / 1M / 10M)")
                continue
            scale[level] = {"probability": _triple_data(parsed.probability, where, problems),
                            "impact": _triple_data(parsed.impact, where, problems)}
        else:
            scale[level] = _triple_data(parsed, where, problems)  # type: ignore[arg-type]
    if problems:
        raise FormError(problems)
    data = scenario_to_data(scenario)
    data.setdefault("levels", {})[category] = scale
    try:
        return scenario_from_data(data)
    except ScenarioError as error:
        raise FormError(describe_problems(error, data)) from None


def _triple_data(estimate: Estimate, where: str, problems: list[str]) -> Any:
    if isinstance(estimate, Fixed):
        return {"low": estimate.value, "likely": estimate.value, "high": estimate.value}
    if isinstance(estimate, Triple):
        return estimate_to_data(estimate)
    problems.append(f"{where}: {estimate.text!r} is a level; a level's meaning is numbers (15k / 60k / 250k)")
    return None


def change_rows(changes: Iterable[LineChange]) -> list[dict[str, str]]:
    """What changed between two variants, as the Variants page's rows: categories, kinds and level
    scales in words ("reputation risk (cost)", "levels: per year, low"), option names as written."""
    rows = []
    for change in changes:
        before, after = change.before, change.after
        if change.option and change.item == "kind":
            before, after = option_kind_label(before), option_kind_label(after)
        rows.append({"option": change.option or "(scenario)", "what": _item_in_words(change.item),
                     "from": before, "to": after})
    return rows


def _item_in_words(item: str) -> str:
    if item.startswith(_LEVELS_ITEM):
        key, separator, level = item.removeprefix(_LEVELS_ITEM).rpartition(", ")
        words = KIND_WORDS.get(key) or category_label(key)
        return f"{_LEVELS_ITEM}{words}{separator}{level}"
    return category_label(item)
