"""Reading untrusted scenario text: the one safe YAML reader (refusing aliases, duplicate keys and deep
nesting), and a size check of the plain data before it is validated field by field."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import limits
from costmodels._errors import Problem, ScenarioError


def safe_yaml(text: str) -> object:
    """Plain data from scenario YAML text, read by the one safe YAML reader (`limits.safe_yaml`): its
    refusals (aliases, duplicate keys, deep nesting, too many values) as a ScenarioError."""
    try:
        return limits.safe_yaml(text, "a scenario", limits.SCENARIO_VALUES)
    except limits.YamlError as error:
        raise ScenarioError([Problem(path, message) for path, message in error.problems]) from None


def check_sizes(data: Mapping[str, Any], problems: list[Problem]) -> None:
    """Count options, lines and level scales against the limits before validating any of them."""
    options = data.get("options")
    if isinstance(options, list):
        if len(options) > limits.OPTIONS.maximum:
            problems.append(Problem("options", limits.OPTIONS.message(len(options))))
        total = 0
        for index, option in enumerate(options):
            count = _line_count(option)
            total += count
            if count > limits.LINES_PER_OPTION.maximum:
                problems.append(Problem(f"options[{index}]", limits.LINES_PER_OPTION.message(count)))
        if total > limits.LINES_TOTAL.maximum:
            problems.append(Problem("options", limits.LINES_TOTAL.message(total)))
    levels = data.get("levels")
    if isinstance(levels, Mapping) and len(levels) > limits.LEVEL_SCALES.maximum:
        problems.append(Problem("levels", limits.LEVEL_SCALES.message(len(levels))))


def _line_count(option: object) -> int:
    if not isinstance(option, Mapping):
        return 0
    return sum(len(lines) for lines in (option.get("costs"), option.get("benefits")) if isinstance(lines, list))


OUTSIDE_FOLDER = "{name!r} resolves to {resolved}, outside the scenario's folder {folder}; expected a file inside it"


def evidence_paths(evidence: tuple[str, ...], folder: str | Path) -> tuple[Path, ...]:
    """A scenario's `evidence:` file names as paths inside `folder` (the scenario's own folder).

    A name that resolves outside it (absolute, `..`, or through a symbolic link) is a ScenarioError
    naming the entry, so a scenario can never make TCM read `/etc/passwd` or `/dev/zero`.
    """
    root = Path(folder).resolve()
    problems: list[Problem] = []
    paths = []
    for index, name in enumerate(evidence):
        resolved = (root / name).resolve()
        if not resolved.is_relative_to(root) or Path(name).is_absolute():
            problems.append(Problem(f"evidence[{index}]", OUTSIDE_FOLDER.format(
                name=name[:80], resolved=resolved, folder=root)))
        paths.append(resolved)
    if problems:
        raise ScenarioError(problems)
    return tuple(paths)
