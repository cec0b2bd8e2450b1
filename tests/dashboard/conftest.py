"""Run the real dashboard script under Streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"


@pytest.fixture
def app() -> AppTest:
    """The dashboard, not yet run."""
    return AppTest.from_file(str(APP), default_timeout=60)
