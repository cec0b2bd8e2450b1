"""Run the real dashboard script under Streamlit's AppTest."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"


@pytest.fixture
def app() -> AppTest:
    """The dashboard, not yet run."""
    return AppTest.from_file(str(APP), default_timeout=60)


def wait_for_job(app: AppTest, name: str, seconds: float = 600) -> None:
    """Wait for the page's background job `name` (a thread that needs no reruns) to end, then rerun the page
    once to show its result. Rerunning while waiting would only take CPU from the job."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = app.session_state[name] if name in app.session_state else None  # noqa: SIM401 - no .get here
        if job is not None and job.finished:
            break
        time.sleep(0.2)
    app.run()
