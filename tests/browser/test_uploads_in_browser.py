"""The Audit page's uploads in a real browser: a bring-your-own ONNX option and evidence from elsewhere, used."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_dashboard_in_browser import ROOT, choose_files, go_to, open_page, verdict
from tests.dashboard.test_uploads import LEFT_HALF, evidence_bytes
from tests.imageoptions.test_byo_onnx import boxes_descriptor

pytestmark = pytest.mark.browser


def test_uploaded_option_and_evidence_are_used(browser: Any, dashboard_url: str, tmp_path: Path) -> None:
    descriptor = boxes_descriptor(tmp_path / "team", LEFT_HALF)
    model = tmp_path / "team" / "boxes.onnx"
    offline = tmp_path / "offline-audit.json"
    offline.write_bytes(evidence_bytes())

    page = open_page(browser, dashboard_url)
    verdict(page)
    go_to(page, "Audit")
    try:
        choose_files(page, "Model descriptor (YAML)", str(descriptor))
        choose_files(page, "ONNX model", str(model))
        page.get_by_role("button", name="Add the option").click()
        page.get_by_text("Added team_boxes from boxes.yaml", exact=False).wait_for()

        page.get_by_label("Pairs (each run in both orders)").fill("2")
        page.get_by_role("button", name="Run the audits").click()
        page.get_by_text("Who survives the crop").wait_for()
        # The faces-kept table (a canvas grid; its cells are in the DOM for screen readers) has the option's row.
        page.locator("[role=gridcell]", has_text="Team box model").first.wait_for(state="attached")

        choose_files(page, "Evidence files", str(offline))
        page.get_by_text("Use the uploaded evidence in the cost model").click()
        page.get_by_text("The Decision page now uses the measured lines").wait_for()
    except Exception:
        page.screenshot(path=str(ROOT / "artifacts" / "uploads-timeout.png"), full_page=True)
        raise

    page.get_by_role("link", name="Decision").click()  # its heading is the decision's question
    page.get_by_text("lines are measured, not estimated", exact=False).first.wait_for()
    go_to(page, "Image lab")
    page.get_by_text("Team box model:", exact=False).first.wait_for()  # a crop caption of the uploaded option
    page.context.close()
