"""House rules that keep the layers apart."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import costmodels

ROOT = Path(__file__).resolve().parents[1]
LIBRARIES = ("auditsets", "charts", "costmodels", "limits", "evidence", "imageoptions", "measurements", "models",
             "reports", "sample_images", "tcm", "templates")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("library", LIBRARIES)
def test_libraries_never_import_streamlit_or_the_dashboard(library: str) -> None:
    offenders = [
        str(path.relative_to(ROOT)) for path in sorted((ROOT / library).rglob("*.py"))
        if imported_modules(path) & {"streamlit", "dashboard"}
    ]
    assert offenders == []


def test_costmodels_does_not_depend_on_images_or_plotting() -> None:
    offenders = {
        str(path.relative_to(ROOT)): imported_modules(path) & {"PIL", "onnxruntime", "plotly", "pandas", "imageoptions"}
        for path in (ROOT / "costmodels").rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_templates_import_only_the_cost_engine_among_the_project_packages() -> None:
    # A template is data plus small plug-ins: it may name image options and models, never load them.
    project = set(LIBRARIES) | {"dashboard"}
    offenders = {
        str(path.relative_to(ROOT)): imported_modules(path) & (project - {"costmodels", "templates"})
        for path in (ROOT / "templates").rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_costmodels_does_not_import_templates() -> None:
    offenders = [str(path.relative_to(ROOT)) for path in (ROOT / "costmodels").rglob("*.py")
                 if "templates" in imported_modules(path)]
    assert offenders == []


def test_costmodels_public_api_is_exactly_all() -> None:
    # Every public name is in __all__, and nothing else leaks (httpx's api test, in spirit).
    public = {name for name in dir(costmodels) if not name.startswith("_")}
    assert public == set(costmodels.__all__)
