"""Estimates as short text a meeting can type: `650k`, `250k / 650k / 1.6M`, `medium to high`,
and for a risk `5% / 15% / 40% x 500k / 5M / 100M` (probability per year x impact)."""

from __future__ import annotations

import math
import re
from decimal import Decimal, DecimalException

from costmodels._errors import Problem, ScenarioError
from costmodels._estimates import LEVELS, Estimate, Fixed, Level, Triple
from costmodels._scenario import RiskEstimate

_SUFFIXES: dict[str, Decimal] = {
    "": Decimal(1), "k": Decimal(10**3), "m": Decimal(10**6), "b": Decimal(10**9), "%": Decimal("0.01")
}
_NUMBER = re.compile(r"^\$?\s*(?P<digits>[0-9][0-9,_]*(?:\.[0-9]*)?(?:e[-+]?[0-9]+)?)\s*(?P<suffix>[kmb%]?)$")
_MAX_TEXT_CHARS = 200  # the longest estimate a meeting types, `5% / 15% / 40% x 500k / 5M / 100M`, is 32
_EXPECTED = ("expected a number (650k, 1.2M, 6e-7, 15%), low / likely / high (250k / 650k / 1.6M) "
             "or a level (" + ", ".join(LEVELS) + ", or a range such as 'low to medium')")


NEGATIVE = "estimates are 0 or more (a saving is a benefit line; a smaller cost, a smaller estimate)"


def estimate_to_text(estimate: Estimate | RiskEstimate) -> str:
    """The short text form of an estimate; `estimate_from_text` reads it back exactly.

    >>> estimate_to_text(Triple(250_000, 650_000, 1_600_000))
    '250k / 650k / 1.6M'
    """
    if isinstance(estimate, RiskEstimate):
        if estimate.impact is None:  # the scenario's incident_impacts sets it
            return estimate_to_text(estimate.probability)
        return f"{estimate_to_text(estimate.probability)} x {estimate_to_text(estimate.impact)}"
    if isinstance(estimate, Level):
        return estimate.text
    if isinstance(estimate, Fixed):
        return number_to_text(estimate.value)
    return " / ".join(number_to_text(value) for value in (estimate.low, estimate.likely, estimate.high))


def estimate_from_text(text: str, *, risk: bool = False, shared_impact: bool = False) -> Estimate | RiskEstimate:
    """Read an estimate typed as text; a risk is `probability x impact` or one level, or only a
    probability where the scenario sets the impact once (`shared_impact`).

    >>> estimate_from_text("5% / 15% / 40% x 500k / 5M / 100M", risk=True).probability
    Triple(low=0.05, likely=0.15, high=0.4)
    """
    if len(text) > _MAX_TEXT_CHARS:
        raise ScenarioError([Problem("", f"{text[:20]!r}... is {len(text):,} characters; an estimate is at most "
                                         f"{_MAX_TEXT_CHARS} ({_EXPECTED})")])
    words = " ".join(text.split())
    if risk and " x " in words.lower():
        probability, _, impact = words.lower().partition(" x ")
        return RiskEstimate(probability=_amount(probability), impact=_amount(impact))
    if risk and shared_impact and not _is_level(words):
        return RiskEstimate(probability=_amount(words))
    if risk and not _is_level(words):
        raise ScenarioError([Problem("", f"{text!r} is not a risk; expected probability x impact "
                                         "(5% / 15% / 40% x 500k / 5M / 100M) or a level")])
    return _amount(words)


def number_to_text(value: float) -> str:
    """A number in the shortest suffixed form that reads back exactly: 650000 -> `650k`."""
    for suffix, size in (("B", 10**9), ("M", 10**6), ("k", 10**3)):
        if abs(value) >= size:
            text = f"{value / size:.12g}{suffix}"
            if _number(text) == value:
                return text
    return f"{value:.12g}" if _number(f"{value:.12g}") == value else repr(value)


def _is_level(text: str) -> bool:
    try:
        Level(text)
    except ScenarioError:
        return False
    return True


def _amount(text: str) -> Estimate:
    text = text.strip()
    if _is_level(text):
        return Level(text)
    parts = [part.strip() for part in text.split("/")]
    if len(parts) == 3:
        low, likely, high = (_checked_number(part, text) for part in parts)
        return Triple(low, likely, high)
    if len(parts) == 1:
        return Fixed(_checked_number(text, text))
    raise ScenarioError([Problem("", f"{text!r} has {len(parts)} parts; {_EXPECTED}")])


def _checked_number(part: str, whole: str) -> float:
    value = _number(part)
    if value is None and _number(part.lstrip().removeprefix("-")) is not None:
        raise ScenarioError([Problem("", f"{whole!r} has a negative number; {NEGATIVE}")])
    if value is None:
        raise ScenarioError([Problem("", f"{whole!r} is not an estimate; {_EXPECTED}")])
    return value


def _number(text: str) -> float | None:
    """`1.6M` -> 1600000.0, exactly (decimal arithmetic, so no 1599999.9999999998); None for text that
    is not a number or a number no float holds (`1e1000000`)."""
    match = _NUMBER.match(text.strip().lower())
    if not match:
        return None
    try:
        value = float(Decimal(match["digits"].replace(",", "").replace("_", "")) * _SUFFIXES[match["suffix"]])
    except (DecimalException, OverflowError):  # decimal.Overflow for 1e1000000
        return None
    return value if math.isfinite(value) else None
