"""Reading untrusted scenario text: a YAML loader that refuses aliases, duplicate keys and deep
nesting, and a size check of the plain data before it is validated field by field."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

import limits
from costmodels._errors import Problem, ScenarioError

ALIAS_REFUSED = "line {line}: anchors and aliases (&, *) are not allowed in a scenario"
DUPLICATE_KEY = "line {line}: the key {key} appears twice; expected each key once"
TOO_DEEP = "line {line}: nesting is too deep: {message}"
NOT_A_NUMBER = "line {line}: {reason}"


class _ScenarioLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases outright and stops at the nesting limit."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise ScenarioError([Problem("", ALIAS_REFUSED.format(line=event.start_mark.line + 1))])
        self._depth += 1
        try:
            if self._depth > limits.NESTING_DEPTH.maximum:
                raise ScenarioError([Problem("", TOO_DEEP.format(
                    line=event.start_mark.line + 1, message=limits.NESTING_DEPTH.message(self._depth)))])
            node: yaml.Node | None = super().compose_node(parent, index)
            return node
        finally:
            self._depth -= 1


def safe_yaml(text: str) -> object:
    """Plain data from YAML text: safe tags only; aliases, duplicate keys and deep nesting refused."""
    loader = _ScenarioLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _refuse_duplicate_keys(node)
        try:
            return loader.construct_document(node)
        except (ValueError, OverflowError) as error:  # e.g. an integer of more than 4,300 digits
            raise ScenarioError([Problem("", NOT_A_NUMBER.format(line=node.start_mark.line + 1,
                                                                 reason=str(error)[:200]))]) from None
    finally:
        loader.dispose()


def _refuse_duplicate_keys(root: yaml.Node) -> None:
    problems: list[Problem] = []
    pending: list[tuple[yaml.Node, str]] = [(root, "")]
    while pending:
        node, path = pending.pop()
        if isinstance(node, yaml.MappingNode):
            seen: set[object] = set()
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node.value)[:40]
                child = f"{path}.{key}" if path else str(key)
                if key in seen:
                    problems.append(Problem(child, DUPLICATE_KEY.format(line=key_node.start_mark.line + 1,
                                                                        key=repr(key)[:60])))
                seen.add(key)
                pending.append((value_node, child))
        elif isinstance(node, yaml.SequenceNode):
            pending.extend((item, f"{path}[{index}]") for index, item in enumerate(node.value))
    if problems:
        raise ScenarioError(sorted(problems, key=lambda problem: problem.path))


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
