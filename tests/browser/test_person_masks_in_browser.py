"""Person masks (virtual background) in a real browser: the Image lab's masks and the Audit page's head retention."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_dashboard_in_browser import go_to, open_page, screenshot, start_from_template, verdict

pytestmark = pytest.mark.browser


def test_image_lab_draws_each_mask_option_and_switches_photo(browser: Any, dashboard_url: str) -> None:
    page = open_page(browser, dashboard_url)
    verdict(page)
    start_from_template(page, "virtual_background")
    go_to(page, "Image lab")
    page.get_by_role("heading", name="Person masks").wait_for()
    page.get_by_text("Person segmentation (MediaPipe selfie): IoU", exact=False).first.wait_for(timeout=180_000)
    assert page.get_by_text("IoU", exact=False).count() >= 4
    page.get_by_label("Look at one outlined photo").click()
    page.keyboard.type("obama")  # the select searches as one types; a click alone does not always open its list
    page.get_by_role("option", name="obama.jpg").click()
    page.get_by_text("No replacement (blur off, framing guide): IoU 0.57", exact=False).wait_for(timeout=180_000)
    screenshot(page, "image-lab-masks")
    page.context.close()


def test_audit_page_runs_head_retention_and_says_not_enough_faces(browser: Any, dashboard_url: str) -> None:
    page = open_page(browser, dashboard_url)
    verdict(page)
    start_from_template(page, "virtual_background")
    go_to(page, "Audit")
    page.get_by_role("button", name="Run the head-retention audit").click()
    page.get_by_text("Head retention is the smaller kept share", exact=False).wait_for(timeout=300_000)
    screenshot(page, "audit-head-retention")
    page.context.close()
