"""Two versions of a decision side by side: which lines changed, and how each option's numbers moved.

Also says which rationales went stale: a rationale written for one estimate, kept beside another.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from costmodels._analysis import Evaluation
from costmodels._estimates import Fixed, Triple
from costmodels._scenario import KNOWN_CATEGORIES, Line, LineKind, Option, Scenario
from costmodels._text import estimate_from_text, estimate_to_text, number_to_text

ADDED, REMOVED = "(none)", "(none)"


@dataclass(frozen=True)
class LineChange:
    """One thing that differs between two scenarios, in the words the editor uses."""

    option: str  # "" for a scenario-wide input
    item: str  # "development (cost)", "horizon", "levels: development, low", "option"
    before: str  # ADDED's text when the item is new
    after: str  # REMOVED's text when the item is gone


@dataclass(frozen=True)
class OptionChange:
    """How one option's results moved from one scenario to another (NaN where it is absent)."""

    option: str
    p50_before_usd: float
    p50_after_usd: float
    mean_before_usd: float
    mean_after_usd: float
    p_cheapest_before: float
    p_cheapest_after: float

    @property
    def p50_change_usd(self) -> float:
        """P50 after minus P50 before."""
        return self.p50_after_usd - self.p50_before_usd

    @property
    def mean_change_usd(self) -> float:
        """Mean after minus mean before."""
        return self.mean_after_usd - self.mean_before_usd

    @property
    def p_cheapest_change(self) -> float:
        """P(cheapest) after minus P(cheapest) before."""
        return self.p_cheapest_after - self.p_cheapest_before


@dataclass(frozen=True)
class StaleRationale:
    """A line whose rationale was written for another estimate than the one it now has."""

    option: str
    section: str  # "costs" or "benefits"
    index: int  # the line's place in its section
    category: str
    rationale: str
    written_for: str
    estimate: str


def rationale_is_stale(line: Line) -> bool:
    """Whether the line's rationale was written for another estimate than its current one."""
    return bool(line.rationale.strip()) and bool(line.rationale_for) and \
        _words(line.rationale_for) != _words(estimate_to_text(line.estimate))


def stale_rationales(scenario: Scenario) -> tuple[StaleRationale, ...]:
    """Every line whose rationale someone should confirm or rewrite."""
    return tuple(
        StaleRationale(option.name, section, index, line.category, line.rationale, line.rationale_for,
                       estimate_to_text(line.estimate))
        for option in scenario.options
        for section, lines in (("costs", option.costs), ("benefits", option.benefits))
        for index, line in enumerate(lines) if rationale_is_stale(line)
    )


def level_meanings(scenario: Scenario, category: str) -> dict[str, str]:
    """What each level means for a category, as text: `15k / 60k / 250k`, or for a risk
    `5% / 15% / 40% a year x 500k / 5M / 100M` (chance a year x cost when it happens)."""
    kind = KNOWN_CATEGORIES.get(category) or _kind_of(category, scenario)
    if kind is LineKind.RISK:
        return {level: f"{percent_text(entry.probability)} a year x {_triple_text(entry.impact)}"
                for level, entry in scenario.levels.risk_scale(category).items()}
    return {level: _triple_text(triple) for level, triple in scenario.levels.amount_scale(category, kind).items()}


def percent_text(triple: Triple) -> str:
    """Probabilities as percentages where they read back exactly: 0.05 -> `5%`."""
    texts = []
    for value in (triple.low, triple.likely, triple.high):
        text = f"{value * 100:.12g}%"
        texts.append(text if estimate_from_text(text) == Fixed(value) else number_to_text(value))
    return " / ".join(texts)


def scenario_changes(before: Scenario, after: Scenario) -> tuple[LineChange, ...]:
    """What differs between two scenarios: inputs, options, lines (estimate or rationale) and level scales."""
    return (*_input_changes(before, after), *_option_changes(before, after), *_level_changes(before, after),
            *_correlation_changes(before, after))


def _correlation_changes(before: Scenario, after: Scenario) -> Iterator[LineChange]:
    """Correlations declared, dropped or changed, by pair (`ML smart crop.development ~ ...`)."""
    old = {frozenset(c.between): c for c in before.correlations}
    new = {frozenset(c.between): c for c in after.correlations}
    for pair in [*new, *(pair for pair in old if pair not in new)]:
        first, second = (old.get(pair) or new[pair]).between
        was = f"rank {old[pair].rank:g}" if pair in old else ADDED
        now = f"rank {new[pair].rank:g}" if pair in new else REMOVED
        if was != now:
            yield LineChange("", f"correlation: {first} ~ {second}", was, now)


def result_changes(before: Evaluation, after: Evaluation) -> tuple[OptionChange, ...]:
    """The change in P50, mean and P(cheapest) of every option in either result, in `after`'s order."""
    names = [option.name for option in after.options]
    names += [option.name for option in before.options if option.name not in names]
    changes = []
    for name in names:
        p50_before, mean_before, cheapest_before = _figures(before, name)
        p50_after, mean_after, cheapest_after = _figures(after, name)
        changes.append(OptionChange(name, p50_before, p50_after, mean_before, mean_after,
                                    cheapest_before, cheapest_after))
    return tuple(changes)


