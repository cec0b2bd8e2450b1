"""Field checks for the sample-image manifest, and the text of every error it can raise."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal, TypeGuard

SCHEMA_VERSION = 1
Box = tuple[int, int, int, int]
Point = tuple[int, int]
Outline = tuple[Point, ...]
MIN_OUTLINE_POINTS = 3
AttributeValue = str | int | float | bool
ArchiveKind = Literal["sdist", "wheel"]
BoxSource = Literal["hand", "proposed", "confirmed"]
BOX_SOURCES: tuple[BoxSource, ...] = ("hand", "proposed", "confirmed")
"""How a face box was made: drawn by hand, proposed by a detector, or proposed and confirmed by a person."""

# Error texts: the loader prefixes each with "<file>: <path>: ".
NOT_YAML = "not valid YAML: {problem}"
NOT_A_MANIFEST_FILE = "{path}: cannot read the manifest ({problem})"
NOT_UTF8 = "{path}: not UTF-8 text (byte {position:,})"
NOT_MAPPING = "{value!r} is not a mapping"
NOT_LIST = "{value!r} is not a list"
NOT_TEXT = "{value!r} is not text"
NOT_WHOLE_NUMBER = "{value!r} is not a whole number"
NOT_POSITIVE = "{value!r} is not a positive whole number"
EMPTY_TEXT = "is empty"
UNKNOWN_KEY = "unknown key {key!r} (allowed: {allowed})"
MISSING_KEY = "missing key {key!r}"
UNSUPPORTED_SCHEMA = "{value!r} is not a supported schema version (this code reads {supported})"
BOX_SHAPE = "{value!r} is not four whole numbers [left, top, right, bottom]"
BOX_NEGATIVE = "{value} has a negative coordinate"
BOX_WIDTH = "{value} has right <= left"
BOX_HEIGHT = "{value} has bottom <= top"
BOX_OUTSIDE = "{value} lies outside the {width}x{height} image"
OUTLINE_SHAPE = "{value!r} is not a list of at least 3 points [x, y] (whole numbers)"
OUTLINE_OUTSIDE = "point {point} lies outside the {width}x{height} image"
SKIN_TONE = "{value!r} is not a Monk Skin Tone from 1 to 10 (or null when not perceivable)"
SHA256 = "{value!r} is not 64 lowercase hexadecimal digits"
FILE_NAME = "{value!r} is not a plain file name (letters, digits, '.', '_', '-'; no folders)"
ATTRIBUTE_NAME = "{value!r} is not a column name (lowercase letters, digits, '_')"
ATTRIBUTE_RESERVED = "{value!r} is a face field, not an attribute"
ATTRIBUTE_VALUE = "{value!r} is not text, a number or true/false"
ARCHIVE_KIND = "{value!r} is not 'sdist' or 'wheel'"
BOX_SOURCE = "{value!r} is not one of 'hand', 'proposed', 'confirmed'"
PROVENANCE = "needs exactly one of 'source', 'generated_by', 'origin' (found: {found})"
DUPLICATE_FILE = "{value!r} is listed twice (first at images[{first}])"
DUPLICATE_ARCHIVE = "{value} is listed twice (first at archives[{first}])"
UNKNOWN_ARCHIVE = "{value} is not in archives"
UNKNOWN_INPUT = "{value!r} is not an image listed before this one"

_SHA256 = re.compile(r"[0-9a-f]{64}")
_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_COLUMN_NAME = re.compile(r"[a-z][a-z0-9_]*")
_FACE_FIELDS = ("box", "monk_skin_tone", "attributes", "box_source")


class ManifestError(ValueError):
    """A manifest that breaks the schema; the message names the file, the path and the value."""


# Each check returns the normalised value or raises ValueError about the value alone.


def check_box(value: object) -> Box:
    """A face box as a tuple, after checking it is [left, top, right, bottom] with area."""
    if not isinstance(value, list | tuple) or len(value) != 4 or not all(is_whole_number(v) for v in value):
        raise ValueError(BOX_SHAPE.format(value=value))
    left, top, right, bottom = (int(v) for v in value)
    shown = [left, top, right, bottom]
    if min(shown) < 0:
        raise ValueError(BOX_NEGATIVE.format(value=shown))
    if right <= left:
        raise ValueError(BOX_WIDTH.format(value=shown))
    if bottom <= top:
        raise ValueError(BOX_HEIGHT.format(value=shown))
    return (left, top, right, bottom)


def check_box_inside(box: Box, width: int, height: int) -> Box:
    """The box, after checking it fits a `width` x `height` image (right and bottom exclusive)."""
    if box[2] > width or box[3] > height:
        raise ValueError(BOX_OUTSIDE.format(value=list(box), width=width, height=height))
    return box


def check_outline(value: object) -> Outline:
    """A person outline as a tuple of (x, y) points, after checking there are at least three whole-number pairs."""
    if not isinstance(value, list | tuple) or len(value) < MIN_OUTLINE_POINTS:
        raise ValueError(OUTLINE_SHAPE.format(value=value))
    points: list[Point] = []
    for point in value:
        if not isinstance(point, list | tuple) or len(point) != 2 or not all(is_whole_number(v) for v in point):
            raise ValueError(OUTLINE_SHAPE.format(value=value))
        points.append((int(point[0]), int(point[1])))
    return tuple(points)


def check_outline_inside(outline: Outline, width: int, height: int) -> Outline:
    """The outline, after checking every point lies on a `width` x `height` image (edges included)."""
    for x, y in outline:
        if not (0 <= x <= width and 0 <= y <= height):
            raise ValueError(OUTLINE_OUTSIDE.format(point=[x, y], width=width, height=height))
    return outline


def check_box_source(value: object) -> BoxSource:
    """'hand', 'proposed' or 'confirmed'."""
    for source in BOX_SOURCES:
        if value == source:
            return source
    raise ValueError(BOX_SOURCE.format(value=value))


def check_skin_tone(value: object) -> int | None:
    """A perceived Monk Skin Tone, 1 to 10, or None when it could not be perceived."""
    if value is None:
        return None
    if not is_whole_number(value) or not 1 <= int(value) <= 10:
        raise ValueError(SKIN_TONE.format(value=value))
    return int(value)


def check_sha256(value: object) -> str:
    """A sha256 hex digest, after checking its form."""
    if not isinstance(value, str) or not _SHA256.fullmatch(value):
        raise ValueError(SHA256.format(value=value))
    return value


def check_file_name(value: object) -> str:
    """A plain file name: no folders, so a manifest can never write outside its folder."""
    if not isinstance(value, str) or not _FILE_NAME.fullmatch(value):
        raise ValueError(FILE_NAME.format(value=value))
    return value


def check_attributes(value: object) -> Mapping[str, AttributeValue]:
    """Free-form per-face columns: lowercase names, scalar values, none named like a face field."""
    if not isinstance(value, Mapping):
        raise ValueError(NOT_MAPPING.format(value=value))
    for name, item in value.items():
        if not isinstance(name, str) or not _COLUMN_NAME.fullmatch(name):
            raise ValueError(ATTRIBUTE_NAME.format(value=name))
        if name in _FACE_FIELDS:
            raise ValueError(ATTRIBUTE_RESERVED.format(value=name))
        if not isinstance(item, str | int | float | bool):
            raise ValueError(ATTRIBUTE_VALUE.format(value=item))
    return MappingProxyType(dict(value))


def check_positive(value: object) -> int:
    """A positive whole number."""
    if not is_whole_number(value) or int(value) <= 0:
        raise ValueError(NOT_POSITIVE.format(value=value))
    return int(value)


def check_text(value: object) -> str:
    """Non-empty text."""
    if not isinstance(value, str):
        raise ValueError(NOT_TEXT.format(value=value))
    if not value.strip():
        raise ValueError(EMPTY_TEXT)
    return value


def check_archive_kind(value: object) -> ArchiveKind:
    """'sdist' or 'wheel'."""
    if value == "sdist":
        return "sdist"
    if value == "wheel":
        return "wheel"
    raise ValueError(ARCHIVE_KIND.format(value=value))


def is_whole_number(value: object) -> TypeGuard[int]:
    # YAML's true/false load as bool, a subclass of int; a box of booleans is a typo, not a box.
    return isinstance(value, int) and not isinstance(value, bool)
