"""Where a report came from: app version, git commit, library versions, date and command."""

from __future__ import annotations

import platform
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import tcm

UNKNOWN = "unknown"
# The numbers in a report depend on these: numpy draws the Monte Carlo, the rest crop and draw.
LIBRARIES = ("numpy", "onnxruntime", "pillow", "plotly", "pyyaml")
REPOSITORY = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Provenance:
    """The facts a reader needs to rerun a report; `command` regenerates it exactly."""

    command: str
    created: str
    tcm_version: str = tcm.__version__
    git_commit: str = UNKNOWN
    python_version: str = platform.python_version()
    libraries: Mapping[str, str] = field(default_factory=dict)


def git_commit(repository: Path = REPOSITORY) -> str:
    """`git rev-parse HEAD`, marked when the tree has uncommitted changes; "unknown" without git."""
    try:
        head = _git(repository, "rev-parse", "HEAD")
        dirty = _git(repository, "status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError, subprocess.TimeoutExpired):
        return UNKNOWN
    # A dirty tree is not that commit: say so, or a rerun from the commit may not match.
    return f"{head} (with uncommitted changes)" if dirty else head


def _git(repository: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repository), *args], capture_output=True, text=True, check=True, timeout=10
    ).stdout.strip()


def library_versions(names: tuple[str, ...] = LIBRARIES) -> dict[str, str]:
    """The installed version of each library, "not installed" where absent."""
    versions = {}
    for name in names:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def collect_provenance(command: str, *, created: datetime | None = None) -> Provenance:
    """The provenance of a report made now (or at `created`) by `command`."""
    moment = created or datetime.now(UTC)
    return Provenance(
        command=command,
        created=moment.isoformat(timespec="seconds"),
        git_commit=git_commit(),
        libraries=library_versions(),
    )
