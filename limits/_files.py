"""Writing a file so that it is either whole or absent: never half written under its final name."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def replacing(path: str | Path) -> Iterator[Path]:
    """A temporary file in `path`'s folder to write; renamed to `path` when the block ends, removed if it fails.

    An interrupted run (Ctrl-C, a full disk, a killed process) so leaves the old file, or none, under the
    final name, never a truncated one (a Parquet list without its footer, half a JSON file).
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def write_file(path: str | Path, data: bytes) -> Path:
    """Write `data` to `path` through a temporary file in the same folder, renamed into place; returns the path.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = write_file(Path(folder) / "a" / "out.txt", b"whole")
    ...     written.read_bytes(), sorted(p.name for p in written.parent.iterdir())
    (b'whole', ['out.txt'])
    """
    with replacing(path) as temporary:
        temporary.write_bytes(data)
    return Path(path)
