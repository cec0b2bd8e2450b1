"""Validation problems that name where they are, and the error that carries all of them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario: where (`options[2].costs[0].estimate.high`) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ScenarioError(ValueError):
    """A scenario that cannot be used, with every problem found in it."""

    def __init__(self, problems: Iterable[Problem], *, source: str = "") -> None:
        self.problems = tuple(problems)
        self.source = source
        super().__init__(self._text())

    def _text(self) -> str:
        prefix = f"{self.source}: " if self.source else ""
        return "\n".join(f"{prefix}{problem}" for problem in self.problems)

    def under(self, path: str) -> ScenarioError:
        """The same problems, located below `path` (e.g. `estimate` -> `estimate.high`)."""
        return ScenarioError(
            (Problem(join_path(path, p.path), p.message) for p in self.problems),
            source=self.source,
        )


def join_path(parent: str, child: str) -> str:
    """Join two parts of a location: `a` + `b` -> `a.b`, `a` + `[0]` -> `a[0]`."""
    if not parent:
        return child
    if not child:
        return parent
    return f"{parent}{child}" if child.startswith("[") else f"{parent}.{child}"


def collect(problems: list[Problem], path: str, build: Callable[[], T]) -> T | None:
    """Run `build`; on a ScenarioError, keep its problems (under `path`) and return None."""
    try:
        return build()
    except ScenarioError as error:
        problems.extend(error.under(path).problems)
        return None


def raise_if_any(problems: list[Problem]) -> None:
    """Raise one ScenarioError carrying all `problems`, if there are any."""
    if problems:
        raise ScenarioError(problems)
