"""Checks shared by the `tcm` commands: numbers within the limits table, and output paths checked before the work."""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import limits

NOT_WHOLE = "{value} is not a whole number"
IS_A_FOLDER = "{path}: is a folder; expected a file name"
NOT_A_FOLDER = "{path}: is a file; expected a folder"
UNDER_A_FILE = "{path}: {parent} is a file, not a folder"
CANNOT_WRITE = "{path}: cannot write in {folder} ({problem})"
IS_AN_INPUT = "{path}: is also an input of this command ({role}); write the output to another file"


def whole_number(text: str, limit: limits.Limit) -> int:
    """`text` as a whole number within `limit`; argparse shows the message, naming the option."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(NOT_WHOLE.format(value=limits.brief(text))) from None
    if not limit.allows(value):
        raise argparse.ArgumentTypeError(limit.message(value))
    return value


def seed(text: str) -> int:
    """argparse type for --seed: a whole number from 0 to 2^32 - 1 (the limits table's `seed`)."""
    return whole_number(text, limits.SEED)


def draws(text: str) -> int:
    """argparse type for --draws: the limits table's `draws`."""
    return whole_number(text, limits.DRAWS)


def output_problem(path: Path, *, folder: bool = False, inputs: Iterable[tuple[str, Path]] = ()) -> str | None:
    """Why `path` cannot be written (a folder where a file is wanted, under a file, an unwritable folder, or one
    of the command's own `inputs`, given as (role, path)), or None; checked before the work starts."""
    for role, source in inputs:
        if _same_file(path, source):
            return IS_AN_INPUT.format(path=path, role=role)
    if path.is_dir() and not folder:
        return IS_A_FOLDER.format(path=path)
    if path.exists() and not path.is_dir() and folder:
        return NOT_A_FOLDER.format(path=path)
    # The nearest folder that exists is where the first file or folder would be made.
    parent = (path if folder and path.is_dir() else path.parent).absolute()
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        return UNDER_A_FILE.format(path=path, parent=parent)
    try:  # a real test: access() says yes to root on a read-only mount or /proc
        with tempfile.NamedTemporaryFile(dir=parent, prefix=".tcm-check-"):
            pass
    except OSError as error:
        return CANNOT_WRITE.format(path=path, folder=parent, problem=error.strerror or error)
    return None


def _same_file(path: Path, source: Path) -> bool:
    try:
        if path.exists() and source.exists():
            return os.path.samefile(path, source)
    except OSError:
        return False
    return path.resolve() == source.resolve()
