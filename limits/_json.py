"""Untrusted JSON, checked before and while parsing: how deep it nests, and keys given twice.

Each reader (share links, evidence files) says in its own words what was wrong; the checks live here once.
"""

from __future__ import annotations

import re
from itertools import accumulate

_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')


def json_depth(text: bytes) -> int:
    """How deep JSON text nests, counted without parsing it (brackets inside strings do not count), so a
    hostile file is refused before the parser recurses into it.

    >>> json_depth(b'{"a": [1, {"b": "[[["}]}')
    3
    """
    brackets = _JSON_STRING.sub(b"", text).translate(None, delete=bytes(range(256)).translate(None, b"[]{}"))
    return max(accumulate((1 if byte in b"[{" else -1 for byte in brackets), initial=0))


def unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """`json.loads`'s object_pairs_hook: an object whose key appears twice is refused (ValueError naming it),
    where `json` would silently keep the last value."""
    result = dict(pairs)
    if len(result) != len(pairs):
        twice = next(key for index, (key, _) in enumerate(pairs) if key in dict(pairs[:index]))
        raise ValueError(f"the key {twice!r} appears twice")
    return result
