"""The errors measurements raise, and the text of each message."""

from __future__ import annotations

NOT_A_FOLDER = "{folder}: not a folder"
NO_IMAGES = "{folder}: no image files (looked for {suffixes})"
UNKNOWN_COLUMN = "column {column!r} is not in the manifest; its columns: {known}"
UNKNOWN_GROUP = "group {group!r} is not in column {column!r}; its groups: {known}"
TOO_FEW_GROUPS = "column {column!r} has faces in {count} group(s) ({groups}); a pairwise audit needs two or more"
MISSING_FILES = (
    "{count} file(s) the head-retention audit needs are missing, e.g. {example}; run `python -m sample_images.prepare`"
)
NO_OUTLINED_IMAGES = "{manifest}: no image has a person outline (person_outlines); nothing to measure"
NO_DEFAULT_DETECTOR = "no annotated faces and the default detector is unavailable ({reason})"


class MeasurementError(ValueError):
    """Bad input to a measurement (a folder, a column, a group): the message says what and where."""


