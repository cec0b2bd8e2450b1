"""The Templates (gallery) and Audit set pages as a user meets them in Debian's chromium at projector size:
text typed twice takes, a page switch loses nothing, a share link reopens the template, nothing overflows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import costmodels
from auditsets.example import labels_csv, make_example_set
from dashboard import forms
from tests.browser.test_dashboard_in_browser import choose_files, start_from_template
from tests.browser.test_meeting_editing import (
    PROJECTOR,
    ROOT,
    go_to,
    open_page,
    settle,
    type_into,
    verdict,
    wait_for_text,
    wait_for_value,
)

pytestmark = pytest.mark.browser
SHOTS = ROOT / "artifacts" / "screenshots"
IMAGES = 6  # enough for a table of faces; each is read and checked, so fewer keeps the test quick
GAIN = "100k / 250k / 600k"
ML = "ML person segmentation"


def page_width(page: Any) -> int:
    """How wide the document, and the main column that scrolls inside it, are drawn: more than the window
    means a horizontal scroll bar."""
    return int(page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth, ...[...document"
        ".querySelectorAll('[data-testid=stMain], [data-testid=stAppViewContainer]')].map(box => box.scrollWidth))"))


def look_at(page: Any, name: str) -> None:
    """A screenshot of what the window shows into artifacts/screenshots, and nothing wider than the window."""
    settle(page)
    page.wait_for_timeout(800)  # let the last elements lay out
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-1280x720.png"))
    assert page_width(page) <= PROJECTOR["width"], name


def test_audit_set_typed_labelling_and_uploaded_set_survive_a_page_switch(
    browser: Any, dashboard_url: str, tmp_path: Path
) -> None:
    images = tmp_path / "images"
    faces = make_example_set(images, IMAGES)
    labels = tmp_path / "labels.csv"
    labels.write_bytes(labels_csv(faces, without_rows=0))
    page = open_page(browser, dashboard_url)
    verdict(page)
    go_to(page, "Audit set")
    for who, rules in (("One annotator", "Monk scale"), ("Two annotators, each face seen by both",
                                                         "Perceived skin tone from the photo alone")):
        type_into(page, "Who labelled the faces", who)  # twice in a row: the second edit must stick
        type_into(page, "Labelling rules", rules)
        settle(page)
        wait_for_value(page, "Who labelled the faces", who)
        wait_for_value(page, "Labelling rules", rules)
    choose_files(page, "Images (several files or one zip)", [str(path) for path in sorted(images.iterdir())])
    settle(page)
    choose_files(page, "Labels CSV", str(labels))
    settle(page)
    page.get_by_role("button", name="Read the set").click()
    counts = f"{IMAGES} images, {IMAGES} hand, 0 proposed, 0 confirmed"
    wait_for_text(page, counts)
    page.get_by_role("heading", name="Checks").scroll_into_view_if_needed()  # the table of faces above it
    look_at(page, "audit-set")

    go_to(page, "Decision")
    go_to(page, "Audit set")
    wait_for_value(page, "Who labelled the faces", "Two annotators, each face seen by both")
    wait_for_value(page, "Labelling rules", "Perceived skin tone from the photo alone")
    wait_for_text(page, counts)  # the set read before the switch is still the one on the page
    wait_for_text(page, "Labelled by: Two annotators, each face seen by both. "
                        "Rules: Perceived skin tone from the photo alone.")
    page.get_by_role("heading", name="Faces").wait_for()
    assert page_width(page) <= PROJECTOR["width"]
    page.context.close()


def test_gallery_template_edit_and_share_link_reopen_in_a_fresh_browser(browser: Any, dashboard_url: str) -> None:
    page = open_page(browser, dashboard_url)
    verdict(page)
    go_to(page, "Templates")
    for title in ("Image cropping", "Virtual background", "Blank decision"):
        page.get_by_text(f"Start from {title}", exact=False).first.wait_for()
    look_at(page, "gallery")
    start_from_template(page, "virtual_background")
    settle(page)
    go_to(page, "Estimates")
    type_into(page, f"{ML}: yearly gain", GAIN)
    settle(page)
    wait_for_value(page, f"{ML}: yearly gain", GAIN)

    go_to(page, "Report & share")
    link = page.locator("code").first.inner_text().strip()
    shared = costmodels.decode_share_token(link.split("?s=", 1)[1])
    assert shared.scenario.template == "virtual_background"
    assert forms.quick_benefit(shared.scenario.option(ML)) == GAIN

    fresh = open_page(browser, link)  # a new context: no cookies, no session of the first
    expected = costmodels.verdict(costmodels.evaluate(shared.scenario, draws=int(shared.settings["draws"]),
                                                      seed=int(shared.settings["seed"])))
    assert verdict(fresh) == expected
    for title in ("Image lab", "Audit", "Report & share"):  # the template's pages, and only its own words
        assert fresh.get_by_role("link", name=title, exact=True).count() == 1, title
    wait_for_text(fresh, "participant-hours a day")
    go_to(fresh, "Estimates")
    wait_for_value(fresh, f"{ML}: yearly gain", GAIN)
    go_to(fresh, "Templates")
    on_screen = fresh.locator("p", has_text="(the template on screen)")
    on_screen.wait_for()
    assert on_screen.inner_text().startswith("Virtual background (the template on screen)")
    fresh.context.close()
    page.context.close()
