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
    """Browser tests run on one pytest-xdist worker (they share one dashboard server) while the other worker runs
    the rest. They need Debian's chromium: in CI its absence is a failure, elsewhere a loud skip."""
    browser_tests = [item for item in items if "browser" in item.keywords]
    for item in browser_tests:
        item.add_marker(pytest.mark.xdist_group("browser"))
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM) or os.environ.get("CI"):
        return  # in CI a missing chromium fails the launch with a clear error: CI must run these
    skip = pytest.mark.skip(reason=f"no chromium at {CHROMIUM}: `apt-get install chromium` to run the browser tests")
    for item in browser_tests:
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


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report = yield
    if report.when == "call":
        item.stash[_FAILED] = report.failed
    return report


_FAILED = pytest.StashKey[bool]()


@pytest.fixture(autouse=True)
def screenshot_on_failure(request: pytest.FixtureRequest) -> Iterator[None]:
    """A failed browser test leaves what its pages showed in artifacts/failures/ (CI keeps artifacts/), then its
    pages are closed so the next test starts clean."""
    yield
    if "browser" not in request.fixturenames:
        return
    launched = request.getfixturevalue("browser")
    for number, context in enumerate(launched.contexts):  # type: ignore[attr-defined]
        if request.node.stash.get(_FAILED, False):
            for index, page in enumerate(context.pages):
                folder = ROOT / "artifacts" / "failures"
                folder.mkdir(parents=True, exist_ok=True)
                with contextlib.suppress(Exception):  # a crashed page has nothing to show
                    page.screenshot(path=str(folder / f"{request.node.name}-{number}-{index}.png"), full_page=True)
        context.close()
