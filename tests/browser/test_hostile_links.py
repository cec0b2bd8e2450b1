"""Hostile share links against a real server in a real browser: each page warns (no traceback), the
server's memory stays bounded, and a fresh session is served afterwards."""

from __future__ import annotations

import base64
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import costmodels
from costmodels._share import _DICTIONARIES
from tests.browser.conftest import serve_dashboard

pytestmark = pytest.mark.browser
TIMEOUT_MS = 60_000
RSS_BUDGET_MB = 1024  # the README's promise: the worst allowed input stays within 1 GB


def token_of(payload: object | bytes) -> str:
    """A well-formed v1 token around any JSON (or raw bytes): what an attacker can send."""
    text = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    compressor = zlib.compressobj(level=9, zdict=_DICTIONARIES["1"])
    return "1." + base64.urlsafe_b64encode(compressor.compress(text) + compressor.flush()).decode().rstrip("=")


def default_with(**changes: object) -> dict[str, Any]:
    return costmodels.scenario_to_data(costmodels.default_scenario()) | changes


EVIDENCE_N_TEXT = {"schema_version": 1, "metrics": {
    "scale_to_fit": {"latency_ms": {"p10": 1, "p50": 2, "p90": 3, "n": "x"}}}}

# (name, page path, token, text the warning must show)
HOSTILE_LINKS = [
    ("deep nesting", "", token_of(b"[" * 50_000 + b"]" * 50_000), "the share link nests too deep"),
    ("huge horizon", "", token_of({"scenario": default_with(horizon_years=1000), "settings": {}}),
     "horizon_years: 1,000 years is above the limit of 50 years"),
    ("bad aspect", "lab", token_of({"scenario": default_with(), "settings": {"aspect": "99999x99999"}}),
     "frame 99999x99999: 99,999 pixels is above the limit of 10,000 pixels"),
    ("bad evidence", "", token_of({"scenario": default_with(), "settings": {}, "evidence": EVIDENCE_N_TEXT}),
     "is not a whole number"),  # Streamlit typesets ">=" as a single sign
    ("lone surrogate", "", token_of(json.dumps({"scenario": default_with(question="x"), "settings": {}})
                                    .replace('"x"', '"\\ud800"').encode()), "lone surrogate"),
    ("too many draws", "", token_of({"scenario": default_with(horizon_years=50), "settings": {"draws": 1_000_000}}),
     "use at most 333,333 draws"),
]


def rss_mb(pid: int) -> float:
    """Resident memory of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, int]]:
    """A dashboard server of its own, so its memory is this test's alone: (url, pid)."""
    with serve_dashboard("streamlit-hostile.log") as running:
        yield running


def open_page(browser: Any, url: str) -> Any:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    return page


def test_hostile_links_warn_stay_bounded_and_leave_the_server_serving(
    browser: Any, server: tuple[str, int]
) -> None:
    url, pid = server
    peaks = {}
    for name, path, token, warning in HOSTILE_LINKS:
        page = open_page(browser, f"{url}/{path}?s={token}")
        page.locator('[data-testid="stAlert"]', has_text=warning).first.wait_for()
        page.get_by_text("cheapest in" if path == "" else "Faces cut, by option", exact=False).first.wait_for()
        body = page.inner_text("body")
        assert "Traceback" not in body, name
        assert page.locator('[data-testid="stException"]').count() == 0, name
        peaks[name] = rss_mb(pid)
        page.context.close()
    assert max(peaks.values()) < RSS_BUDGET_MB, peaks
    fresh = open_page(browser, url)
    assert "Crop from (0,0) and Center crop are cheapest" in fresh.get_by_text("cheapest in").first.inner_text()
    fresh.context.close()


def test_upload_stays_visible_after_switching_pages(browser: Any, server: tuple[str, int], tmp_path: Path) -> None:
    from PIL import Image

    upload = tmp_path / "kept-upload.png"
    Image.new("RGB", (400, 300), "#405060").save(upload)
    url, _ = server
    page = open_page(browser, f"{url}/lab")
    page.set_default_timeout(2 * TIMEOUT_MS)  # the first Image lab run measures every sample image
    page.get_by_text("Faces cut, by option").wait_for()
    page.locator("input[type=file]").set_input_files(str(upload))
    # As a user does: the upload is shown, measured, before they leave (a switch while the file is still on its
    # way loses it in the browser; one right after it has arrived is tests/dashboard/test_app.py's).
    page.get_by_text("(faces found by the detector, not annotated)").wait_for()
    page.get_by_role("link", name="Decision", exact=True).click()
    page.get_by_text("cheapest in", exact=False).first.wait_for()
    page.get_by_role("link", name="Image lab", exact=True).click()
    page.get_by_text("Faces cut, by option").wait_for()
    # The uploader starts empty on a new visit: the image shown comes from the session's uploads.
    assert page.locator('[data-testid="stFileUploaderFile"]').count() == 0
    page.get_by_text("(faces found by the detector, not annotated)").last.wait_for()
    page.get_by_text("kept-upload.png", exact=False).last.wait_for()
    page.context.close()
