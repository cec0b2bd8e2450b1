"""Scenario -> plain data and YAML, in the form a person would write it (levels stay words)."""

from __future__ import annotations

from typing import Any

import yaml

from costmodels._estimates import Estimate, Fixed, Level, Triple
from costmodels._scenario import (
    BUILT_IN_LEVELS,
    DEFAULT_FLOOR,
    DEFAULT_PRIOR_SD,
    DEFAULT_TOLERANCE,
    KNOWN_CATEGORIES,
    EventModel,
    Line,
    MeasuredBy,
    Option,
    RiskEstimate,
    RiskScaleEntry,
    Scenario,
)


def scenario_to_data(scenario: Scenario) -> dict[str, Any]:
    """Plain data that `scenario_from_data` turns back into an equal scenario."""
    data: dict[str, Any] = {
        "schema_version": scenario.schema_version,
        "question": scenario.question,
        "horizon_years": scenario.horizon_years,
        "discount_rate": _number(scenario.discount_rate),
        "currency": scenario.currency,
        "cpu_hour_usd": _number(scenario.cpu_hour_usd),
        "volume": _without_empty({
            "images_per_day": estimate_to_data(scenario.volume.images_per_day),
            "yearly_growth": _number(scenario.volume.yearly_growth),
            "rationale": scenario.volume.rationale,
        }),
    }
    if scenario.evidence:
        data["evidence"] = list(scenario.evidence)
    levels = _changed_levels(scenario)
    if levels:
        data["levels"] = levels
    if scenario.incident_impacts:
        data["incident_impacts"] = {
            category: {"estimate": estimate_to_data(impact.estimate), "rationale": impact.rationale}
            if impact.rationale else estimate_to_data(impact.estimate)
            for category, impact in scenario.incident_impacts.items()
        }
    data["options"] = [_option(option) for option in scenario.options]
    return data


def scenario_to_yaml(scenario: Scenario) -> str:
    """The scenario as YAML text; loading it and dumping again gives the identical text."""
    return yaml.safe_dump(scenario_to_data(scenario), sort_keys=False, allow_unicode=True, width=100)


def _option(option: Option) -> dict[str, Any]:
    return _without_empty({
        "name": option.name,
        "kind": option.kind.value,
        "description": option.description,
        "image_option": option.image_option,
        "model": option.model,
        "costs": [_line(line) for line in option.costs],
        "benefits": [_line(line) for line in option.benefits],
    })


def _line(line: Line) -> dict[str, Any]:
    implied_kind = KNOWN_CATEGORIES.get(line.category)
    return _without_empty({
        "category": line.category,
        "kind": None if implied_kind is line.kind else line.kind.value,
        "estimate": estimate_to_data(line.estimate),
        "rationale": line.rationale,
        "rationale_for": line.rationale_for,
        "measured_by": _measured_by(line.measured_by),
        "events": None if line.events is EventModel.BERNOULLI else line.events.value,
        "shared_cause": line.shared_cause,
    })


def _measured_by(measured_by: MeasuredBy | None) -> dict[str, Any] | None:
    if measured_by is None:
        return None
    data: dict[str, Any] = {"metric": measured_by.metric, "scale": _number(measured_by.scale)}
    if measured_by.metric == "survival_gap":
        data["scale"] = None if measured_by.scale == 1.0 else data["scale"]  # superseded: kept only if given
        for key, default in (("prior_sd", DEFAULT_PRIOR_SD), ("tolerance", DEFAULT_TOLERANCE),
                             ("floor", DEFAULT_FLOOR)):
            value = getattr(measured_by, key)
            data[key] = _number(value) if value != default else None
    return _without_empty(data)


def estimate_to_data(estimate: Estimate | RiskEstimate) -> Any:
    """An estimate as YAML holds it: a number, {low, likely, high}, a level, or {probability, impact}."""
    if isinstance(estimate, RiskEstimate):
        if estimate.impact is None:  # the scenario's incident_impacts sets it
            return {"probability": estimate_to_data(estimate.probability)}
        return {"probability": estimate_to_data(estimate.probability), "impact": estimate_to_data(estimate.impact)}
    if isinstance(estimate, Level):
        return estimate.text
    if isinstance(estimate, Fixed):
        return _number(estimate.value)
    return _triple(estimate)


def _triple(triple: Triple) -> dict[str, float | int]:
    return {"low": _number(triple.low), "likely": _number(triple.likely), "high": _number(triple.high)}


def _changed_levels(scenario: Scenario) -> dict[str, Any]:
    """Only the scales that differ from the built-in ones: files stay short and readable."""
    changed: dict[str, Any] = {}
    for key, scale in scenario.levels.amounts.items():
        if BUILT_IN_LEVELS.amounts.get(key) != scale:
            changed[key] = {level: _triple(triple) for level, triple in scale.items()}
    for key, risk_scale in scenario.levels.risks.items():
        if BUILT_IN_LEVELS.risks.get(key) != risk_scale:
            changed[key] = {level: _risk_entry(entry) for level, entry in risk_scale.items()}
    return changed


def _risk_entry(entry: RiskScaleEntry) -> dict[str, Any]:
    return {"probability": _triple(entry.probability), "impact": _triple(entry.impact)}


def _number(value: float) -> float | int:
    """Whole numbers as integers, so `650000` does not come back as `650000.0`."""
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else float(value)


def _without_empty(data: dict[str, Any]) -> dict[str, Any]:
    """Drop optional fields left at their empty default."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}
