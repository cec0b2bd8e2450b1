"""Provenance: the commit, versions and date a report records."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import reports
import tcm
from reports._provenance import library_versions


def test_git_commit_outside_a_repository_is_unknown(tmp_path: Path) -> None:
    assert reports.git_commit(tmp_path) == "unknown"


def test_git_commit_of_this_checkout_is_a_sha() -> None:
    assert re.fullmatch(r"[0-9a-f]{40}( \(with uncommitted changes\))?|unknown", reports.git_commit())


def test_collect_provenance_records_command_date_and_versions() -> None:
    provenance = reports.collect_provenance("tcm report --default", created=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    assert provenance.command == "tcm report --default"
    assert provenance.created == "2026-01-02T03:04:05+00:00"
    assert provenance.tcm_version == tcm.__version__
    assert set(provenance.libraries) == {"numpy", "onnxruntime", "pillow", "plotly", "pyyaml"}


def test_library_versions_marks_missing_packages() -> None:
    assert library_versions(("no-such-package-tcm",)) == {"no-such-package-tcm": "not installed"}
