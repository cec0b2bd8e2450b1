"""The public API of `reports` is exactly `__all__`, and the package never imports Streamlit."""

from __future__ import annotations

import ast
from pathlib import Path

import reports

PACKAGE = Path(reports.__file__).parent


def test_reports_public_api_is_exactly_all() -> None:
    public = {name for name in dir(reports) if not name.startswith("_")}
    assert public - {"annotations"} == set(reports.__all__)


def test_reports_never_imports_streamlit_or_the_dashboard() -> None:
    imported = set()
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
    assert imported & {"streamlit", "dashboard"} == set()
