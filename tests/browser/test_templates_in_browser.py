"""Each template from the gallery in Debian's chromium: its pages, its report; and a version-1 link."""

from __future__ import annotations

import json
from html import unescape
from pathlib import Path
from typing import Any

import pytest

import templates
from tests.browser.test_dashboard_in_browser import go_to, start_from_template, verdict

pytestmark = pytest.mark.browser
TIMEOUT_MS = 60_000
ROOT = Path(__file__).resolve().parents[2]
TITLES = {"decision": "Decision", "estimates": "Estimates", "variants": "Variants", "image_lab": "Image lab",
          "audit": "Audit", "share": "Report & share"}
# Report & share last: the report is built there. The Image lab's results are its own browser tests' to check.
VISITED = ("estimates", "variants", "image_lab", "audit", "share")
SECTIONS = {"image_lab": "Person masks", "audit": "Head retention of person masks"}
CROP_SECTIONS = {"image_lab": "The sample images", "audit": "Robustness (on the sample images)"}


def open_page(browser: Any, url: str) -> Any:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    return page


@pytest.mark.parametrize("name", templates.template_names())
def test_gallery_opens_each_template_its_pages_and_its_report(
    browser: Any, dashboard_url: str, tmp_path: Path, name: str
) -> None:
    template = templates.get_template(name)
    page = open_page(browser, dashboard_url)
    verdict(page)
    start_from_template(page, name)
    page.get_by_text(f"{template.units_a_day} (low / likely / high)", exact=False).first.wait_for()
    for key, title in TITLES.items():
        assert page.get_by_role("link", name=title, exact=True).count() == (1 if template.shows(key) else 0), title
    for key in VISITED:
        if template.shows(key):
            go_to(page, TITLES[key])
        if template.measures_masks and key in SECTIONS:  # the mask sections, not the crop ones
            page.get_by_role("heading", name=SECTIONS[key]).first.wait_for()
            assert page.get_by_role("heading", name=CROP_SECTIONS[key]).count() == 0
    if template.measures_crops:  # the crop grid checkbox
        box = page.get_by_label("Include the crop grid", exact=False)
        page.get_by_text("Include the crop grid", exact=False).click()  # the grid has its own browser test
        page.wait_for_function("(box) => !box.checked", arg=box.element_handle())
    page.get_by_role("button", name="Build the HTML report").click()
    with page.expect_download(timeout=TIMEOUT_MS * 2) as download:
        page.get_by_role("button", name="Download the HTML report").click(timeout=TIMEOUT_MS * 3)
    saved = tmp_path / "report.html"
    download.value.save_as(saved)
    html = unescape(saved.read_text(encoding="utf-8"))
    assert template.scenario().question in html
    assert template.units_a_day in html
    assert template.limitations[0][:60] in html
    for other in templates.TEMPLATES.values():
        if other is not template:
            assert other.limitations[0][:60] not in html
    page.context.close()


def test_version_1_share_link_opens_unchanged(browser: Any, dashboard_url: str) -> None:
    links = json.loads((ROOT / "tests" / "fixtures" / "version1" / "share_links.json").read_text())
    page = open_page(browser, f"{dashboard_url}/?s={links['default']['token']}")
    verdict = page.get_by_text("cheapest in", exact=False).first
    verdict.wait_for()
    assert "Crop from (0,0) and Center crop are cheapest" in verdict.inner_text()
    assert page.get_by_text("the share link", exact=False).count() == 0
    assert page.get_by_role("link", name="Image lab", exact=True).count() == 1
    page.context.close()
