"""The dashboard's settings that travel in a share link, validated like any other input."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass

import limits
from costmodels import DEFAULT_DRAWS, DEFAULT_SEED

ASPECT_PRESETS = ("0.56", "1.0", "1.14", "2.0", "original")
_EXACT_SIZE = re.compile(r"^[1-9][0-9]{0,4}x[1-9][0-9]{0,4}$")
MIN_DRAWS, MAX_DRAWS = 1_000, limits.DRAWS.maximum


@dataclass(frozen=True)
class Settings:
    """How the scenario is run: Monte Carlo draws and seed, and the image frame."""

    draws: int = DEFAULT_DRAWS
    seed: int = DEFAULT_SEED
    aspect: str = "0.56"

    def to_mapping(self) -> dict[str, str | int]:
        """Plain values for a share link."""
        return asdict(self)


def settings_from_mapping(values: Mapping[str, object]) -> tuple[Settings, list[str]]:
    """Settings from a share link; each bad value falls back to its default, with a message."""
    problems: list[str] = []
    checked: dict[str, object] = {}
    for name, value in values.items():
        problem = _problem(name, value)
        if problem:
            problems.append(f"setting {name}: {problem}; using the default")
        else:
            checked[name] = value
    return Settings(**checked), problems  # type: ignore[arg-type]


def frame_problem(aspect: str) -> str | None:
    """Why a WxH frame (as `parse_frame` accepts it) is too large (each side, then the pixels), or None."""
    if aspect in ASPECT_PRESETS or "x" not in aspect:
        return None
    width, height = (int(side) for side in aspect.split("x"))
    for limit, value in ((limits.FRAME_SIDE, width), (limits.FRAME_SIDE, height),
                         (limits.FRAME_PIXELS, width * height)):
        if not limit.allows(value):
            return f"frame {aspect}: {limit.message(value)}"
    return None


def _problem(name: str, value: object) -> str | None:
    if name == "draws":
        ok = isinstance(value, int) and not isinstance(value, bool) and MIN_DRAWS <= value <= MAX_DRAWS
        return None if ok else f"{limits.brief(value)} is not a whole number from {MIN_DRAWS:,} to {MAX_DRAWS:,}"
    if name == "seed":
        ok = isinstance(value, int) and not isinstance(value, bool) and limits.SEED.allows(value)
        return None if ok else f"{limits.brief(value)} is not a whole number from 0 to 2^32 - 1"
    if name == "aspect":
        ok = isinstance(value, str) and (value in ASPECT_PRESETS or bool(_EXACT_SIZE.match(value)))
        return (frame_problem(value) if ok else  # type: ignore[arg-type]
                f"{limits.brief(value)} is not one of {', '.join(ASPECT_PRESETS)} or WxH")
    return "unknown setting"
