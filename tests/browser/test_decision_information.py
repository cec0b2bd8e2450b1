"""At a projector's 1280x720, the Decision page shows what to find out before deciding and the switch points."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import costmodels

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
PARITY = ROOT / "docs" / "examples" / "evidence-parity-2-of-4.json"


def in_view(page: Any, locator: Any) -> bool:
    """Whether the element's box lies inside the 1280x720 window (after scrolling it into view)."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    return box is not None and box["width"] > 0 and box["y"] >= 0 and box["y"] + min(box["height"], 200) <= 720


def test_value_of_information_and_switch_points_are_visible_at_1280(browser: Any, dashboard_url: str) -> None:
    evidence = costmodels.load_evidence([PARITY])
    token = costmodels.encode_share_token(
        costmodels.SharedState(costmodels.default_scenario(), {"draws": 20_000}, evidence))
    page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{dashboard_url}/?s={token}")
    page.get_by_text("cheapest in", exact=False).first.wait_for()
    sentence = page.get_by_text("Before deciding, it is worth up to $", exact=False).first
    sentence.wait_for()
    assert in_view(page, sentence)
    assert "survival gap (measured)" in sentence.text_content()
    heading = page.get_by_text("What to find out before deciding", exact=True)
    table = page.locator("[data-testid=stDataFrame]").nth(1)  # the summary table comes first
    assert in_view(page, heading) and in_view(page, table)
    assert table.bounding_box()["width"] >= 600
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "decision-information.png"))
    robust = page.get_by_text("On expected cost, Crop from (0,0) stays the choice while", exact=False).first
    assert in_view(page, robust)
    switches = page.locator("[data-testid=stDataFrame]").nth(2)
    assert in_view(page, switches)
    page.screenshot(path=str(SCREENSHOTS / "decision-switch-points.png"))
    page.context.close()
