"""Version-1 scenario data (the cropping-only schema) moved to version 2's neutral words.

Version 1 spoke of images: `volume.images_per_day`, line kind `per_image`, a `per_image`
level scale and `image_option`. Version 2 says `units_per_day`, `per_unit` and
`implementation`, and names its `template`; every version-1 file was a cropping decision.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from costmodels._errors import Problem, ScenarioError

VERSION_1_TEMPLATE = "image_cropping"
_KEY_RENAMES = {"images_per_day": "units_per_day", "image_option": "implementation", "per_image": "per_unit"}
_PATH_BACK = re.compile(r"\b(units_per_day|implementation|per_unit)\b")
_BACK = {new: old for old, new in _KEY_RENAMES.items()}


def migrate_version_1(data: Mapping[str, Any]) -> dict[str, Any]:
    """Version-1 scenario data in version 2's words; shapes it does not expect are left for the
    validator to report.

    >>> migrate_version_1({"schema_version": 1, "volume": {"images_per_day": 5}})
    {'schema_version': 2, 'volume': {'units_per_day': 5}, 'template': 'image_cropping'}
    """
    migrated: dict[str, Any] = {key: value for key, value in data.items()}
    migrated["schema_version"] = 2
    migrated.setdefault("template", VERSION_1_TEMPLATE)
    if isinstance(data.get("volume"), Mapping):
        migrated["volume"] = _renamed(data["volume"], "images_per_day")
    if isinstance(data.get("levels"), Mapping):
        migrated["levels"] = _renamed(data["levels"], "per_image")
    if isinstance(data.get("options"), list):
        migrated["options"] = [_option(option) for option in data["options"]]
    return migrated


def version_1_problems(error: ScenarioError) -> ScenarioError:
    """The problems of a migrated file, located and worded as its version-1 author wrote it."""
    return ScenarioError([Problem(_PATH_BACK.sub(lambda m: _BACK[m.group(1)], problem.path),
                                  _PATH_BACK.sub(lambda m: _BACK[m.group(1)], problem.message))
                          for problem in error.problems], source=error.source)


def _renamed(mapping: Mapping[str, Any], old: str) -> dict[str, Any]:
    """The mapping with its version-1 key `old` renamed in place (the order of keys kept)."""
    return {(_KEY_RENAMES[old] if key == old else key): value for key, value in mapping.items()}


def _option(option: object) -> object:
    if not isinstance(option, Mapping):
        return option
    migrated = _renamed(option, "image_option")
    for part in ("costs", "benefits"):
        if isinstance(migrated.get(part), list):
            migrated[part] = [_line(line) for line in migrated[part]]
    return migrated


def _line(line: object) -> object:
    if not isinstance(line, Mapping) or line.get("kind") != "per_image":
        return line
    return {**line, "kind": "per_unit"}
