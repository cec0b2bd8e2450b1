"""A real dashboard (`streamlit run`) on a free localhost port, driven by Debian's chromium via Playwright."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("TCM_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = ROOT / "docs" / "screenshots"
# Without the background-networking flags chromium keeps trying hosts this closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests need Debian's chromium: in CI its absence is a failure, elsewhere a loud skip."""
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI"):
        return  # the launch fails with a clear error: CI must run these
    skip = pytest.mark.skip(reason=f"no chromium at {CHROMIUM}: `apt-get install chromium` to run the browser tests")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def serve_dashboard(log_name: str) -> Iterator[tuple[str, int]]:
    """Run `streamlit run dashboard/app.py` on a free port until the block ends: (url, server pid), once it
    answers its health check. Its output goes to artifacts/<log_name>."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
               "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    (ROOT / "artifacts").mkdir(exist_ok=True)
    log = open(ROOT / "artifacts" / log_name, "w")  # noqa: SIM115 - the server writes to it until teardown
    server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
            if server.poll() is not None:
                raise RuntimeError(f"streamlit exited with status {server.returncode}")
        else:
            raise RuntimeError("streamlit did not answer its health check within 90 s")
        yield url, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.fixture(scope="session")
def dashboard_url() -> Iterator[str]:
    """The dashboard every browser test shares."""
    with serve_dashboard("streamlit.log") as (url, _):
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's chromium, headless, launched by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
