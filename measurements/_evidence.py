"""What a measurement run records beside its metrics: image and model digests, the time of the run.

Reading and writing evidence files is `evidence`'s job (one reader and writer for every package);
this module only gathers the provenance a run knows about.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from evidence import FileRecord, ModelRecord
from imageoptions import ImageOptionsError, OptionSpec, build_option, resolve_specs
from sample_images import sha256_of_file


def utc_now() -> str:
    """The current time as ISO 8601 UTC, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def file_records(paths: Sequence[str | Path]) -> tuple[FileRecord, ...]:
    """Each readable file's name and sha256, once per file (unreadable files are left out)."""
    records = {}
    for path in paths:
        try:
            records[str(path)] = FileRecord(Path(path).name, sha256_of_file(Path(path)))
        except OSError:  # reported by the measurement itself
            continue
    return tuple(records.values())


def model_records(names: Sequence[str], options: Sequence[OptionSpec] = ()) -> tuple[ModelRecord, ...]:
    """The sha256 of each named option's model: a bring-your-own spec carries it, a built-in option's model
    is loaded; options without a loadable model are left out."""
    records = []
    for spec in resolve_specs(names, options):
        try:
            digest = spec.model_sha256 or build_option(spec).chooser.model_sha256()
        except ImageOptionsError:  # the run reports the option's failure per image
            continue
        if digest is not None:
            records.append(ModelRecord(spec.name, digest))
    return tuple(records)