def _figures(evaluation: Evaluation, name: str) -> tuple[float, float, float]:
    """(P50, mean, P(cheapest)) of an option, NaN when the evaluation has no such option."""
    for option in evaluation.options:
        if option.name == name:
            return option.p50_usd, option.mean_usd, float(evaluation.p_cheapest[name])
    return math.nan, math.nan, math.nan


def _input_changes(before: Scenario, after: Scenario) -> Iterator[LineChange]:
    pairs = {
        "question": (before.question, after.question),
        "horizon": (f"{before.horizon_years} years", f"{after.horizon_years} years"),
        "discount rate": (f"{before.discount_rate:.1%}", f"{after.discount_rate:.1%}"),
        "units a day": (estimate_to_text(before.volume.units_per_day),
                        estimate_to_text(after.volume.units_per_day)),
        "yearly growth": (f"{before.volume.yearly_growth:.1%}", f"{after.volume.yearly_growth:.1%}"),
    }
    for item, (old, new) in pairs.items():
        if old != new:
            yield LineChange("", item, old, new)


def _option_changes(before: Scenario, after: Scenario) -> Iterator[LineChange]:
    old_options = {option.name: option for option in before.options}
    new_options = {option.name: option for option in after.options}
    for name in [*new_options, *(name for name in old_options if name not in new_options)]:
        old, new = old_options.get(name), new_options.get(name)
        if old is None or new is None:
            yield LineChange(name, "option", ADDED if old is None else "included",
                             REMOVED if new is None else "included")
            continue
        if old.kind != new.kind:
            yield LineChange(name, "kind", old.kind.value, new.kind.value)
        yield from _line_changes(old, new)


def _line_changes(old: Option, new: Option) -> Iterator[LineChange]:
    old_lines, new_lines = _keyed_lines(old), _keyed_lines(new)
    for key in [*new_lines, *(key for key in old_lines if key not in new_lines)]:
        was, now = old_lines.get(key), new_lines.get(key)
        label = key[0]
        if was is None or now is None:
            yield LineChange(new.name, label, ADDED if was is None else estimate_to_text(was.estimate),
                             REMOVED if now is None else estimate_to_text(now.estimate))
            continue
        if estimate_to_text(was.estimate) != estimate_to_text(now.estimate):
            yield LineChange(new.name, label, estimate_to_text(was.estimate), estimate_to_text(now.estimate))
        if _words(was.rationale) != _words(now.rationale):
            yield LineChange(new.name, f"{label}, rationale", was.rationale, now.rationale)


def _keyed_lines(option: Option) -> dict[tuple[str, int], Line]:
    """Lines keyed by "category (cost|benefit)" and their ordinal within it."""
    keyed: dict[tuple[str, int], Line] = {}
    for section, lines in (("cost", option.costs), ("benefit", option.benefits)):
        seen: dict[str, int] = {}
        for line in lines:
            label = f"{line.category} ({section})"
            seen[label] = seen.get(label, -1) + 1
            keyed[label if seen[label] == 0 else f"{label} #{seen[label] + 1}", seen[label]] = line
    return keyed


def _level_changes(before: Scenario, after: Scenario) -> Iterator[LineChange]:
    for key in sorted({*before.levels.amounts, *after.levels.amounts}):
        kind = _kind_of(key, after)
        old_scale, new_scale = before.levels.amount_scale(key, kind), after.levels.amount_scale(key, kind)
        for level in new_scale:
            old_text, new_text = _triple_text(old_scale.get(level)), _triple_text(new_scale.get(level))
            if old_text != new_text:
                yield LineChange("", f"levels: {key}, {level}", old_text, new_text)
    for key in sorted({*before.levels.risks, *after.levels.risks}):
        old_risk, new_risk = before.levels.risk_scale(key), after.levels.risk_scale(key)
        for level in new_risk:
            old_entry, new_entry = old_risk.get(level), new_risk.get(level)
            old_text = "" if old_entry is None else \
                f"{_triple_text(old_entry.probability)} x {_triple_text(old_entry.impact)}"
            new_text = "" if new_entry is None else \
                f"{_triple_text(new_entry.probability)} x {_triple_text(new_entry.impact)}"
            if old_text != new_text:
                yield LineChange("", f"levels: {key}, {level}", old_text, new_text)


def _kind_of(key: str, scenario: Scenario) -> LineKind:
    """The line kind whose generic scale a category-specific scale replaces."""
    if key in {kind.value for kind in LineKind}:
        return LineKind(key)
    for option in scenario.options:
        for line in (*option.costs, *option.benefits):
            if line.category == key:
                return line.kind
    return KNOWN_CATEGORIES.get(key, LineKind.ONE_OFF)


def _triple_text(triple: object) -> str:
    if triple is None:
        return ""
    low, likely, high = (getattr(triple, name) for name in ("low", "likely", "high"))
    return " / ".join(number_to_text(value) for value in (low, likely, high))


def _words(text: str) -> str:
    return " ".join(text.lower().split())
