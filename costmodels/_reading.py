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
TOO_MANY = "line {line}: too many values: {message}"
NOT_A_NUMBER = "line {line}: {reason}"


# libyaml when present (ten times faster); every check below is made on its events and nodes.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STARTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_NODES = (yaml.ScalarEvent, *_STARTS)


def safe_yaml(text: str) -> object:
    """Plain data from YAML text: safe tags only; aliases, duplicate keys, deep nesting and too many
    values refused, the last three before any node is built."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ScenarioError([Problem("", f"character {error.start + 1:,} is a lone surrogate (such as \\ud800); "
                                         "expected valid Unicode")]) from None
    _check_events(text)
    loader = _LOADER(text)
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


def _check_events(text: str) -> None:
    """One streaming pass over the parser's events: refuse anchors and aliases, nesting deeper than
    the limit and more values than the limit, without building anything."""
    loader = _LOADER(text)
    depth = nodes = 0
    try:
        while loader.check_event():
            event = loader.get_event()  # type: ignore[no-untyped-call]
            line = event.start_mark.line + 1 if event.start_mark else 0
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                raise ScenarioError([Problem("", ALIAS_REFUSED.format(line=line))])
            depth += isinstance(event, _STARTS) - isinstance(event, _ENDS)
            if depth > limits.NESTING_DEPTH.maximum:
                raise ScenarioError([Problem("", TOO_DEEP.format(line=line,
                                                                 message=limits.NESTING_DEPTH.message(depth)))])
            nodes += isinstance(event, _NODES)
            if nodes > limits.SCENARIO_VALUES.maximum:
                raise ScenarioError([Problem("", TOO_MANY.format(
                    line=line, message=limits.SCENARIO_VALUES.message(nodes)))])
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
