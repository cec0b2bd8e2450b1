"""The one reader of untrusted YAML (scenarios, manifests, model descriptors): safe tags only; anchors and
aliases, duplicate keys, deep nesting and too many values refused, the last three before any node is built."""

from __future__ import annotations

from collections.abc import Sequence

import yaml

from limits._table import NESTING_DEPTH, Limit

ALIAS_REFUSED = "line {line}: anchors and aliases (&, *) are not allowed in {document}"
DUPLICATE_KEY = "line {line}: the key {key} appears twice; expected each key once"
TOO_DEEP = "line {line}: nesting is too deep: {message}"
TOO_MANY = "line {line}: too many values: {message}"
NOT_A_NUMBER = "line {line}: {reason}"
LONE_SURROGATE = "character {position:,} is a lone surrogate (such as \\ud800); expected valid Unicode"

# libyaml when present (ten times faster); every check below is made on its events and nodes.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STARTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_NODES = (yaml.ScalarEvent, *_STARTS)


class YamlError(ValueError):
    """YAML refused by `safe_yaml`: each problem as (path, message), the path "" for the whole document."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{path}: {message}" if path else message for path, message in self.problems))


def safe_yaml(text: str, document: str, values: Limit | None = None) -> object:
    """Plain data from YAML text (`document` names it in messages: "a scenario"): safe tags only; aliases,
    duplicate keys, nesting deeper than NESTING_DEPTH and more values than `values` (when given) refused.
    Syntax errors stay yaml.YAMLError.

    >>> safe_yaml("a: [1, 2]", "a test")
    {'a': [1, 2]}
    >>> safe_yaml("a: &x 1\\nb: *x", "a test")
    Traceback (most recent call last):
    limits._yaml.YamlError: line 1: anchors and aliases (&, *) are not allowed in a test
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise YamlError([("", LONE_SURROGATE.format(position=error.start + 1))]) from None
    _check_events(text, document, values)
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _refuse_duplicate_keys(node)
        try:
            return loader.construct_document(node)
        except (ValueError, OverflowError) as error:  # e.g. an integer of more than 4,300 digits
            raise YamlError([("", NOT_A_NUMBER.format(line=node.start_mark.line + 1,
                                                      reason=str(error)[:200]))]) from None
    finally:
        loader.dispose()


def _check_events(text: str, document: str, values: Limit | None) -> None:
    """One streaming pass over the parser's events: refuse anchors and aliases, nesting deeper than
    the limit and more values than the limit, without building anything."""
    loader = _LOADER(text)
    depth = nodes = 0
    try:
        while loader.check_event():
            event = loader.get_event()  # type: ignore[no-untyped-call]
            line = event.start_mark.line + 1 if event.start_mark else 0
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                raise YamlError([("", ALIAS_REFUSED.format(line=line, document=document))])
            depth += isinstance(event, _STARTS) - isinstance(event, _ENDS)
            if depth > NESTING_DEPTH.maximum:
                raise YamlError([("", TOO_DEEP.format(line=line, message=NESTING_DEPTH.message(depth)))])
            nodes += isinstance(event, _NODES)
            if values is not None and nodes > values.maximum:
                raise YamlError([("", TOO_MANY.format(line=line, message=values.message(nodes)))])
    finally:
        loader.dispose()


def _refuse_duplicate_keys(root: yaml.Node) -> None:
    problems: list[tuple[str, str]] = []
    pending: list[tuple[yaml.Node, str]] = [(root, "")]
    while pending:
        node, path = pending.pop()
        if isinstance(node, yaml.MappingNode):
            seen: set[object] = set()
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node.value)[:40]
                child = f"{path}.{key}" if path else str(key)
                if key in seen:
                    problems.append((child, DUPLICATE_KEY.format(line=key_node.start_mark.line + 1,
                                                                 key=repr(key)[:60])))
                seen.add(key)
                pending.append((value_node, child))
        elif isinstance(node, yaml.SequenceNode):
            pending.extend((item, f"{path}[{index}]") for index, item in enumerate(node.value))
    if problems:
        raise YamlError(sorted(problems))
