"""The dashboard as a person uses it: in a real browser, against a real server."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import templates

pytestmark = pytest.mark.browser
TIMEOUT_MS = 60_000
ROOT = Path(__file__).resolve().parents[2]
# The README's screenshots are refreshed with `TCM_UPDATE_SCREENSHOTS=1 make test`; other runs keep
# theirs in artifacts/ so the tests leave tracked files alone.
SCREENSHOTS = ROOT / ("docs" if os.environ.get("TCM_UPDATE_SCREENSHOTS") else "artifacts") / "screenshots"


def open_page(browser: Any, url: str) -> Any:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    return page


def verdict(page: Any) -> str:
    """The verdict sentence once the app has computed it."""
    element = page.get_by_text("cheapest in", exact=False).first
    try:
        element.wait_for()
    except Exception:
        page.screenshot(path=str(ROOT / "artifacts" / "verdict-timeout.png"))
        raise
    return str(element.inner_text())


def go_to(page: Any, title: str) -> None:
    """Open a page from the menu and wait for its own title (exact: "Audit" must not match "Audit set")."""
    page.get_by_role("link", name=title, exact=True).click()
    page.get_by_role("heading", name=title, exact=True).first.wait_for()


def settle(page: Any) -> None:
    """Wait until the app has finished the rerun the last input started: no "Running" status, no greyed-out
    stale elements."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-stale=\"true\"]')")


def choose_files(page: Any, label: str, files: str | list[str]) -> None:
    """Choose files in the uploader with this label (never by position: a page's uploaders vary with its state,
    and a page being replaced may still show the last page's)."""
    uploader = page.locator("[data-testid=stFileUploader]", has_text=label)
    uploader.locator("input[type=file]").set_input_files(files)


def start_from_template(page: Any, name: str) -> None:
    """Start a new decision from the gallery, as a user does, and wait for its verdict."""
    template = templates.get_template(name)
    go_to(page, "Templates")
    page.get_by_role("button", name=f"Start from {template.title}").click()
    page.get_by_role("heading", name=template.scenario().question).first.wait_for()
    verdict(page)


def screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(1500)  # let plotly finish drawing
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_edit_share_and_reopen_gives_the_same_verdict(browser: Any, dashboard_url: str) -> None:
    page = open_page(browser, dashboard_url)
    original = verdict(page)
    assert "Crop from (0,0) and Center crop are cheapest" in original

    go_to(page, "Estimates")
    page.get_by_label("ML smart crop: reputation risk").click()
    page.get_by_role("option", name="low", exact=True).click()
    # The verdict is recomputed within a rerun; wait for the new sentence rather than a hard-coded figure.
    page.wait_for_function("(before) => !document.body.innerText.includes(before)", arg=original)
    edited = verdict(page)
    assert edited != original
    screenshot(page, "estimates")

    go_to(page, "Report & share")
    link = page.locator("code").first.inner_text().strip()
    assert link.startswith(dashboard_url) and "?s=2." in link and len(link) < 2000
    screenshot(page, "share")

    fresh = open_page(browser, link)
    assert verdict(fresh) == edited
    fresh.context.close()
    page.context.close()


def test_tampered_link_warns_and_shows_the_default(browser: Any, dashboard_url: str) -> None:
    page = open_page(browser, f"{dashboard_url}/?s=1.AAAAtampered")
    page.get_by_text("the share link is damaged").wait_for()
    assert "Crop from (0,0) and Center crop are cheapest" in verdict(page)
    page.context.close()


def test_report_downloads_from_the_page_with_every_section(browser: Any, dashboard_url: str, tmp_path: Path) -> None:
    page = open_page(browser, dashboard_url)
    verdict(page)
    go_to(page, "Report & share")
    page.get_by_role("button", name="Build the HTML report").click()  # builds in the background, with progress
    with page.expect_download(timeout=TIMEOUT_MS * 2) as download:
        page.get_by_role("button", name="Download the HTML report").click(timeout=TIMEOUT_MS * 3)
    saved = tmp_path / "report.html"
    download.value.save_as(saved)
    html = saved.read_text(encoding="utf-8")
    for heading in ("The decision question", "Recommendation", "Assumptions", "Limitations", "Reproducibility"):
        assert heading in html
    assert "tcm report tcm-scenario.yaml --images" in html
    page.context.close()


def test_uploaded_image_is_cropped_by_every_option(browser: Any, dashboard_url: str, tmp_path: Path) -> None:
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (900, 300), "#203040")
    ImageDraw.Draw(picture).ellipse((700, 80, 820, 220), fill="#f0d0b0")
    upload = tmp_path / "wide-test-upload.png"
    picture.save(upload)

    page = open_page(browser, dashboard_url)
    verdict(page)
    go_to(page, "Image lab")
    page.get_by_text("Faces cut, by option").wait_for()
    screenshot(page, "image-lab")
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_text("wide-test-upload.png", exact=False).last.wait_for()
    page.get_by_text("(faces found by the detector, not annotated)").last.wait_for()
    assert page.get_by_text("ms;", exact=False).count() >= 7  # one caption per option, at least
    page.context.close()


def test_audit_page_runs_and_shows_survival(browser: Any, dashboard_url: str) -> None:
    page = open_page(browser, dashboard_url)
    verdict(page)
    go_to(page, "Audit")
    page.get_by_label("Pairs (each run in both orders)").fill("2")
    page.get_by_role("button", name="Run the audits").click()
    page.get_by_text("Who survives the crop").wait_for()
    screenshot(page, "audit")
    page.context.close()
